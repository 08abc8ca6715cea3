/**
 * `Waiter`: what gets enqueued into buckets for wake and requeue to scan and notify.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go, lines 197–247
 * (`Waiter`, `NewWaiter`, `woken`). Synchronization, as the original states it: a Waiter
 * not in a bucket is exclusively owned by its task; once enqueued by WaitPrepare, its
 * list links (`waiterEntry`), `bucket` and `key` are protected by the lock of the
 * containing bucket, and `bitmask` is immutable. `bucket` is atomic, so WaitComplete may
 * load it without the lock, although it may change racily. A Waiter is only guaranteed to
 * be unqueued after WaitComplete.
 *
 * Model: the plain fields (`next`, `prev` of the embedded `waiterEntry`, `key`,
 * `bitmask`) are one `sim.struct` named `<task>.FutexWaiter`, so every access is checked
 * by the race detector (and each write is a scheduling point with `preemptAtAccesses`); `bucket` is
 * a `sim.atomic`, `C` a `sim.chan` of capacity 1. `tid` (priority-inheritance futexes)
 * is not modelled: neither are LockPI and UnlockPI.
 */
import type { Atomic, Chan, Sim } from '../../sim';
import type { bucket } from './bucket';
import { ZERO_KEY, type Key } from './key';

/** Where a waiter is in its wait, for the checks (ghost). */
export type WaiterState =
  /** Not between WaitPrepare and WaitComplete. */
  | 'idle'
  /** WaitPrepare's check saw the expected value; not yet in a bucket list. */
  | 'checked'
  /** WaitPrepare enqueued it (it may have been woken or requeued since). */
  | 'queued'
  /** WaitComplete returned. Invariant: in no bucket list, `bucket` is nil. */
  | 'completed';

/** ghost: what the checks know about a waiter. Not part of the original. */
export class WaiterGhost {
  state: WaiterState = 'idle';
  /** The word's version and value its check saw ('checked'). */
  sawVersion = -1;
  sawValue = 0;
  /** The address its check read. */
  sawAddr = 0;
  /** The bucket its key hashes to (where WaitPrepare enqueues it). */
  home: bucket | null = null;
  /** The key and bitmask last stored in its fields (ghost code reads these, not the race-checked fields). */
  key: Key = ZERO_KEY;
  bitmask = 0;
}

/** The plain fields of a Waiter (`waiterEntry` and the rest), race-checked. */
export interface WaiterFields {
  /** `waiterEntry.next`: the next waiter in the containing bucket's list. */
  next: Waiter | null;
  /** `waiterEntry.prev`. */
  prev: Waiter | null;
  /** What this waiter is waiting on. */
  key: Key;
  /** The bitmask it waits on (FUTEX_WAIT_BITSET). */
  bitmask: number;
}

/** `Waiter`. Trace text shows it as `Waiter "t0"`. */
export class Waiter {
  /** For trace text (`formatValue` prints `Waiter "name"`). */
  readonly kind = 'Waiter';
  /** The plain fields: `w.f.key`, `w.f.next`… */
  readonly f: WaiterFields;
  /** The bucket this waiter is queued in; nil when it is in no bucket. */
  readonly bucket: Atomic<bucket | null>;
  /** Sent to when the Waiter is woken (capacity 1). */
  readonly C: Chan<void>;
  /** ghost */
  readonly ghost = new WaiterGhost();

  /** `NewWaiter`: a new unqueued Waiter, named after its task. */
  constructor(
    sim: Sim,
    readonly name: string,
  ) {
    this.f = sim.struct<WaiterFields>(`${name}.FutexWaiter`, { next: null, prev: null, key: ZERO_KEY, bitmask: 0 });
    this.bucket = sim.atomic<bucket | null>(`${name}.FutexWaiter.bucket`, null);
    this.C = sim.chan<void>(`${name}.FutexWaiter.C`, 1);
  }

  /** `w.key = k` (and its ghost copy). */
  setKey(k: Key): void {
    this.f.key = k;
    this.ghost.key = k; // ghost
  }

  /** `w.bitmask = m` (and its ghost copy). */
  setBitmask(m: number): void {
    this.f.bitmask = m;
    this.ghost.bitmask = m; // ghost
  }

  /** `woken`: whether it has been woken since the last WaitPrepare. */
  woken(): boolean {
    return this.C.len !== 0;
  }

  /** `Next` of the list linker. */
  Next(): Waiter | null {
    return this.f.next;
  }

  /** `Prev` of the list linker. */
  Prev(): Waiter | null {
    return this.f.prev;
  }

  SetNext(e: Waiter | null): void {
    this.f.next = e;
  }

  SetPrev(e: Waiter | null): void {
    this.f.prev = e;
  }
}
