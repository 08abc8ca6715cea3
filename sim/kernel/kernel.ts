/**
 * The kernel: one execution of a scenario. At each scheduling point it shows the strategy
 * the choices — the runnable goroutines and the timers that may fire — applies the one
 * picked (a goroutine step or a timer firing) and records it. It never chooses: mechanism
 * here, policy in the strategy; what each operation means is its op module's (`ops/`).
 */
import { beginResume, Effect, endResume, ledger } from '../effect';
import { PRUNE, type Strategy } from '../strategy/strategy';
import { checkInvariants, endOfRun, stepLimitDetail } from './end';
import { describeStep, errorText } from './describe';
import { Execution } from './execution';
import { FROZEN_HINT, isFrozenError } from './freeze';
import { G, Phase, START } from './goroutine';
import { asOp } from './op';
import { apply, blockedOn, isEnabled, stepFootprint, watchPending } from './ops';
import { beginPublishing, nextPublication } from './ops/struct';
import { fire as fireTimer, fireFootprint, TIMER_GATE, type TimerObj } from './ops/timer';
import { PARK, STOP, type TimerSemantics } from './rt';
import { heapRemove, offerFireable, offerNone, timersMayFire } from './timer-offer';
import { beginEntry, endEntry } from './trace-entry';
import { unyieldedDetail } from './unyielded';
import { flushDirty, setRunnable, unwatchAll } from './waiters';


/** The effect ledger (effect.ts), bound once: the step loop reads it at every resumption. */
const LEDGER = ledger;

export interface KernelOptions {
  readonly strategy: Strategy;
  readonly maxSteps: number;
  /** Timers fire only when no goroutine is runnable. */
  readonly idleTimers: boolean;
  /** A runnable goroutine never waits longer than this (virtual ns) while timers fire; Infinity: no limit. */
  readonly quantum: number;
  /** Record a full trace (the failing re-run); exploration leaves it off. */
  readonly trace: boolean;
  /** Go's timer semantics (default Go ≥ 1.23). */
  readonly timers?: TimerSemantics;
  /** Every `sim.struct` write is a scheduling point (see ops/struct.ts). */
  readonly preemptAtAccesses?: boolean;
}

export class Kernel extends Execution {
  readonly maxSteps: number;
  readonly idleTimers: boolean;
  readonly quantum: number;
  private readonly observe: boolean;

  constructor(opts: KernelOptions) {
    super(opts.strategy, opts.trace, opts.timers ?? 'go1.23', opts.preemptAtAccesses === true);
    this.maxSteps = opts.maxSteps;
    this.idleTimers = opts.idleTimers;
    this.quantum = opts.quantum;
    this.observe = typeof opts.strategy.afterStep === 'function';
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
      if (this.fp !== null) this.gate(nT > 0);
      this.step++;
      if (this.observe) {
        const fp = this.fp !== null ? this.fp.snapshot() : undefined;
        // the invariants run first: what they read decides which steps are visible (dfs.ts)
        if (this.invariants.length > 0 && this.violation === null) checkInvariants(this);
        this.step--;
        this.strategy.afterStep!(this, fp);
        this.step++;
      } else if (this.invariants.length > 0 && this.violation === null) checkInvariants(this);
    }
  }

  /**
   * Whether timers may fire is decided by the whole state — some goroutine runnable, how
   * long the longest-waiting one has waited (the quantum), who waits on a timer's channel —
   * so a step that opens or closes that gate enables or disables every firing: it writes
   * the gate, which every firing reads (see `TIMER_GATE`), and the search sees the
   * dependency (a goroutine's last step ending a run in which a ticker could still fire).
   * Found by the DPOR differential test: DPOR missed runs with more ticks.
   */
  private gate(openBefore: boolean): void {
    // With a quantum, when timers may fire depends on how long each runnable goroutine has
    // waited: a goroutine step reads the clock (it sets when it last ran), and one that
    // changes who is runnable changes the window for the future too.
    if (this.quantum !== Infinity && this.lastTimer === null) {
      this.fp!.clockRead = true;
      if (this.runVersion !== this.runVersionBefore) {
        this.fp!.add(TIMER_GATE, true, -1);
        return;
      }
    }
    const open = this.heap.size > 0 && timersMayFire(this, this.runnable.length);
    if (open !== openBefore) this.fp!.add(TIMER_GATE, true, -1);
  }

  /** For `gate`: `runVersion` before the step. */
  private runVersionBefore = 0;

  /**
   * A goroutine step: apply its pending operation, then run its code to the next effect.
   * This is the exploration hot path (no trace, no footprints); `executeRecorded` is the
   * same step recording them. The two are kept apart on purpose: sharing the core through
   * one more call, or one function with both, costs 3–5% of every step (callgrind).
   */
  private execute(g: G): void {
    if (this.trace !== null || this.fp !== null) {
      this.executeRecorded(g);
      return;
    }
    g.steps++;
    g.readyAt = this.now;
    g.ran = g.pending;
    if (g.watch1 !== null) unwatchAll(this, g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = apply(this, g);
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
    this.runVersionBefore = this.runVersion;
    g.steps++;
    g.readyAt = this.now;
    g.ran = op;
    if (this.fp !== null) {
      this.fp.reset(g.id, g.key);
      stepFootprint(this.fp, g);
    }
    if (g.watch1 !== null) unwatchAll(this, g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = apply(this, g);
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

  /** Runs `g`'s code with `v` as the result of its pending operation, up to its next effect. */
  private resume(g: G, v: unknown): void {
    if (g.wb !== null) {
      // the publication runs none of g's code: an invariant checked after it reads outside any goroutine
      this.current = null;
      this.published(g);
      return;
    }
    // set already when `execute` applied its operation: a store of a young object into the
    // old kernel is a write barrier's slow path
    if (this.current !== g) this.current = g;
    let r: IteratorResult<unknown, unknown>;
    // a goroutine's first step starts its body; later ones finish its pending effect
    if (g.pending !== START) beginResume();
    try {
      r = g.next.call(g.gen, v);
    } catch (e) {
      this.threw(g, e);
      return;
    }
    endResume();
    this.current = null;
    // one test for the rare cases: an effect called in this step and never yielded (the
    // ledger's count is zero after every step that yields what it calls, see effect.ts), or
    // struct writes to publish (preemptAtAccesses)
    if (LEDGER.open !== 0 || g.wb !== null) this.handBackRare(g, r);
    else if (r instanceof Effect) this.setPending(g, r);
    else this.returned(g, r);
  }

  /** `resume`'s end when the ledger is not at zero or `g` made struct writes to publish. */
  private handBackRare(g: G, r: IteratorResult<unknown, unknown>): void {
    if (LEDGER.open !== 0 && this.unyielded(g, r)) return;
    if (g.wb !== null) this.publishWrites(g, r);
    else if (r instanceof Effect) this.setPending(g, r);
    else this.returned(g, r);
  }

  /**
   * With `preemptAtAccesses`: `g`'s code made struct writes and handed back `r`; each write
   * becomes a step of its own before `r` (see ops/struct.ts).
   */
  private publishWrites(g: G, r: IteratorResult<unknown, unknown>): void {
    g.pending = beginPublishing(g.wb!, r);
    g.phase = Phase.Fresh;
    g.pendingSince = this.step;
    if (!g.runnable) setRunnable(this, g, true);
  }

  /** A publication step of `g` is done: the next one, or `g` goes on with what its code handed back. */
  private published(g: G): void {
    const wb = g.wb!;
    const next = nextPublication(wb);
    if (next !== null) {
      g.pending = next;
      g.pendingSince = this.step;
      return;
    }
    g.wb = null;
    const r = wb.after!;
    if (r instanceof Effect) this.setPending(g, r);
    else this.returned(g, r);
  }

  /** `g`'s code threw `e` (STOP: a violation it already recorded). Kept off the hot path. */
  private threw(g: G, e: unknown): void {
    g.wb = null; // what it wrote stays written: the run ends here
    endResume();
    this.current = null;
    this.exit(g);
    if (e !== STOP) this.fail('panic', `"${g.name}" threw ${errorText(e)}${isFrozenError(e) ? `. Likely cause: ${FROZEN_HINT}` : ''}`, e);
  }

  /**
   * `g` handed back control with an effect it called but never yielded: a `panic` naming
   * the call (in a run that records its trace; an exploring run's names the goroutine
   * only, and the failing re-run names the call, see `ledger`). A bare `yield m.lock()` is
   * left to `returned`, which says so. Off the hot path.
   */
  private unyielded(g: G, r: IteratorResult<unknown, unknown>): boolean {
    const open = LEDGER.open;
    LEDGER.open = 0;
    // below zero: it yielded effects made before its step (in setup), which is allowed
    if (open < 0 || (!(r instanceof Effect) && r.done !== true)) return false;
    this.exit(g);
    this.fail('panic', unyieldedDetail(g.name, LEDGER.naming ? LEDGER.first : null, open));
    if (!LEDGER.naming) this.violation = { ...this.violation!, unnamed: true };
    return true;
  }

  /** `g`'s body returned, or yielded something that is not an effect (a bare `yield`). */
  private returned(g: G, r: IteratorResult<unknown, unknown>): void {
    this.exit(g);
    if (r.done === true) return;
    const what = r.value instanceof Effect ? `an effect without yield*` : describeStep.value(r.value);
    this.fail('panic', `"${g.name}" yielded ${what}: use yield* with an effect (yield* m.lock())`);
  }

  private setPending(g: G, e: Effect): void {
    g.pending = asOp(e);
    g.phase = Phase.Fresh;
    g.pendingSince = this.step;
    const en = watchPending(this, g);
    if (en !== g.runnable) setRunnable(this, g, en);
    if (!en && this.notes !== null) this.noteWaits(g);
  }

  private noteWaits(g: G): void {
    this.notes!.push(`"${g.name}" waits: ${blockedOn(g)}`);
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
    if (entry !== null) entry.time = this.now;
    t.fired++;
    this.lastTimer = t;
    this.lastGid = -1;
    fireTimer(this, t);
    if (entry !== null) endEntry(this, entry);
  }
}
