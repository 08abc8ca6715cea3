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
 * use and one changes, learned as in SURW; or a timer firing) or yields (`yieldNow` marks
 * a scheduling point between plain statements, whose captured variables the engine
 * cannot see). A change point before any other step — a goroutine's start, work on its
 * own objects — has the same effect as one before that goroutine's next step that
 * matters, so counting those would only dilute the change points. `k` is the most such points an earlier execution of
 * this strategy took (`DEFAULT_PCT_LENGTH` before the first ended).
 *
 * Two additions for programs that spin (PCT assumes every schedule terminates): a
 * goroutine that *spins* — polls `SPIN_POLLS` times in a row while nothing else happens
 * (see `spin.ts`) — drops below everyone, and one that keeps the processor for
 * `PCT_FAIRNESS_BOUND` consecutive decision points is treated the same way. A goroutine
 * that merely yields keeps its priority: a yield is a step like any other, so PCT keeps
 * its guarantee on programs that mark scheduling points with `yieldNow` or yield after
 * each `go` (issue 13: demoting every yielding goroutine, as shuttle's PCT does, ran such
 * a spawner last and never found SCTBench's reorder_N bugs). Neither addition happens in
 * a program that does not spin, so `depth: 1` never preempts a goroutine that can run.
 *
 * `random(n)` and `select` draw uniformly. Execution `i` of a seed draws the same numbers
 * everywhere; its change points also depend on `k` and on which objects are shared,
 * learned from the executions this instance ran before it.
 *
 * @example
 *   explore(scenario, { strategy: 'pct', depth: 2, seed: 1, runs: 10_000 });
 */
import { OpKind, type Effect } from '../effect';
import { UsageError } from '../errors';
import { IdTable, type Column } from './id-table';
import { isYield } from './polling';
import { Rng } from './rng';
import { SharedObjects } from './shared-objects';
import { SpinDetector } from './spin';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** The default bug depth `d` (two change points). */
export const DEFAULT_PCT_DEPTH = 3;
/** The estimate `k` of decision points per execution before any execution ended. */
export const DEFAULT_PCT_LENGTH = 64;
/** Consecutive decision points one goroutine may hold the processor before it drops below everyone (a busy loop that writes, which `SpinDetector` does not catch). */
export const PCT_FAIRNESS_BOUND = 1000;

export class PctStrategy implements Strategy {
  readonly name = 'pct';
  /** The bug depth `d` ≥ 1: `d − 1` change points per execution. */
  readonly depth: number;
  private readonly rng: Rng;
  /** `k`: the most decision points seen in one execution; 0 until an execution ended. */
  private longest = 0;
  /** The goroutines that have a priority in this execution, by id. */
  private readonly gs = new IdTable(32);
  /** Priority of goroutine `id` (valid while `gs.has(id)`). */
  private readonly gPrio = this.gs.float64();
  /** The timers that have a priority in this execution, by timer id. */
  private readonly ts = new IdTable(8);
  /** Priority of timer `timerId` (valid while `ts.has(id)`). */
  private readonly tPrio = this.ts.float64();
  /** Change points (decision-point numbers, 1-based, distinct) of this execution. */
  private readonly changeAt: Int32Array;
  /** Decision points so far in this execution. */
  private decisions = 0;
  /** The next priority for a goroutine that spins: below every other priority. */
  private low = 0;
  /** The goroutine picked at the last decision point and for how many in a row. */
  private holder = -1;
  private held = 0;
  /** Learned across executions: which objects are shared (steps on them are decision points). */
  private readonly objects = new SharedObjects();
  /** Which goroutine spins (polls in a row while nothing else happens). */
  private readonly spin = new SpinDetector();

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
    this.gs.reset();
    this.ts.reset();
    this.objects.begin();
    this.spin.begin();
    this.decisions = 0;
    this.low = 0;
    this.holder = -1;
    this.held = 0;
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
      if (best < nR && this.spin.spinning(point, point.runnable[best]!)) {
        // it waits for someone else: below everyone (only the last stepper can spin, so once)
        this.setPriority(point, best, this.low--);
        best = this.top(point);
      }
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
        if (op.kind === OpKind.Select) {
          const cases = op.a as readonly Effect[];
          for (let k = 0; k < cases.length; k++) this.objects.use(g.id, cases[k]!);
        } else this.objects.use(g.id, op);
      }
    }
    this.spin.ran(point, best);
    return best;
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  end(_outcome: ExecutionOutcome): void {
    if (this.decisions > this.longest) this.longest = this.decisions;
    this.objects.end();
  }

  /**
   * Whether choice `i` is a step that matters to other goroutines: a timer firing, an
   * effect on an object that two goroutines use and one changes (learned), or a yield —
   * the scheduling point a user marks between plain statements, whose captured variables
   * the engine cannot see. A change point before any other step has the same effect as
   * one before the goroutine's next step that matters, so only those are counted.
   */
  private relevant(point: ChoicePoint, i: number): boolean {
    if (i >= point.runnable.length) return true;
    const g = point.runnable[i]!;
    if (g.steps === 0) return false;
    const op = g.pending;
    if (isYield(op)) return true;
    if (op.kind === OpKind.Select) {
      const cases = op.a as readonly Effect[];
      for (let k = 0; k < cases.length; k++) if (this.objects.isShared(cases[k]!.obj)) return true;
      return false;
    }
    return this.objects.isShared(op.obj);
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
    if (i < nR) return this.draw(this.gs, this.gPrio, point.runnable[i]!.id);
    return this.draw(this.ts, this.tPrio, point.fireable[i - nR]!.timerId);
  }

  /** The priority of `id` in `ids`, drawn in `[d, d+1)` the first time it is seen in this execution. */
  private draw(ids: IdTable, prio: Column<Float64Array>, id: number): number {
    if (ids.touch(id)) prio.data[id] = this.depth + this.rng.float();
    return prio.data[id]!;
  }

  /** Sets the priority of choice `i` (already seen). */
  private setPriority(point: ChoicePoint, i: number, p: number): void {
    const nR = point.runnable.length;
    if (i < nR) this.gPrio.data[point.runnable[i]!.id as number] = p;
    else this.tPrio.data[point.fireable[i - nR]!.timerId as number] = p;
  }
}

/** The index of `c` among the first `n` entries of `a`, or -1. */
function indexOf(a: Int32Array, n: number, c: number): number {
  for (let i = 0; i < n; i++) if (a[i] === c) return i;
  return -1;
}
