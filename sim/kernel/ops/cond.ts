/**
 * `sync.Cond`: Wait unlocks the locker and sleeps until signalled, then re-locks through
 * the locker's own `Lock` — for an rwmutex that is `RWMutex.Lock`, with its writer
 * preference (new readers wait while the woken waiter re-locks). Waiters are woken in FIFO
 * order (Go's notify list); there are no spurious wakeups.
 *
 * The woken waiter's next steps are its re-lock (phase `Relock`, then `WaitReaders` for an
 * rwmutex with readers): it happens after the signal that woke it.
 * Accesses: every operation writes the cond; Wait also releases the locker; the re-lock is
 * the locker's blocking acquire.
 */
import { OpKind } from '../../effect';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import { Phase, type G } from '../goroutine';
import { Obj } from '../objects';
import type { CondOp } from '../op';
import type { Park, Rt } from '../rt';
import { holderName, MutexObj, take, unlock as unlockMutex } from './mutex';
import { announce, RWMutexObj, unlock as unlockWriter } from './rwmutex';

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

export function apply(rt: Rt, g: G, op: CondOp): unknown {
  const c = op.obj;
  switch (op.kind) {
    case OpKind.CondWait: {
      const l = c.locker;
      if (!(l instanceof MutexObj ? unlockMutex(rt, g, l, op) : unlockWriter(rt, g, l, op))) return undefined;
      c.waitq.push(g);
      return rt.park(g);
    }
    case OpKind.CondSignal:
    case OpKind.CondBroadcast:
      while (c.waitq.length > 0) {
        const w = c.waitq.shift()!;
        w.phase = Phase.Relock;
        w.completedAt = rt.step;
        rt.watch(w, c.locker);
        rt.touch(c.locker);
        if (rt.tracing) rt.note(`woke "${w.name}"`);
        if (op.kind === OpKind.CondSignal) break;
      }
      rt.touch(c);
      return undefined;
  }
}

/** The `Relock` phase: the locker's `Lock` can take it (a free mutex, a free writer slot). */
export function canRelock(c: CondObj): boolean {
  const l = c.locker;
  return l instanceof MutexObj ? l.owner === null : l.writer === null;
}

/** The `Relock` phase's step: the locker's `Lock`. */
export function relock(rt: Rt, g: G, c: CondObj): undefined | Park {
  const l = c.locker;
  if (l instanceof MutexObj) {
    take(rt, g, l);
    return undefined;
  }
  return announce(rt, g, l);
}

export function footprint(fp: Footprint, op: CondOp): void {
  fp.add(op.obj, true, op.kind);
  if (op.kind === OpKind.CondWait) fp.add(op.obj.locker, true, op.obj.locker instanceof MutexObj ? OpKind.Unlock : OpKind.WUnlock);
}

/** The footprint of the `Relock` phase's step: the locker's `Lock`. */
export function relockFootprint(fp: Footprint, c: CondObj): void {
  fp.add(c.locker, true, c.locker instanceof MutexObj ? OpKind.Lock : OpKind.WLock);
}

export function text(op: CondOp): string {
  return op.kind === OpKind.CondWait ? 'wait' : op.kind === OpKind.CondSignal ? 'signal' : 'broadcast';
}

export function blockedOn(g: G, op: CondOp): string {
  const c = op.obj;
  const l = c.locker;
  if (g.phase === Phase.Relock) {
    const holder = l instanceof MutexObj ? l.owner : l.writer;
    return `${l.kind} "${l.name}" (re-locking after cond "${c.name}" wait) held by ${holderName(holder)}`;
  }
  if (g.phase === Phase.WaitReaders && l instanceof RWMutexObj) {
    return `rwmutex "${l.name}" (re-locking after cond "${c.name}" wait), waiting for readers ${l.readers.map((r) => `"${r.name}"`).join(', ')}`;
  }
  return `cond "${c.name}" wait (nobody signals it)`;
}
