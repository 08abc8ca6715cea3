/**
 * When a pending effect is enabled, and which objects decide it.
 *
 * `isEnabled` evaluates whether a goroutine's pending effect can run, a pure function of
 * the object states (plus the registrations, for unbuffered channels: a send is enabled
 * exactly when some other goroutine waits to receive, and vice versa). waiters.ts keeps
 * the registrations and rechecks them when an object changes.
 */
import { Effect, OpKind } from '../effect';
import { G, Phase } from './goroutine';
import type { ChanObj, CondObj, LockerObj, MutexObj, OnceObj, RWMutexObj, WaitGroupObj } from './objects';
import { OnceState } from './objects';

/** Whether `g` can take a step now. */
export function isEnabled(g: G): boolean {
  const op = g.pending;
  switch (g.phase) {
    case Phase.Completed:
      return true;
    case Phase.Parked:
      return false;
    case Phase.Relock:
      return lockerFree((op.obj as CondObj).locker);
    case Phase.WaitReaders:
      return (op.obj as RWMutexObj).readers.length === 0;
    case Phase.Fresh:
      break;
  }
  switch (op.kind) {
    case OpKind.Lock:
      return (op.obj as MutexObj).owner === null;
    case OpKind.WLock:
      return (op.obj as RWMutexObj).writer === null;
    case OpKind.WgWait:
      return (op.obj as WaitGroupObj).count === 0;
    case OpKind.OnceEnter:
      return (op.obj as OnceObj).state !== OnceState.Running;
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
      return caseReady(op, g);
    case OpKind.Select: {
      if (op.b === true) return true;
      const cases = op.a as readonly Effect[];
      for (let i = 0; i < cases.length; i++) if (caseReady(cases[i]!, g)) return true;
      return false;
    }
    default:
      return true;
  }
}

/** A locker (for a cond) can be taken: a free mutex, or an rwmutex with no writer and no readers. */
export function lockerFree(l: LockerObj): boolean {
  return l.kind === 'mutex' ? l.owner === null : l.writer === null && l.readers.length === 0;
}

/** Whether a send/recv (alone or as a select case) by `self` can complete now. */
export function caseReady(op: Effect, self: G): boolean {
  const ch = op.obj as ChanObj;
  if (ch.closed) return true;
  const send = op.kind === OpKind.Send;
  if (ch.cap > 0) return send ? ch.len < ch.cap : ch.len > 0;
  // a send needs a waiting receiver, a receive a waiting sender
  return findPartner(ch, send, self) !== null;
}

/**
 * For an unbuffered channel: the first goroutine (FIFO by registration, as Go's wait
 * queues) other than `self` whose pending effect receives (`wantRecv`) or sends on `ch`,
 * alone or as a case of a select. Returns the goroutine; `partnerCase` tells which case.
 */
export function findPartner(ch: ChanObj, wantRecv: boolean, self: G): G | null {
  const ws = ch.waiters;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w === self || w.phase !== Phase.Fresh) continue;
    if (partnerCase(w.pending, ch, wantRecv) >= 0) return w;
  }
  return null;
}

/** The index of the case of `op` that receives (or sends) on `ch`: 0 for a lone op, -1 if none. */
export function partnerCase(op: Effect, ch: ChanObj, wantRecv: boolean): number {
  if (op.kind === OpKind.Select) {
    const cases = op.a as readonly Effect[];
    for (let j = 0; j < cases.length; j++) {
      const c = cases[j]!;
      if (c.obj === ch && (c.kind === OpKind.Send) !== wantRecv) return j;
    }
    return -1;
  }
  if (op.obj !== ch) return -1;
  if (wantRecv) return op.kind === OpKind.Recv || op.kind === OpKind.RecvOk ? 0 : -1;
  return op.kind === OpKind.Send ? 0 : -1;
}
