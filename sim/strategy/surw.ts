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
 * - **Interesting events** are effects on objects that two goroutines use and at least
 *   one of them changes (learned from earlier executions and the current one; private
 *   objects, read-only data, `yieldNow`, `sleep`, `random` and goroutine starts are not),
 *   and every timer firing (a timer is its own participant with one event). Each
 *   execution selects all of those objects or, with probability `subsetProbability`
 *   (1/2), a random half of them (a hash of the object's kind and name decides), so that
 *   the accesses to each part of the shared state get interleaved uniformly in some
 *   executions.
 * - **Weights**: a goroutine's weight is the number of interesting events it is expected
 *   still to execute — per selected object, the mean number of its accesses in earlier
 *   executions (goroutines are matched by their interleaving-independent key, objects by
 *   kind and name), minus what it executed so far; at least 1 while its next event is
 *   interesting, at most `SURW_MAX_WEIGHT`.
 * - **Steps**: every pending event has a random priority (a fresh one per event, the
 *   paper's `rp`). The highest-priority event runs if it is uninteresting. When it is
 *   interesting, a *target* is drawn among the runnable goroutines and fireable timers
 *   with probability proportional to their weights (once per interesting event); the
 *   event runs if it is the target's, and otherwise its goroutine is held back until the
 *   target has executed an interesting event. If everything runnable is held back (the
 *   target is blocked or finished), every hold is released and a new target drawn.
 * - **Spinning**: a goroutine that re-reads an object it already read since the last
 *   write anywhere, or yields, is polling: that step is not interesting, is not counted
 *   in its weight, runs only when nothing else can, and releases every hold (what it
 *   waits for may be held back). Without this a spin loop would earn an ever larger
 *   weight and starve the goroutine it waits for.
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
import { OpKind, type Effect, type ObjectRef } from '../effect';
import { isRead } from './dependency';
import { Rng } from './rng';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** Object flags: used by two goroutines, and changed by one. Interesting when both are set. */
const MULTI = 1;
const WRITTEN = 2;
const SHARED_WRITTEN = MULTI | WRITTEN;
/** The most interesting events a goroutine is expected to have (a bound on how spinning can skew the weights). */
export const SURW_MAX_WEIGHT = 1000;
/** Objects a goroutine's re-reads are remembered for (see `redundant`). */
const READS = 4;
/** The default probability that an execution interleaves a random half of the shared objects, not all. */
export const SURW_SUBSET_PROBABILITY = 0.5;

/** What is learned about an object across executions. */
interface ObjectStat {
  flags: number;
  /** A hash of its key, for the per-execution selection. */
  readonly hash: number;
}

/** What is learned about a goroutine (by key) across executions. */
interface GoroutineStat {
  /** Executions it took part in. */
  runs: number;
  /** Object key → accesses over those executions. */
  readonly accesses: Map<string, number>;
}

export class SurwStrategy implements Strategy {
  readonly name = 'surw';
  private readonly rng: Rng;
  /** Learned across executions, by `kind:name`. */
  private readonly objects = new Map<string, ObjectStat>();
  /** Learned across executions, by goroutine key (interleaving-independent: `0`, `1.0`…). */
  private readonly goroutines = new Map<string, GoroutineStat>();
  /** Execution stamp: starts at 1, so zero-filled slots are unseen. */
  private epoch = 0;
  /** This execution interleaves only the objects whose hash has bit `salt` set; -1: all. */
  private salt = -1;
  // Per goroutine id (valid when gSeen[id] === epoch).
  private gSeen = new Int32Array(32);
  private gPrio = new Float64Array(32);
  /** The goroutine's step count when its priority was drawn. */
  private gEvent = new Int32Array(32);
  /** Interesting events it is expected still to execute (≥ 0). */
  private gLeft = new Float64Array(32);
  /** Held back until the target moves when `gHeld[id] === hold`. */
  private gHeld = new Int32Array(32);
  /** The goroutine's key. */
  private gKey: string[] = [];
  private gMax = -1;
  /**
   * Re-reads: `gReads[READS·id ..]` holds (up to READS) objects goroutine `id` read while
   * the write clock stood at `gReadClock[id]`; `gReadN[id]` how many.
   */
  private gReads = new Int32Array(32 * READS);
  private gReadN = new Int32Array(32);
  private gReadClock = new Float64Array(32);
  /** Write clock: effects that may change an object, so far in this execution. */
  private writes = 0;
  // Per timer id.
  private tSeen = new Int32Array(8);
  private tPrio = new Float64Array(8);
  private tEvent = new Float64Array(8);
  private tHeld = new Int32Array(8);
  // Per object id.
  private oSeen = new Int32Array(32);
  /** First goroutine that used it (+1), or 0. */
  private oFirst = new Int32Array(32);
  /** Flags seen in this execution | flags learned before. */
  private oFlags = new Int32Array(32);
  /** 1 when selected in this execution. */
  private oSel = new Int32Array(32);
  private oKey: string[] = [];
  private oMax = -1;
  /** The accesses of this execution: goroutine `log[2k]` used object `log[2k+1]`. */
  private log = new Int32Array(256);
  private logN = 0;
  /** Current hold stamp; bumping it releases every hold. */
  private hold = 1;
  /** The target: none, a goroutine (`targetId` is its id) or a timer (its timer id). */
  private targetKind: 0 | 1 | 2 = 0;
  private targetId = -1;

  /**
   * @param seed any integer or string
   * @param subsetProbability the probability that an execution selects a random half of
   *   the shared objects instead of all of them (default 1/2; 0 always selects all)
   */
  constructor(
    seed: number | string,
    private readonly subsetProbability: number = SURW_SUBSET_PROBABILITY,
  ) {
    this.rng = new Rng(seed);
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    this.epoch++;
    this.hold++;
    this.targetKind = 0;
    this.targetId = -1;
    this.gMax = -1;
    this.oMax = -1;
    this.logN = 0;
    this.writes = 0;
    this.salt = this.rng.float() < this.subsetProbability ? this.rng.int(32) : -1;
    return true;
  }

  pick(point: ChoicePoint): number {
    const nR = point.runnable.length;
    const n = nR + point.fireable.length;
    for (let pass = 0; pass < 2; pass++) {
      for (let guard = 0; guard <= n; guard++) {
        const best = this.topFree(point);
        if (best < 0) break;
        if (!this.interesting(point, best)) return this.ran(point, best, false);
        if (this.targetKind === 0) this.drawTarget(point, best);
        if (this.isTarget(point, best)) return this.ran(point, best, true);
        if (best < nR) this.gHeld[point.runnable[best]!.id as number] = this.hold;
        else this.tHeld[point.fireable[best - nR]!.timerId as number] = this.hold;
      }
      this.release();
    }
    return this.ran(point, 0, this.interesting(point, 0));
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  end(_outcome: ExecutionOutcome): void {
    for (let id = 0; id <= this.oMax; id++) {
      if (this.oSeen[id] !== this.epoch) continue;
      const key = this.oKey[id]!;
      const stat = this.objects.get(key);
      if (stat === undefined) this.objects.set(key, { flags: this.oFlags[id]!, hash: hash(key) });
      else stat.flags |= this.oFlags[id]!;
    }
    for (let id = 0; id <= this.gMax; id++) {
      if (this.gSeen[id] !== this.epoch) continue;
      const name = this.gKey[id]!;
      const stat = this.goroutines.get(name);
      if (stat === undefined) this.goroutines.set(name, { runs: 1, accesses: new Map() });
      else stat.runs++;
    }
    const log = this.log;
    for (let k = 0; k < this.logN; k += 2) {
      const accesses = this.goroutines.get(this.gKey[log[k]!]!)!.accesses;
      const key = this.oKey[log[k + 1]!]!;
      accesses.set(key, (accesses.get(key) ?? 0) + 1);
    }
  }

  /** The objects (`kind:name`) learned to be interesting so far, sorted. For tests and diagnostics. */
  interestingObjects(): string[] {
    return [...this.objects]
      .filter(([, o]) => (o.flags & SHARED_WRITTEN) === SHARED_WRITTEN)
      .map(([k]) => k)
      .sort();
  }

  /**
   * The interesting events the goroutine with key `key` is expected to execute when every
   * object is selected (learned means). For tests and diagnostics.
   */
  expectedEvents(key: string): number | undefined {
    const g = this.goroutines.get(key);
    return g === undefined ? undefined : this.expected(g, false);
  }

  /** Expected interesting events of `g` over the selected objects (all, when `selective` is false). */
  private expected(g: GoroutineStat, selective: boolean): number {
    let sum = 0;
    for (const [key, count] of g.accesses) {
      if (!key.startsWith('timer:')) {
        const o = this.objects.get(key);
        if (o === undefined || (o.flags & SHARED_WRITTEN) !== SHARED_WRITTEN) continue;
        if (selective && this.salt >= 0 && ((o.hash >>> this.salt) & 1) === 0) continue;
      }
      sum += count;
    }
    return sum / g.runs;
  }

  /** Bookkeeping for the choice `i` about to run; returns `i`. */
  private ran(point: ChoicePoint, i: number, interesting: boolean): number {
    const nR = point.runnable.length;
    let spin = false;
    if (i < nR) {
      const g = point.runnable[i]!;
      const id = this.touchG(point, i);
      const op = g.pending;
      spin = this.spinning(id, op, g.steps);
      if (op.kind === OpKind.Select) {
        const cases = op.a as readonly Effect[];
        for (let k = 0; k < cases.length; k++) this.used(id, cases[k]!);
        this.writes++;
      } else if (op.obj !== null && g.steps > 0 && !spin) {
        this.used(id, op);
        if (isRead(op)) this.remember(id, op.obj);
        else this.writes++;
      }
      if (interesting) this.gLeft[id] = Math.max(0, this.gLeft[id]! - 1);
    }
    // A goroutine that spins waits for something, maybe for a goroutine held back: let them go.
    if (interesting || spin) this.release();
    return i;
  }

  /**
   * Whether goroutine `gid` already read `o` since the last effect that may have changed
   * anything: a re-read (a spin loop polling a flag) learns nothing new, so it is not an
   * interesting event and is not counted — otherwise a spinning goroutine would get an
   * ever larger weight and starve the goroutine it waits for.
   */
  private redundant(gid: number, o: ObjectRef): boolean {
    if (this.gReadClock[gid] !== this.writes) return false;
    const base = gid * READS;
    const n = this.gReadN[gid]!;
    for (let k = 0; k < n; k++) if (this.gReads[base + k] === o.id) return true;
    return false;
  }

  /** Whether the pending effect `op` of goroutine `gid` is a yield or a re-read. */
  private spinning(gid: number, op: Effect, steps: number): boolean {
    if (steps === 0) return false;
    if (op.kind === OpKind.Yield) return true;
    if (op.kind === OpKind.Sleep) return !((op.a as number) > 0);
    return op.obj !== null && isRead(op) && this.redundant(gid, op.obj);
  }

  private remember(gid: number, o: ObjectRef): void {
    if (this.gReadClock[gid] !== this.writes) {
      this.gReadClock[gid] = this.writes;
      this.gReadN[gid] = 0;
    }
    const n = this.gReadN[gid]!;
    this.gReads[gid * READS + (n % READS)] = o.id;
    if (n < READS) this.gReadN[gid] = n + 1;
  }

  /** Records that goroutine `gid` applies `op` (for learning which objects are shared, and how often each goroutine uses them). */
  private used(gid: number, op: Effect): void {
    const o = op.obj;
    if (o === null) return;
    const id = this.touchO(o);
    const first = this.oFirst[id]!;
    if (first === 0) this.oFirst[id] = gid + 1;
    else if (first !== gid + 1) this.oFlags[id]! |= MULTI;
    if (!isRead(op)) this.oFlags[id]! |= WRITTEN;
    if (this.logN + 2 > this.log.length) this.log = grow(this.log, new Int32Array(this.log.length * 2));
    this.log[this.logN++] = gid;
    this.log[this.logN++] = id;
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
      const id = this.touchG(point, i);
      if (this.gHeld[id] === this.hold) continue;
      if (this.gEvent[id] !== g.steps) {
        this.gEvent[id] = g.steps;
        this.gPrio[id] = this.rng.float();
      }
      // a goroutine that yields or re-reads (spins) goes after everything else
      const p = this.spinning(g.id, g.pending, g.steps) ? this.gPrio[id]! - 1 : this.gPrio[id]!;
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    for (let j = 0; j < f.length; j++) {
      const t = f[j]!;
      const id = this.touchT(t.timerId as number, t.deadline);
      if (this.tHeld[id] === this.hold) continue;
      const p = this.tPrio[id]!;
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
    if (i >= nR) return this.tHeld[point.fireable[i - nR]!.timerId as number] === this.hold ? 0 : 1;
    const id = point.runnable[i]!.id as number;
    if (this.gHeld[id] === this.hold) return 0;
    const left = this.gLeft[id]!;
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
      for (let k = 0; k < cases.length; k++) if (this.interestingObj(cases[k]!.obj)) return true;
      return false;
    }
    if (op.obj !== null && isRead(op) && this.redundant(g.id, op.obj)) return false;
    return this.interestingObj(op.obj);
  }

  private interestingObj(o: ObjectRef | null): boolean {
    if (o === null) return false;
    if (o.kind === 'timer') return true;
    const id = this.touchO(o);
    return this.oSel[id] === 1 && (this.oFlags[id]! & SHARED_WRITTEN) === SHARED_WRITTEN;
  }

  /** Makes goroutine choice `i` known in this execution; returns its id. */
  private touchG(point: ChoicePoint, i: number): number {
    const g = point.runnable[i]!;
    const id = g.id as number;
    if (id >= this.gSeen.length) this.growG(id);
    if (this.gSeen[id] !== this.epoch) {
      this.gSeen[id] = this.epoch;
      this.gEvent[id] = g.steps;
      this.gPrio[id] = this.rng.float();
      this.gKey[id] = g.key;
      const stat = this.goroutines.get(g.key);
      this.gLeft[id] = stat === undefined ? 0 : Math.min(SURW_MAX_WEIGHT, Math.round(this.expected(stat, true)));
      this.gReadClock[id] = -1;
      this.gReadN[id] = 0;
      if (id > this.gMax) this.gMax = id;
    }
    return id;
  }

  /** Makes timer `id` known in this execution, a new event when its deadline changed; returns `id`. */
  private touchT(id: number, deadline: number): number {
    if (id >= this.tSeen.length) this.growT(id);
    if (this.tSeen[id] !== this.epoch || this.tEvent[id] !== deadline) {
      this.tSeen[id] = this.epoch;
      this.tEvent[id] = deadline;
      this.tPrio[id] = this.rng.float();
    }
    return id;
  }

  /** Makes object `o` known in this execution; returns its id. */
  private touchO(o: ObjectRef): number {
    const id = o.id as number;
    if (id >= this.oSeen.length) this.growO(id);
    if (this.oSeen[id] !== this.epoch) {
      const key = `${o.kind}:${o.name}`;
      const stat = this.objects.get(key);
      this.oSeen[id] = this.epoch;
      this.oFirst[id] = 0;
      this.oKey[id] = key;
      this.oFlags[id] = stat === undefined ? 0 : stat.flags;
      this.oSel[id] = this.salt < 0 || (((stat === undefined ? hash(key) : stat.hash) >>> this.salt) & 1) === 1 ? 1 : 0;
      if (id > this.oMax) this.oMax = id;
    }
    return id;
  }

  private growG(id: number): void {
    const size = Math.max(id + 1, this.gSeen.length * 2);
    this.gSeen = grow(this.gSeen, new Int32Array(size));
    this.gPrio = grow(this.gPrio, new Float64Array(size));
    this.gEvent = grow(this.gEvent, new Int32Array(size));
    this.gLeft = grow(this.gLeft, new Float64Array(size));
    this.gHeld = grow(this.gHeld, new Int32Array(size));
    this.gReads = grow(this.gReads, new Int32Array(size * READS));
    this.gReadN = grow(this.gReadN, new Int32Array(size));
    this.gReadClock = grow(this.gReadClock, new Float64Array(size));
  }

  private growT(id: number): void {
    const size = Math.max(id + 1, this.tSeen.length * 2);
    this.tSeen = grow(this.tSeen, new Int32Array(size));
    this.tPrio = grow(this.tPrio, new Float64Array(size));
    this.tEvent = grow(this.tEvent, new Float64Array(size));
    this.tHeld = grow(this.tHeld, new Int32Array(size));
  }

  private growO(id: number): void {
    const size = Math.max(id + 1, this.oSeen.length * 2);
    this.oSeen = grow(this.oSeen, new Int32Array(size));
    this.oFirst = grow(this.oFirst, new Int32Array(size));
    this.oFlags = grow(this.oFlags, new Int32Array(size));
    this.oSel = grow(this.oSel, new Int32Array(size));
  }
}

function grow<A extends Int32Array | Float64Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

/** FNV-1a of a string, 32 bits: stable across processes, unlike object identity. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
