/**
 * `pos`: partial order sampling — Yuan, Yang, Gu, "Partial Order Aware Concurrency
 * Sampling", CAV 2018.
 *
 * Every pending event — a runnable goroutine's pending effect, or a due timer's firing —
 * gets a random priority when it first shows up, and the highest-priority event runs.
 * After an event `e` ran, every pending event that races with `e` draws a new priority,
 * and so does the next event of the goroutine that ran (it is a new event). Two effects
 * race when they `conflict`; a timer's firing races with every effect on that timer
 * (stop, reset) and on the channel the firing sends on (a receive on `timer.C`, a
 * `select` with a case on it, a send or close), as the firing is a send. Events that
 * commute keep their priorities, so the relative order of independent events does not
 * skew the sampling: POS samples partial orders far more evenly than a random walk, and
 * unlike PCT it needs no bound on the depth or the length of an execution.
 *
 * An event is identified by its goroutine and that goroutine's step count (a timer's by
 * its id and deadline, so a reset timer is a new event). Blocked goroutines' pending
 * events race and are re-drawn too, as in the paper; a timer that is not due yet draws
 * its priority when it becomes due.
 *
 * `random(n)` and `select` draw uniformly. No parameters; execution `i` of a seed is the
 * same in every process.
 *
 * Yields need nothing special here: a yield touches no object, races with nothing and
 * gets a fresh priority like any new event, so a spawner that yields after each `go` is
 * scheduled like its children (issue 13 checked POS for the yield blindness of PCT and
 * SURW: none). A strategy built on POS (RFF) may add a *band* to each choice's priority,
 * to prefer or avoid some events while keeping POS's order within a band.
 *
 * @example
 *   explore(scenario, { strategy: 'pos', seed: 1, runs: 10_000 });
 */
import { OpKind, type Effect } from '../effect';
import { conflicts } from './dependency';
import { EventPriorities } from './event-priorities';
import { Rng } from './rng';
import type { ChoicePoint, ExecutionOutcome, GoroutineView, Strategy, TimerView } from './strategy';

/**
 * A band added to a runnable goroutine's priority (priorities are in [0, 1), so a higher
 * band always wins); timers are in band `POS_TIMER_BAND`.
 */
export type PosBand = (point: ChoicePoint, g: GoroutineView) => number;

/** The band of a timer firing when a `PosBand` is given. */
export const POS_TIMER_BAND = 2;

export class PosStrategy implements Strategy {
  readonly name = 'pos';
  private readonly rng: Rng;
  /** The priority of every pending event of this execution. */
  private readonly prio: EventPriorities;
  /** What ran at the last step: a goroutine's effect, or null for a timer firing. */
  private lastOp: Effect | null = null;
  /** The goroutine that ran the last step, or -1. */
  private lastGid = -1;
  /** The timer that fired at the last step (its object id, and its channel's or -1), or -1. */
  private lastTimerObj = -1;
  private lastTimerChan = -1;

  /**
   * @param seed any integer or string
   * @param band optional: a band added to each goroutine's priority (see `PosBand`)
   */
  constructor(
    seed: number | string,
    private readonly band: PosBand | null = null,
  ) {
    this.rng = new Rng(seed);
    this.prio = new EventPriorities(this.rng);
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    this.prio.begin();
    this.lastOp = null;
    this.lastGid = -1;
    this.lastTimerObj = -1;
    this.lastTimerChan = -1;
    return true;
  }

  pick(point: ChoicePoint): number {
    const r = point.runnable;
    const f = point.fireable;
    const nR = r.length;
    const band = this.band;
    let best = 0;
    let bestP = -1;
    for (let i = 0; i < nR; i++) {
      const g = r[i]!;
      const p = band === null ? this.prio.goroutine(g.id, g.steps) : this.prio.goroutine(g.id, g.steps) + band(point, g);
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    for (let j = 0; j < f.length; j++) {
      const t = f[j]!;
      const p = band === null ? this.prio.timer(t.timerId, t.deadline) : this.prio.timer(t.timerId, t.deadline) + POS_TIMER_BAND;
      if (p > bestP) {
        bestP = p;
        best = nR + j;
      }
    }
    if (best < nR) {
      const g = r[best]!;
      this.lastOp = g.pending;
      this.lastGid = g.id;
      this.lastTimerObj = -1;
      this.lastTimerChan = -1;
    } else {
      const t = f[best - nR]!;
      this.lastOp = null;
      this.lastGid = -1;
      this.lastTimerObj = t.id;
      this.lastTimerChan = chanOf(t);
    }
    return best;
  }

  /**
   * Re-draws the priorities of the pending events that race with the event that just
   * ran — of every goroutine, runnable or blocked, and of the due timers.
   */
  afterStep(point: ChoicePoint): void {
    const all = point.goroutines;
    const e = this.lastOp;
    if (e !== null) {
      for (let i = 0; i < all.length; i++) {
        const g = all[i]!;
        if (g.done || g.id === this.lastGid || !conflicts(e, g.pending)) continue;
        this.prio.redrawGoroutine(g.id, g.steps);
      }
      const f = point.fireable;
      for (let j = 0; j < f.length; j++) {
        const t = f[j]!;
        if (firingConflicts(t.id, chanOf(t), e)) this.prio.redrawTimer(t.timerId, t.deadline);
      }
    } else if (this.lastTimerObj >= 0) {
      for (let i = 0; i < all.length; i++) {
        const g = all[i]!;
        if (!g.done && firingConflicts(this.lastTimerObj, this.lastTimerChan, g.pending)) this.prio.redrawGoroutine(g.id, g.steps);
      }
    }
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  /**
   * The priority of goroutine `id`'s pending event as drawn so far in this execution
   * (undefined before it was first runnable). For tests and diagnostics.
   */
  priorityOf(id: number): number | undefined {
    return this.prio.peekGoroutine(id);
  }

  /**
   * The priority of the firing of the timer with timer id `timerId` as drawn so far in
   * this execution (undefined before it was first due). For tests and diagnostics.
   */
  timerPriorityOf(timerId: number): number | undefined {
    return this.prio.peekTimer(timerId);
  }

  end(_outcome: ExecutionOutcome): void {}
}

/** The object id of the channel timer `t`'s firing sends on, or -1 (afterFunc, sleep). */
function chanOf(t: TimerView): number {
  return t.chan === null ? -1 : t.chan.id;
}

/**
 * Whether the firing of the timer with object id `timer`, sending on the channel with
 * object id `chan` (-1: none), races with `op`: `op` acts on the timer or on the channel
 * (a `select`: one of its cases does). The firing writes the channel, so every effect on
 * it conflicts, receives included.
 */
function firingConflicts(timer: number, chan: number, op: Effect): boolean {
  const o = op.obj;
  if (o !== null) return o.id === timer || o.id === chan;
  if (op.kind !== OpKind.Select || chan < 0) return false;
  const cases = op.a as readonly Effect[];
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k]!.obj;
    if (c !== null && c.id === chan) return true;
  }
  return false;
}
