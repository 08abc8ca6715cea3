/**
 * `sync.RWMutex` with Go's writer preference: `Lock` first takes the writer slot (waiting
 * for another writer to leave) and so announces itself — from then on new readers wait —
 * then waits for the active readers to leave (the `WaitReaders` phase). Readers that
 * arrived while a writer was announced get in at its `Unlock`, before any later writer.
 * A cond's re-lock on an rwmutex goes through the same `Lock` (`announce`).
 *
 * Happens-before: the writer's Unlock releases into `wvc`, acquired by readers and the
 * next writer; every RUnlock releases into `rvc`, acquired by the next writer.
 * Accesses: RLock reads the rwmutex (readers commute); everything else writes it. The
 * writer's announcement (op `WLock`) is never enabled with an `Unlock`, nor its entry
 * (op `WriterEnter`) with an `RUnlock` (see `dependency.ts`).
 */
import { OpKind } from '../../effect';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import { Phase, type G } from '../goroutine';
import { Obj } from '../objects';
import type { Op, RWMutexOp } from '../op';
import { PARK, type Park, type Rt } from '../rt';
import type { VC } from '../vclock';
import { holderName } from './mutex';

export class RWMutexObj extends Obj {
  readonly kind = 'rwmutex' as const;
  /** The writer that holds the writer slot (announced or active), or null. */
  writer: G | null = null;
  /** True once `writer` holds the lock (no readers left). */
  writerActive = false;
  /** Active readers, one entry per read lock held. Invariant: empty while `writerActive`. */
  readonly readers: G[] = [];
  /** Readers that arrived while a writer was announced; admitted at its unlock (Go's order). */
  readonly blockedReaders: G[] = [];
  /** Released by the writer's unlock, acquired by readers and the next writer. */
  wvc: VC | null = null;
  /** Released by every read unlock, acquired by the next writer. */
  rvc: VC | null = null;
  constructor(id: ObjectId, name: string) {
    super(id, name);
  }
}

/** Whether a fresh `op` can run now (only Lock waits: for the writer slot). */
export function enabled(op: RWMutexOp): boolean {
  return op.kind !== OpKind.WLock || op.obj.writer === null;
}

export function watch(rt: Rt, g: G, op: RWMutexOp): void {
  if (op.kind === OpKind.WLock) rt.watch(g, op.obj);
}

export function apply(rt: Rt, g: G, op: RWMutexOp): unknown {
  const rw = op.obj;
  switch (op.kind) {
    case OpKind.RLock:
      return rlock(rt, g, rw);
    case OpKind.RUnlock: {
      const rs = rw.readers;
      if (rs.length === 0) return rt.misuse(g, op, 'sync: RUnlock of unlocked RWMutex');
      const i = rs.indexOf(g);
      rs.splice(i >= 0 ? i : 0, 1);
      rw.rvc = rt.release(g, rw.rvc);
      rt.touch(rw);
      return undefined;
    }
    case OpKind.WLock:
      return announce(rt, g, rw);
    case OpKind.WUnlock:
      unlock(rt, g, rw, op);
      return undefined;
    case OpKind.TryWLock:
      if (rw.writer !== null || rw.readers.length > 0) return false;
      rw.writer = g;
      enter(rt, g, rw);
      rt.touch(rw);
      return true;
    case OpKind.TryRLock:
      if (rw.writer !== null) return false;
      rlock(rt, g, rw);
      return true;
  }
}

/** RLock: enter as a reader, or — behind an announced writer — wait for its Unlock. */
function rlock(rt: Rt, g: G, rw: RWMutexObj): undefined | Park {
  if (rw.writer !== null) {
    rw.blockedReaders.push(g);
    return rt.park(g);
  }
  rw.readers.push(g);
  rt.acquire(g, rw.wvc);
  rt.touch(rw);
  return undefined;
}

/**
 * `g` takes the free writer slot of `rw` (Lock's first stage, or a cond's re-lock): with
 * readers active it waits for them in the `WaitReaders` phase.
 */
export function announce(rt: Rt, g: G, rw: RWMutexObj): undefined | Park {
  rw.writer = g;
  rt.touch(rw);
  if (rw.readers.length > 0) {
    g.phase = Phase.WaitReaders;
    rt.watch(g, rw);
    return PARK;
  }
  enter(rt, g, rw);
  return undefined;
}

/** The `WaitReaders` phase: enabled once the readers have left. */
export function readersLeft(rw: RWMutexObj): boolean {
  return rw.readers.length === 0;
}

/** The announced writer `g` holds the lock. */
export function enter(rt: Rt, g: G, rw: RWMutexObj): undefined {
  rw.writerActive = true;
  rt.acquire(g, rw.wvc);
  rt.acquire(g, rw.rvc);
  return undefined;
}

/**
 * The writer's Unlock (also a cond's Wait, by `op`): readers that arrived meanwhile get
 * in. False after the misuse panic.
 */
export function unlock(rt: Rt, g: G, rw: RWMutexObj, op: Op): boolean {
  if (!rw.writerActive) {
    rt.misuse(g, op, 'sync: Unlock of unlocked RWMutex');
    return false;
  }
  rw.wvc = rt.release(g, rw.wvc);
  rw.writer = null;
  rw.writerActive = false;
  const blocked = rw.blockedReaders;
  for (let i = 0; i < blocked.length; i++) {
    const r = blocked[i]!;
    rw.readers.push(r);
    rt.acquire(r, rw.wvc);
    rt.complete(r, undefined);
    if (rt.tracing) rt.note(`admitted reader "${r.name}"`);
  }
  blocked.length = 0;
  rt.touch(rw);
  return true;
}

export function footprint(fp: Footprint, op: RWMutexOp): void {
  fp.add(op.obj, op.kind !== OpKind.RLock, op.kind);
}

export function text(op: RWMutexOp): string {
  switch (op.kind) {
    case OpKind.WLock:
      return 'lock';
    case OpKind.WUnlock:
      return 'unlock';
    case OpKind.TryWLock:
      return 'tryLock';
    case OpKind.RLock:
      return 'rlock';
    case OpKind.RUnlock:
      return 'runlock';
    case OpKind.TryRLock:
      return 'tryRLock';
  }
}

export function result(op: RWMutexOp, v: unknown): string | null {
  return op.kind === OpKind.TryWLock || op.kind === OpKind.TryRLock ? String(v) : null;
}

export function blockedOn(g: G, op: RWMutexOp): string {
  const rw = op.obj;
  if (g.phase === Phase.WaitReaders) return `rwmutex "${rw.name}" lock, waiting for readers ${rw.readers.map((r) => `"${r.name}"`).join(', ')}`;
  if (op.kind === OpKind.RLock) return `rwmutex "${rw.name}" rlock, behind writer ${holderName(rw.writer)}`;
  return `rwmutex "${rw.name}" lock held by writer ${holderName(rw.writer)}`;
}

/** Who holds the write lock (for checks), or null. */
export function activeWriter(rw: RWMutexObj): G | null {
  return rw.writerActive ? rw.writer : null;
}
