/**
 * `surw`: selectively uniform random walk — Zhao, Wolff, Mathur, Roychoudhury,
 * "Selectively Uniform Concurrency Testing", ASPLOS 2025.
 *
 * A random walk that picks uniformly among the runnable goroutines at every step does not
 * sample interleavings uniformly: a goroutine with few steps (one checker among nine busy
 * writers) almost always runs early, so a bug that needs it in the middle of the others'
 * work is rarely seen. Choosing goroutine `g` with probability proportional to the number
 * of steps it has *left* samples every interleaving with the same probability (the
 * weights are the multinomial counts of the completions). SURW applies that uniform walk
 * to a *selected* set of events only — the interesting ones — and schedules the others
 * freely, so the interesting events are interleaved uniformly whatever the rest does:
 *
 * - **Interesting events** are effects on the one shared object the execution selects
 *   (shared: two goroutines use it and at least one changes it, learned from earlier
 *   executions and the current one; private objects, read-only data, `yieldNow`,
 *   `sleep`, `random` and goroutine starts are not), and every timer firing (a timer is
 *   its own participant with one event). Each execution draws its object among the
 *   shared ones but WaitGroups (a join is never a target, see `isCandidate`) in
 *   proportion to their accesses so far, as the artifact draws one target address per
 *   schedule (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c
 *   scripts/period/bench_runner.py, `choose_target_addr`), so that the accesses to each
 *   part of the shared state are interleaved uniformly in the executions that select it.
 *   Selecting them all at once (this strategy's default before) interleaves every
 *   access to every lock and variable uniformly, of which the bug's few are a small
 *   part: CS/twostage took 32.5 executions on average, against 7.5 published. With
 *   `singleProbability` below 1 an execution may select all shared objects or, with
 *   probability `subsetProbability`, a random half (a hash of kind and name decides);
 *   so does the first execution, before anything is learned.
 * - **Weights**: a goroutine's weight is the number of interesting events it is expected
 *   still to execute, *its descendants' included* — per selected object, the mean number
 *   of its accesses in earlier executions (goroutines are matched by their
 *   interleaving-independent key, objects by kind and name), plus those of the goroutines
 *   it will spawn, minus what it executed and what the children it spawned took with
 *   them; at least 1 while its next event is interesting, at most `SURW_MAX_WEIGHT`.
 *   When the target spawns a child, the target passes to the child with probability
 *   child's weight / parent's weight, as in the artifact's `pthread_create`
 *   (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c src/main.zig, "with
 *   probability, transfer alg1_next_id to its child"). So a spawner that yields between
 *   its spawns, as SCTBench's `main` does at each `pthread_create`, is sampled uniformly
 *   with the threads it creates.
 * - **Steps**: every pending event has a random priority (a fresh one per event, the
 *   paper's `rp`), but for the event after an interesting one, which keeps its
 *   goroutine's priority: the artifact re-draws a thread's priority only after it ran an
 *   uninteresting event (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c
 *   src/main.zig, `choose_next_thread_idx`: `pri_callback` resets it on the `alg2`
 *   branch; the `alg1` branch calls `urw_callback` alone). The goroutine that ran the
 *   target's event was the highest-priority one not held back, so it tends to go on
 *   (stringbuffer: 11.4 executions on average without this, 9.1 with it, over seeds
 *   0–59). The highest-priority event runs if it is uninteresting. When it is
 *   interesting, a *target* is drawn among the runnable goroutines and fireable timers
 *   with probability proportional to their weights (once per interesting event); the
 *   event runs if it is the target's, and otherwise its goroutine is held back until the
 *   target has executed an interesting event. If everything runnable is held back (the
 *   target is blocked or finished), every hold is released and a new target drawn.
 * - **Spinning**: a goroutine that polls again and again while nothing else happens
 *   (`spin.ts`) runs only when nothing else can, its polls are not interesting nor
 *   counted in its weight, and each releases every hold (what it waits for may be held
 *   back). A yield or a re-read that is not part of a spin is an ordinary event, as in
 *   the artifact, where `sched_yield` is a scheduling point with a random priority like
 *   any other: running every yield last (as this strategy did before issue 13) ran a
 *   yielding spawner after everything it spawned and never found reorder_N's bug.
 *
 * So uninteresting steps never disturb the uniform order of the interesting ones, and a
 * goroutine with many interesting events left is as likely to go next as its share of
 * what remains. `random(n)` and `select` draw uniformly. Execution `i` of a seed draws
 * the same numbers everywhere; the interesting objects and the weights are learned from
 * the executions this instance ran before it.
 *
 * @example
 *   explore(scenario, { strategy: 'surw', seed: 1, runs: 10_000 });
 */
import { OpKind, type Effect } from '../effect';
import { EventPriorities } from './event-priorities';
import { IdTable } from './id-table';
import { Rng } from './rng';
import { SpinDetector } from './spin';
import { SurwSelection } from './surw-selection';
import type { ChoicePoint, ExecutionOutcome, GoroutineView, Strategy } from './strategy';

export { SURW_MAX_WEIGHT } from './surw-selection';
/** Polls since the last change after which a goroutine spins (see `spin.ts`): a reader that reads a flag twice does not. */
export const SURW_SPIN_POLLS = 2;
/** The default probability that an execution interleaves the accesses to one shared object only (the artifact's selection: every execution). */
export const SURW_SINGLE_PROBABILITY = 1;
/** The probability that an execution not selecting one object interleaves a random half of the shared objects, not all. */
export const SURW_SUBSET_PROBABILITY = 0.5;

export class SurwStrategy implements Strategy {
  readonly name = 'surw';
  private readonly rng: Rng;
  /** Which objects are interesting in this execution, and each goroutine's expected events (learned). */
  private readonly sel = new SurwSelection();
  /** Which goroutine spins in this execution. */
  private readonly spin = new SpinDetector(SURW_SPIN_POLLS);
  /** Goroutines of this execution seen so far (ids below it are known): more in a choice point means spawns. */
  private spawned = 0;
  /** The priority of every pending event (the paper's `rp`). */
  private readonly prio: EventPriorities;
  /** Per goroutine id: the goroutines of this execution. */
  private readonly gs = new IdTable(32);
  /** Interesting events it is expected still to execute (≥ 0; valid while `gs.has(id)`). */
  private readonly gLeft = this.gs.float64();
  /** Held back until the target moves when `gHeld[id] === hold` (valid across executions: `hold` only grows). */
  private readonly gHeld = this.gs.int32();
  /** Per timer id: held back when `tHeld[id] === hold`. */
  private readonly ts = new IdTable(8);
  private readonly tHeld = this.ts.int32();
  /** Current hold stamp; bumping it releases every hold. */
  private hold = 1;
  /** The target: none, a goroutine (`targetId` is its id) or a timer (its timer id). */
  private targetKind: 0 | 1 | 2 = 0;
  private targetId = -1;

  /**
   * @param seed any integer or string
   * @param subsetProbability the probability that an execution that does not select one
   *   object selects a random half of the shared objects instead of all of them (default
   *   1/2; 0 always selects all)
   * @param singleProbability the probability that an execution selects one shared object
   *   only, drawn in proportion to its accesses so far, as the artifact does for every
   *   schedule (default `SURW_SINGLE_PROBABILITY`, 1); otherwise `subsetProbability` decides
   */
  constructor(
    seed: number | string,
    private readonly subsetProbability: number = SURW_SUBSET_PROBABILITY,
    private readonly singleProbability: number = SURW_SINGLE_PROBABILITY,
  ) {
    this.rng = new Rng(seed);
    this.prio = new EventPriorities(this.rng);
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    this.prio.begin();
    this.gs.reset();
    this.spin.begin();
    this.spawned = 0;
    this.release();
    this.sel.begin(this.rng, this.subsetProbability, this.singleProbability);
    return true;
  }

  pick(point: ChoicePoint): number {
    const nR = point.runnable.length;
    const n = nR + point.fireable.length;
    if (point.goroutines.length !== this.spawned) this.children(point);
    for (let pass = 0; pass < 2; pass++) {
      for (let guard = 0; guard <= n; guard++) {
        const best = this.topFree(point);
        if (best < 0) break;
        if (!this.interesting(point, best)) return this.ran(point, best, false);
        if (this.targetKind === 0) this.drawTarget(point, best);
        if (this.isTarget(point, best)) return this.ran(point, best, true);
        if (best < nR) this.gHeld.data[point.runnable[best]!.id as number] = this.hold;
        else this.tHeld.data[point.fireable[best - nR]!.timerId as number] = this.hold;
      }
      this.release();
    }
    return this.ran(point, 0, this.interesting(point, 0));
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  end(_outcome: ExecutionOutcome): void {
    this.sel.end();
  }

  /** The objects (`kind:name`) learned to be interesting so far, sorted. For tests and diagnostics. */
  interestingObjects(): string[] {
    return this.sel.sharedKeys();
  }

  /** The one object (`kind:name`) this execution interleaves uniformly, or null when it selects all or a random half. For tests and diagnostics. */
  selectedObject(): string | null {
    return this.sel.targetKey();
  }

  /**
   * The interesting events the goroutine with key `key` is expected to execute when every
   * object is selected (learned means). For tests and diagnostics.
   */
  expectedEvents(key: string): number | undefined {
    return this.sel.expected(key, false);
  }

  /**
   * `expectedEvents` plus those of every goroutine it spawns, and theirs: its weight at
   * its first step when every object is selected. For tests and diagnostics.
   */
  expectedEventsWithDescendants(key: string): number | undefined {
    return this.sel.expected(key, true);
  }

  /** Bookkeeping for the choice `i` about to run; returns `i`. */
  private ran(point: ChoicePoint, i: number, interesting: boolean): number {
    const nR = point.runnable.length;
    let spin = false;
    if (i < nR) {
      const g = point.runnable[i]!;
      const id = this.touchG(g);
      const op = g.pending;
      spin = this.spin.spinning(point, g);
      if (op.kind === OpKind.Select) {
        const cases = op.a as readonly Effect[];
        for (let k = 0; k < cases.length; k++) this.sel.used(id, cases[k]!);
      } else if (op.obj !== null && g.steps > 0 && !spin) this.sel.used(id, op);
      if (interesting) this.gLeft.data[id] = Math.max(0, this.gLeft.data[id]! - 1);
      // the artifact re-draws a thread's priority only after an event of its alg2 (module comment)
      if (interesting) this.prio.carryGoroutine(id, g.steps + 1);
    }
    this.spin.ran(point, i);
    // A goroutine that spins waits for something, maybe for a goroutine held back: let them go.
    if (interesting || spin) this.release();
    return i;
  }

  /**
   * The goroutines spawned since the last choice point: each takes its expected events
   * out of its parent's weight, and the target, if it is the parent, passes to the child
   * with probability child's weight / parent's weight (the artifact's `pthread_create`).
   */
  private children(point: ChoicePoint): void {
    const all = point.goroutines;
    const parent = point.lastGid >= 0 ? all[point.lastGid] : undefined;
    for (let id = this.spawned; id < all.length; id++) {
      const c = all[id]!;
      this.touchG(c);
      if (parent === undefined || c.key.lastIndexOf('.') !== parent.key.length || !c.key.startsWith(parent.key)) continue;
      const pid = this.touchG(parent);
      const left = this.gLeft.data;
      const before = left[pid]!;
      const w = left[id]!;
      if (this.targetKind === 1 && this.targetId === pid && before > 0 && this.rng.float() * before < w) this.targetId = id;
      left[pid] = Math.max(0, before - w);
    }
    this.spawned = all.length;
  }

  /** Releases every hold and forgets the target. */
  private release(): void {
    this.hold++;
    this.targetKind = 0;
    this.targetId = -1;
  }

  /** The highest-priority choice not held back, or -1. Draws fresh priorities for new events. */
  private topFree(point: ChoicePoint): number {
    const r = point.runnable;
    const f = point.fireable;
    const nR = r.length;
    let best = -1;
    let bestP = -Infinity;
    for (let i = 0; i < nR; i++) {
      const g = r[i]!;
      const id = this.touchG(g);
      if (this.gHeld.data[id] === this.hold) continue;
      const prio = this.prio.goroutine(id, g.steps);
      // a goroutine that spins goes after everything else
      const p = this.spin.spinning(point, g) ? prio - 1 : prio;
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    for (let j = 0; j < f.length; j++) {
      const t = f[j]!;
      const id = t.timerId as number;
      const p = this.prio.timer(id, t.deadline);
      this.ts.fit(id);
      if (this.tHeld.data[id] === this.hold) continue;
      if (p > bestP) {
        bestP = p;
        best = nR + j;
      }
    }
    return best;
  }

  /** Draws the target among the choices not held back, in proportion to their weights. */
  private drawTarget(point: ChoicePoint, examined: number): void {
    const n = point.runnable.length + point.fireable.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.weight(point, i, examined);
    if (total <= 0) {
      this.setTarget(point, examined);
      return;
    }
    let x = this.rng.float() * total;
    let last = examined;
    for (let i = 0; i < n; i++) {
      const w = this.weight(point, i, examined);
      if (w <= 0) continue;
      last = i;
      x -= w;
      if (x < 0) break;
    }
    this.setTarget(point, last);
  }

  /** Weight of choice `i` for the target draw: 0 when held back. */
  private weight(point: ChoicePoint, i: number, examined: number): number {
    const nR = point.runnable.length;
    if (i >= nR) return this.tHeld.data[point.fireable[i - nR]!.timerId as number] === this.hold ? 0 : 1;
    const id = point.runnable[i]!.id as number;
    if (this.gHeld.data[id] === this.hold) return 0;
    const left = this.gLeft.data[id]!;
    return left >= 1 || (i !== examined && !this.interesting(point, i)) ? left : 1;
  }

  private setTarget(point: ChoicePoint, i: number): void {
    const nR = point.runnable.length;
    if (i < nR) {
      this.targetKind = 1;
      this.targetId = point.runnable[i]!.id;
    } else {
      this.targetKind = 2;
      this.targetId = point.fireable[i - nR]!.timerId;
    }
  }

  private isTarget(point: ChoicePoint, i: number): boolean {
    const nR = point.runnable.length;
    return i < nR
      ? this.targetKind === 1 && this.targetId === point.runnable[i]!.id
      : this.targetKind === 2 && this.targetId === point.fireable[i - nR]!.timerId;
  }

  /** Whether the pending event of choice `i` is interesting (and selected). */
  private interesting(point: ChoicePoint, i: number): boolean {
    const nR = point.runnable.length;
    if (i >= nR) return true;
    const g = point.runnable[i]!;
    if (g.steps === 0) return false;
    const op = g.pending;
    if (op.kind === OpKind.Select) {
      const cases = op.a as readonly Effect[];
      for (let k = 0; k < cases.length; k++) if (this.sel.interesting(cases[k]!.obj)) return true;
      return false;
    }
    if (this.spin.spinning(point, g)) return false;
    return this.sel.interesting(op.obj);
  }

  /** Makes goroutine `g` known in this execution (its expected events, descendants' included); returns its id. */
  private touchG(g: GoroutineView): number {
    const id = g.id as number;
    if (this.gs.touch(id)) {
      this.gLeft.data[id] = this.sel.expectedLeft(g);
    }
    return id;
  }
}
