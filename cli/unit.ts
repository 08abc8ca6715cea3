/**
 * A work unit: one independent `explore` of one scenario variant with its own seed and
 * run budget. Its result depends only on the unit (never on which worker, shard or
 * process runs it, nor when), except that `--time-limit` may stop it early.
 */
import { DfsStrategy, explore, shrink, type ExploreOptions, type NodeData, type Params, type Scenario, type SearchBound, type Violation } from '../sim/internal';
import type { SearchProgress } from './checkpoint';
import { loadRef, type ScenarioRef } from './scenario-source';

/** Slots of a worker's shared counter array (an `Int32Array` of `COUNTER_SLOTS`). */
export const SLOT_EXECUTIONS = 0;
/** Set to 1 by the pool when the running unit's work is no longer needed. */
export const SLOT_CANCEL = 1;
/**
 * Counts every execution the worker starts, those of shrinking and of the failing re-run
 * included: the watchdog's sign of life (executions completed only move during the search).
 */
export const SLOT_BEAT = 2;
/** Slots of the shared counter array. */
export const COUNTER_SLOTS = 4;

/** What a worker is asked to run for `run` and `explore`: one unit of exploration. */
export interface UnitSpec {
  readonly task: 'explore';
  /** Index in the job's plan (unique within a job). */
  readonly id: number;
  readonly scenario: ScenarioRef;
  readonly variant: string;
  /** Overrides, typed or as strings (the engine converts them). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly strategy: string;
  readonly seed: number | string;
  readonly runs: number;
  readonly maxSteps?: number;
  readonly idleTimers?: boolean;
  /** Every `sim.struct` write is a scheduling point (`--preempt-at-accesses`). */
  readonly preemptAtAccesses?: boolean;
  readonly depth?: number;
  /** `dfs` options (`dpor`, `preemptionBound`, `delayBound`), passed to `explore` as they are. */
  readonly search?: Readonly<Record<string, number | boolean>>;
  /** Epoch milliseconds after which the unit stops between executions; null for none. */
  readonly deadline: number | null;
  /**
   * Wall-clock budget (ms) of shrinking a violation the unit finds (default
   * `DEFAULT_SHRINK_MS`): past it, the best schedule so far is reported. Shrinking also
   * has its own deterministic budget (`SHRINK_MAX_ATTEMPTS`, `SHRINK_MAX_STEPS`).
   */
  readonly shrinkMs?: number;
  /**
   * One part of a split exhaustive search (sim/strategy/split.ts): the prefix of the
   * subtree this unit searches, and the part's number.
   */
  readonly part?: { readonly index: number; readonly prefix: readonly NodeData[]; readonly observed?: readonly string[] };
  /**
   * A `dfs` unit that saves its progress (`--checkpoint`, checkpoint.ts): it reports it
   * through `UnitCounters.checkpoint` every `everyMs` of wall time and when it stops, and
   * continues from `resume` when given (its executions count towards `runs`).
   */
  readonly checkpoint?: { readonly everyMs: number; readonly resume: SearchProgress | null };
}

/** What a unit found. */
export interface UnitResult {
  readonly id: number;
  readonly strategy: string;
  readonly params: Params;
  readonly executions: number;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly exhausted: boolean;
  /** The preemption/delay bound of a bounded exhaustive search; null or absent when unbounded. */
  readonly bound?: SearchBound | null;
  /** True when the time limit (or a cancel) stopped it before its budget was spent. */
  readonly stopped: boolean;
  readonly violation: Violation | null;
  /**
   * True when the violation is reported as found, not shrunk: shrinking it made no
   * progress for the watchdog's time (an execution of the shrinker took that long).
   */
  readonly unshrunk?: boolean;
  /** `dfs`: distinct interleaving classes among its executions. */
  readonly classes?: number;
  /** With `checkpoint`: the executions the unit resumed from (0 for a fresh search). */
  readonly resumedFrom?: number;
  /** `dfs` with symmetry used (a group was declared): choices left to a twin (sim/strategy/symmetry.ts). */
  readonly twinsSkipped?: number;
}

/** Executions of the shrinker so far, + 1 (0: not shrinking): for the progress bar. */
export const SLOT_SHRINK = 3;

/** The default wall-clock budget of shrinking one violation (`--shrink-time`), in ms. */
export const DEFAULT_SHRINK_MS = 30_000;

/** Shared counters a unit updates and reads while it runs. */
export interface UnitCounters {
  /** Executions completed by the unit running now (for the watchdog and the progress bar). */
  executions(n: number): void;
  /** True when the pool cancelled the unit. */
  cancelled(): boolean;
  /** An execution starts (the watchdog's heartbeat). */
  beat(): void;
  /** The shrinker has run `attempts` executions (for the progress bar). */
  shrinking(attempts: number): void;
  /**
   * The unit found `result`'s violation and starts shrinking it: the pool keeps it, to
   * report it unshrunk should shrinking hang.
   */
  found(result: UnitResult): void;
  /** A unit with `checkpoint` reports where its search stands (to be saved). */
  checkpoint?(progress: SearchProgress): void;
}

/**
 * `scenario` with a `setup` that first beats the heartbeat: every execution of it —
 * exploring, shrinking, re-running the failure with its trace, replaying — shows the
 * watchdog that the worker is alive. Beating changes nothing the execution does.
 */
export function heartbeatScenario(scenario: Scenario, counters: UnitCounters): Scenario {
  return Object.freeze({
    ...scenario,
    setup(sim: Parameters<Scenario['setup']>[0], ctx: Parameters<Scenario['setup']>[1]): void {
      counters.beat();
      scenario.setup(sim, ctx);
    },
  });
}

/** Runs one unit (in a worker thread). Errors propagate (bad input or engine bugs). */
export function runUnit(spec: UnitSpec, counters: UnitCounters): UnitResult {
  if (spec.checkpoint !== undefined) return runSavedUnit(spec, spec.checkpoint, counters);
  const scenario = heartbeatScenario(loadRef(spec.scenario), counters);
  const started = Date.now();
  counters.executions(0);
  let stopped = false;
  // dfs is made here, not by name, to read what it did (symmetry)
  const dfs = spec.part !== undefined ? new DfsStrategy({ ...spec.search, ...partStart(spec.part) }) : spec.strategy === 'dfs' ? new DfsStrategy({ ...spec.search }) : null;
  const r = explore(scenario, {
    ...exploreOptions(spec),
    strategy: dfs ?? spec.strategy,
    runs: spec.runs,
    onProgress: (p) => counters.executions(p.executions),
    shouldStop: (): boolean => {
      stopped = counters.cancelled() || (spec.deadline !== null && Date.now() >= spec.deadline);
      return stopped;
    },
  });
  const wasStopped = stopped && r.violation === undefined && !r.exhausted && r.executions < spec.runs;
  const result: UnitResult = {
    id: spec.id,
    strategy: r.strategy,
    params: r.params,
    executions: r.executions,
    steps: r.steps,
    elapsedMs: Date.now() - started,
    exhausted: r.exhausted,
    bound: r.bound,
    ...(r.metrics.classes !== undefined ? { classes: r.metrics.classes } : {}),
    ...symmetryOf(dfs),
    stopped: wasStopped,
    violation: r.violation ?? null,
  };
  return shrinkFound(spec, scenario, result, started, counters);
}

/** `twinsSkipped` when `dfs` used symmetry. */
function symmetryOf(dfs: DfsStrategy | null): { twinsSkipped?: number } {
  return dfs?.symmetry?.used === true ? { twinsSkipped: dfs.symmetry.skipped } : {};
}

/** The options of `explore` a unit passes whatever its strategy (variant, parameters, limits; no shrinking). */
function exploreOptions(spec: UnitSpec): ExploreOptions {
  return {
    variant: spec.variant,
    params: spec.params,
    seed: spec.seed,
    ...(spec.maxSteps !== undefined ? { maxSteps: spec.maxSteps } : {}),
    ...(spec.idleTimers !== undefined ? { idleTimers: spec.idleTimers } : {}),
    ...(spec.preemptAtAccesses === true ? { preemptAtAccesses: true } : {}),
    ...(spec.depth !== undefined ? { depth: spec.depth } : {}),
    ...spec.search,
    progressEvery: 1,
    // Shrunk by the unit, once the pool holds the violation as found (what explore would do itself).
    shrink: false,
  };
}

/** Shrinks the violation of `result`, if any, under the CLI's budget (`shrinkBudget`). */
function shrinkFound(spec: UnitSpec, scenario: Scenario, result: UnitResult, started: number, counters: UnitCounters): UnitResult {
  const v = result.violation;
  // A nondeterministic scenario's violation is about the scenario: explore does not shrink it.
  if (v === null || v.kind === 'nondeterminism') return result;
  counters.found({ ...result, unshrunk: true });
  const shrunk = shrink(scenario, v.schedule, { execution: v.execution, ...shrinkBudget(spec.shrinkMs, counters) }).violation;
  return { ...result, elapsedMs: Date.now() - started, violation: shrunk };
}

/** Where a part of a split search starts: below its prefix, knowing what the pre-pass saw the invariants read. */
function partStart(part: NonNullable<UnitSpec['part']>): { prefix: readonly NodeData[]; observed?: readonly string[] } {
  return { prefix: part.prefix, ...(part.observed !== undefined ? { observed: part.observed } : {}) };
}

/**
 * A `dfs` unit that saves its progress (checkpoint.ts): it continues from `cp.resume`
 * (numbering executions on from there, and counting them towards `runs`), reports its
 * snapshot every `cp.everyMs` and when it stops (after a violation, one that repeats the
 * violating execution, so a resumed search meets it again as execution number k).
 */
function runSavedUnit(spec: UnitSpec, cp: NonNullable<UnitSpec['checkpoint']>, counters: UnitCounters): UnitResult {
  const scenario = heartbeatScenario(loadRef(spec.scenario), counters);
  const started = Date.now();
  const from = cp.resume;
  const base = { executions: from?.executions ?? 0, steps: from?.steps ?? 0 };
  counters.executions(0);
  // a part of a split search starts below its prefix; a resumed one's snapshot holds the prefix (its floor)
  const start = from !== null ? { resume: from.snapshot } : spec.part !== undefined ? partStart(spec.part) : {};
  const dfs = new DfsStrategy({ ...spec.search, ...start });
  const save = (p: SearchProgress): void => counters.checkpoint?.(p);
  const budget = spec.runs - base.executions;
  const skip = from?.finished === 'exhausted' || budget <= 0;
  let stopped = false;
  let lastSave = Date.now();
  let stepsBefore = 0;
  const r = skip
    ? null
    : explore(scenario, {
        ...exploreOptions(spec),
        strategy: dfs,
        runs: budget,
        onProgress: (p) => {
          counters.executions(p.executions);
          stepsBefore = p.steps;
          if (Date.now() - lastSave < cp.everyMs) return;
          save({ snapshot: dfs.snapshot(), executions: base.executions + p.executions, steps: base.steps + p.steps, finished: null });
          lastSave = Date.now();
        },
        shouldStop: (): boolean => {
          stopped = counters.cancelled() || (spec.deadline !== null && Date.now() >= spec.deadline);
          return stopped;
        },
      });
  const executions = base.executions + (r?.executions ?? 0);
  const exhausted = r === null ? from?.finished === 'exhausted' : r.exhausted;
  const violation = r?.violation === undefined ? null : { ...r.violation, execution: r.violation.execution + base.executions };
  if (r !== null) {
    save(
      violation !== null
        ? { snapshot: dfs.snapshot(true), executions: executions - 1, steps: base.steps + stepsBefore, finished: 'violation' }
        : { snapshot: dfs.snapshot(), executions, steps: base.steps + r.steps, finished: exhausted ? 'exhausted' : null },
    );
  }
  const result: UnitResult = {
    id: spec.id,
    strategy: 'dfs',
    params: r?.params ?? spec.params as UnitResult['params'],
    executions,
    steps: base.steps + (r?.steps ?? 0),
    elapsedMs: Date.now() - started,
    exhausted,
    bound: dfs.bound,
    classes: dfs.classes.size,
    ...symmetryOf(dfs),
    stopped: stopped && violation === null && !exhausted && executions < spec.runs,
    violation,
    resumedFrom: base.executions,
  };
  return shrinkFound(spec, scenario, result, started, counters);
}

/**
 * The CLI's hold on a shrink: a wall-clock budget of `ms` (default `DEFAULT_SHRINK_MS`)
 * and the pool's cancel, checked between the shrinker's executions, and its progress in
 * the shared counters.
 */
export function shrinkBudget(ms: number | undefined, counters: UnitCounters): { shouldStop: () => boolean; onProgress: (p: { attempts: number }) => void } {
  const until = Date.now() + (ms ?? DEFAULT_SHRINK_MS);
  return {
    shouldStop: () => Date.now() >= until || counters.cancelled(),
    onProgress: (p) => counters.shrinking(p.attempts),
  };
}
