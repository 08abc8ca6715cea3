/**
 * `Waiter`: what gets enqueued into buckets for wake and requeue to scan and notify.
 *
 * Original: `Waiter` and `NewWaiter` in gVisor `pkg/sentry/kernel/futex/futex.go`
 * (seeds/gvisor-futex.go.txt). Synchronization, as the original states it: a Waiter not
 * in a bucket is owned by its task; once enqueued by WaitPrepare, its list entry,
 * `bucket` and `key` are protected by the lock of the containing bucket, and `bitmask`
 * is immutable. `bucket` is atomic, so WaitComplete may load it without the lock,
 * although it may change racily. It is only guaranteed unqueued after WaitComplete.
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
  /** The bucket its key hashes to (where WaitPrepare enqueues it). */
  home: bucket | null = null;
  /** Its place in FIFO order: set when a list appends it. Invariant: increasing along every list. */
  seq = -1;
}

/** `Waiter`. Trace text shows it as `Waiter "t0"`. */
export class Waiter {
  /** For trace text (`formatValue` prints `Waiter "name"`). */
  readonly kind = 'Waiter';
  /** The bucket this waiter is queued in; nil when it is in no bucket. */
  readonly bucket: Atomic<bucket | null>;
  /** Sent to when the Waiter is woken (capacity 1). */
  readonly C: Chan<void>;
  /** What this waiter is waiting on. Protected by the bucket lock. */
  key: Key = ZERO_KEY;
  /** The bitmask it waits on (FUTEX_WAIT_BITSET); immutable while queued. */
  bitmask = 0;
  /** ghost */
  readonly ghost = new WaiterGhost();

  /** `NewWaiter`: a new unqueued Waiter, named after its task. */
  constructor(
    sim: Sim,
    readonly name: string,
  ) {
    this.bucket = sim.atomic<bucket | null>(`${name}.FutexWaiter.bucket`, null);
    this.C = sim.chan<void>(`${name}.FutexWaiter.C`, 1);
  }

  /** Whether it has been woken since the last WaitPrepare. */
  woken(): boolean {
    return this.C.len !== 0;
  }
}
