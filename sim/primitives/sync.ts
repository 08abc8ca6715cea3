/**
 * Facades of Go's `sync` package: Mutex, RWMutex, Cond, WaitGroup, Once. Each method
 * returns an effect to `yield*`; the kernel gives it Go's semantics.
 */
import { Effect, issue, OpKind, type ObjectRef, type Routine } from '../effect';
import type { Runtime } from '../runtime';

/** A mutual exclusion lock (Go's `sync.Mutex`): not reentrant, not owned. */
export class Mutex {
  /** @internal */
  constructor(
    readonly ref: ObjectRef,
    private readonly rt: Runtime,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  /** Whether it is locked now (for checks; not a scheduling point). */
  get locked(): boolean {
    return this.rt.holder(this.ref) !== null;
  }
  /** The name of the goroutine that locked it, or null (for checks and messages). */
  get holder(): string | null {
    return this.rt.holder(this.ref);
  }
  private eLock: Effect<void> | undefined;
  private eUnlock: Effect<void> | undefined;
  private eTry: Effect<boolean> | undefined;
  /** Blocks until the mutex is free, then takes it. */
  lock(): Effect<void> {
    return issue(this.eLock ??= new Effect(OpKind.Lock, this.ref));
  }
  /** Releases it; panics `sync: unlock of unlocked mutex` if it is not locked. */
  unlock(): Effect<void> {
    return issue(this.eUnlock ??= new Effect(OpKind.Unlock, this.ref));
  }
  /** Takes it if free; never blocks. */
  tryLock(): Effect<boolean> {
    return issue(this.eTry ??= new Effect(OpKind.TryLock, this.ref));
  }
}

/**
 * A reader/writer lock (Go's `sync.RWMutex`), with Go's writer preference: once a writer
 * calls `lock`, new readers wait until it has unlocked, and get in before the next writer.
 */
export class RWMutex {
  /** @internal */
  constructor(
    readonly ref: ObjectRef,
    private readonly rt: Runtime,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  /** The goroutine holding the write lock, or null (for checks; not a scheduling point). */
  get writer(): string | null {
    return this.rt.holder(this.ref);
  }
  /** How many read locks are held now. */
  get readers(): number {
    return this.rt.readers(this.ref);
  }
  private eLock: Effect<void> | undefined;
  private eUnlock: Effect<void> | undefined;
  private eRLock: Effect<void> | undefined;
  private eRUnlock: Effect<void> | undefined;
  /** Write-lock: waits for other writers, announces itself, then waits for active readers. */
  lock(): Effect<void> {
    return issue(this.eLock ??= new Effect(OpKind.WLock, this.ref));
  }
  /** Panics `sync: Unlock of unlocked RWMutex` if not write-locked. */
  unlock(): Effect<void> {
    return issue(this.eUnlock ??= new Effect(OpKind.WUnlock, this.ref));
  }
  rlock(): Effect<void> {
    return issue(this.eRLock ??= new Effect(OpKind.RLock, this.ref));
  }
  /** Panics `sync: RUnlock of unlocked RWMutex` if no reader holds it. */
  runlock(): Effect<void> {
    return issue(this.eRUnlock ??= new Effect(OpKind.RUnlock, this.ref));
  }
  tryLock(): Effect<boolean> {
    return issue(new Effect(OpKind.TryWLock, this.ref));
  }
  tryRLock(): Effect<boolean> {
    return issue(new Effect(OpKind.TryRLock, this.ref));
  }
}

/** A condition variable (Go's `sync.Cond`); waiters are woken in FIFO order; no spurious wakeups. */
export class Cond {
  /** @internal */
  constructor(readonly ref: ObjectRef) {}
  get name(): string {
    return this.ref.name;
  }
  private eWait: Effect<void> | undefined;
  /** Unlocks the locker, sleeps until signalled, re-locks before returning. */
  wait(): Effect<void> {
    return issue(this.eWait ??= new Effect(OpKind.CondWait, this.ref));
  }
  /** Wakes the longest-waiting goroutine, if any. */
  signal(): Effect<void> {
    return issue(new Effect(OpKind.CondSignal, this.ref));
  }
  /** Wakes every waiting goroutine. */
  broadcast(): Effect<void> {
    return issue(new Effect(OpKind.CondBroadcast, this.ref));
  }
}

/** Go's `sync.WaitGroup`. */
export class WaitGroup {
  /** @internal */
  constructor(readonly ref: ObjectRef) {}
  get name(): string {
    return this.ref.name;
  }
  /** Adds `n` (may be negative); panics `sync: negative WaitGroup counter` below zero. */
  add(n: number): Effect<void> {
    return issue(new Effect(OpKind.WgAdd, this.ref, n));
  }
  private eDone: Effect<void> | undefined;
  private eWait: Effect<void> | undefined;
  /** `add(-1)`; happens-before the `wait` it releases. */
  done(): Effect<void> {
    return issue(this.eDone ??= new Effect(OpKind.WgAdd, this.ref, -1, 'done'));
  }
  /** Blocks until the counter is zero. */
  wait(): Effect<void> {
    return issue(this.eWait ??= new Effect(OpKind.WgWait, this.ref));
  }
}

/** Go's `sync.Once`: the first `do` runs its body; the others wait for it to finish. */
export class Once {
  /** @internal */
  constructor(readonly ref: ObjectRef) {}
  get name(): string {
    return this.ref.name;
  }
  /**
   * Runs `body` if no `do` has; otherwise waits until the first one's body returned.
   * `body` may be a generator function (its effects are scheduling points) or a plain one.
   *
   * @example
   *   yield* once.do(function* () { yield* config.store(load()); });
   */
  do(body: () => Routine<unknown> | unknown): Routine<void> {
    // issued here, started by the generator's first step: `once.do(f);` without `yield*`
    // never starts it, and the kernel reports it as an un-yielded effect
    return this.run(issue(new Effect<boolean>(OpKind.OnceEnter, this.ref)), body);
  }

  private *run(enter: Effect<boolean>, body: () => Routine<unknown> | unknown): Routine<void> {
    const first = yield* enter;
    if (!first) return;
    try {
      const r = body();
      if (isIterator(r)) yield* r;
    } finally {
      // As Go's Once.doSlow (golang/go@367ae0d314c4f9746d2f509ee11cd83012b3da51
      // src/sync/once.go: `defer o.done.Store(1)`): a body that panics still counts as
      // done, so a recovered panic does not leave later callers blocked forever.
      yield* issue(new Effect<void>(OpKind.OnceDone, this.ref));
    }
  }
}

function isIterator(x: unknown): x is Routine<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { next?: unknown }).next === 'function';
}
