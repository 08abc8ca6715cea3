/**
 * `bucket`: a lock and a list of waiters for an address hash; `wakeLocked`,
 * `wakeWaiterLocked` and `requeueLocked`, which walk the live list as upstream does.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go, lines 249–320.
 *
 * Modelling choices:
 * - `mu` is a `sim.mutex` behind `futexBucketMutex` (the lockdep wrapper
 *   pkg/sentry/kernel/futex/BUILD declares; `NestedLock` is `Lock` here).
 * - `waiters` is the intrusive list (waiter-list.ts): the loops follow `Front` and
 *   `Next` through the list as it is when each link is read, so a waiter a requeue appends
 *   to the list being walked (same bucket) is visited again, as in gVisor.
 * - Lines marked `// ghost:` feed the checks (world.ts).
 */
import type { Effect, Mutex, Routine, Sim } from '../../sim';
import type { Key } from './key';
import type { FutexVariant } from './variants';
import type { Waiter } from './waiter';
import { waiterList } from './waiter-list';
import type { World } from './world';

/** The bucket lock: a `sync.Mutex` with Go's method names. */
export class futexBucketMutex {
  constructor(private readonly mu: Mutex) {}

  /** Whether some goroutine holds it (for the checks; not a scheduling point). */
  get locked(): boolean {
    return this.mu.locked;
  }

  /** The goroutine that holds it, or null (for the checks). */
  get holder(): string | null {
    return this.mu.holder;
  }

  Lock(): Effect<void> {
    return this.mu.lock();
  }

  Unlock(): Effect<void> {
    return this.mu.unlock();
  }
}

/** `bucket` holds a list of waiters for a given address hash. Trace text: `bucket "privateBuckets[1]"`. */
export class bucket {
  /** For trace text (`formatValue` prints `bucket "name"`). */
  readonly kind = 'bucket';
  /** Protects waiters and the state of the Waiters in it. */
  readonly mu: futexBucketMutex;
  readonly waiters: waiterList;
  /** ghost: the waiters of the list as a plain sequence, kept by PushBack and Remove (the checks read it, not the race-checked links). */
  readonly queue: Waiter[] = [];

  constructor(
    sim: Sim,
    readonly name: string,
    private readonly world: World,
    private readonly variant: FutexVariant,
  ) {
    this.mu = new futexBucketMutex(sim.mutex(`${name}.mu`));
    this.waiters = new waiterList(sim, `${name}.waiters`, (op, e) => world.listWritten(this, op, e));
    world.buckets.push(this);
  }

  /**
   * `wakeLocked` wakes up to n waiters matching the bitmask on key and returns how many
   * it woke. Precondition: b.mu is held (by `who`, the calling task: ghost).
   */
  *wakeLocked(key: Key, bitmask: number, n: number, who: string): Routine<number> {
    const scan = this.world.wakeBegins(who, this, key, bitmask, n); // ghost: the precondition, and what the scan must wake
    let done = 0;
    for (let w = this.waiters.Front(); done < n && w !== null; ) {
      // VARIANT bitmask-ignored: any waiter on the key matches, whatever its bitmask.
      if (!w.f.key.matches(key) || (this.variant !== 'bitmask-ignored' && (w.f.bitmask & bitmask) === 0)) {
        // Not matching.
        w = w.Next();
        continue;
      }
      // Remove from the bucket and wake the waiter.
      const woke = w;
      w = w.Next(); // Next iteration.
      scan.woke(woke); // ghost
      yield* this.wakeWaiterLocked(woke);
      done++;
    }
    scan.end(); // ghost: it woke what it must
    return done;
  }

  /** `wakeWaiterLocked` removes w from the list and wakes it. Precondition: b.mu is held. */
  *wakeWaiterLocked(w: Waiter): Routine<void> {
    // Remove from the bucket and wake the waiter.
    this.waiters.Remove(w);
    yield* w.C.send(undefined);
    // The send above is a write barrier; we hold the lock, so a WaitComplete that
    // misses the store below cannot dequeue w: it is safe to store nil now.
    yield* w.bucket.store(null);
  }

  /**
   * `requeueLocked` moves up to n waiters on key to nkey in bucket `to`.
   * Precondition: b.mu and to.mu are held (by `who`: ghost).
   */
  *requeueLocked(to: bucket, key: Key, nkey: Key, n: number, who: string): Routine<number> {
    this.world.requireLocked(who, 'requeueLocked', this, to); // ghost
    let done = 0;
    for (let w = this.waiters.Front(); done < n && w !== null; ) {
      if (!w.f.key.matches(key)) {
        // Not matching.
        w = w.Next();
        continue;
      }
      const requeued = w;
      w = w.Next(); // Next iteration.
      this.waiters.Remove(requeued);
      requeued.setKey(requeued.f.key.release());
      requeued.setKey(nkey.clone());
      to.waiters.PushBack(requeued);
      yield* requeued.bucket.store(to);
      done++;
    }
    return done;
  }
}
