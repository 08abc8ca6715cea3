/**
 * interleave's engine, whole: the public API (`interleave`, `sim/index.ts`) and the
 * internals the command line, the reporters, the benchmarks and the engine's own tests
 * use — `runExecution` and the `Kernel` it returns, `OpKind`, the strategy classes and
 * registry, `Rng`, `assertNever`, `formatValue`, the scenario resolvers. Published as the
 * `interleave/internal` subpath: no compatibility promise between versions.
 */
export { defineScenario, isScenario, resolveParams, resolveVariant, defaultBound, DEFAULT_COUNT_MAX } from './scenario';
export type { Expectation, ParamBound, ParamBounds, ParamValue, Params, Scenario, ScenarioSpec, Variant, VariantSpec } from './scenario';
export { closest, didYouMean, editDistance } from './suggest';
export { explore, replay, runExecution, DEFAULT_MAX_STEPS } from './explore';
export type { ExploreOptions, ExploreResult, ExploreMetrics, ReplayResult } from './explore';
export { shrink, SHRINK_MAX_ATTEMPTS, SHRINK_MAX_STEPS } from './shrink';
export type { ShrinkOptions, ShrinkProgress, ShrinkResult, ScheduleSize } from './shrink';
export { Effect, OpKind } from './effect';
export type { ObjectKind, ObjectRef, Routine } from './effect';
export type { GoroutineId, ObjectId, TimerId } from './ids';
export type { Sim, GoOptions, TimerOptions } from './sim';
export { Nanosecond, Microsecond, Millisecond, Second } from './sim';
export type { Check, GoroutineHandle } from './runtime';
export { Mutex, RWMutex, Cond, WaitGroup, Once } from './primitives/sync';
export { Chan } from './primitives/chan';
export type { SelectResult } from './primitives/chan';
export { Shared, Atomic } from './primitives/memory';
export { Timer, Ticker } from './primitives/timer';
export type { TraceStep, Violation, ViolationKind } from './types';
export { VIOLATION_KINDS } from './types';
export { decodeSchedule, encodeSchedule, SCHEDULE_VERSION } from './schedule';
export type { Schedule, ScheduleOptions } from './schedule';
export { ScenarioError, ScheduleError, UsageError, isInputError } from './errors';
export type { Strategy, ChoicePoint, GoroutineView, TimerView, ExecutionOutcome, StepInfo, Access } from './strategy/strategy';
export { PRUNE } from './strategy/strategy';
export { assertNever } from './assert-never';
export { makeStrategy, registerStrategy, strategyNames } from './strategy/registry';
export type { StrategyOptions, StrategyFactory } from './strategy/registry';
export { RandomStrategy } from './strategy/random';
export { PctStrategy } from './strategy/pct';
export { PosStrategy } from './strategy/pos';
export { SurwStrategy } from './strategy/surw';
export { PortfolioStrategy } from './strategy/portfolio';
export { DfsStrategy } from './strategy/dfs';
export type { DfsOptions } from './strategy/dfs';
export { conflicts } from './strategy/dependency';
export { ReplayStrategy } from './strategy/replay';
export { Rng } from './strategy/rng';
export { formatTime, formatValue } from './format';

/** The engine version recorded in failure files. */
export const ENGINE_VERSION = '0.1.0';
