/**
 * `sync.Mutex`: Lock, Unlock, TryLock, as Go defines them — not reentrant, not owned (any
 * goroutine may unlock), unlock of an unlocked mutex panics with Go's message. Which
 * waiter gets a freed mutex is a scheduling choice: every waiter is enabled once it is
 * free (a FIFO hand-off would make the order depend on arrivals the search cannot see as
 * dependent: tried, and DPOR missed a task-stop bug).
 *
 * Happens-before: Unlock releases into the mutex's clock, Lock acquires it.
 * Accesses: every operation writes the mutex; Lock is a blocking acquire, Unlock a release
 * (a Lock is never enabled together with an Unlock of the same mutex, see `dpor.ts`).
 */
import { OpKind } from '../../effect';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import { Obj } from '../objects';
import type { MutexOp, Op } from '../op';
import type { Rt } from '../rt';
import type { VC } from '../vclock';

export class MutexObj extends Obj {
  readonly kind = 'mutex' as const;
  /** The holder, or null when unlocked. */
  owner: G | null = null;
  /** Released by unlock, acquired by lock. */
  vc: VC | null = null;
  constructor(id: ObjectId, name: string) {
    super(id, name);
  }
}

/** Whether `op` can run now (only Lock can wait). */
export function enabled(op: MutexOp): boolean {
  return op.kind !== OpKind.Lock || op.obj.owner === null;
}

export function watch(rt: Rt, g: G, op: MutexOp): void {
  if (op.kind === OpKind.Lock) rt.watch(g, op.obj);
}

/** Lock (enabled: the mutex is free). */
export function lock(rt: Rt, g: G, m: MutexObj): undefined {
  take(rt, g, m);
  return undefined;
}

/** Unlock; panics on an unlocked mutex. */
export function unlockOp(rt: Rt, g: G, op: MutexOp): undefined {
  unlock(rt, g, op.obj, op);
  return undefined;
}

/** TryLock: takes the mutex if it is free; never blocks. */
export function tryLock(rt: Rt, g: G, m: MutexObj): boolean {
  if (m.owner !== null) return false;
  take(rt, g, m);
  return true;
}

/** `g` unlocks `m` (Unlock, or a cond's Wait by `op`); false after the misuse panic. */
export function unlock(rt: Rt, g: G, m: MutexObj, op: Op): boolean {
  if (m.owner === null) {
    rt.misuse(g, op, 'sync: unlock of unlocked mutex');
    return false;
  }
  if (rt.raceOn) m.vc = rt.release(g, m.vc);
  m.owner = null;
  rt.touch(m);
  return true;
}

/** `g` takes the free mutex `m` (also a cond's re-lock). */
export function take(rt: Rt, g: G, m: MutexObj): void {
  m.owner = g;
  if (rt.raceOn) rt.acquire(g, m.vc);
  rt.touch(m);
}

export function footprint(fp: Footprint, op: MutexOp): void {
  fp.add(op.obj, true, op.kind);
}

export function text(op: MutexOp): string {
  return op.kind === OpKind.Lock ? 'lock' : op.kind === OpKind.Unlock ? 'unlock' : 'tryLock';
}

export function result(op: MutexOp, v: unknown): string | null {
  return op.kind === OpKind.TryLock ? String(v) : null;
}

export function blockedOn(op: MutexOp): string {
  return `mutex "${op.obj.name}" held by ${holderName(op.obj.owner)}`;
}

/** `"a"`, or `nobody`. */
export function holderName(g: G | null): string {
  return g === null ? 'nobody' : `"${g.name}"`;
}
