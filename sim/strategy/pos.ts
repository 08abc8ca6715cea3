/**
 * `pos`: partial order sampling — Yuan, Yang, Gu, "Partial Order Aware Concurrency
 * Sampling", CAV 2018.
 *
 * Every pending event — a runnable goroutine's pending effect, or a due timer's firing —
 * gets a random priority when it first shows up, and the highest-priority event runs.
 * After an event `e` ran, every pending event that races with `e` (its effect
 * `conflicts` with `e`; for a timer, an effect on that timer) draws a new priority, and
 * so does the next event of the goroutine that ran (it is a new event). Events that
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
 * @example
 *   explore(scenario, { strategy: 'pos', seed: 1, runs: 10_000 });
 */
import type { Effect } from '../effect';
import { conflicts } from './dependency';
import { Rng } from './rng';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

export class PosStrategy implements Strategy {
  readonly name = 'pos';
  private readonly rng: Rng;
  /** Priority of goroutine `id`'s pending event (valid when `gSeen[id] === epoch`). */
  private gPrio = new Float64Array(32);
  private gSeen = new Int32Array(32);
  /** The step count of goroutine `id` when its priority was drawn (its event). */
  private gEvent = new Int32Array(32);
  /** Priority of timer `timerId`'s firing (valid when `tSeen[id] === epoch`). */
  private tPrio = new Float64Array(8);
  private tSeen = new Int32Array(8);
  /** The deadline of timer `timerId` when its priority was drawn. */
  private tEvent = new Float64Array(8);
  /** Execution stamp: starts at 1, so zero-filled slots are unseen. */
  private epoch = 0;
  /** What ran at the last step: the goroutine's effect (or null for a timer) and the timer's object id. */
  private lastOp: Effect | null = null;
  private lastGid = -1;
  private lastTimerObj = -1;

  constructor(seed: number | string) {
    this.rng = new Rng(seed);
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    this.epoch++;
    this.lastOp = null;
    this.lastGid = -1;
    this.lastTimerObj = -1;
    return true;
  }

  pick(point: ChoicePoint): number {
    const r = point.runnable;
    const f = point.fireable;
    const nR = r.length;
    let best = 0;
    let bestP = -1;
    for (let i = 0; i < nR; i++) {
      const g = r[i]!;
      const id = g.id as number;
      if (id >= this.gSeen.length) this.growG(id);
      if (this.gSeen[id] !== this.epoch || this.gEvent[id] !== g.steps) {
        this.gSeen[id] = this.epoch;
        this.gEvent[id] = g.steps;
        this.gPrio[id] = this.rng.float();
      }
      const p = this.gPrio[id]!;
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    for (let j = 0; j < f.length; j++) {
      const t = f[j]!;
      const id = t.timerId as number;
      if (id >= this.tSeen.length) this.growT(id);
      if (this.tSeen[id] !== this.epoch || this.tEvent[id] !== t.deadline) {
        this.tSeen[id] = this.epoch;
        this.tEvent[id] = t.deadline;
        this.tPrio[id] = this.rng.float();
      }
      const p = this.tPrio[id]!;
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
    } else {
      this.lastOp = null;
      this.lastGid = -1;
      this.lastTimerObj = f[best - nR]!.id;
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
        this.redrawG(g.id, g.steps);
      }
      const obj = e.obj;
      if (obj !== null && obj.kind === 'timer') {
        const f = point.fireable;
        for (let j = 0; j < f.length; j++) if (f[j]!.id === obj.id) this.redrawT(f[j]!.timerId, f[j]!.deadline);
      }
    } else if (this.lastTimerObj >= 0) {
      for (let i = 0; i < all.length; i++) {
        const g = all[i]!;
        const o = g.pending.obj;
        if (!g.done && o !== null && o.id === this.lastTimerObj) this.redrawG(g.id, g.steps);
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
    return id < this.gSeen.length && this.gSeen[id] === this.epoch ? this.gPrio[id] : undefined;
  }

  end(_outcome: ExecutionOutcome): void {}

  private redrawG(id: number, steps: number): void {
    if (id >= this.gSeen.length) this.growG(id);
    this.gSeen[id] = this.epoch;
    this.gEvent[id] = steps;
    this.gPrio[id] = this.rng.float();
  }

  private redrawT(id: number, deadline: number): void {
    if (id >= this.tSeen.length) this.growT(id);
    this.tSeen[id] = this.epoch;
    this.tEvent[id] = deadline;
    this.tPrio[id] = this.rng.float();
  }

  private growG(id: number): void {
    const size = Math.max(id + 1, this.gSeen.length * 2);
    const p = new Float64Array(size);
    p.set(this.gPrio);
    const s = new Int32Array(size);
    s.set(this.gSeen);
    const e = new Int32Array(size);
    e.set(this.gEvent);
    this.gPrio = p;
    this.gSeen = s;
    this.gEvent = e;
  }

  private growT(id: number): void {
    const size = Math.max(id + 1, this.tSeen.length * 2);
    const p = new Float64Array(size);
    p.set(this.tPrio);
    const s = new Int32Array(size);
    s.set(this.tSeen);
    const e = new Float64Array(size);
    e.set(this.tEvent);
    this.tPrio = p;
    this.tSeen = s;
    this.tEvent = e;
  }
}
