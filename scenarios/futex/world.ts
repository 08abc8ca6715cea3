/**
 * The checks of the futex scenarios and the ghost state they read: every waiter, every
 * bucket, the memory words' versions, and what the model recorded on lines marked
 * `// ghost:`. Not part of the original.
 *
 * The rules (SCENARIOS.md, `futex`):
 * - no lost wakeup: a waiter whose check saw a value is queued before any waker that
 *   wrote the word afterwards scans the bucket; so a scan that wakes (or requeues) fewer
 *   than it may never leaves such a waiter behind (at the end of the run; a waiter left
 *   asleep for good shows first as a `deadlock`);
 * - `Wake(n)` wakes at most n matching waiters, the first ones in FIFO order;
 * - a waiter is in at most one bucket list, its `bucket` pointer names exactly that list
 *   once the buckets involved are unlocked, and it is in none after `WaitComplete`;
 * - lists change only under their lock (also the race detector's job);
 * - `RequeueCmp` with a mismatched value changes nothing.
 */
import type { Sim } from '../../sim';
import type { bucket } from './bucket';
import type { Key } from './key';
import { Memory } from './memory';
import type { Waiter } from './waiter';

/** The ghost state of one execution of a futex scenario, and its checks. */
export class World {
  /** The futex words. */
  readonly memory: Memory;
  readonly waiters: Waiter[] = [];
  /** Every bucket of every Manager (registered by the bucket constructor). */
  readonly buckets: bucket[] = [];
  /** Records of broken rules, by rule; each message names who and where. */
  readonly lostWakeups: string[] = [];
  readonly unlockedWrites: string[] = [];
  readonly badWakes: string[] = [];
  readonly badMismatches: string[] = [];
  /** Waiters woken so far. */
  private wakes = 0;
  private seq = 0;

  constructor(private readonly sim: Sim) {
    this.memory = new Memory(sim);
  }

  /** The next position in FIFO order. */
  nextSeq(): number {
    return this.seq++;
  }

  /** A list of `b` was written: it must be under b.mu. */
  listWritten(b: bucket, what: string): void {
    if (!b.mu.locked) this.unlockedWrites.push(`${what} changed the list of bucket "${b.name}" while nobody held ${b.name}.mu`);
  }

  /** `wakeLocked` on `b` scanned `before` and woke `woken`: the first ones that match, n at most. */
  woke(b: bucket, key: Key, bitmask: number, n: number, before: readonly Waiter[], woken: readonly Waiter[]): void {
    this.wakes += woken.length;
    const want = before.filter((w) => w.key.matches(key) && (w.bitmask & bitmask) !== 0).slice(0, n);
    if (woken.length > n || woken.length !== want.length || woken.some((w, i) => w !== want[i])) {
      this.badWakes.push(`a wake of ${key} for n=${n} in bucket "${b.name}" woke [${names(woken)}]; FIFO order wants [${names(want)}]`);
    }
  }

  /**
   * A waker (`who`, doing `what`) scanned `b` for `key` and moved `done` of at most `n`
   * waiters. If it came short, no waiter may have seen an older value of the word and
   * still be on its way to this list: that waiter would sleep through the change.
   */
  scanned(who: string, what: string, b: bucket, key: Key, bitmask: number, done: number, n: number): void {
    if (done >= n) return;
    for (const w of this.waiters) {
      const g = w.ghost;
      if (g.state !== 'checked' || g.home !== b || !w.key.matches(key) || (w.bitmask & bitmask) === 0) continue;
      if (this.memory.version(key.Offset) === g.sawVersion) continue;
      this.lostWakeups.push(
        `"${who}" ${what} found ${done} of ${n} waiters on ${key} in bucket "${b.name}" while "${w.name}" had checked the old value ` +
          `${g.sawValue} and was not yet queued there; the word was written after that check, so "${w.name}" sleeps through the change`,
      );
    }
  }

  /** The lists of `bs` and the wakes so far, to compare before and after a failed RequeueCmp. */
  snapshot(bs: readonly bucket[]): string {
    return `${bs.map((b) => `${b.name}: [${names(b.waiters.value)}]`).join('; ')}; wakes ${this.wakes}`;
  }

  /** Records that a RequeueCmp whose check failed changed something. */
  mismatchChanged(who: string, before: string, after: string): void {
    if (before !== after) this.badMismatches.push(`"${who}" RequeueCmp saw a mismatched value but changed ${before} into ${after}`);
  }

  /** Registers the checks; call at the end of setup. */
  install(): void {
    const sim = this.sim;
    sim.invariant('no waiter is queued after WaitComplete', () => {
      for (const w of this.waiters) {
        if (w.ghost.state !== 'completed') continue;
        const list = this.listOf(w);
        const p = w.bucket.value;
        if (list !== null) return `"${w.name}" returned from WaitComplete but is still in the list of bucket "${list.name}"`;
        if (p !== null) return `"${w.name}" returned from WaitComplete but its bucket pointer still names bucket "${p.name}"`;
      }
      return true;
    });
    sim.invariant('a waiter is in at most one bucket list, and its bucket pointer names it', () => {
      for (const w of this.waiters) {
        const lists = this.buckets.filter((b) => b.waiters.value.includes(w));
        if (lists.length > 1) return `"${w.name}" is in ${lists.length} bucket lists (${lists.map((b) => `"${b.name}"`).join(', ')})`;
        const list = lists[0] ?? null;
        const p = w.bucket.value;
        // Under a held lock the list and the pointer change one after the other.
        if ((list !== null && list.mu.locked) || (p !== null && p.mu.locked)) continue;
        if (list !== p) {
          const where = list === null ? 'is in no bucket list' : `is in the list of bucket "${list.name}"`;
          return `"${w.name}" ${where} but its bucket pointer is ${p === null ? 'nil' : `bucket "${p.name}"`}`;
        }
      }
      return true;
    });
    sim.invariant('lists change only under their lock', () => this.unlockedWrites[0] ?? true);
    sim.invariant('Wake(n) wakes at most n matching waiters, in FIFO order', () => {
      if (this.badWakes.length > 0) return this.badWakes[0]!;
      for (const b of this.buckets) {
        const ws = b.waiters.value;
        for (let i = 1; i < ws.length; i++) {
          if (ws[i - 1]!.ghost.seq > ws[i]!.ghost.seq) return `the list of bucket "${b.name}" [${names(ws)}] is not in the order the waiters were appended`;
        }
      }
      return true;
    });
    sim.invariant('RequeueCmp with a mismatched value changes nothing', () => this.badMismatches[0] ?? true);
    sim.atEnd('no lost wakeup', () => this.lostWakeups[0] ?? true);
    sim.atEnd('no waiter is left in a bucket', () => {
      for (const b of this.buckets) if (b.waiters.value.length > 0) return `bucket "${b.name}" still lists [${names(b.waiters.value)}]`;
      return true;
    });
  }

  private listOf(w: Waiter): bucket | null {
    return this.buckets.find((b) => b.waiters.value.includes(w)) ?? null;
  }
}

function names(ws: readonly Waiter[]): string {
  return ws.map((w) => w.name).join(', ');
}
