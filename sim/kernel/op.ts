/**
 * The operations, typed: one runtime class (`Effect`, for speed and for `yield*`), seen
 * by the kernel as a discriminated union on `kind`, so that a `switch` narrows the object
 * and the arguments and no module casts `op.obj`, `op.a` or `op.b`.
 *
 * The cast from `Effect` happens once, where a goroutine's pending effect is taken
 * (`asOp`); it is sound because effects are only made by the primitives' facades, each
 * with the object and argument types written here.
 */
import { Effect, OpKind, type ObjectRef } from '../effect';
import type { ChanObj } from './ops/chan';
import type { CondObj } from './ops/cond';
import type { MutexObj } from './ops/mutex';
import type { OnceObj } from './ops/once';
import type { StructObj } from './ops/struct';
import type { RWMutexObj } from './ops/rwmutex';
import type { AtomicObj, SharedObj } from './ops/memory';
import type { TimerObj } from './ops/timer';
import type { WaitGroupObj } from './ops/waitgroup';

/** An operation of kind `K` on an object of type `O`, with arguments `A` and `B`. */
export interface OpOf1<K extends OpKind, O extends ObjectRef | null, A, B> extends Effect {
  readonly kind: K;
  readonly obj: O;
  readonly a: A;
  readonly b: B;
}

/** One member per kind of `K` (so that `Extract<Op, { kind: OpKind.X }>` finds it). */
export type OpOf<K extends OpKind, O extends ObjectRef | null, A = undefined, B = undefined> = K extends OpKind ? OpOf1<K, O, A, B> : never;

/** The operation of kind `K`. */
export type OpWith<K extends OpKind> = Extract<Op, { readonly kind: K }>;

export type MutexOp = OpOf<OpKind.Lock | OpKind.Unlock | OpKind.TryLock, MutexObj>;
export type RWMutexOp = OpOf<OpKind.RLock | OpKind.RUnlock | OpKind.WLock | OpKind.WUnlock | OpKind.TryWLock | OpKind.TryRLock, RWMutexObj>;
export type CondOp = OpOf<OpKind.CondWait | OpKind.CondSignal | OpKind.CondBroadcast, CondObj>;
export type WaitGroupOp = OpOf<OpKind.WgAdd, WaitGroupObj, number, 'done' | undefined> | OpOf<OpKind.WgWait, WaitGroupObj>;
export type OnceOp = OpOf<OpKind.OnceEnter | OpKind.OnceDone, OnceObj>;
/** A send or a receive: alone, or as a case of a select. */
export type CaseOp = OpOf<OpKind.Send, ChanObj, unknown> | OpOf<OpKind.Recv | OpKind.RecvOk, ChanObj>;
export type ChanOp = CaseOp | OpOf<OpKind.Close, ChanObj>;
/** `select`: its cases, and whether it has a default. */
export type SelectOp = OpOf<OpKind.Select, null, readonly CaseOp[], boolean>;
export type SharedOp = OpOf<OpKind.Load | OpKind.Free, SharedObj> | OpOf<OpKind.Store, SharedObj, unknown>;
export type AtomicOp =
  | OpOf<OpKind.ALoad, AtomicObj>
  | OpOf<OpKind.AStore | OpKind.ASwap, AtomicObj, unknown>
  | OpOf<OpKind.AAdd, AtomicObj, number>
  | OpOf<OpKind.ACas, AtomicObj, unknown, unknown>;
export type TimerOp = OpOf<OpKind.Sleep, null, number> | OpOf<OpKind.TimerStop, TimerObj> | OpOf<OpKind.TimerReset, TimerObj, number>;
/** With `preemptAtAccesses`: the write of field `a` (its index) of a struct, with value `b`. */
export type StructOp = OpOf<OpKind.StructWrite, StructObj, number, unknown>;
export type SchedOp = OpOf<OpKind.Start | OpKind.Yield, null> | OpOf<OpKind.Random, null, number>;

/** Every operation. */
export type Op = MutexOp | RWMutexOp | CondOp | WaitGroupOp | OnceOp | ChanOp | SelectOp | SharedOp | AtomicOp | TimerOp | SchedOp | StructOp;

/** The typed view of an effect (see the module comment). */
export function asOp(e: Effect): Op {
  return e as unknown as Op;
}
