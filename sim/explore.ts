/**
 * The programmatic API: `explore` runs many executions of a scenario under a strategy and
 * reports the first violation with its schedule and trace; `replay` re-runs a schedule.
 */
import { UsageError } from './errors';
import { DIVERGED, NONDETERMINISM_HINT } from './kernel/execution';
import type { Kernel } from './kernel/kernel';
import { firstDifference, RunnableSetRecorder } from './strategy/self-check';
import { completeViolation, finishViolation, runConfig, runExecution, Runner, scheduleConfig, scheduleOf, type RunConfig } from './run';
import { shrink } from './shrink';
import { DEFAULT_MAX_STEPS_VALUE } from './limits';
import type { Scenario } from './scenario';
import { decodeSchedule, ScheduleError, type Params, type Schedule } from './schedule';
import { makeStrategy, type StrategyOptions } from './strategy/registry';
import { ReplayStrategy } from './strategy/replay';
import type { SearchBound } from './strategy/bound';
import type { Strategy } from './strategy/strategy';
import type { TraceStep, Violation } from './types';

export { runExecution } from './run';
export type { RunConfig } from './run';

/** The default step limit of an execution. */
export const DEFAULT_MAX_STEPS = DEFAULT_MAX_STEPS_VALUE;

/** What `explore` explores: the variant, parameters, strategy, seed, budget and limits. */
export interface ExploreOptions {
  /** Variant name (default: the scenario's first). */
  readonly variant?: string;
  /** Parameter overrides (typed values, or strings converted to the default's type). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Strategy name (default `random`) or a strategy object. */
  readonly strategy?: string | Strategy;
  /** Seed (default 0): the same seed explores the same executions. */
  readonly seed?: number | string;
  /** Executions to run at most (default 1000). */
  readonly runs?: number;
  /** Step limit per execution (default: the scenario's, else 100,000). */
  readonly maxSteps?: number;
  /** Timers fire only at idle points (default: the scenario's setting, else false). */
  readonly idleTimers?: boolean;
  /** Fairness quantum in virtual ns (default: the scenario's, else no limit; 0 or Infinity: no limit). */
  readonly quantum?: number;
  /**
   * Statement granularity (default false): every write of a `sim.struct` field is a
   * scheduling point of its own, so other goroutines and the invariants see each prefix of
   * a step's writes (see `sim.struct`). Recorded in the schedule; replay uses it.
   */
  readonly preemptAtAccesses?: boolean;
  /** PCT depth. */
  readonly depth?: number;
  /** `dfs`: dynamic partial-order reduction (default true). */
  readonly dpor?: boolean;
  /** `dfs`: at most this many preemptions per execution. */
  readonly preemptionBound?: number;
  /** `dfs`: at most this many delays (non-default choices) per execution. */
  readonly delayBound?: number;
  /**
   * Nondeterminism self-check (default false; on in tests): re-run every execution's
   * schedule and compare what could run at each step; a difference is a `nondeterminism`
   * violation naming the step. Doubles the cost.
   */
  readonly checkDeterminism?: boolean;
  /** Shrink the reported violation's schedule (default true; see `shrink`). */
  readonly shrink?: boolean;
  /** Called between executions; returning true stops the exploration (time limits). */
  readonly shouldStop?: () => boolean;
  /** Called every `progressEvery` executions (default 1000). */
  readonly onProgress?: (p: { readonly executions: number; readonly steps: number }) => void;
  readonly progressEvery?: number;
}

/** What `explore` found: the executions it ran, the first violation (or none), and whether the search was exhaustive. */
export interface ExploreResult {
  readonly scenario: string;
  readonly variant: string;
  readonly params: Params;
  readonly strategy: string;
  readonly seed: number | string;
  /** Executions run (including the failing one). */
  readonly executions: number;
  /** Steps run over all executions. */
  readonly steps: number;
  /** The first violation, with its schedule and full trace; undefined if none. */
  readonly violation: Violation | undefined;
  /** True when an exhaustive strategy checked every interleaving class (within `bound`, if set). */
  readonly exhausted: boolean;
  /** The preemption/delay bound the exhaustive search ran under, or null (unbounded, or not exhaustive). */
  readonly bound: SearchBound | null;
  /** Whether `sim.struct` writes were scheduling points (`preemptAtAccesses`). */
  readonly preemptAtAccesses: boolean;
  readonly metrics: ExploreMetrics;
}

/** What an exploration measured. */
export interface ExploreMetrics {
  readonly executions: number;
  readonly steps: number;
  /** Preemptions over all executions (switches away from a goroutine that could continue). */
  readonly preemptions: number;
  /** The 1-based execution that found the violation, or null. */
  readonly executionsToViolation: number | null;
  /** `dfs`: distinct interleaving classes (Mazurkiewicz traces) among the executions that ran to the end. */
  readonly classes?: number;
  /** `dfs`: executions abandoned because everything left was covered by another branch. */
  readonly pruned?: number;
}

/** What `replay` reproduced: the violation (or none), the full trace, and the decoded schedule. */
export interface ReplayResult {
  readonly violation: Violation | undefined;
  readonly trace: readonly TraceStep[];
  readonly steps: number;
  /** The decoded schedule that was replayed. */
  readonly schedule: Schedule;
}

/**
 * Explores executions of `scenario` until a violation or the budget is spent.
 *
 * @example
 *   const r = explore(lostUpdate, { variant: 'bad', strategy: 'random', seed: 1, runs: 1000 });
 *   if (r.violation) console.log(r.violation.message);
 */
export function explore(scenario: Scenario, opts: ExploreOptions = {}): ExploreResult {
  const cfg = runConfig(scenario, opts);
  const runs = opts.runs ?? 1000;
  if (!(Number.isSafeInteger(runs) && runs >= 1)) throw new UsageError(`runs must be a positive integer, got ${String(runs)}`);
  const seed = opts.seed ?? 0;
  if (!((typeof seed === 'number' && Number.isSafeInteger(seed)) || typeof seed === 'string')) throw new UsageError(`seed must be an integer or a string, got ${String(seed)}`);
  const s = opts.strategy ?? 'random';
  const chosen = typeof s === 'string' ? makeStrategy(s, strategyOptions(seed, opts)) : s;
  const recorder = opts.checkDeterminism === true ? new RunnableSetRecorder(chosen) : null;
  const strategy: Strategy = recorder ?? chosen;
  const every = opts.progressEvery ?? 1000;
  let executions = 0;
  let steps = 0;
  let preemptions = 0;
  let violation: Violation | undefined;
  let exhausted = false;
  const runner = new Runner(cfg, strategy);
  for (let i = 0; i < runs; i++) {
    if (!strategy.begin(i)) {
      exhausted = strategy.exhausted !== false;
      break;
    }
    const k = runner.run();
    executions++;
    steps += k.step;
    preemptions += k.preemptions;
    strategy.end({ steps: k.step, violation: k.violation === null ? null : k.violation.kind });
    if (recorder !== null && k.violation === null && !k.pruned) selfCheck(cfg, k, recorder.sets);
    if (k.violation !== null) {
      violation =
        k.violation.kind === 'nondeterminism'
          ? // about the scenario, not the schedule: re-running it would only diverge again
            completeViolation(cfg, k.choices.slice(), k.violation, executions, [])
          : opts.shrink === false
            ? finishViolation(cfg, k.choices.slice(), k.violation, executions)
            : shrink(scenario, scheduleOf(cfg, k.choices.slice()), { execution: executions }).violation;
      break;
    }
    if (opts.onProgress !== undefined && executions % every === 0) opts.onProgress({ executions, steps });
    if (opts.shouldStop !== undefined && (executions & 63) === 0 && opts.shouldStop()) break;
  }
  if (violation === undefined && strategy.exhausted === true) exhausted = true;
  const metrics: ExploreMetrics = {
    executions,
    steps,
    preemptions,
    executionsToViolation: violation === undefined ? null : executions,
    ...dfsMetrics(chosen),
  };
  const bound = (chosen as { bound?: SearchBound | null }).bound ?? null;
  return { scenario: scenario.name, variant: cfg.variant, params: cfg.params, strategy: strategy.name, seed, executions, steps, violation, exhausted, bound, preemptAtAccesses: cfg.preemptAtAccesses, metrics };
}

/**
 * Re-runs `k`'s schedule and compares what could run at each step with `sets` (the
 * first run's); on a difference, records a `nondeterminism` violation on `k`.
 */
function selfCheck(cfg: RunConfig, k: Kernel, sets: readonly string[]): void {
  const again = new RunnableSetRecorder(new ReplayStrategy(k.choices.slice()));
  again.begin(0);
  const k2 = runExecution(cfg, again, false);
  const i = firstDifference(sets, again.sets);
  if (i < 0 && k2.violation === null) return;
  const at = i < 0 ? k2.violation!.step : i;
  const was = sets[at] ?? 'the end of the run';
  const now = again.sets[at] ?? (k2.violation !== null ? `a ${k2.violation.kind}: ${k2.violation.detail}` : 'the end of the run');
  k.fail('nondeterminism', `re-running the same choices, at step ${at} the choices were ${now} instead of ${was}. The scenario is not deterministic: ${NONDETERMINISM_HINT}`, undefined, at);
}

function dfsMetrics(s: Strategy): { classes?: number; pruned?: number } {
  const d = s as Partial<{ classes: ReadonlySet<number>; pruned: number }>;
  return d.classes instanceof Set && typeof d.pruned === 'number' ? { classes: d.classes.size, pruned: d.pruned } : {};
}

/**
 * Replays a schedule (string or decoded) of `scenario` with the full trace. A schedule
 * that does not fit the scenario any more gives a `nondeterminism` violation naming the
 * step where it diverged.
 *
 * @example
 *   const again = replay(lostUpdate, result.violation!.schedule);
 *   again.violation?.message === result.violation!.message; // true
 */
export function replay(scenario: Scenario, schedule: string | Schedule): ReplayResult {
  const sch = typeof schedule === 'string' ? decodeSchedule(schedule, scenario.maxSteps ?? DEFAULT_MAX_STEPS_VALUE) : schedule;
  if (sch.scenario !== scenario.name) {
    throw new ScheduleError(`the schedule is for scenario "${sch.scenario}", not "${scenario.name}"`);
  }
  const cfg = scheduleConfig(scenario, sch);
  const strategy = new ReplayStrategy(sch.choices);
  strategy.begin(0);
  const k = runExecution(cfg, strategy, true);
  if (k.violation === null && strategy.remaining > 0) {
    k.fail('nondeterminism', `the run ended after ${k.step} steps but the schedule has ${strategy.remaining} more choices. ${DIVERGED}`);
  }
  const violation = k.violation === null ? undefined : completeViolation(cfg, k.choices, k.violation, 1, k.trace!);
  return { violation, trace: k.trace!, steps: k.step, schedule: sch };
}

function strategyOptions(seed: number | string, o: ExploreOptions): StrategyOptions {
  const so: { -readonly [K in keyof StrategyOptions]: StrategyOptions[K] } = { seed };
  if (o.depth !== undefined) so.depth = o.depth;
  if (o.dpor !== undefined) so.dpor = o.dpor;
  if (o.preemptionBound !== undefined) so.preemptionBound = o.preemptionBound;
  if (o.delayBound !== undefined) so.delayBound = o.delayBound;
  return so;
}

