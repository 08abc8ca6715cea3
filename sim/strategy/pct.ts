/**
 * `pct`: probabilistic concurrency testing — Burckhardt, Kothari, Musuvathi, Nagarakatte,
 * "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010.
 *
 * Every participant — each goroutine, and each timer as soon as it can fire — gets a
 * random priority in `[d, d+1)` when it first appears (a uniformly random rank among the
 * participants so far), and the highest-priority choice always runs. `d − 1` priority
 * change points are drawn uniformly and without repetition from `1..k`; at the i-th the
 * goroutine (or timer) about to run drops to priority `i < d`, below every initial
 * priority, so something else runs. A bug of depth `d` among `n` participants is found
 * with probability at least `1 / (n · k^(d−1))` per execution.
 *
 * `k` counts *decision points that matter*: steps with at least two choices whose
 * top-priority choice touches shared state (an effect on an object that two goroutines
 * use and one changes, learned as in SURW; or a timer firing). A change point before any
 * other step — a goroutine's start, a yield, work on its own objects — has the same
 * effect as one before that goroutine's next step that matters, so counting those would
 * only dilute the change points. `k` is the most such points an earlier execution of
 * this strategy took (`DEFAULT_PCT_LENGTH` before the first ended).
 *
 * Two additions for programs that spin (PCT assumes every schedule terminates): a
 * goroutine that yields (`yieldNow`, `sleep(0)`) drops below everyone, as in shuttle's
 * PCT, and one that keeps the processor for `PCT_FAIRNESS_BOUND` consecutive decision
 * points is treated as if it had yielded. Neither happens in a program that does not
 * yield or spin, so `depth: 1` never preempts a goroutine that can run.
 *
 * `random(n)` and `select` draw uniformly. Execution `i` of a seed draws the same numbers
 * everywhere; its change points also depend on `k` and on which objects are shared,
 * learned from the executions this instance ran before it.
 *
 * @example
 *   explore(scenario, { strategy: 'pct', depth: 2, seed: 1, runs: 10_000 });
 */
import { OpKind, type Effect, type ObjectRef } from '../effect';
import { UsageError } from '../errors';
import { isRead } from './dependency';
import { Rng } from './rng';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** The default bug depth `d` (two change points). */
export const DEFAULT_PCT_DEPTH = 3;
/** The estimate `k` of decision points per execution before any execution ended. */
export const DEFAULT_PCT_LENGTH = 64;
/** Consecutive decision points one goroutine may hold the processor before it is made to yield. */
export const PCT_FAIRNESS_BOUND = 1000;

/** Object flags: used by two goroutines, and changed by one. Shared when both are set. */
const MULTI = 1;
const WRITTEN = 2;
const SHARED = MULTI | WRITTEN;

export class PctStrategy implements Strategy {
  readonly name = 'pct';
  /** The bug depth `d` ≥ 1: `d − 1` change points per execution. */
  readonly depth: number;
  private readonly rng: Rng;
  /** `k`: the most decision points seen in one execution; 0 until an execution ended. */
  private longest = 0;
  /** Priority of goroutine `id` (valid when `gSeen[id] === epoch`). */
  private gPrio = new Float64Array(32);
  private gSeen = new Int32Array(32);
  /** Priority of timer `timerId` (valid when `tSeen[id] === epoch`). */
  private tPrio = new Float64Array(8);
  private tSeen = new Int32Array(8);
  /** Execution stamp for `gSeen`/`tSeen`: starts at 1, so zero-filled slots are unseen. */
  private epoch = 0;
  /** Change points (decision-point numbers, 1-based, distinct) of this execution. */
  private readonly changeAt: Int32Array;
  /** Decision points so far in this execution. */
  private decisions = 0;
  /** The next priority for a goroutine that yields: below every other priority. */
  private low = 0;
  /** The goroutine picked at the last decision point and for how many in a row. */
  private holder = -1;
  private held = 0;
  /** Learned across executions: object (`kind:name`) → flags. */
  private readonly objects = new Map<string, number>();
  /** Per object id (valid when `oSeen[id] === epoch`): first goroutine to use it (+1), flags. */
  private oSeen = new Int32Array(32);
  private oFirst = new Int32Array(32);
  private oFlags = new Int32Array(32);
  private oRef: (ObjectRef | undefined)[] = [];
  private oMax = -1;

  /**
   * @param seed any integer or string
   * @param depth bug depth `d` ≥ 1 (default 3)
   * @param length an initial estimate of decision points per execution (default 64)
   */
  constructor(seed: number | string, depth: number = DEFAULT_PCT_DEPTH, length?: number) {
    if (!(Number.isSafeInteger(depth) && depth >= 1)) throw new UsageError(`pct: depth must be a positive integer, got ${String(depth)}`);
    this.depth = depth;
    this.rng = new Rng(seed);
    this.changeAt = new Int32Array(depth - 1);
    if (length !== undefined && length >= 1) this.longest = Math.floor(length);
  }

  /** The change points of the current execution (decision-point numbers). For tests and diagnostics. */
  get changePoints(): readonly number[] {
    return [...this.changeAt];
  }

  /** Decision points counted in the current (or last) execution. */
  get decisionPoints(): number {
    return this.decisions;
  }

  /** The estimate `k` the next execution draws its change points from. */
  get length(): number {
    return this.longest > 0 ? this.longest : DEFAULT_PCT_LENGTH;
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    this.epoch++;
    this.decisions = 0;
    this.low = 0;
    this.holder = -1;
    this.held = 0;
    this.oMax = -1;
    const k = this.length;
    const cps = this.changeAt;
    for (let i = 0; i < cps.length; i++) {
      // distinct points: the first d-1 draws of 1..k without repetition; past the end when k < d-1
      let c = 1 + this.rng.int(k);
      if (i >= k) c = k + 1 + i;
      else while (indexOf(cps, i, c) >= 0) c = 1 + this.rng.int(k);
      cps[i] = c;
    }
    return true;
  }

  pick(point: ChoicePoint): number {
    const nR = point.runnable.length;
    const n = nR + point.fireable.length;
    let best = 0;
    if (n > 1) {
      best = this.top(point);
      if (this.relevant(point, best)) {
        this.decisions++;
        const cps = this.changeAt;
        for (let i = 0; i < cps.length; i++) {
          if (cps[i] === this.decisions) {
            this.setPriority(point, best, i + 1);
            best = this.top(point);
            break;
          }
        }
      }
      if (best < nR) {
        const id = point.runnable[best]!.id as number;
        if (id === this.holder) {
          if (++this.held >= PCT_FAIRNESS_BOUND) {
            this.setPriority(point, best, this.low--);
            this.held = 0;
            best = this.top(point);
          }
        } else {
          this.holder = id;
          this.held = 1;
        }
      }
    }
    if (best < nR) {
      const g = point.runnable[best]!;
      const op = g.pending;
      if (g.steps > 0) {
        if (op.kind === OpKind.Yield || (op.kind === OpKind.Sleep && !((op.a as number) > 0))) {
          this.priority(point, best);
          this.setPriority(point, best, this.low--);
        } else if (op.kind === OpKind.Select) {
          const cases = op.a as readonly Effect[];
          for (let k = 0; k < cases.length; k++) this.used(g.id, cases[k]!);
        } else if (op.obj !== null) this.used(g.id, op);
      }
    }
    return best;
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  end(_outcome: ExecutionOutcome): void {
    if (this.decisions > this.longest) this.longest = this.decisions;
    for (let id = 0; id <= this.oMax; id++) {
      if (this.oSeen[id] !== this.epoch) continue;
      const o = this.oRef[id]!;
      const key = `${o.kind}:${o.name}`;
      this.objects.set(key, (this.objects.get(key) ?? 0) | this.oFlags[id]!);
    }
  }

  /**
   * Whether choice `i` is a step that matters to other goroutines: a timer firing, or an
   * effect on an object that two goroutines use and one changes (learned). A change point
   * before any other step has the same effect as one before the goroutine's next step
   * that matters, so only those are counted.
   */
  private relevant(point: ChoicePoint, i: number): boolean {
    if (i >= point.runnable.length) return true;
    const g = point.runnable[i]!;
    if (g.steps === 0) return false;
    const op = g.pending;
    if (op.kind === OpKind.Select) {
      const cases = op.a as readonly Effect[];
      for (let k = 0; k < cases.length; k++) if (this.sharedObj(cases[k]!.obj)) return true;
      return false;
    }
    return this.sharedObj(op.obj);
  }

  private sharedObj(o: ObjectRef | null): boolean {
    if (o === null) return false;
    if (o.kind === 'timer') return true;
    return (this.oFlags[this.touchO(o)]! & SHARED) === SHARED;
  }

  /** Records that goroutine `gid` applies `op`. */
  private used(gid: number, op: Effect): void {
    const o = op.obj;
    if (o === null) return;
    const id = this.touchO(o);
    const first = this.oFirst[id]!;
    if (first === 0) this.oFirst[id] = gid + 1;
    else if (first !== gid + 1) this.oFlags[id]! |= MULTI;
    if (!isRead(op)) this.oFlags[id]! |= WRITTEN;
  }

  /** Makes object `o` known in this execution; returns its id. */
  private touchO(o: ObjectRef): number {
    const id = o.id as number;
    if (id >= this.oSeen.length) {
      const size = Math.max(id + 1, this.oSeen.length * 2);
      const seen = new Int32Array(size);
      seen.set(this.oSeen);
      const first = new Int32Array(size);
      first.set(this.oFirst);
      const flags = new Int32Array(size);
      flags.set(this.oFlags);
      this.oSeen = seen;
      this.oFirst = first;
      this.oFlags = flags;
    }
    if (this.oSeen[id] !== this.epoch) {
      this.oSeen[id] = this.epoch;
      this.oFirst[id] = 0;
      this.oRef[id] = o;
      this.oFlags[id] = this.objects.size === 0 ? 0 : (this.objects.get(`${o.kind}:${o.name}`) ?? 0);
      if (id > this.oMax) this.oMax = id;
    }
    return id;
  }

  /** The index of the highest-priority choice (ties, which need equal draws, go to the first). */
  private top(point: ChoicePoint): number {
    const n = point.runnable.length + point.fireable.length;
    let best = 0;
    let bestP = -Infinity;
    for (let i = 0; i < n; i++) {
      const p = this.priority(point, i);
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    return best;
  }

  /** The priority of choice `i`, drawn in `[d, d+1)` the first time it is seen. */
  private priority(point: ChoicePoint, i: number): number {
    const nR = point.runnable.length;
    if (i < nR) {
      const id = point.runnable[i]!.id as number;
      if (id >= this.gSeen.length) this.growG(id);
      if (this.gSeen[id] !== this.epoch) {
        this.gSeen[id] = this.epoch;
        this.gPrio[id] = this.depth + this.rng.float();
      }
      return this.gPrio[id]!;
    }
    const id = point.fireable[i - nR]!.timerId as number;
    if (id >= this.tSeen.length) this.growT(id);
    if (this.tSeen[id] !== this.epoch) {
      this.tSeen[id] = this.epoch;
      this.tPrio[id] = this.depth + this.rng.float();
    }
    return this.tPrio[id]!;
  }

  /** Sets the priority of choice `i` (already seen). */
  private setPriority(point: ChoicePoint, i: number, p: number): void {
    const nR = point.runnable.length;
    if (i < nR) this.gPrio[point.runnable[i]!.id as number] = p;
    else this.tPrio[point.fireable[i - nR]!.timerId as number] = p;
  }

  private growG(id: number): void {
    const size = Math.max(id + 1, this.gSeen.length * 2);
    const p = new Float64Array(size);
    p.set(this.gPrio);
    const s = new Int32Array(size);
    s.set(this.gSeen);
    this.gPrio = p;
    this.gSeen = s;
  }

  private growT(id: number): void {
    const size = Math.max(id + 1, this.tSeen.length * 2);
    const p = new Float64Array(size);
    p.set(this.tPrio);
    const s = new Int32Array(size);
    s.set(this.tSeen);
    this.tPrio = p;
    this.tSeen = s;
  }
}

/** The index of `c` among the first `n` entries of `a`, or -1. */
function indexOf(a: Int32Array, n: number, c: number): number {
  for (let i = 0; i < n; i++) if (a[i] === c) return i;
  return -1;
}
