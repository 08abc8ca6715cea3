/**
 * Running one execution, and turning a failing one into a reported violation: the
 * configuration of a run, the failing re-run with the full trace, the schedule string
 * and the message. Shared by `explore`, `replay` and `shrink`.
 */
import { ledger } from './effect';
import { DEFAULT_MAX_STEPS_VALUE } from './limits';
import { ScenarioError, UsageError } from './errors';
import { formatTime } from './format';
import { STOP } from './kernel/rt';
import { errorText } from './kernel/describe';
import { sameDrop } from './kernel/unyielded';
import { NONDETERMINISM_HINT, type RawViolation } from './kernel/execution';
import { Kernel } from './kernel/kernel';
import { KernelRuntime } from './kernel/runtime-impl';
import { resolveParams, resolveVariant, type Scenario } from './scenario';
import { encodeSchedule, type Params, type Schedule, type ScheduleOptions } from './schedule';
import { SimImpl } from './sim';
import { ReplayStrategy } from './strategy/replay';
import type { Strategy } from './strategy/strategy';
import type { TraceStep, Violation } from './types';

/** What decides an execution besides the strategy's choices. */
export interface RunConfig {
  readonly scenario: Scenario;
  readonly variant: string;
  readonly params: Params;
  readonly maxSteps: number;
  readonly idleTimers: boolean;
  readonly quantum: number;
  /** Every `sim.struct` write is a scheduling point (statement granularity). */
  readonly preemptAtAccesses: boolean;
}

/** The options that shape a run (a subset of ExploreOptions). */
export interface RunOptions {
  readonly variant?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly maxSteps?: number;
  readonly idleTimers?: boolean;
  readonly quantum?: number;
  readonly preemptAtAccesses?: boolean;
}

/** Runs one execution under `strategy` (whose `begin` was called). */
export function runExecution(cfg: RunConfig, strategy: Strategy, trace: boolean): Kernel {
  const k = new Kernel({ strategy, maxSteps: cfg.maxSteps, idleTimers: cfg.idleTimers, quantum: cfg.quantum, trace, timers: cfg.scenario.timers, preemptAtAccesses: cfg.preemptAtAccesses });
  setupAndRun(cfg, k, new SimImpl(new KernelRuntime(k)));
  return k;
}

/**
 * Runs executions of one configuration under one strategy on a single kernel, reset
 * between executions (what `explore` does millions of times). The returned kernel is
 * reused by the next `run`: take what you need from it first.
 */
/**
 * The runner of the latest exploration, kept alive until the next one starts (see
 * `Runner.run`): it holds one execution's objects, the last, and nothing more.
 */
const LATEST: Runner[] = [];

export class Runner {
  private k: Kernel | null = null;
  private sim: SimImpl | null = null;

  constructor(
    private readonly cfg: RunConfig,
    private readonly strategy: Strategy,
  ) {}

  run(): Kernel {
    let k = this.k;
    if (k === null) {
      k = new Kernel({ strategy: this.strategy, maxSteps: this.cfg.maxSteps, idleTimers: this.cfg.idleTimers, quantum: this.cfg.quantum, trace: false, timers: this.cfg.scenario.timers, preemptAtAccesses: this.cfg.preemptAtAccesses });
      this.k = k;
      this.sim = new SimImpl(new KernelRuntime(k));
      // V8 reaches the hidden classes of our kernel, goroutines and objects through weak
      // map transitions: once none is alive, a full GC drops them and deoptimizes every
      // engine function optimized against them, and the next exploration starts cold (a
      // short one ran at a third of the speed). The previous exploration's runner stays
      // alive until this one has made its own kernel; then it may go.
      LATEST[0] = this;
    } else k.reset();
    setupAndRun(this.cfg, k, this.sim!);
    return k;
  }
}

function setupAndRun(cfg: RunConfig, k: Kernel, sim: SimImpl): void {
  try {
    cfg.scenario.setup(sim, { variant: cfg.variant, params: cfg.params });
  } catch (e) {
    if (e !== STOP) throw new ScenarioError(`scenario "${cfg.scenario.name}" (variant "${cfg.variant}") setup threw ${errorText(e)}`);
  }
  // effects made in setup (to be yielded later) are not a goroutine's dropped calls
  ledger.open = 0;
  // a run that records its trace names a dropped call (its message is the one reported)
  ledger.naming = k.trace !== null;
  if (k.violation === null) k.run();
}

/** Checks and completes the options of a run. */
export function runConfig(scenario: Scenario, o: RunOptions): RunConfig {
  const v = resolveVariant(scenario, o.variant);
  const max = o.maxSteps ?? scenario.maxSteps ?? DEFAULT_MAX_STEPS_VALUE;
  if (!(Number.isSafeInteger(max) && max >= 1)) throw new UsageError(`maxSteps must be a positive integer, got ${String(max)}`);
  const q = o.quantum === 0 ? Infinity : (o.quantum ?? scenario.quantum);
  if (!(q === Infinity || (Number.isSafeInteger(q) && q > 0))) throw new UsageError(`quantum must be a positive integer number of nanoseconds, got ${String(q)}`);
  const pa = o.preemptAtAccesses ?? false;
  if (typeof pa !== 'boolean') throw new UsageError(`preemptAtAccesses must be a boolean, got ${String(pa)}`);
  return { scenario, variant: v.name, params: resolveParams(scenario, o.params, v), maxSteps: max, idleTimers: o.idleTimers ?? scenario.idleTimers, quantum: q, preemptAtAccesses: pa };
}

/** The schedule of an execution of `cfg` that made `choices`. */
export function scheduleOf(cfg: RunConfig, choices: readonly number[]): Schedule {
  return { scenario: cfg.scenario.name, variant: cfg.variant, params: cfg.params, options: scheduleOptions(cfg), choices };
}

/** The run configuration a decoded schedule carries. */
export function scheduleConfig(scenario: Scenario, sch: Schedule): RunConfig {
  const o = sch.options;
  return runConfig(scenario, {
    variant: sch.variant,
    params: sch.params,
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
    ...(o.idleTimers !== undefined ? { idleTimers: o.idleTimers } : {}),
    ...(o.quantum !== undefined ? { quantum: o.quantum } : {}),
    ...(o.preemptAtAccesses !== undefined ? { preemptAtAccesses: o.preemptAtAccesses } : {}),
  });
}

/** Encodes the schedule of a failing execution, re-runs it with the full trace and checks it fails the same way. */
export function finishViolation(cfg: RunConfig, choices: readonly number[], raw: RawViolation, execution: number): Violation {
  const strategy = new ReplayStrategy(choices.slice());
  strategy.begin(0);
  const k = runExecution(cfg, strategy, true);
  const again = k.violation;
  // an exploring run's panic for an un-yielded effect names the goroutine only; this run names the call
  const sameDetail = again !== null && (again.detail === raw.detail || (raw.unnamed === true && again.unnamed !== true && sameDrop(raw.detail, again.detail)));
  if (again === null || again.kind !== raw.kind || !sameDetail || again.step !== raw.step) {
    const what = again === null ? 'passed' : `failed differently (${again.kind}: ${again.detail})`;
    const nd: RawViolation = {
      kind: 'nondeterminism',
      detail: `the failing execution (${raw.kind}: ${raw.detail}) ${what} when re-run with the same choices. The scenario is not deterministic: ${NONDETERMINISM_HINT}`,
      step: raw.step,
      time: raw.time,
    };
    return completeViolation(cfg, choices, nd, execution, k.trace!);
  }
  return completeViolation(cfg, choices, raw.unnamed === true ? again : raw, execution, k.trace!);
}

export function completeViolation(cfg: RunConfig, choices: readonly number[], raw: RawViolation, execution: number, trace: readonly TraceStep[]): Violation {
  const schedule = encodeSchedule(scheduleOf(cfg, choices));
  const message = `${raw.kind} at step ${raw.step} (t=${formatTime(raw.time)}): ${raw.detail}\nreplay: interleave replay ${schedule}`;
  const v: Violation = { kind: raw.kind, message, execution, schedule, detail: raw.detail, trace, step: raw.step, time: raw.time };
  return raw.stack === undefined ? v : { ...v, stack: raw.stack };
}

function scheduleOptions(cfg: RunConfig): ScheduleOptions {
  const o: ScheduleOptions = {};
  if (cfg.idleTimers !== cfg.scenario.idleTimers) o.idleTimers = cfg.idleTimers;
  if (cfg.maxSteps !== (cfg.scenario.maxSteps ?? DEFAULT_MAX_STEPS_VALUE)) o.maxSteps = cfg.maxSteps;
  if (cfg.quantum !== cfg.scenario.quantum) o.quantum = cfg.quantum === Infinity ? 0 : cfg.quantum;
  // recorded only when on: schedules of the default mode (and older ones) stay as they were
  if (cfg.preemptAtAccesses) o.preemptAtAccesses = true;
  return o;
}
