/**
 * Telling a step that polls from one that makes progress. A spin loop — `yieldNow`
 * until a flag is set, or reading the flag again and again — takes many steps that
 * change nothing; a strategy that counts steps (PCT's change points, SURW's weights) or
 * gives every runnable goroutine a fair chance would let such a loop starve the goroutine
 * it waits for. One poll is not a spin, though (a yield after a spawn, a second read of
 * a flag): `SpinDetector` (`spin.ts`) decides when polls add up to one.
 *
 * A poll is a yield (`yieldNow`, `sleep(0)`) or a *re-read*: a read of an object the same
 * goroutine already read since the last effect, anywhere, that may have changed
 * something. A re-read learns nothing new, whatever the interleaving.
 *
 * @example
 *   const polls = new PollDetector();
 *   polls.begin();                                        // in Strategy.begin
 *   if (polls.polling(g.id, g.pending, g.steps)) ...      // a yield or a re-read
 *   polls.read(g.id, obj) / polls.wrote();                // as the effects run
 */
import { OpKind, type Effect, type ObjectRef } from '../effect';
import { isRead } from './dependency';
import { IdTable } from './id-table';

/** The objects whose re-reads a goroutine is remembered for: the last `READS` it read. */
const READS = 4;

/** Whether `op` is a yield: `yieldNow`, or a `sleep` that does not advance the clock (≤ 0). */
export function isYield(op: Effect): boolean {
  return op.kind === OpKind.Yield || (op.kind === OpKind.Sleep && !((op.a as number) > 0));
}

export class PollDetector {
  /** The goroutines that read something in this execution. */
  private readonly gs = new IdTable(32);
  /**
   * The last READS objects goroutine `id` read while the write clock stood at
   * `clock[id]`: a ring, the next slot being `count % READS`.
   */
  private readonly reads = this.gs.int32(READS);
  /** Reads recorded since the clock last moved (the first `min(count, READS)` slots are valid). */
  private readonly count = this.gs.int32();
  /** The write clock when `reads` were recorded. */
  private readonly clock = this.gs.float64();
  /** The write clock: effects so far in this execution that may have changed an object. */
  private writes = 0;

  /** Starts an execution. */
  begin(): void {
    this.gs.reset();
    this.writes = 0;
  }

  /**
   * Whether the pending effect `op` of goroutine `gid`, which has taken `steps` steps, is
   * a poll: a yield or a re-read. A goroutine's first step (its start) never is.
   */
  polling(gid: number, op: Effect, steps: number): boolean {
    if (steps === 0) return false;
    return isYield(op) || this.isReRead(gid, op);
  }

  /** Whether `op` reads an object that goroutine `gid` already read since the last write. */
  isReRead(gid: number, op: Effect): boolean {
    const o = op.obj;
    if (o === null || !isRead(op) || !this.gs.has(gid) || this.clock.data[gid] !== this.writes) return false;
    const reads = this.reads.data;
    const base = gid * READS;
    const n = Math.min(this.count.data[gid]!, READS);
    for (let k = 0; k < n; k++) if (reads[base + k] === o.id) return true;
    return false;
  }

  /** Goroutine `gid` read `o`. */
  read(gid: number, o: ObjectRef): void {
    if (this.gs.touch(gid) || this.clock.data[gid] !== this.writes) {
      this.clock.data[gid] = this.writes;
      this.count.data[gid] = 0;
    }
    const n = this.count.data[gid]!;
    this.reads.data[gid * READS + (n % READS)] = o.id;
    this.count.data[gid] = n === 0x7fffffff ? READS : n + 1;
  }

  /** An effect that may change an object ran: every goroutine's next read is new. */
  wrote(): void {
    this.writes++;
  }
}
