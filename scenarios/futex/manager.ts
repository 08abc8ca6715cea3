/**
 * Model of gVisor's futex `Manager`, method by method.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go (the newest
 * change to the file; Copyright 2018 The gVisor Authors, Apache 2.0): `Manager`,
 * `NewManager`, `Fork` (lines 370–397), `lockBucket`, `lockBuckets`, `unlockBuckets`
 * (399–469), `Wake` (471–486), `doRequeue`, `Requeue`, `RequeueCmp` (488–529), `WakeOp`
 * (531–566), `WaitPrepare` (568–603), `WaitComplete` (605–640). Comments quoted here are
 * abridged from it.
 *
 * Modelling choices (each a departure the README lists):
 * - Methods that reach a scheduling point are generators (`yield* m.Wake(...)`); Go's
 *   `(int, error)` is a tuple `[number, Errno | null]`; each `defer` is run explicitly, in
 *   Go's order, on every return path.
 * - The bucket count is a parameter (gVisor: 1 << 10); few buckets force collisions.
 * - The methods pass the calling task's name to `wakeLocked`/`requeueLocked` for the
 *   ghost check of their preconditions; lines marked `// ghost:` feed the checks
 *   (world.ts) and are not in the original.
 * - `LockPI`, `UnlockPI` (priority inheritance) are not modelled.
 * - Each variant is one `this.variant === …` test at the line that differs (`// VARIANT`);
 *   variants.ts cites the history of each.
 */
import type { Routine, Sim } from '../../sim';
import { bucket } from './bucket';
import { bucketIndexForAddr, getKey, type Errno, type Key } from './key';
import { check, atomicOp, type Target } from './target';
import type { FutexVariant } from './variants';
import type { Waiter } from './waiter';
import type { World } from './world';

/** `^uint32(0)`: the bitmask of FUTEX_WAIT and FUTEX_WAKE (linux.FUTEX_BITSET_MATCH_ANY). */
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/** Options of `NewManager`. */
export interface ManagerOptions {
  /** Private buckets (gVisor: 1024). */
  readonly bucketCount: number;
  readonly variant: FutexVariant;
}

/** `Manager` holds futex state for a single virtual address space. */
export class Manager {
  /** Buckets for KindPrivate and KindSharedPrivate futexes. */
  private readonly privateBuckets: readonly bucket[];

  constructor(
    private readonly sim: Sim,
    private readonly world: World,
    private readonly opts: ManagerOptions,
    /** The bucket for KindSharedMappable futexes, shared by forked Managers; immutable. */
    readonly sharedBucket: bucket,
    /** `m`, `m.Fork()`, … (prefixes bucket names after the first). */
    private readonly name: string,
  ) {
    const prefix = name === 'm' ? '' : `${name}.`;
    this.privateBuckets = Array.from({ length: opts.bucketCount }, (_, i) => new bucket(sim, `${prefix}privateBuckets[${i}]`, world, opts.variant));
  }

  private get variant(): FutexVariant {
    return this.opts.variant;
  }

  /** `Fork` returns a new Manager whose shared futex clients interoperate with this one's. */
  Fork(): Manager {
    return new Manager(this.sim, this.world, this.opts, this.sharedBucket, `${this.name}.Fork()`);
  }

  /** The bucket for key k (the first lines of `lockBucket`). */
  bucketOf(k: Key): bucket {
    if (k.Kind === 'KindSharedMappable') return this.sharedBucket;
    return this.privateBuckets[bucketIndexForAddr(k.addr(), this.opts.bucketCount)]!;
  }

  /** `lockBucket` returns a locked bucket for the given key. */
  *lockBucket(k: Key): Routine<bucket> {
    const b = this.bucketOf(k);
    yield* b.mu.Lock();
    return b;
  }

  /**
   * `lockBuckets` returns locked buckets for the given keys, and which one it locked
   * first and second (nil when the buckets are identical). Buckets are ordered to avoid
   * circular lock dependencies: private ones by index (lowest first), all before
   * m.sharedBucket.
   */
  *lockBuckets(k1: Key, k2: Key): Routine<[bucket, bucket, bucket | null, bucket | null]> {
    // VARIANT lock-in-argument-order: every branch locks k1's bucket before k2's.
    const argOrder = this.variant === 'lock-in-argument-order';
    // Handle the common case first:
    if (k1.Kind !== 'KindSharedMappable' && k2.Kind !== 'KindSharedMappable') {
      const i1 = bucketIndexForAddr(k1.addr(), this.opts.bucketCount);
      const i2 = bucketIndexForAddr(k2.addr(), this.opts.bucketCount);
      const b1 = this.privateBuckets[i1]!;
      const b2 = this.privateBuckets[i2]!;
      if (i1 < i2 || (argOrder && i1 !== i2)) {
        yield* b1.mu.Lock();
        yield* b2.mu.Lock(); // NestedLock(futexBucketLockB)
        return [b1, b2, b1, b2];
      }
      if (i2 < i1) {
        yield* b2.mu.Lock();
        yield* b1.mu.Lock(); // NestedLock(futexBucketLockB)
        return [b1, b2, b2, b1];
      }
      yield* b1.mu.Lock();
      return [b1, b2, b1, null];
    }
    // At least one of b1 or b2 should be m.sharedBucket.
    let b1 = this.sharedBucket;
    let b2 = this.sharedBucket;
    if (k1.Kind !== 'KindSharedMappable') {
      b1 = yield* this.lockBucket(k1);
      yield* b2.mu.Lock(); // NestedLock(futexBucketLockB)
      return [b1, b2, b1, b2];
    }
    if (k2.Kind !== 'KindSharedMappable') {
      if (argOrder) {
        yield* b1.mu.Lock();
        b2 = yield* this.lockBucket(k2);
        return [b1, b2, b1, b2];
      }
      b2 = yield* this.lockBucket(k2);
      yield* b1.mu.Lock(); // NestedLock(futexBucketLockB)
      return [b1, b2, b2, b1];
    }
    // Both keys are shared: b1 == b2 == m.sharedBucket.
    // VARIANT shared-pair-unlocked: `return b1, b2, nil, nil` (google/gvisor 445fa6f to b58e8a1).
    if (this.variant === 'shared-pair-unlocked') return [b1, b2, null, null];
    yield* b1.mu.Lock();
    return [b1, b2, b1, null];
  }

  /** `unlockBuckets` unlocks what lockBuckets locked, second first. */
  *unlockBuckets(lockedFirst: bucket | null, lockedSecond: bucket | null): Routine<void> {
    if (lockedSecond !== null) yield* lockedSecond.mu.Unlock(); // NestedUnlock(futexBucketLockB)
    // VARIANT shared-pair-unlocked: 445fa6f's `if lockedFirst != nil && lockedFirst != lockedSecond`.
    if (this.variant === 'shared-pair-unlocked') {
      if (lockedFirst !== null && lockedFirst !== lockedSecond) yield* lockedFirst.mu.Unlock();
      return;
    }
    yield* lockedFirst!.mu.Unlock();
  }

  /** `Wake` wakes up to n waiters matching the bitmask on addr and returns how many. */
  *Wake(t: Target, addr: number, priv: boolean, bitmask: number, n: number): Routine<[number, Errno | null]> {
    // This function is very hot; avoid defer.
    const [k, err] = getKey(t, addr, priv);
    if (err !== null) return [0, err];
    const b = yield* this.lockBucket(k);
    const r = yield* b.wakeLocked(k, bitmask, n, t.name);
    this.sim.note(`Wake(${k}, n=${n}) woke ${r}`);
    this.world.scanned(t.name, `Wake(${k}, n=${n})`, b, k, bitmask, r, n); // ghost
    yield* b.mu.Unlock();
    k.release();
    return [r, null];
  }

  *doRequeue(t: Target, addr: number, naddr: number, priv: boolean, checkval: boolean, val: number, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    const [k1, err1] = getKey(t, addr, priv);
    if (err1 !== null) return [0, err1];
    const [k2, err2] = getKey(t, naddr, priv);
    if (err2 !== null) {
      k1.release(); // defer k1.release(t)
      return [0, err2];
    }
    const [b1, b2, lockedFirst, lockedSecond] = yield* this.lockBuckets(k1, k2);
    const deferred = function* (this: Manager): Routine<void> {
      yield* this.unlockBuckets(lockedFirst, lockedSecond);
      k2.release();
      k1.release();
    };
    if (checkval) {
      const err = yield* check(t, addr, val);
      if (err !== null) {
        this.sim.note(`RequeueCmp(${k1} → ${k2}): the word does not hold ${val} (EAGAIN)`);
        yield* deferred.call(this);
        return [0, err];
      }
    }
    const what = `${checkval ? 'RequeueCmp' : 'Requeue'}(${k1} → ${k2})`; // ghost
    // Wake the number required.
    const done = yield* b1.wakeLocked(k1, FUTEX_BITSET_MATCH_ANY, nwake, t.name);
    this.world.scanned(t.name, `${what} waking`, b1, k1, FUTEX_BITSET_MATCH_ANY, done, nwake); // ghost
    // Requeue the number required.
    const moved = yield* b1.requeueLocked(b2, k1, k2, nreq, t.name);
    this.sim.note(`${what} woke ${done}, requeued ${moved}`);
    this.world.scanned(t.name, `${what} requeueing`, b1, k1, FUTEX_BITSET_MATCH_ANY, moved, nreq); // ghost
    yield* deferred.call(this);
    return [done, null];
  }

  /** `Requeue` wakes up to nwake waiters on addr, and unconditionally requeues up to nreq waiters on naddr. */
  Requeue(t: Target, addr: number, naddr: number, priv: boolean, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    return this.doRequeue(t, addr, naddr, priv, false, 0, nwake, nreq);
  }

  /** `RequeueCmp` atomically checks that addr contains val, wakes up to nwake waiters on addr, then requeues nreq on naddr. */
  RequeueCmp(t: Target, addr: number, naddr: number, priv: boolean, val: number, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    return this.doRequeue(t, addr, naddr, priv, true, val, nwake, nreq);
  }

  /**
   * `WakeOp` atomically applies op to addr2, wakes up to nwake1 waiters on addr1 and,
   * if the comparison encoded in op holds for addr2's old value, up to nwake2 on addr2.
   */
  *WakeOp(t: Target, addr1: number, addr2: number, priv: boolean, nwake1: number, nwake2: number, op: number): Routine<[number, Errno | null]> {
    const [k1, err1] = getKey(t, addr1, priv);
    if (err1 !== null) return [0, err1];
    const [k2, err2] = getKey(t, addr2, priv);
    if (err2 !== null) {
      k1.release(); // defer k1.release(t)
      return [0, err2];
    }
    const [b1, b2, lockedFirst, lockedSecond] = yield* this.lockBuckets(k1, k2);
    const deferred = function* (this: Manager): Routine<void> {
      yield* this.unlockBuckets(lockedFirst, lockedSecond);
      k2.release();
      k1.release();
    };
    let done = 0;
    const [cond, err] = yield* atomicOp(t, addr2, op);
    if (err !== null) {
      yield* deferred.call(this);
      return [0, err];
    }
    // Wake up up to nwake1 entries from the first bucket.
    done = yield* b1.wakeLocked(k1, FUTEX_BITSET_MATCH_ANY, nwake1, t.name);
    this.world.scanned(t.name, `WakeOp(${k1}, ${k2}) waking ${k1}`, b1, k1, FUTEX_BITSET_MATCH_ANY, done, nwake1); // ghost
    // Wake up up to nwake2 entries from the second bucket if the operation yielded true.
    if (cond) {
      const done2 = yield* b2.wakeLocked(k2, FUTEX_BITSET_MATCH_ANY, nwake2, t.name);
      this.world.scanned(t.name, `WakeOp(${k1}, ${k2}) waking ${k2}`, b2, k2, FUTEX_BITSET_MATCH_ANY, done2, nwake2); // ghost
      done += done2;
    }
    this.sim.note(`WakeOp(${k1}, ${k2}) woke ${done}`);
    yield* deferred.call(this);
    return [done, null];
  }

  /**
   * `WaitPrepare` atomically checks that addr contains val, then enqueues w to be woken
   * by a send to w.C. If it returns nil, the Waiter must then be removed by WaitComplete,
   * whether or not a wakeup is received on w.C.
   */
  *WaitPrepare(w: Waiter, t: Target, addr: number, priv: boolean, val: number, bitmask: number): Routine<Errno | null> {
    const [k, err] = getKey(t, addr, priv);
    if (err !== null) return err;
    // Ownership of k is transferred to w below.
    w.ghost.state = 'idle'; // ghost
    // Prepare the Waiter before taking the bucket lock.
    yield* this.sim.select([w.C.recv()], { default: true });
    w.setKey(k);
    w.setBitmask(bitmask);
    w.ghost.home = this.bucketOf(k); // ghost
    // VARIANT check-outside-lock: the check runs before lockBucket, not after it.
    if (this.variant === 'check-outside-lock') {
      const cerr = yield* this.check(w, t, addr, val);
      if (cerr !== null) {
        w.setKey(w.f.key.release());
        return cerr;
      }
    }
    const b = yield* this.lockBucket(k);
    // This function is very hot; avoid defer.
    // Perform our atomic check.
    if (this.variant !== 'check-outside-lock') {
      const cerr = yield* this.check(w, t, addr, val);
      if (cerr !== null) {
        yield* b.mu.Unlock();
        w.setKey(w.f.key.release());
        return cerr;
      }
    }
    // Add the waiter to the bucket.
    b.waiters.PushBack(w);
    w.ghost.state = 'queued'; // ghost
    yield* w.bucket.store(b);
    this.sim.note(`WaitPrepare: "${w.name}" is queued in bucket "${b.name}"`);
    yield* b.mu.Unlock();
    return null;
  }

  /** `check(t, addr, val)`, noting in the ghost state what the waiter saw. */
  private *check(w: Waiter, t: Target, addr: number, val: number): Routine<Errno | null> {
    const err = yield* check(t, addr, val);
    const where = this.variant === 'check-outside-lock' ? ', without the bucket lock' : '';
    this.sim.note(`WaitPrepare: 0x${addr.toString(16)} holds ${err === null ? val : `not ${val} (EAGAIN)`}${where}`);
    // ghost: from here until PushBack, a waker that wrote the word must not miss w.
    w.ghost.state = err === null ? 'checked' : 'idle';
    w.ghost.sawVersion = this.world.memory.version(addr);
    w.ghost.sawValue = val;
    w.ghost.sawAddr = addr;
    return err;
  }

  /** `WaitComplete` must be called when a Waiter added by WaitPrepare is no longer eligible to be woken. */
  *WaitComplete(w: Waiter, _t: Target): Routine<void> {
    // Remove w from the bucket it's in.
    for (;;) {
      const b = yield* w.bucket.load();
      // If b is nil, the waiter isn't in any bucket anymore. This can't be racy because
      // the waiter can't be concurrently re-queued in another bucket.
      if (b === null) break;
      // Take the bucket lock. Without it the waiter may move to another bucket, so once
      // we hold it we must check the bucket hasn't changed: if it has, release the old
      // lock and retry with the new bucket; if not, it won't change now.
      yield* b.mu.Lock();
      // VARIANT waitcomplete-no-recheck: trust the bucket loaded before the lock.
      if (this.variant !== 'waitcomplete-no-recheck' && b !== (yield* w.bucket.load())) {
        yield* b.mu.Unlock();
        continue;
      }
      // Remove waiter from bucket.
      b.waiters.Remove(w);
      yield* w.bucket.store(null);
      yield* b.mu.Unlock();
      break;
    }
    // Release references held by the waiter.
    w.setKey(w.f.key.release());
    w.ghost.state = 'completed'; // ghost
  }
}

/** `NewManager` returns an initialized futex manager (named `m`; its forks `m.Fork()`…). */
export function NewManager(sim: Sim, world: World, opts: ManagerOptions): Manager {
  return new Manager(sim, world, opts, new bucket(sim, 'sharedBucket', world, opts.variant), 'm');
}
