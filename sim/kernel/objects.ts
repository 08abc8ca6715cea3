/**
 * The kernel's object store: the state behind every simulated object. Primitives hold
 * these only as opaque `ObjectRef`s; only the kernel reads or writes the fields.
 * Each field's invariant is stated beside it.
 */
import type { ObjectKind, ObjectRef } from '../effect';
import type { ObjectId, TimerId } from '../ids';
import type { G } from './goroutine';
import type { VC } from './vclock';

export abstract class Obj implements ObjectRef {
  abstract readonly kind: ObjectKind;
  /** Goroutines whose pending effect is enabled or not according to this object's state. */
  readonly waiters: G[] = [];
  /** Set while the object is queued for a recheck of its waiters at the end of the step. */
  dirty = false;
  /**
   * True for an unbuffered channel: there, who waits decides what is enabled (a send is
   * enabled iff another goroutine waits to receive), so registering changes it too.
   */
  rendezvous = false;
  /**
   * An interleaving-independent name (`<creator key>o<n>`), set only when footprints are
   * recorded: ids count creations globally, so they depend on the order; keys do not.
   */
  key = '';
  constructor(
    readonly id: ObjectId,
    readonly name: string,
  ) {}
}

export class MutexObj extends Obj {
  readonly kind = 'mutex' as const;
  /** The holder, or null when unlocked. */
  owner: G | null = null;
  /** Released by unlock, acquired by lock. */
  vc: VC | null = null;
}

export class RWMutexObj extends Obj {
  readonly kind = 'rwmutex' as const;
  /** The writer that holds the writer slot (announced or active), or null. */
  writer: G | null = null;
  /** True once `writer` holds the lock (no readers left). */
  writerActive = false;
  /** Active readers, one entry per read lock held. Invariant: never with `writerActive`. */
  readonly readers: G[] = [];
  /** Readers that arrived while a writer was announced; admitted at its unlock (Go's order). */
  readonly blockedReaders: G[] = [];
  /** Released by the writer's unlock, acquired by readers and the next writer. */
  wvc: VC | null = null;
  /** Released by every read unlock, acquired by the next writer. */
  rvc: VC | null = null;
}

export type LockerObj = MutexObj | RWMutexObj;

export class CondObj extends Obj {
  readonly kind = 'cond' as const;
  /** Goroutines in `wait`, FIFO (Go's notify list order). */
  readonly waitq: G[] = [];
  constructor(
    id: ObjectId,
    name: string,
    readonly locker: LockerObj,
  ) {
    super(id, name);
  }
}

export class WaitGroupObj extends Obj {
  readonly kind = 'waitGroup' as const;
  /** Invariant: ≥ 0 (a negative counter panics before it is stored). */
  count = 0;
  vc: VC | null = null;
}

export enum OnceState {
  New,
  Running,
  Done,
}

export class OnceObj extends Obj {
  readonly kind = 'once' as const;
  state = OnceState.New;
  /** The goroutine running the body while `Running`. */
  runner: G | null = null;
  vc: VC | null = null;
}

export class ChanObj extends Obj {
  readonly kind = 'chan' as const;
  /** Ring buffer of `cap` slots; `len` values from `head`. Invariant: 0 ≤ len ≤ cap. */
  readonly buf: unknown[];
  head = 0;
  len = 0;
  closed = false;
  /** Per-slot clocks: Go's model syncs each buffer slot (the k-th recv before the k+cap-th send). */
  readonly slotVC: (VC | null)[];
  closeVC: VC | null = null;
  /** The goroutine that closed it (for messages). */
  closedBy: G | null = null;
  constructor(
    id: ObjectId,
    name: string,
    readonly cap: number,
  ) {
    super(id, name);
    this.rendezvous = cap === 0;
    this.buf = new Array<unknown>(cap);
    this.slotVC = new Array<VC | null>(cap).fill(null);
  }
}

/** One access remembered for race detection. */
export interface Access {
  gid: number;
  /** The accessor's own epoch at the access. */
  clock: number;
  step: number;
  op: string;
}

export class SharedObj extends Obj {
  readonly kind = 'shared' as const;
  value: unknown;
  freed = false;
  freedBy = '';
  freedStep = -1;
  /** The last write (or null), and the reads since it (one per goroutine). */
  lastWrite: Access | null = null;
  readonly reads: Access[] = [];
  constructor(id: ObjectId, name: string, value: unknown) {
    super(id, name);
    this.value = value;
  }
}

export class AtomicObj extends Obj {
  readonly kind = 'atomic' as const;
  value: unknown;
  vc: VC | null = null;
  constructor(id: ObjectId, name: string, value: unknown) {
    super(id, name);
    this.value = value;
  }
}

/** What a timer does when it fires. */
export enum TimerKind {
  /** `afterFunc`: spawn `body` as a new goroutine. */
  Func,
  /** `sleep`: complete the sleeping goroutine. */
  Sleep,
  /** `after`/`newTimer`: send the time on `chan` without blocking (capacity 1). */
  Chan,
  /** `newTicker`: like Chan, then re-arm `period` later. */
  Ticker,
}

export class TimerObj extends Obj {
  readonly kind = 'timer' as const;
  /** Absolute virtual time (ns) at which it fires. Invariant: ≥ the clock while pending. */
  deadline = 0;
  /** Tie-breaker among equal deadlines: arming order (unique, total). */
  seq = 0;
  /** Position in the timer heap, or -1 when not pending. */
  heapIndex = -1;
  /** Clock of the goroutine that armed it (timer start happens before the fire). */
  vc: VC | null = null;
  /** Number of times it fired. */
  fired = 0;
  constructor(
    id: ObjectId,
    name: string,
    readonly timerId: TimerId,
    readonly timerKind: TimerKind,
    /** Daemon timers do not keep a run alive on their own (tickers, timers armed by daemons). */
    readonly daemon: boolean,
    readonly body: (() => Generator<unknown, unknown, unknown>) | null,
    readonly sleeper: G | null,
    readonly chan: ChanObj | null,
    public period: number,
    /** Interleaving-independent name (see `G.key`): `<creator key>t<n>`. */
    timerKey: string,
  ) {
    super(id, name);
    this.key = timerKey;
  }
  get pending(): boolean {
    return this.heapIndex >= 0;
  }
}
