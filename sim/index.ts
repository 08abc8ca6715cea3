/**
 * interleave — a deterministic discrete-event simulator for concurrent code.
 *
 * Write a scenario with `defineScenario`, spawn goroutines as generator functions, use
 * Go-like primitives through `yield*`, then `explore` its interleavings (and timer
 * expiries) under a seeded strategy and `replay` any violation exactly; in a test,
 * `assertScenario` does both and fails with interleave's report.
 *
 * This is the public API: what a scenario author and a test need. The engine's internals
 * (the kernel, strategy classes, formatting helpers) are in `interleave/internal`, with no
 * compatibility promise.
 *
 * @example
 *   import { defineScenario, explore, replay } from 'interleave';
 *   const s = defineScenario({
 *     name: 'lost-update', description: 'two increments race',
 *     variants: { bad: { description: 'no lock', expect: 'fail' } },
 *     setup(sim) {
 *       const n = sim.shared('n', 0);
 *       for (const name of ['a', 'b']) sim.go(name, function* () { const v = yield* n.load(); yield* n.store(v + 1); });
 *       sim.atEnd('both increments land', () => n.value === 2 || `n is ${n.value}`);
 *     },
 *   });
 *   const r = explore(s, { strategy: 'random', seed: 1, runs: 100 });
 *   const again = replay(s, r.violation!.schedule);   // the identical violation and trace
 */

// Writing a scenario
export { defineScenario } from './internal';
export type { Expectation, ParamBounds, ParamValue, Params, Scenario, ScenarioSpec, Variant, VariantSpec } from './internal';
export type { Sim, GoOptions, TimerOptions, Check, GoroutineHandle, Routine } from './internal';
export { Effect } from './internal';
export { Mutex, RWMutex, Cond, WaitGroup, Once, Chan, Shared, Atomic, Timer, Ticker } from './internal';
export type { SelectResult } from './internal';
export { Nanosecond, Microsecond, Millisecond, Second, formatTime } from './internal';

// Running it
export { explore, replay, shrink, strategyNames, DEFAULT_MAX_STEPS, ENGINE_VERSION } from './internal';
export type { ExploreOptions, ExploreResult, ExploreMetrics, ReplayResult, ShrinkOptions, ShrinkResult, Strategy } from './internal';

// What it finds
export { VIOLATION_KINDS } from './internal';
export type { TraceStep, Violation, ViolationKind } from './internal';
export { decodeSchedule, encodeSchedule } from './internal';
export type { Schedule } from './internal';
export { ScenarioError, ScheduleError, UsageError } from './internal';

// In a test
export { assertScenario, ScenarioAssertionError } from '../reports/assert-scenario';
export type { AssertScenarioOptions } from '../reports/assert-scenario';
