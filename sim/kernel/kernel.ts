/**
 * The kernel: one execution of a scenario. It keeps the goroutines, the runnable set,
 * the timers and the clock; at each scheduling point it shows the strategy the choices,
 * applies the one picked (a goroutine step or a timer firing), and records it.
 * It never chooses: mechanism here, policy in the strategy.
 */
import { beginResume, Effect, endResume } from '../effect';
import { PRUNE, type ChoicePoint, type StepInfo, type Strategy } from '../strategy/strategy';
import type { TraceStep, ViolationKind } from '../types';
import { applyEffect } from './apply';
import { PARK, STOP } from './apply-common';
import { blockedOn, describeStep, errorText } from './describe';
import { isEnabled } from './enabled';
import { flushDirty, setRunnable, unwatchAll, watchPending } from './waiters';
import { heapRemove, offerFireable, offerNone, timersMayFire } from './timer-offer';
import { beginEntry, endEntry } from './trace-entry';
import { G, Phase, START } from './goroutine';
import { Obj, TimerObj } from './objects';
import { fireFootprint, Footprint, pendingFootprint, registrationFootprint } from './footprint';
import { TimerHeap } from './timer-heap';
import { FROZEN_HINT, isFrozenError } from './freeze';
import { fireTimer } from './apply-time';
import { checkInvariants, endOfRun, stepLimitDetail } from './end';

export { STOP };

/** The likely cause of a nondeterministic scenario. */
export const NONDETERMINISM_HINT = 'does it draw its own random numbers, read the wall clock, or keep state between executions?';
/** What a diverging replay means. */
export const DIVERGED = `The scenario did not do the same thing as when the schedule was recorded: ${NONDETERMINISM_HINT}`;

export interface KernelOptions {
  readonly strategy: Strategy;
  readonly maxSteps: number;
  /** Timers fire only when no goroutine is runnable. */
  readonly idleTimers: boolean;
  /** A runnable goroutine never waits longer than this (virtual ns) while timers fire; Infinity: no limit. */
  readonly quantum: number;
  /** Record a full trace (the failing re-run); exploration leaves it off. */
  readonly trace: boolean;
}

/** A violation as the kernel records it; `explore` adds the schedule and replay line. */
export interface RawViolation {
  readonly kind: ViolationKind;
  /** What happened, without the `kind at step N (t=…):` prefix. */
  readonly detail: string;
  readonly step: number;
  readonly time: number;
  readonly stack?: string;
}

export interface NamedCheck {
  readonly name: string;
  readonly check: () => boolean | string;
}

export class Kernel implements ChoicePoint {
  /** Every goroutine ever spawned in this execution, by id. */
  readonly gs: G[] = [];
  /** Enabled goroutines (order: see setRunnable). Invariant: exactly those with `g.runnable`. */
  readonly runnable: G[] = [];
  /** Timers the strategy may fire at this point (cached per heap version). */
  readonly fireable: TimerObj[] = [];
  /** The heap version `fireable` was collected at. */
  fireableVersion = -1;
  readonly heap = new TimerHeap();
  now = 0;
  step = 0;
  lastGid = -1;
  /** The effect (or timer) of the last step, for messages. */
  lastOp: Effect | null = null;
  lastTimer: TimerObj | null = null;
  /** Non-daemon goroutines not finished. */
  live = 0;
  /** Pending timers that keep the run alive (not daemon). */
  nonDaemonTimers = 0;
  nextObjectId = 0;
  nextTimerId = 0;
  timerSeq = 0;
  /** Goroutines and timers created by setup (for their keys). */
  setupChildren = 0;
  setupTimers = 0;
  setupObjects = 0;
  /** The current step's footprint, when the strategy wants footprints. */
  readonly fp: Footprint | null;
  /** The strategy abandoned this execution (PRUNE): no verdict. */
  pruned = false;
  /**
   * Steps that switched away from a goroutine that could have continued (a timer firing
   * counts too): the schedule's preemptions.
   */
  preemptions = 0;
  /** The choices made so far: the schedule (see schedule.ts for the codes). */
  readonly choices: number[] = [];
  violation: RawViolation | null = null;
  /** The goroutine whose code is running (null in setup, checks and timer firings). */
  current: G | null = null;
  /** Race detection is active once a shared variable exists (see race.ts). */
  raceOn = false;
  readonly trace: TraceStep[] | null;
  /** Notes for the current step's trace entry. */
  notes: string[] | null = null;
  /** Objects changed in this step, to recheck at its end: `dirty[0..dirtyN)`. */
  readonly dirty: Obj[] = [];
  dirtyN = 0;
  readonly invariants: NamedCheck[] = [];
  readonly atEnds: NamedCheck[] = [];
  /** Counts of goroutine names, once one repeats (see spawn.ts). */
  names: Map<string, number> | null = null;
  readonly strategy: Strategy;
  readonly maxSteps: number;
  readonly idleTimers: boolean;
  readonly quantum: number;
  private readonly observe: boolean;

  constructor(opts: KernelOptions) {
    this.strategy = opts.strategy;
    this.maxSteps = opts.maxSteps;
    this.idleTimers = opts.idleTimers;
    this.quantum = opts.quantum;
    this.trace = opts.trace ? [] : null;
    this.observe = typeof opts.strategy.afterStep === 'function';
    this.fp = opts.strategy.wantsFootprints === true ? new Footprint() : null;
  }

  /**
   * Makes the kernel ready for another execution, reusing its arrays (exploration runs
   * millions of short executions; allocating a kernel for each was most of their cost).
   * Every field that an execution changes is reset here; a violation found on a reused
   * kernel is re-run on a fresh one, so a missed field shows as nondeterminism.
   */
  reset(): void {
    this.gs.length = 0;
    this.runnable.length = 0;
    this.fireable.length = 0;
    this.fireableVersion = -1;
    this.heap.clear();
    this.now = 0;
    this.step = 0;
    this.lastGid = -1;
    this.lastOp = null;
    this.lastTimer = null;
    this.live = 0;
    this.nonDaemonTimers = 0;
    this.nextObjectId = 0;
    this.nextTimerId = 0;
    this.timerSeq = 0;
    this.setupChildren = 0;
    this.setupTimers = 0;
    this.setupObjects = 0;
    this.pruned = false;
    this.preemptions = 0;
    this.choices.length = 0;
    this.violation = null;
    this.current = null;
    this.raceOn = false;
    if (this.trace !== null) this.trace.length = 0;
    this.notes = null;
    for (let i = 0; i < this.dirtyN; i++) this.dirty[i] = undefined as unknown as Obj;
    this.dirtyN = 0;
    this.invariants.length = 0;
    this.atEnds.length = 0;
    if (this.names !== null) this.names.clear();
  }

  /** Every goroutine of the execution, by id. */
  get goroutines(): readonly G[] {
    return this.gs;
  }

  /** Every pending timer. */
  get timers(): readonly TimerObj[] {
    return this.heap.all();
  }

  /** The footprint of a goroutine's pending step or a timer's firing (see ChoicePoint). */
  footprintOf(x: G | TimerObj): StepInfo | null {
    const fp = new Footprint();
    if (x instanceof TimerObj) {
      if (x.heapIndex < 0) return null;
      fireFootprint(fp, x, this.now);
    } else {
      if (x.done) return null;
      pendingFootprint(fp, x);
      if (x.phase === Phase.Parked) return null; // waits for another step to complete it
    }
    return fp.accesses.length === 0 && !fp.clockRead && !fp.clockWrite ? null : fp.snapshot();
  }

  /** Runs the execution to its end or its first violation. */
  run(): void {
    const strategy = this.strategy;
    const runnable = this.runnable;
    for (;;) {
      if (this.violation !== null) return;
      const nR = runnable.length;
      const nT = this.heap.size > 0 && timersMayFire(this, nR) ? offerFireable(this) : offerNone(this);
      if (nR + nT === 0) {
        endOfRun(this);
        return;
      }
      if (this.step >= this.maxSteps) {
        this.fail('step-limit', stepLimitDetail(this));
        return;
      }
      const i = strategy.pick(this);
      if (!(i >= 0 && i < nR + nT)) {
        if (i === PRUNE) {
          this.pruned = true;
          return;
        }
        this.badPick(i, nR + nT);
        return;
      }
      const last = this.lastGid;
      this.lastTimer = null;
      if (i < nR) {
        const g = runnable[i]!;
        if (last >= 0 && last !== g.id && this.gs[last]!.runnable) this.preemptions++;
        this.choices.push(g.id * 4);
        this.execute(g);
      } else {
        const t = this.fireable[i - nR]!;
        if (last >= 0 && this.gs[last]!.runnable) this.preemptions++;
        this.choices.push(t.timerId * 4 + 1);
        this.fire(t);
      }
      if (this.dirtyN > 0) flushDirty(this);
      if (this.observe) this.strategy.afterStep!(this, this.fp !== null ? this.fp.snapshot() : undefined);
      this.step++;
      if (this.invariants.length > 0 && this.violation === null) checkInvariants(this);
    }
  }

  /**
   * A goroutine step: apply its pending effect, then run its code to the next effect.
   * This is the exploration hot path (no trace, no footprints); `executeRecorded` is the
   * same step recording them. The two are kept apart on purpose: sharing the core through
   * one more call, or one function with both, costs 3–5% of every step (callgrind).
   */
  private execute(g: G): void {
    if (this.trace !== null || this.fp !== null) {
      this.executeRecorded(g);
      return;
    }
    const op = g.pending;
    g.steps++;
    g.readyAt = this.now;
    this.lastOp = op;
    if (g.watch1 !== null) unwatchAll(this, g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = applyEffect(this, g, op);
      if (v === PARK || this.violation !== null) {
        this.current = null;
        if (v === PARK && this.violation === null) {
          const en = isEnabled(g);
          if (en !== g.runnable) setRunnable(this, g, en);
        }
        this.lastGid = g.id;
        return;
      }
    }
    this.resume(g, v);
    this.lastGid = g.id;
  }

  /** `execute`, recording the step in the trace and/or its footprint. */
  private executeRecorded(g: G): void {
    const op = g.pending;
    const entry = this.trace !== null ? beginEntry(this, g.name, g.id, g, null) : null;
    g.steps++;
    g.readyAt = this.now;
    this.lastOp = op;
    if (this.fp !== null) pendingFootprint(this.fp, g);
    if (g.watch1 !== null) unwatchAll(this, g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = applyEffect(this, g, op);
      this.current = null;
    }
    if (entry !== null) entry.result = v === PARK ? null : describeStep.result(op, v);
    if (this.violation === null) {
      if (v !== PARK) this.resume(g, v);
      else {
        const en = isEnabled(g);
        if (en !== g.runnable) setRunnable(this, g, en);
      }
    }
    this.lastGid = g.id;
    if (entry !== null) endEntry(this, entry);
  }

  /** Runs `g`'s code with `v` as the result of its pending effect, up to its next effect. */
  private resume(g: G, v: unknown): void {
    this.current = g;
    let r: IteratorResult<unknown, unknown>;
    // a goroutine's first step starts its body; later ones finish its pending effect
    if (g.pending !== START) beginResume();
    try {
      r = g.next.call(g.gen, v);
    } catch (e) {
      endResume();
      this.current = null;
      this.exit(g);
      if (e !== STOP) this.fail('panic', `"${g.name}" threw ${errorText(e)}${isFrozenError(e) ? `. Likely cause: ${FROZEN_HINT}` : ''}`, e);
      return;
    }
    endResume();
    this.current = null;
    if (r instanceof Effect) {
      this.setPending(g, r);
    } else if (r.done === true) {
      this.exit(g);
    } else {
      this.exit(g);
      const what = r.value instanceof Effect ? `an effect without yield*` : describeStep.value(r.value);
      this.fail('panic', `"${g.name}" yielded ${what}: use yield* with an effect (yield* m.lock())`);
    }
  }

  private setPending(g: G, op: Effect): void {
    g.pending = op;
    g.phase = Phase.Fresh;
    g.pendingSince = this.step;
    const en = watchPending(this, g, op);
    if (en !== g.runnable) setRunnable(this, g, en);
    if (this.fp !== null) registrationFootprint(this.fp, g);
    if (!en && this.notes !== null) this.notes.push(`"${g.name}" waits: ${blockedOn(g)}`);
  }

  private exit(g: G): void {
    g.done = true;
    if (g.watch1 !== null) unwatchAll(this, g);
    if (g.runnable) setRunnable(this, g, false);
    if (!g.daemon) this.live--;
    if (this.notes !== null) this.notes.push(`"${g.name}" exited`);
  }

  /** A timer firing: the clock jumps to its deadline and it does its work. */
  private fire(t: TimerObj): void {
    const entry = this.trace !== null ? beginEntry(this, t.name, -1, null, t) : null;
    if (this.fp !== null) fireFootprint(this.fp, t, this.now);
    heapRemove(this, t);
    if (t.deadline > this.now) this.now = t.deadline;
    if (entry !== null) (entry as { time: number }).time = this.now;
    t.fired++;
    this.lastOp = null;
    this.lastTimer = t;
    this.lastGid = -1;
    fireTimer(this, t);
    if (entry !== null) endEntry(this, entry);
  }

  /** Records the first violation of the execution. */
  fail(kind: ViolationKind, detail: string, error?: unknown, step = this.step): void {
    if (this.violation !== null) return;
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
    this.violation = stack === undefined ? { kind, detail, step, time: this.now } : { kind, detail, step, time: this.now, stack };
  }

  /** Asks the strategy for a value in 0..n-1 and records it (no choice when n is 1). */
  choose(n: number): number {
    if (n <= 1) return 0;
    const v = this.strategy.choose(n, this);
    if (!(v >= 0 && v < n && Number.isInteger(v))) {
      this.badPick(v, n);
      return 0;
    }
    this.choices.push(v * 4 + 2);
    return v;
  }

  private badPick(i: number, n: number): void {
    const why = this.strategy.divergence;
    if (why !== undefined) this.fail('nondeterminism', `${why}. ${DIVERGED}`);
    else throw new Error(`internal error: strategy "${this.strategy.name}" returned ${i} for ${n} choices`);
  }
}
