/**
 * `bucket`: a lock and a list of waiters for an address hash; `wakeLocked` and
 * `requeueLocked`.
 *
 * Original: `bucket`, `wakeLocked`, `requeueLocked` in gVisor
 * `pkg/sentry/kernel/futex/futex.go` (seeds/gvisor-futex.go.txt).
 *
 * Modelling choices:
 * - `mu` is a `sim.mutex` behind `futexBucketMutex` (the name of gVisor's later wrapper
 *   type); the checks ask it whether it is locked (`mu.locked`).
 * - `waiters` is a race-checked `sim.shared` holding an immutable array: a list that
 *   changes without its lock is a `data-race` (and a ghost record, in case atomics happen
 *   to order the accesses). `PushBack` and `Remove` are a load and a store each.
 * - The loops iterate over the list as loaded when the scan began; under the lock nobody
 *   else changes it, and waiters appended during the scan (requeue into the same bucket)
 *   are not visited again.
 */
import type { Effect, Mutex, Routine, Shared, Sim } from '../../sim';
import type { Key } from './key';
import type { Waiter } from './waiter';
import type { World } from './world';

/** The bucket lock: a `sync.Mutex` with Go's method names. */
export class futexBucketMutex {
  constructor(private readonly mu: Mutex) {}

  /** Whether some goroutine holds it (for the checks; not a scheduling point). */
  get locked(): boolean {
    return this.mu.locked;
  }

  Lock(): Effect<void> {
    return this.mu.lock();
  }

  Unlock(): Effect<void> {
    return this.mu.unlock();
  }
}

/** `waiterList` (the intrusive list of the original) over a race-checked shared array. */
export class waiterList {
  constructor(
    private readonly list: Shared<readonly Waiter[]>,
    private readonly owner: bucket,
    private readonly world: World,
  ) {}

  /** The current list, without a scheduling point (for checks). */
  get value(): readonly Waiter[] {
    return this.list.value;
  }

  /** Loads the list (a read of the shared variable). */
  *Load(): Routine<readonly Waiter[]> {
    return yield* this.list.load();
  }

  *PushBack(w: Waiter): Routine<void> {
    const ws = yield* this.list.load();
    yield* this.list.store([...ws, w]);
    w.ghost.seq = this.world.nextSeq(); // ghost
    this.world.listWritten(this.owner, `PushBack(${w.name})`); // ghost
  }

  *Remove(w: Waiter): Routine<void> {
    const ws = yield* this.list.load();
    yield* this.list.store(ws.filter((x) => x !== w));
    this.world.listWritten(this.owner, `Remove(${w.name})`); // ghost
  }
}

/** `bucket` holds a list of waiters for a given address hash. Trace text: `bucket "privateBuckets[1]"`. */
export class bucket {
  /** For trace text (`formatValue` prints `bucket "name"`). */
  readonly kind = 'bucket';
  /** Protects waiters and the state of the Waiters in it. */
  readonly mu: futexBucketMutex;
  readonly waiters: waiterList;

  constructor(
    sim: Sim,
    readonly name: string,
    private readonly world: World,
  ) {
    this.mu = new futexBucketMutex(sim.mutex(`${name}.mu`));
    this.waiters = new waiterList(sim.shared<readonly Waiter[]>(`${name}.waiters`, []), this, world);
    world.buckets.push(this);
  }

  /**
   * `wakeLocked` wakes up to n waiters matching the bitmask on key and returns how many
   * it woke. Precondition: b.mu is held.
   */
  *wakeLocked(key: Key, bitmask: number, n: number): Routine<number> {
    let done = 0;
    const ws = yield* this.waiters.Load();
    const woken: Waiter[] = []; // ghost
    for (const w of ws) {
      if (done >= n) break;
      if (!w.key.matches(key) || (w.bitmask & bitmask) === 0) continue; // Not matching.
      // Remove from the bucket and wake the waiter.
      yield* this.waiters.Remove(w);
      yield* w.C.send(undefined);
      // The send above is a write barrier; we hold the lock, so a WaitComplete that
      // misses the store below cannot dequeue w: it is safe to store nil now.
      yield* w.bucket.store(null);
      done++;
      woken.push(w); // ghost
    }
    this.world.woke(this, key, bitmask, n, ws, woken); // ghost: FIFO, at most n
    return done;
  }

  /**
   * `requeueLocked` moves up to n waiters on key to nkey in bucket `to`.
   * Precondition: b.mu and to.mu are held.
   */
  *requeueLocked(to: bucket, key: Key, nkey: Key, n: number): Routine<number> {
    let done = 0;
    const ws = yield* this.waiters.Load();
    for (const w of ws) {
      if (done >= n) break;
      if (!w.key.matches(key)) continue; // Not matching.
      yield* this.waiters.Remove(w);
      w.key.release();
      w.key = nkey.clone();
      yield* to.waiters.PushBack(w);
      yield* w.bucket.store(to);
      done++;
    }
    return done;
  }
}
