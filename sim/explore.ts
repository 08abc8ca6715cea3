/**
 * The programmatic API: `explore` runs many executions of a scenario under a strategy and
 * reports the first violation with its schedule and trace; `replay` re-runs a schedule.
 */
import { UsageError } from './errors';
import { formatTime } from './format';
import { STOP } from './kernel/apply-common';
import { errorText } from './kernel/describe';
import { DIVERGED, Kernel, NONDETERMINISM_HINT, type RawViolation } from './kernel/kernel';
import { KernelRuntime } from './kernel/runtime-impl';
import { ScenarioError } from './errors';
import { resolveParams, resolveVariant, type Scenario } from './scenario';
import { decodeSchedule, encodeSchedule, ScheduleError, type Params, type Schedule, type ScheduleOptions } from './schedule';
import { SimImpl } from './sim';
import { makeStrategy, type StrategyOptions } from './strategy/registry';
import { ReplayStrategy } from './strategy/replay';
import type { Strategy } from './strategy/strategy';
import type { TraceStep, Violation } from './types';

/** The default step limit of an execution. */
export const DEFAULT_MAX_STEPS = 100_000;

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
  /** PCT depth. */
  readonly depth?: number;
  /** `dfs`: dynamic partial-order reduction (default true). */
  readonly dpor?: boolean;
  /** `dfs`: at most this many preemptions per execution. */
  readonly preemptionBound?: number;
  /** `dfs`: at most this many delays (non-default choices) per execution. */
  readonly delayBound?: number;
  /** Called between executions; returning true stops the exploration (time limits). */
  readonly shouldStop?: () => boolean;
  /** Called every `progressEvery` executions (default 1000). */
  readonly onProgress?: (p: { readonly executions: number; readonly steps: number }) => void;
  readonly progressEvery?: number;
}

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
  /** True when an exhaustive strategy checked every interleaving class. */
  readonly exhausted: boolean;
}

export interface ReplayResult {
  readonly violation: Violation | undefined;
  readonly trace: readonly TraceStep[];
  readonly steps: number;
  /** The decoded schedule that was replayed. */
  readonly schedule: Schedule;
}

interface RunConfig {
  readonly scenario: Scenario;
  readonly variant: string;
  readonly params: Params;
  readonly maxSteps: number;
  readonly idleTimers: boolean;
  readonly quantum: number;
}

/** Runs one execution under `strategy` (whose `begin` was called). */
export function runExecution(cfg: RunConfig, strategy: Strategy, trace: boolean): Kernel {
  const k = new Kernel({ strategy, maxSteps: cfg.maxSteps, idleTimers: cfg.idleTimers, quantum: cfg.quantum, trace });
  const sim = new SimImpl(new KernelRuntime(k));
  try {
    cfg.scenario.setup(sim, { variant: cfg.variant, params: cfg.params });
  } catch (e) {
    if (e !== STOP) throw new ScenarioError(`scenario "${cfg.scenario.name}" (variant "${cfg.variant}") setup threw ${errorText(e)}`);
  }
  if (k.violation === null) k.run();
  return k;
}

/**
 * Explores executions of `scenario` until a violation or the budget is spent.
 *
 * @example
 *   const r = explore(lostUpdate, { variant: 'bad', strategy: 'random', seed: 1, runs: 1000 });
 *   if (r.violation) console.log(r.violation.message);
 */
export function explore(scenario: Scenario, opts: ExploreOptions = {}): ExploreResult {
  const cfg = config(scenario, opts);
  const runs = opts.runs ?? 1000;
  if (!(Number.isSafeInteger(runs) && runs >= 1)) throw new UsageError(`runs must be a positive integer, got ${String(runs)}`);
  const seed = opts.seed ?? 0;
  if (!((typeof seed === 'number' && Number.isSafeInteger(seed)) || typeof seed === 'string')) throw new UsageError(`seed must be an integer or a string, got ${String(seed)}`);
  const s = opts.strategy ?? 'random';
  const strategy = typeof s === 'string' ? makeStrategy(s, strategyOptions(seed, opts)) : s;
  const every = opts.progressEvery ?? 1000;
  let executions = 0;
  let steps = 0;
  let violation: Violation | undefined;
  let exhausted = false;
  for (let i = 0; i < runs; i++) {
    if (!strategy.begin(i)) {
      exhausted = strategy.exhausted !== false;
      break;
    }
    const k = runExecution(cfg, strategy, false);
    executions++;
    steps += k.step;
    strategy.end({ steps: k.step, violation: k.violation === null ? null : k.violation.kind });
    if (k.violation !== null) {
      violation = finish(cfg, k.choices, k.violation, executions);
      break;
    }
    if (opts.onProgress !== undefined && executions % every === 0) opts.onProgress({ executions, steps });
    if (opts.shouldStop !== undefined && (executions & 63) === 0 && opts.shouldStop()) break;
  }
  if (violation === undefined && strategy.exhausted === true) exhausted = true;
  return { scenario: scenario.name, variant: cfg.variant, params: cfg.params, strategy: strategy.name, seed, executions, steps, violation, exhausted };
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
  const sch = typeof schedule === 'string' ? decodeSchedule(schedule) : schedule;
  if (sch.scenario !== scenario.name) {
    throw new ScheduleError(`the schedule is for scenario "${sch.scenario}", not "${scenario.name}"`);
  }
  const o = sch.options;
  const cfg = config(scenario, {
    variant: sch.variant,
    params: sch.params,
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
    ...(o.idleTimers !== undefined ? { idleTimers: o.idleTimers } : {}),
    ...(o.quantum !== undefined ? { quantum: o.quantum } : {}),
  });
  const strategy = new ReplayStrategy(sch.choices);
  strategy.begin(0);
  const k = runExecution(cfg, strategy, true);
  if (k.violation === null && strategy.remaining > 0) {
    k.fail('nondeterminism', `the run ended after ${k.step} steps but the schedule has ${strategy.remaining} more choices. ${DIVERGED}`);
  }
  const violation = k.violation === null ? undefined : complete(cfg, k.choices, k.violation, 1, k.trace!);
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

function config(scenario: Scenario, o: Pick<ExploreOptions, 'variant' | 'params' | 'maxSteps' | 'idleTimers' | 'quantum'>): RunConfig {
  const v = resolveVariant(scenario, o.variant);
  const max = o.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!(Number.isSafeInteger(max) && max >= 1)) throw new UsageError(`maxSteps must be a positive integer, got ${String(max)}`);
  const q = o.quantum === 0 ? Infinity : (o.quantum ?? scenario.quantum);
  if (!(q === Infinity || (Number.isSafeInteger(q) && q > 0))) throw new UsageError(`quantum must be a positive integer number of nanoseconds, got ${String(q)}`);
  return { scenario, variant: v.name, params: resolveParams(scenario, o.params, v), maxSteps: max, idleTimers: o.idleTimers ?? scenario.idleTimers, quantum: q };
}

/** Encodes the schedule of a failing execution, re-runs it with the full trace and checks it fails the same way. */
function finish(cfg: RunConfig, choices: readonly number[], raw: RawViolation, execution: number): Violation {
  const strategy = new ReplayStrategy(choices.slice());
  strategy.begin(0);
  const k = runExecution(cfg, strategy, true);
  const again = k.violation;
  if (again === null || again.kind !== raw.kind || again.detail !== raw.detail || again.step !== raw.step) {
    const what = again === null ? 'passed' : `failed differently (${again.kind}: ${again.detail})`;
    const nd: RawViolation = {
      kind: 'nondeterminism',
      detail: `the failing execution (${raw.kind}: ${raw.detail}) ${what} when re-run with the same choices. The scenario is not deterministic: ${NONDETERMINISM_HINT}`,
      step: raw.step,
      time: raw.time,
    };
    return complete(cfg, choices, nd, execution, k.trace!);
  }
  return complete(cfg, choices, raw, execution, k.trace!);
}

function complete(cfg: RunConfig, choices: readonly number[], raw: RawViolation, execution: number, trace: readonly TraceStep[]): Violation {
  const schedule = encodeSchedule({ scenario: cfg.scenario.name, variant: cfg.variant, params: cfg.params, options: scheduleOptions(cfg), choices });
  const message = `${raw.kind} at step ${raw.step} (t=${formatTime(raw.time)}): ${raw.detail}\nreplay: interleave replay ${schedule}`;
  const v: Violation = { kind: raw.kind, message, execution, schedule, trace, step: raw.step, time: raw.time };
  return raw.stack === undefined ? v : { ...v, stack: raw.stack };
}

function scheduleOptions(cfg: RunConfig): ScheduleOptions {
  const o: ScheduleOptions = {};
  if (cfg.idleTimers !== cfg.scenario.idleTimers) o.idleTimers = cfg.idleTimers;
  if (cfg.maxSteps !== (cfg.scenario.maxSteps ?? DEFAULT_MAX_STEPS)) o.maxSteps = cfg.maxSteps;
  if (cfg.quantum !== cfg.scenario.quantum) o.quantum = cfg.quantum === Infinity ? 0 : cfg.quantum;
  return o;
}
