/**
 * The narrow interface primitives (facades) use to reach the kernel: creating objects,
 * spawning, peeking at values. Primitives see only this and `ObjectRef`s, never the
 * kernel's state.
 */
import type { ObjectRef, Routine } from './effect';
import type { GoroutineId } from './ids';

/** A spawned goroutine, as `go` returns it. */
export interface GoroutineHandle {
  readonly id: GoroutineId;
  /** Its name, made unique within the execution (`worker`, `worker#2`…). */
  readonly name: string;
  readonly daemon: boolean;
  /** True once its body returned. */
  readonly done: boolean;
}

/** A check for `invariant` and `atEnd`: `true` holds; `false` or a message is a violation. */
export type Check = () => boolean | string;

/** A goroutine body: a generator function. */
export type Body = () => Routine<unknown>;

export type TimerFlavor = 'func' | 'chan' | 'ticker';

export interface Runtime {
  spawn(name: string, body: Body, daemon: boolean): GoroutineHandle;
  newMutex(name: string): ObjectRef;
  newRWMutex(name: string): ObjectRef;
  newCond(locker: ObjectRef, name: string): ObjectRef;
  newWaitGroup(name: string, count: number): ObjectRef;
  newOnce(name: string): ObjectRef;
  newChan(name: string, cap: number): ObjectRef;
  newShared(name: string, init: unknown): ObjectRef;
  newAtomic(name: string, init: unknown): ObjectRef;
  /** A `sim.struct`: the scenario's view of it (an object with `init`'s fields). */
  newStruct<T extends object>(name: string, init: T): T;
  /** A timer firing `ns` from now; for 'chan' and 'ticker' also its channel (capacity 1). */
  newTimer(flavor: TimerFlavor, ns: number, name: string, body: Body | null, daemon?: boolean): { timer: ObjectRef; chan: ObjectRef | null };
  /** Who holds a mutex (its name), or null; for an rwmutex, the writer. */
  holder(ref: ObjectRef): string | null;
  /** How many read locks an rwmutex has. */
  readers(ref: ObjectRef): number;
  /** Adds `text` to the trace entry of the current step (nothing when not tracing). */
  note(text: string): void;
  /** The current value of a shared or atomic (a use-after-free when a goroutine reads a freed shared). */
  peek(ref: ObjectRef): unknown;
  poke(ref: ObjectRef, v: unknown): void;
  isFreed(ref: ObjectRef): boolean;
  chanLen(ref: ObjectRef): number;
  timerPending(ref: ObjectRef): boolean;
  now(): number;
  assert(cond: unknown, message: string): void;
  invariant(name: string, check: Check): void;
  atEnd(name: string, check: Check): void;
}
