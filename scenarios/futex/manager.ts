/**
 * Model of gVisor's futex `Manager`, method by method.
 *
 * Original: gVisor `pkg/sentry/kernel/futex/futex.go` (Copyright 2018 Google LLC,
 * Apache 2.0); copy at /work/shared/seeds/gvisor-futex.go.txt. Comments quoted here are
 * abridged from it.
 *
 * Modelling choices:
 * - Methods that reach a scheduling point are generators (`yield* m.Wake(...)`); Go's
 *   `(int, error)` is a tuple `[number, Errno | null]`; `defer` is an explicit unlock on
 *   every return path.
 * - The bucket count is a parameter (gVisor: 1 << 10); few buckets force collisions.
 * - `lockBuckets` returns `(b1, b2, lockedFirst, lockedSecond)` and is paired with
 *   `unlockBuckets`, the shape gVisor's futex.go took in 2022: the seed's
 *   `lockBuckets(k1, k2) (b1, b2)` with deferred `b1.mu.Unlock()` / `b2.mu.Unlock()`
 *   takes the same locks in the same order. The regression of `shared-pair-unlocked`
 *   lived in the later shape, whose both-shared case returned `b1, b2, nil, nil`.
 * - Lines marked `// ghost:` feed the checks (world.ts); they are not in the original.
 * - Each variant is one `this.variant === …` test at the line that differs (`// VARIANT`).
 */
import type { Routine, Sim } from '../../sim';
import { bucket } from './bucket';
import type { Checker } from './checker';
import { bucketIndexForAddr, getKey, type Errno, type Key } from './key';
import type { FutexVariant } from './variants';
import type { Waiter } from './waiter';
import type { World } from './world';

/** All bits: the bitmask of FUTEX_WAIT and FUTEX_WAKE (`^uint32(0)`). */
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
    this.privateBuckets = Array.from({ length: opts.bucketCount }, (_, i) => new bucket(sim, `${prefix}privateBuckets[${i}]`, world));
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
   * circular lock dependencies: private ones by index, all before m.sharedBucket.
   */
  *lockBuckets(k1: Key, k2: Key): Routine<[bucket, bucket, bucket | null, bucket | null]> {
    // Handle the common case first:
    if (k1.Kind !== 'KindSharedMappable' && k2.Kind !== 'KindSharedMappable') {
      const i1 = bucketIndexForAddr(k1.addr(), this.opts.bucketCount);
      const i2 = bucketIndexForAddr(k2.addr(), this.opts.bucketCount);
      const b1 = this.privateBuckets[i1]!;
      const b2 = this.privateBuckets[i2]!;
      // VARIANT lock-in-argument-order: k1's bucket first, whatever the indices.
      if (this.variant === 'lock-in-argument-order' ? i1 !== i2 : i1 < i2) {
        yield* b1.mu.Lock();
        yield* b2.mu.Lock();
        return [b1, b2, b1, b2];
      }
      if (i2 < i1) {
        yield* b2.mu.Lock();
        yield* b1.mu.Lock();
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
      yield* b2.mu.Lock();
      return [b1, b2, b1, b2];
    }
    if (k2.Kind !== 'KindSharedMappable') {
      b2 = yield* this.lockBucket(k2);
      yield* b1.mu.Lock();
      return [b1, b2, b2, b1];
    }
    // Both keys are shared: b1 == b2 == m.sharedBucket.
    // VARIANT shared-pair-unlocked: `return b1, b2, nil, nil` (no bucket locked).
    if (this.variant === 'shared-pair-unlocked') return [b1, b2, null, null];
    yield* b1.mu.Lock();
    return [b1, b2, b1, null];
  }

  /** `unlockBuckets` unlocks what lockBuckets locked, second first. */
  *unlockBuckets(lockedFirst: bucket | null, lockedSecond: bucket | null): Routine<void> {
    if (lockedSecond !== null) yield* lockedSecond.mu.Unlock();
    if (lockedFirst !== null && lockedFirst !== lockedSecond) yield* lockedFirst.mu.Unlock();
  }

  /** `Wake` wakes up to n waiters matching the bitmask on addr and returns how many. */
  *Wake(c: Checker, addr: number, priv: boolean, bitmask: number, n: number): Routine<[number, Errno | null]> {
    const [k, err] = getKey(c, addr, priv);
    if (err !== null) return [0, err];
    const b = yield* this.lockBucket(k);
    const r = yield* b.wakeLocked(k, bitmask, n);
    this.sim.note(`Wake(${k}, n=${n}) woke ${r}`);
    this.world.scanned(c.name, `Wake(${k}, n=${n})`, b, k, bitmask, r, n); // ghost
    yield* b.mu.Unlock();
    k.release();
    return [r, null];
  }

  *doRequeue(c: Checker, addr: number, naddr: number, priv: boolean, checkval: boolean, val: number, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    const [k1, err1] = getKey(c, addr, priv);
    if (err1 !== null) return [0, err1];
    const [k2, err2] = getKey(c, naddr, priv);
    if (err2 !== null) return [0, err2];
    const [b1, b2, lockedFirst, lockedSecond] = yield* this.lockBuckets(k1, k2);
    if (checkval) {
      const before = this.world.snapshot([b1, b2]); // ghost
      const err = yield* c.Check(addr, val);
      if (err !== null) {
        this.world.mismatchChanged(c.name, before, this.world.snapshot([b1, b2])); // ghost
        yield* this.unlockBuckets(lockedFirst, lockedSecond);
        return [0, err];
      }
    }
    const what = `${checkval ? 'RequeueCmp' : 'Requeue'}(${k1} → ${k2})`; // ghost
    // Wake the number required.
    const done = yield* b1.wakeLocked(k1, FUTEX_BITSET_MATCH_ANY, nwake);
    this.world.scanned(c.name, `${what} waking`, b1, k1, FUTEX_BITSET_MATCH_ANY, done, nwake); // ghost
    // Requeue the number required.
    const moved = yield* b1.requeueLocked(b2, k1, k2, nreq);
    this.sim.note(`${what} woke ${done}, requeued ${moved}`);
    this.world.scanned(c.name, `${what} requeueing`, b1, k1, FUTEX_BITSET_MATCH_ANY, moved, nreq); // ghost
    yield* this.unlockBuckets(lockedFirst, lockedSecond);
    return [done, null];
  }

  /** `Requeue` wakes up to nwake waiters on addr, and unconditionally requeues up to nreq waiters on naddr. */
  Requeue(c: Checker, addr: number, naddr: number, priv: boolean, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    return this.doRequeue(c, addr, naddr, priv, false, 0, nwake, nreq);
  }

  /** `RequeueCmp` atomically checks that addr contains val, wakes up to nwake waiters on addr, then requeues nreq on naddr. */
  RequeueCmp(c: Checker, addr: number, naddr: number, priv: boolean, val: number, nwake: number, nreq: number): Routine<[number, Errno | null]> {
    return this.doRequeue(c, addr, naddr, priv, true, val, nwake, nreq);
  }

  /**
   * `WakeOp` atomically applies op to addr2, wakes up to nwake1 waiters on addr1 and,
   * if the comparison encoded in op holds for addr2's old value, up to nwake2 on addr2.
   */
  *WakeOp(c: Checker, addr1: number, addr2: number, priv: boolean, nwake1: number, nwake2: number, op: number): Routine<[number, Errno | null]> {
    const [k1, err1] = getKey(c, addr1, priv);
    if (err1 !== null) return [0, err1];
    const [k2, err2] = getKey(c, addr2, priv);
    if (err2 !== null) return [0, err2];
    const [b1, b2, lockedFirst, lockedSecond] = yield* this.lockBuckets(k1, k2);
    const [cond, err] = yield* c.Op(addr2, op);
    if (err !== null) {
      yield* this.unlockBuckets(lockedFirst, lockedSecond);
      return [0, err];
    }
    // Wake up to nwake1 entries from the first bucket.
    let done = yield* b1.wakeLocked(k1, FUTEX_BITSET_MATCH_ANY, nwake1);
    this.world.scanned(c.name, `WakeOp(${k1}, ${k2}) waking ${k1}`, b1, k1, FUTEX_BITSET_MATCH_ANY, done, nwake1); // ghost
    // Wake up to nwake2 entries from the second bucket if the operation yielded true.
    if (cond) {
      const done2 = yield* b2.wakeLocked(k2, FUTEX_BITSET_MATCH_ANY, nwake2);
      this.world.scanned(c.name, `WakeOp(${k1}, ${k2}) waking ${k2}`, b2, k2, FUTEX_BITSET_MATCH_ANY, done2, nwake2); // ghost
      done += done2;
    }
    this.sim.note(`WakeOp(${k1}, ${k2}) woke ${done}`);
    yield* this.unlockBuckets(lockedFirst, lockedSecond);
    return [done, null];
  }

  /**
   * `WaitPrepare` atomically checks that addr contains val, then enqueues w to be woken
   * by a send to w.C. If it returns nil, the Waiter must then be removed by WaitComplete,
   * whether or not a wakeup is received on w.C.
   */
  *WaitPrepare(w: Waiter, c: Checker, addr: number, priv: boolean, val: number, bitmask: number): Routine<Errno | null> {
    const [k, err] = getKey(c, addr, priv);
    if (err !== null) return err;
    w.ghost.state = 'idle'; // ghost
    // Prepare the Waiter before taking the bucket lock.
    yield* this.sim.select([w.C.recv()], { default: true });
    w.key = k;
    w.bitmask = bitmask;
    w.ghost.home = this.bucketOf(k); // ghost
    // VARIANT check-outside-lock: the check runs before lockBucket, not after it.
    if (this.variant === 'check-outside-lock') {
      const cerr = yield* this.check(w, c, addr, val);
      if (cerr !== null) return cerr;
    }
    const b = yield* this.lockBucket(k);
    // Perform our atomic check.
    if (this.variant !== 'check-outside-lock') {
      const cerr = yield* this.check(w, c, addr, val);
      if (cerr !== null) {
        yield* b.mu.Unlock();
        w.key.release();
        return cerr;
      }
    }
    // Add the waiter to the bucket.
    yield* b.waiters.PushBack(w);
    w.ghost.state = 'queued'; // ghost
    yield* w.bucket.store(b);
    this.sim.note(`WaitPrepare: "${w.name}" is queued in bucket "${b.name}"`);
    yield* b.mu.Unlock();
    return null;
  }

  /** `c.Check(addr, val)`, noting in the ghost state what the waiter saw. */
  private *check(w: Waiter, c: Checker, addr: number, val: number): Routine<Errno | null> {
    const err = yield* c.Check(addr, val);
    const where = this.variant === 'check-outside-lock' ? ', without the bucket lock' : '';
    this.sim.note(`WaitPrepare: ${w.key} holds ${err === null ? val : `not ${val} (EAGAIN)`}${where}`);
    // ghost: from here until PushBack, a waker that wrote the word must not miss w.
    w.ghost.state = err === null ? 'checked' : 'idle';
    w.ghost.sawVersion = this.world.memory.version(addr);
    w.ghost.sawValue = val;
    return err;
  }

  /** `WaitComplete` must be called when a Waiter added by WaitPrepare is no longer eligible to be woken. */
  *WaitComplete(w: Waiter): Routine<void> {
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
      // Remove w from b.
      yield* b.waiters.Remove(w);
      yield* w.bucket.store(null);
      yield* b.mu.Unlock();
      break;
    }
    // Release references held by the waiter.
    w.key.release();
    w.ghost.state = 'completed'; // ghost
  }
}

/** `NewManager` returns an initialized futex manager (named `m`; its forks `m.Fork()`…). */
export function NewManager(sim: Sim, world: World, opts: ManagerOptions): Manager {
  return new Manager(sim, world, opts, new bucket(sim, 'sharedBucket', world), 'm');
}
