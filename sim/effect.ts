/**
 * Effects: the single-shot iterables that goroutines `yield*`.
 *
 * An effect describes one operation on one simulated object (lock a mutex, send on a
 * channel, load a shared variable). It is *its own iterator and its own first
 * IteratorResult*: `yield* m.lock()` calls `next()` once, gets the effect back (a
 * `{ done: false, value: effect }` shape), and the generator machinery passes that very
 * object out of the goroutine's `gen.next()`, so the kernel sees the pending effect with
 * no wrapper allocated. The kernel then resumes the goroutine with the result, which
 * `next(result)` hands back as `{ done: true, value: result }`: the value of the
 * `yield*` expression, typed `T` with no casts in user code.
 *
 * Which of the two calls a `next()` is, the kernel says (`resuming`): the first `next` of
 * a resumption finishes the pending effect; any later one starts a new effect. So an
 * effect carries no state, and one without arguments (`m.lock()`, `ch.recv()`) is
 * allocated once per object and shared. (A bare `yield m.lock()`, without the star,
 * would break this; the kernel refuses it.)
 *
 * Effects only *describe*; the kernel applies them (see `kernel/ops/`, one module per primitive).
 *
 * **Un-yielded effects.** `m.lock();` without `yield*` type-checks and would do nothing.
 * So every facade method that hands out an effect *issues* it (`issue`): the `ledger`
 * counts the effects issued and not yet started; an effect's own first `next()` (the start
 * of its `yield*`) takes it off again, and so does a `select` that takes it as a case. The
 * count is zero after setup and after every step that yields what it calls; the kernel
 * reads it when a goroutine hands back control (its next effect, or its end): above zero
 * is an effect called but never yielded, a `panic` (see `unyielded.ts`). Below zero (the
 * step yielded an effect made in setup, which is allowed) it is set back to zero; such an
 * effect can hide a dropped call of the same step only when it is yielded after the drop.
 * Every effect a facade's own code yields (`Once.do`'s second one) is issued too, so that
 * it nets to zero.
 *
 * Which call was dropped, the ledger keeps (`first`) only while it is `naming`: in a run
 * that records its trace — the re-run of every failing execution, and `replay` — whose
 * message is the one reported (run.ts). An exploring run counts only, and its panic says
 * which goroutine dropped a call, not which call. The cost while exploring is a counter
 * per effect call and one test per step, and no write to the effect (a flag on each effect
 * measured 5–8 % of a mutex-bound step) and no pointer stored in the ledger (keeping the
 * first effect of every step measured 5–10 % of mutex- and channel-bound steps: the
 * write barrier of a young effect stored in an old object, and the branch).
 */
import type { ObjectId } from './ids';

/** What an effect does. The kernel dispatches on this with one `switch`. */
export enum OpKind {
  /** A goroutine's first step: it runs its body up to its first effect (internal). */
  Start = 0,
  // mutex
  Lock = 1,
  Unlock,
  TryLock,
  // rwmutex
  RLock,
  RUnlock,
  WLock,
  WUnlock,
  TryWLock,
  TryRLock,
  // cond
  CondWait,
  CondSignal,
  CondBroadcast,
  // wait group
  WgAdd,
  WgWait,
  // once
  OnceEnter,
  OnceDone,
  // channels
  Send,
  Recv,
  RecvOk,
  Close,
  Select,
  // shared memory
  Load,
  Store,
  Free,
  // atomics
  ALoad,
  AStore,
  AAdd,
  ACas,
  ASwap,
  // clock and scheduling
  Sleep,
  Random,
  Yield,
  TimerStop,
  TimerReset,
  /**
   * Internal, never an effect: the second stage of an rwmutex `Lock` (or of a cond's
   * re-lock of one) — the announced writer enters once the readers have left.
   */
  WriterEnter,
  /**
   * Internal, never an effect: with `preemptAtAccesses`, one write of a `sim.struct` field
   * published as a step of its own (see `kernel/ops/struct.ts`).
   */
  StructWrite,
}

/** The kinds of simulated objects. */
export type ObjectKind =
  | 'mutex'
  | 'rwmutex'
  | 'cond'
  | 'waitGroup'
  | 'once'
  | 'chan'
  | 'shared'
  | 'atomic'
  | 'struct'
  | 'timer';

/**
 * A handle on a simulated object, as primitives see it: its identity and nothing of
 * the kernel's state behind it.
 */
export interface ObjectRef {
  /** Stable per execution: objects are numbered in creation order. */
  readonly id: ObjectId;
  readonly kind: ObjectKind;
  readonly name: string;
  /** An interleaving-independent name, set when the strategy records footprints ('' otherwise). */
  readonly key: string;
}

interface DoneResult {
  done: true;
  value: unknown;
}

/**
 * The one `{ done: true }` result every effect returns on resumption. The `yield*`
 * machinery reads `value` immediately, so sharing one mutable object is safe and keeps
 * the hot path allocation-free.
 */
const DONE: DoneResult = { done: true, value: undefined };

/**
 * @internal Effects issued and not yet started in the running step (see the module
 * comment). `open` may go below zero when a goroutine yields an effect issued before its
 * step (made in setup and kept): only a count above zero means one was dropped; the
 * kernel sets it back to zero when a goroutine hands back control with it not at zero.
 */
export const ledger: Ledger = { open: 0, first: null, naming: false };

/** The ledger's shape: see `ledger`. */
export interface Ledger {
  /** Effects issued in the running step minus effects started or taken by a select. */
  open: number;
  /** While `naming`: the first effect issued since `open` was last zero, the one a panic names. */
  first: Effect | null;
  /** Whether to keep `first`: set for each run, true when it records its trace (run.ts). */
  naming: boolean;
}

/** `ledger`, read through a module-local binding (an export is a property load per use in CommonJS). */
const LEDGER: Ledger = ledger;

/**
 * @internal Hands out `e` from a facade method: records it in the `ledger` until it is
 * started by `yield*` or taken by a `select`. Returns `e`.
 */
export function issue<E extends Effect<unknown>>(e: E): E {
  const l = LEDGER;
  if (l.naming) keepFirst(l, e);
  l.open++;
  return e;
}

/** `issue` while naming: keeps `e` if it is the first effect issued in the step. */
function keepFirst(l: Ledger, e: Effect): void {
  if (l.open <= 0) l.first = e;
}

/** @internal An issued effect was consumed without being started (a `select` case). */
export function consume(): void {
  LEDGER.open--;
}

/** Set by the kernel just before it resumes a goroutine; the next `next()` consumes it. */
let resuming = false;

/** @internal The kernel is about to resume a goroutine whose pending effect is done. */
export function beginResume(): void {
  resuming = true;
}

/** @internal Whether the resumption went through an effect (false: it was consumed). */
export function endResume(): boolean {
  const left = resuming;
  resuming = false;
  return left;
}

/**
 * An operation a goroutine performs with `yield*`; its result has type `T`.
 *
 * @example
 *   const v = yield* counter.load();   // v: number
 *   const ok = yield* m.tryLock();      // ok: boolean
 */
export class Effect<T = unknown> implements Iterable<Effect, T, unknown> {
  /** Makes the effect its own first IteratorResult (`{ done: false, value: this }`). */
  readonly done = false;
  /** See `done`. */
  readonly value: Effect = this;
  /** Phantom: the result type. Never set. */
  declare readonly __result?: T;

  constructor(
    /** The operation. */
    readonly kind: OpKind,
    /** The object it acts on (`null` for sleep, random, yield). */
    readonly obj: ObjectRef | null,
    /** First argument (value to store/send, amount, duration, cases…). */
    readonly a: unknown = undefined,
    /** Second argument (new value of a cas, select's default flag…). */
    readonly b: unknown = undefined,
  ) {}

  [Symbol.iterator](): Iterator<Effect, T, unknown> {
    return this as unknown as Iterator<Effect, T, unknown>;
  }

  /** @internal the iterator protocol; see the module comment. */
  next(v?: unknown): IteratorResult<Effect, T> {
    if (resuming) {
      resuming = false;
      DONE.value = v;
      return DONE as IteratorResult<Effect, T>;
    }
    LEDGER.open--;
    return this as unknown as IteratorResult<Effect, T>;
  }
}

/** A goroutine body's generator: it yields effects and may return a value. */
export type Routine<R = void> = Generator<Effect, R, unknown>;
