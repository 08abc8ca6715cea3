/**
 * The checks of the futex scenarios and the ghost state they read: every waiter, every
 * bucket, the memory words' versions, and what the model records on lines marked
 * `// ghost:`. Not part of the original; what each check asks of it is stated in the
 * README ("Checks") with the upstream lines it comes from.
 *
 * Invariants and at-end checks read the model's `sim.struct` fields freely (no goroutine
 * runs then, so nothing is recorded). Ghost code that runs inside a goroutine (the
 * `// ghost:` lines) must not: a read there would be recorded as the goroutine's, for the
 * race detector and the search. It reads ghost copies instead: each bucket's `queue` (its
 * list as a sequence, kept by PushBack and Remove) and each waiter's `ghost.key` and
 * `ghost.bitmask`.
 */
import type { Sim } from '../../sim';
import type { bucket } from './bucket';
import type { Key } from './key';
import { Memory } from './memory';
import type { Waiter } from './waiter';

/** What one `wakeLocked` must wake, and what it did (ghost). */
export class WakeScan {
  private readonly woken: Waiter[] = [];

  constructor(
    private readonly world: World,
    private readonly b: bucket,
    private readonly key: Key,
    private readonly bitmask: number,
    private readonly n: number,
    /** The first min(n, matching) waiters matching key and bitmask, in list order, when the scan began. */
    readonly want: readonly Waiter[],
  ) {}

  /** The scan wakes w. */
  woke(w: Waiter): void {
    this.woken.push(w);
  }

  /** The scan is over: it must have woken exactly `want`. */
  end(): void {
    this.world.wakeEnded(this.b, this.key, this.bitmask, this.n, this.want, this.woken);
  }
}

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
  readonly unlockedScans: string[] = [];
  readonly badWakes: string[] = [];

  constructor(private readonly sim: Sim) {
    this.memory = new Memory(sim);
  }

  /** `op(e)` changes the list of `b`: b.mu must be held; the ghost sequence follows the change. */
  listWritten(b: bucket, op: 'PushBack' | 'Remove', e: Waiter): void {
    if (!b.mu.locked) this.unlockedWrites.push(`${op}(${e.name}) changed the list of bucket "${b.name}" while nobody held ${b.name}.mu`);
    const i = b.queue.indexOf(e);
    if (op === 'PushBack') {
      if (i >= 0) b.queue.splice(i, 1);
      b.queue.push(e);
    } else if (i >= 0) b.queue.splice(i, 1);
  }

  /** `who` runs `what`, whose precondition is that it holds every bucket of `bs`. */
  requireLocked(who: string, what: string, ...bs: readonly bucket[]): void {
    for (const b of bs) {
      const h = b.mu.holder;
      if (h !== who) this.unlockedScans.push(`"${who}" ran ${what} on bucket "${b.name}" ${h === null ? 'while nobody held' : `while "${h}" held`} ${b.name}.mu`);
    }
  }

  /** `who` begins `wakeLocked(key, bitmask, n)` on `b`: checks the precondition and notes what it must wake. */
  wakeBegins(who: string, b: bucket, key: Key, bitmask: number, n: number): WakeScan {
    this.requireLocked(who, 'wakeLocked', b);
    const matching = b.queue.filter((w) => w.ghost.key.matches(key) && (w.ghost.bitmask & bitmask) !== 0);
    return new WakeScan(this, b, key, bitmask, n, matching.slice(0, n));
  }

  /** A `wakeLocked` ended having woken `woken`; it must have woken exactly `want`. */
  wakeEnded(b: bucket, key: Key, bitmask: number, n: number, want: readonly Waiter[], woken: readonly Waiter[]): void {
    if (woken.length === want.length && woken.every((w, i) => w === want[i])) return;
    const mask = bitmask === 0xffffffff ? '' : `, bitmask 0x${bitmask.toString(16)}`;
    const bad = woken.filter((w) => !want.includes(w)).map((w) => `"${w.name}" (waiting on ${w.ghost.key}, bitmask 0x${w.ghost.bitmask.toString(16)})`);
    this.badWakes.push(
      `a wake of ${key}${mask} for n=${n} in bucket "${b.name}" woke [${names(woken)}]; ${want.length === n ? `the first ${n}` : 'the'} matching waiters in the list were [${names(want)}]` +
        (bad.length > 0 ? `: it woke ${bad.join(', ')}, which do not match` : ''),
    );
  }

  /**
   * A waker (`who`, doing `what`) scanned `b` for `key` and moved `done` of at most `n`
   * waiters. If it came short, no waiter may have seen an older value of the word and
   * still be on its way to this list: that waiter would sleep through the change.
   */
  scanned(who: string, what: string, b: bucket, key: Key, bitmask: number, done: number, n: number): void {
    if (done >= n) return;
    const addr = this.memory.addrOf(key);
    for (const w of this.waiters) {
      const g = w.ghost;
      if (g.state !== 'checked' || g.home !== b || g.sawAddr !== addr || !g.key.matches(key) || (g.bitmask & bitmask) === 0) continue;
      if (this.memory.version(addr) === g.sawVersion) continue;
      this.lostWakeups.push(
        `"${who}" ${what} found ${done} of ${n} waiters on ${key} in bucket "${b.name}" while "${w.name}" had checked the old value ` +
          `${g.sawValue} and was not yet queued there; the word was written after that check, so "${w.name}" sleeps through the change`,
      );
    }
  }

  /** The waiters of b's list from its head (at most one visit each: a corrupted list may loop). */
  listOf(b: bucket): Waiter[] {
    const out: Waiter[] = [];
    for (let w = b.waiters.f.head; w !== null && !out.includes(w); w = w.f.next) out.push(w);
    return out;
  }

  /** Why b's list is not a well-formed doubly linked list holding what PushBack and Remove left in it, or null. */
  malformed(b: bucket): string | null {
    const l = b.waiters.f;
    let prev: Waiter | null = null;
    const seen: Waiter[] = [];
    for (let w = l.head; w !== null; w = w.f.next) {
      if (seen.includes(w)) return `the list of bucket "${b.name}" loops back to "${w.name}"`;
      if (w.f.prev !== prev) return `in the list of bucket "${b.name}", "${w.name}".prev is ${nameOf(w.f.prev)}, want ${nameOf(prev)}`;
      seen.push(w);
      prev = w;
    }
    if (l.tail !== prev) return `the list of bucket "${b.name}" [${names(seen)}] ends at ${nameOf(prev)} but its tail is ${nameOf(l.tail)}`;
    if (seen.length !== b.queue.length || seen.some((w, i) => w !== b.queue[i])) return `the list of bucket "${b.name}" is [${names(seen)}], but PushBack and Remove left [${names(b.queue)}] in it`;
    return null;
  }

  /** Registers the checks; call at the end of setup. */
  install(): void {
    const sim = this.sim;
    sim.invariant('wakeLocked and requeueLocked run holding their buckets', () => this.unlockedScans[0] ?? true);
    sim.invariant('lists change only under their lock', () => this.unlockedWrites[0] ?? true);
    sim.invariant('bucket lists are well-formed and hold what was queued', () => {
      for (const b of this.buckets) {
        if (b.mu.locked) continue; // under the lock a list changes one link at a time
        const why = this.malformed(b);
        if (why !== null) return why;
      }
      return true;
    });
    sim.invariant('no waiter is queued after WaitComplete', () => {
      for (const w of this.waiters) {
        if (w.ghost.state !== 'completed') continue;
        const list = this.buckets.find((b) => this.listOf(b).includes(w)) ?? null;
        const p = w.bucket.value;
        if (list !== null) return `"${w.name}" returned from WaitComplete but is still in the list of bucket "${list.name}"`;
        if (p !== null) return `"${w.name}" returned from WaitComplete but its bucket pointer still names bucket "${p.name}"`;
      }
      return true;
    });
    sim.invariant('a waiter is in at most one bucket list, and its bucket pointer names it', () => {
      for (const w of this.waiters) {
        const lists = this.buckets.filter((b) => this.listOf(b).includes(w));
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
    sim.invariant('wakeLocked wakes the first n waiters matching the key and bitmask', () => this.badWakes[0] ?? true);
    sim.invariant('a key drops only MappingIdentity references it holds', () => this.memory.shm.underflow ?? true);
    sim.atEnd('no lost wakeup', () => this.lostWakeups[0] ?? true);
    sim.atEnd('no waiter is left in a bucket', () => {
      for (const b of this.buckets) {
        const ws = this.listOf(b);
        if (ws.length > 0) return `bucket "${b.name}" still lists [${names(ws)}]`;
      }
      return true;
    });
    sim.atEnd('every MappingIdentity reference taken is dropped', () => {
      const refs = this.memory.shm.refs;
      return refs === 0 || `MappingIdentity "shm" still has ${refs} reference${refs === 1 ? '' : 's'} from futex keys`;
    });
  }
}

function nameOf(w: Waiter | null): string {
  return w === null ? 'nil' : `"${w.name}"`;
}

function names(ws: readonly Waiter[]): string {
  return ws.map((w) => w.name).join(', ');
}
