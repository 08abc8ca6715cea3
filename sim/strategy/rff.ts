/**
 * `rff`: reads-from fuzzing — Wolff, Shi, Duck, Mathur, Roychoudhury, "Greybox Fuzzing
 * for Concurrency Testing", ASPLOS 2024; artifact dylanjwolff/RFF@b717e06022d891725f566555ebfbfab7c8a44761
 * (sched-fuzz/libsched.cpp, the scheduler; sched-fuzz/AFL-2.57b/mutator.zig, the
 * mutations).
 *
 * A greybox fuzzer whose inputs are *abstract schedules*: a seed for partial order
 * sampling's priorities (POS, `pos.ts`) and a few reads-from constraints over abstract
 * events (`reads-from.ts`) — positive, "event r reads from write w", or negative, "r does
 * not read from w". It keeps a corpus of the schedules that showed a reads-from pair
 * never seen before, and each execution runs a mutant of one of them:
 *
 * - **Scheduling**: POS, with each runnable goroutine's priority raised to a *take* band
 *   or lowered to an *avoid* band by the constraints still open (the artifact's
 *   `should_take` and `should_avoid`). For `r ← w`: take `w`; then take `r` once `w` is
 *   its object's last write, avoid it before, and avoid other writes to the object while
 *   `w` is the last. For `r ↚ w`: avoid `w`, take `r` while `w` is not the last write,
 *   avoid it while it is; for `r ↚ INIT`, take writes to the object first. A constraint
 *   closes when an `r` runs. A goroutine that spins (`spin.ts`) goes below every band.
 * - **Feedback**: the schedule joins the corpus when its execution observed a reads-from
 *   pair no earlier execution of this instance did (the artifact's `ALL_RFF` bitmap).
 * - **Mutations** (`mutator.zig`, `mutate`): one of insert a constraint (drawn from the
 *   candidate pairs, by object group, see `reads-from.ts`; positive with probability
 *   1/9), replace one, negate one, or draw a
 *   new POS seed; the others keep the parent's seed, so the mutant explores the parent's
 *   neighbourhood.
 * - **Corpus**: with probability `RFF_FRESH` (and while the corpus is empty) a fresh
 *   schedule (a new seed, no constraint); else a parent drawn by a two-way tournament
 *   that prefers the entry mutated fewer times (the artifact's power schedule gives less
 *   energy to schedules fuzzed more).
 *
 * Departures from the artifact: events are per goroutine name and object (no
 * instruction addresses here); every access the footprint records reads from the last
 * write (locks and channels included, as the artifact's lock wrappers are events too);
 * the candidate pairs are every (event, write) of an object, without the race predictor
 * that scores them; `INIT` is an explicit write event rather than the `avoid_uninit_writes`
 * flag; one mutation per child. `random(n)` and `select` draw from the schedule's seed.
 * Execution `i` of a seed is the same everywhere given the executions this instance ran
 * before it (the corpus is learned, as SURW's counts are).
 *
 * @example
 *   explore(scenario, { strategy: 'rff', seed: 1, runs: 10_000 });
 */
import { OpKind, type Effect } from '../effect';
import { isRead } from './dependency';
import { PosStrategy } from './pos';
import { INIT, ReadsFrom, type AccessVisitor } from './reads-from';
import { Rng } from './rng';
import { SpinDetector } from './spin';
import type { ChoicePoint, ExecutionOutcome, GoroutineView, StepInfo, Strategy } from './strategy';

/** Probability that an execution runs a fresh schedule instead of a mutant. */
export const RFF_FRESH = 0.1;
/** The most constraints a schedule holds. */
export const RFF_MAX_CONSTRAINTS = 8;

/** A reads-from constraint: event `r` reads (`positive`) or does not read from write event `w`. */
export interface Constraint {
  readonly r: number;
  readonly w: number;
  readonly positive: boolean;
}

/** An abstract schedule: POS's seed and the constraints. */
export interface RffSchedule {
  readonly seed: number;
  readonly constraints: readonly Constraint[];
}

/** A corpus entry and how often it was mutated. */
interface Entry {
  readonly schedule: RffSchedule;
  children: number;
}

/** Bands added to POS priorities (in [0, 1)). */
const SPIN = 0;
const AVOID = 1;
const NORMAL = 2;
const TAKE = 3;

export class RffStrategy implements Strategy {
  readonly name = 'rff';
  readonly wantsFootprints = true;
  private readonly rng: Rng;
  private readonly pos: PosStrategy;
  private readonly rf = new ReadsFrom();
  private readonly spin = new SpinDetector(2);
  private readonly corpus: Entry[] = [];
  /** The schedule of this execution, and which of its constraints are still open. */
  private current: RffSchedule = { seed: 0, constraints: [] };
  private open: boolean[] = [];
  private openCount = 0;
  /** The object key ids of the constraints of this execution. */
  private keys = new Set<number>();
  /** Set by `force`: the schedule the next execution runs. */
  private forced: RffSchedule | null = null;

  /** @param seed any integer or string */
  constructor(seed: number | string) {
    this.rng = new Rng(seed);
    this.pos = new PosStrategy(seed, (point, g) => this.band(point, g));
  }

  /** The corpus so far (for tests and diagnostics). */
  get schedules(): readonly RffSchedule[] {
    return this.corpus.map((e) => e.schedule);
  }

  /** The schedule of the current (or last) execution. */
  get schedule(): RffSchedule {
    return this.current;
  }

  /** The abstract events and reads-from pairs learned so far (for tests and diagnostics). */
  get readsFrom(): ReadsFrom {
    return this.rf;
  }

  /** Makes the next execution run `schedule` instead of a fresh one or a mutant. For tests and diagnostics. */
  force(schedule: RffSchedule): void {
    this.forced = schedule;
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    if (this.forced !== null) {
      this.current = this.forced;
      this.forced = null;
    } else this.current = this.corpus.length === 0 || this.rng.float() < RFF_FRESH ? { seed: execution, constraints: [] } : this.mutate(this.parent());
    const cs = this.current.constraints;
    this.open = cs.map(() => true);
    this.openCount = cs.length;
    this.keys = new Set(cs.map((c) => this.rf.keyOf(c.r)));
    this.pos.begin(this.current.seed);
    this.spin.begin();
    this.rf.begin();
    return true;
  }

  pick(point: ChoicePoint): number {
    const i = this.pos.pick(point);
    this.spin.ran(point, i);
    this.nameObjects(point, i);
    return i;
  }

  choose(n: number): number {
    return this.pos.choose(n);
  }

  afterStep(point: ChoicePoint, step?: StepInfo): void {
    this.pos.afterStep(point);
    if (step !== undefined) this.rf.observe(point, step, this.openCount > 0 ? this.visit : null);
  }

  end(_outcome: ExecutionOutcome): void {
    if (this.rf.newPairs > 0) this.corpus.push({ schedule: this.current, children: 0 });
  }

  /** Gives the objects choice `i` is about to touch their names (see `ReadsFrom.named`). */
  private nameObjects(point: ChoicePoint, i: number): void {
    const nR = point.runnable.length;
    if (i >= nR) {
      const t = point.fireable[i - nR]!;
      this.rf.named({ id: t.id, kind: 'timer', name: t.name, key: t.key });
      if (t.chan !== null) this.rf.named(t.chan);
      return;
    }
    const op = point.runnable[i]!.pending;
    if (op.obj !== null) this.rf.named(op.obj);
    else if (op.kind === OpKind.Select) for (const c of op.a as readonly Effect[]) if (c.obj !== null) this.rf.named(c.obj);
  }

  /** An access ran: it closes the open constraints whose `r` it is. */
  private readonly visit: AccessVisitor = (event) => {
    const cs = this.current.constraints;
    for (let i = 0; i < cs.length; i++) {
      if (this.open[i] && cs[i]!.r === event) {
        this.open[i] = false;
        this.openCount--;
      }
    }
  };

  /** The band of goroutine `g`'s pending step (see the module comment). */
  private band(point: ChoicePoint, g: GoroutineView): number {
    if (this.spin.spinning(point, g)) return SPIN;
    if (this.openCount === 0 || g.steps === 0) return NORMAL;
    const o = g.pending.obj;
    if (o === null) return NORMAL;
    const k = this.rf.objectKey(o);
    if (!this.keys.has(k)) return NORMAL;
    const e = this.rf.pendingEvent(point, g, o);
    const write = !isRead(g.pending);
    const last = this.rf.lastWrite(o);
    let take = false;
    const cs = this.current.constraints;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!this.open[i] || this.rf.keyOf(c.r) !== k) continue;
      if (c.positive) {
        if (e === c.r) {
          if (last !== c.w) return AVOID;
          take = true;
        } else if (e === c.w) take = true;
        else if (write && last === c.w) return AVOID;
      } else if (e === c.r) {
        if (last === c.w) return AVOID;
        take = true;
      } else if (e === c.w) return AVOID;
      else if (c.w === INIT && write && last === INIT) take = true;
    }
    return take ? TAKE : NORMAL;
  }

  /** A corpus entry: of two drawn, the one mutated fewer times (the first on a tie). */
  private parent(): Entry {
    const a = this.corpus[this.rng.int(this.corpus.length)]!;
    const b = this.corpus[this.rng.int(this.corpus.length)]!;
    return b.children < a.children ? b : a;
  }

  /** One mutation of `parent`'s schedule (`mutator.zig`, `mutate`). */
  private mutate(parent: Entry): RffSchedule {
    parent.children++;
    const { seed, constraints } = parent.schedule;
    const n = constraints.length;
    const pool = this.rf.candidates;
    for (;;) {
      const op = this.rng.int(4);
      if (op === 0 && n < RFF_MAX_CONSTRAINTS && n < pool) {
        const c = this.draw(constraints, this.rng.int(9) === 0);
        if (c !== null) return { seed, constraints: [...constraints, c] };
      } else if (op === 1 && n > 0 && n < pool) {
        const i = this.rng.int(n);
        const c = this.draw(constraints, constraints[i]!.positive);
        if (c !== null) return { seed, constraints: constraints.map((x, j) => (j === i ? c : x)) };
      } else if (op === 2 && n > 0) {
        const i = this.rng.int(n);
        return { seed, constraints: constraints.map((x, j) => (j === i ? { r: x.r, w: x.w, positive: !x.positive } : x)) };
      } else if (op === 3 || pool === 0) {
        return { seed: this.rng.u32() + 4294967296, constraints };
      }
    }
  }

  /** A candidate pair not in `have`, as a constraint of the given polarity; null after a few misses. */
  private draw(have: readonly Constraint[], positive: boolean): Constraint | null {
    for (let tries = 0; tries < 8; tries++) {
      const [r, w] = this.rf.drawCandidate(this.rng.float(), this.rng.float());
      if (!have.some((c) => c.r === r && c.w === w)) return { r, w, positive };
    }
    return null;
  }
}
