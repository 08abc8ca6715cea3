/**
 * Effect dispatch: applies a goroutine's pending effect (which is enabled) and returns
 * its result, or PARK. One `switch` over the effect kind; the semantics live in the
 * apply-* modules, one per family of primitives.
 */
import { Effect, OpKind } from '../effect';
import { assertNever } from '../assert-never';
import { close, recv, recvOk, select, send } from './apply-chan';
import { aadd, acas, aload, astore, aswap, free, load, store } from './apply-memory';
import {
  condSignal,
  condWait,
  lock,
  onceDone,
  onceEnter,
  relock,
  rlock,
  runlock,
  tryLock,
  tryRLock,
  tryWLock,
  unlock,
  wgAdd,
  wgWait,
  wlock,
  writerEnter,
  wunlock,
} from './apply-sync';
import { random, sleep, timerReset, timerStop } from './apply-time';
import { G, Phase } from './goroutine';
import type { Kernel } from './kernel';
import type { AtomicObj, ChanObj, CondObj, MutexObj, OnceObj, RWMutexObj, SharedObj, TimerObj, WaitGroupObj } from './objects';

export function applyEffect(k: Kernel, g: G, op: Effect): unknown {
  if (g.phase === Phase.Relock) return relock(k, g, op.obj as CondObj);
  if (g.phase === Phase.WaitReaders) return writerEnter(k, g, op.obj as RWMutexObj);
  const kind = op.kind;
  switch (kind) {
    case OpKind.Lock:
      return lock(k, g, op.obj as MutexObj);
    case OpKind.Unlock:
      return unlock(k, g, op.obj as MutexObj, op);
    case OpKind.TryLock:
      return tryLock(k, g, op.obj as MutexObj);
    case OpKind.RLock:
      return rlock(k, g, op.obj as RWMutexObj);
    case OpKind.RUnlock:
      return runlock(k, g, op.obj as RWMutexObj, op);
    case OpKind.WLock:
      return wlock(k, g, op.obj as RWMutexObj);
    case OpKind.WUnlock:
      return wunlock(k, g, op.obj as RWMutexObj, op);
    case OpKind.TryWLock:
      return tryWLock(k, g, op.obj as RWMutexObj);
    case OpKind.TryRLock:
      return tryRLock(k, g, op.obj as RWMutexObj);
    case OpKind.CondWait:
      return condWait(k, g, op.obj as CondObj, op);
    case OpKind.CondSignal:
      return condSignal(k, op.obj as CondObj, false);
    case OpKind.CondBroadcast:
      return condSignal(k, op.obj as CondObj, true);
    case OpKind.WgAdd:
      return wgAdd(k, g, op.obj as WaitGroupObj, op);
    case OpKind.WgWait:
      return wgWait(k, g, op.obj as WaitGroupObj);
    case OpKind.OnceEnter:
      return onceEnter(k, g, op.obj as OnceObj);
    case OpKind.OnceDone:
      return onceDone(k, g, op.obj as OnceObj);
    case OpKind.Send:
      return send(k, g, op.obj as ChanObj, op.a, op);
    case OpKind.Recv:
      return recv(k, g, op.obj as ChanObj);
    case OpKind.RecvOk:
      return recvOk(k, g, op.obj as ChanObj);
    case OpKind.Close:
      return close(k, g, op.obj as ChanObj, op);
    case OpKind.Select:
      return select(k, g, op);
    case OpKind.Load:
      return load(k, g, op.obj as SharedObj);
    case OpKind.Store:
      return store(k, g, op.obj as SharedObj, op.a);
    case OpKind.Free:
      return free(k, g, op.obj as SharedObj);
    case OpKind.ALoad:
      return aload(k, g, op.obj as AtomicObj);
    case OpKind.AStore:
      return astore(k, g, op.obj as AtomicObj, op.a);
    case OpKind.AAdd:
      return aadd(k, g, op.obj as AtomicObj, op);
    case OpKind.ACas:
      return acas(k, g, op.obj as AtomicObj, op);
    case OpKind.ASwap:
      return aswap(k, g, op.obj as AtomicObj, op.a);
    case OpKind.Sleep:
      return sleep(k, g, op);
    case OpKind.Random:
      return random(k, g, op);
    case OpKind.Yield:
      return undefined;
    case OpKind.TimerStop:
      return timerStop(k, op.obj as TimerObj);
    case OpKind.TimerReset:
      return timerReset(k, g, op.obj as TimerObj, op);
    default:
      return assertNever(kind);
  }
}
