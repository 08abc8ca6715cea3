/**
 * Telling a goroutine that *spins* from one that merely yields. A `yieldNow` is the
 * README's way to mark a scheduling point between plain statements, and a spawner that
 * yields after each `go` (as SCTBench's programs do at each `pthread_create`) makes
 * progress at every yield; only a goroutine that polls again and again while nothing
 * changes — `while (!(yield* flag.load())) yield* sim.yieldNow()` — is waiting for
 * someone else and must let them run.
 *
 * A *poll* is a yield or a re-read (see `PollDetector`). A goroutine spins when it has
 * polled `limit` times since the last *change*: a step that may change what the others
 * see — a write, a lock or channel operation, a goroutine's start or resumption, a spawn,
 * a timer firing, a `random` choice. Reads and polls change nothing, so goroutines that
 * poll a flag in turn all spin, while a spawner that yields after each `go` (the spawn
 * is a change) or a goroutine that yields between writes never does. One that yields
 * `limit` times in a row with only plain JavaScript between (which the engine cannot see
 * change) is taken for a spinner.
 *
 * PCT demotes a spinner below every other goroutine for the rest of the execution, so
 * it waits for `SPIN_POLLS` (8) polls; SURW and RFF only run a spinner's step after
 * everything else and let it count again after the next change, so they use 2 (a reader
 * that reads a flag twice, as SCTBench's reorder checker does, is not a spinner). POS
 * needs none: a poll gets a fresh priority like any new event. Before issue 13,
 * PCT demoted every goroutine at its first yield and SURW ran every yield and re-read
 * last, which blinded both on programs whose spawner yields (reorder_N, twostage_100: 0
 * of 5 seeds found in 10,000 executions).
 *
 * @example
 *   const spin = new SpinDetector(SPIN_POLLS);
 *   spin.begin();                                   // in Strategy.begin
 *   if (spin.spinning(point, g)) ...                // before choosing: run it last
 *   spin.ran(point, i);                             // the choice about to run
 */
import { OpKind } from '../effect';
import { isRead } from './dependency';
import { IdTable } from './id-table';
import { PollDetector } from './polling';
import type { ChoicePoint, GoroutineView } from './strategy';

/**
 * Polls since the last change after which PCT takes a goroutine for a spinner. A
 * `while (!flag) yield` loop polls twice per turn (the re-read and the yield), so it is
 * caught in four turns; a goroutine that yields up to 7 times in a row between plain
 * statements is not.
 */
export const SPIN_POLLS = 8;

export class SpinDetector {
  /** Yields and re-reads. */
  readonly polls = new PollDetector();
  /** The goroutines that polled in this execution. */
  private readonly gs = new IdTable(32);
  /** Polls of goroutine `id` since the change numbered `epoch[id]` (≥ 1; valid while `gs.has(id)`). */
  private readonly count = this.gs.int32();
  private readonly epoch = this.gs.int32();
  /** Changes so far in this execution (see the module comment). */
  private changes = 0;
  /** Goroutines in the execution at the last call: more now means a spawn, a change. */
  private goroutines = 0;

  /** @param limit polls since the last change that make a spinner (≥ 1; default `SPIN_POLLS`) */
  constructor(readonly limit: number = SPIN_POLLS) {}

  /** Starts an execution. */
  begin(): void {
    this.polls.begin();
    this.gs.reset();
    this.changes = 0;
    this.goroutines = 0;
  }

  /**
   * Whether runnable goroutine `g`'s pending step would be a spin: it is a poll, and `g`
   * has polled `limit − 1` times since the last change.
   */
  spinning(point: ChoicePoint, g: GoroutineView): boolean {
    this.sync(point);
    const id = g.id as number;
    const before = this.gs.has(id) && this.epoch.data[id] === this.changes ? this.count.data[id]! : 0;
    return before >= this.limit - 1 && this.polls.polling(id, g.pending, g.steps);
  }

  /** Records that choice `i` of `point` (a goroutine or a timer) is about to run. */
  ran(point: ChoicePoint, i: number): void {
    this.sync(point);
    const r = point.runnable;
    if (i >= r.length) {
      // a timer fires: it changes its timer, maybe a channel, and wakes others
      this.changes++;
      this.polls.wrote();
      return;
    }
    const g = r[i]!;
    const id = g.id as number;
    const op = g.pending;
    const o = g.steps > 0 ? op.obj : null;
    if (this.polls.polling(id, op, g.steps)) {
      if (this.gs.touch(id) || this.epoch.data[id] !== this.changes) {
        this.epoch.data[id] = this.changes;
        this.count.data[id] = 0;
      }
      this.count.data[id]!++;
      if (o !== null) this.polls.read(id, o);
      return;
    }
    if (o !== null && isRead(op)) {
      this.polls.read(id, o); // a first read changes nothing
      return;
    }
    this.changes++;
    if (o !== null || (g.steps > 0 && op.kind === OpKind.Select)) this.polls.wrote();
  }

  /** A spawn since the last call is a change. */
  private sync(point: ChoicePoint): void {
    const n = point.goroutines.length;
    if (n !== this.goroutines) {
      this.goroutines = n;
      this.changes++;
    }
  }
}
