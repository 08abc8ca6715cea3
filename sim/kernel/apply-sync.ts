/**
 * Semantics of mutex, rwmutex, cond, waitGroup and once, as Go's `sync` package defines
 * them (misuse panics with Go's messages). A function here runs only when its effect is
 * enabled (see enabled.ts); it returns the effect's result, or PARK when the goroutine
 * must wait for another step to complete it.
 */
import type { Effect } from '../effect';
import { G, Phase } from './goroutine';
import type { Kernel } from './kernel';
import { CondObj, LockerObj, MutexObj, OnceObj, OnceState, RWMutexObj, WaitGroupObj } from './objects';
import { acquire, release } from './race';
import { misuse, PARK } from './apply-common';
import { complete, touch, watch } from './waiters';

export function lock(k: Kernel, g: G, m: MutexObj): undefined {
  m.owner = g;
  if (k.raceOn) acquire(g, m.vc);
  touch(k, m);
  return undefined;
}

export function unlock(k: Kernel, g: G, m: MutexObj, op: Effect): undefined {
  // Go allows another goroutine than the locker to unlock; only an unlocked mutex panics.
  if (m.owner === null) return misuse(k, g, op, 'sync: unlock of unlocked mutex');
  if (k.raceOn) m.vc = release(g, m.vc);
  m.owner = null;
  touch(k, m);
  return undefined;
}

export function tryLock(k: Kernel, g: G, m: MutexObj): boolean {
  if (m.owner !== null) return false;
  lock(k, g, m);
  return true;
}

/** RLock: enter as a reader, or — with a writer announced — queue until its Unlock (Go's order). */
export function rlock(k: Kernel, g: G, rw: RWMutexObj): undefined | typeof PARK {
  if (rw.writer !== null) {
    rw.blockedReaders.push(g);
    g.phase = Phase.Parked;
    return PARK;
  }
  rw.readers.push(g);
  if (k.raceOn) acquire(g, rw.wvc);
  touch(k, rw);
  return undefined;
}

export function runlock(k: Kernel, g: G, rw: RWMutexObj, op: Effect): undefined {
  const rs = rw.readers;
  if (rs.length === 0) return misuse(k, g, op, 'sync: RUnlock of unlocked RWMutex');
  const i = rs.indexOf(g);
  rs.splice(i >= 0 ? i : 0, 1);
  if (k.raceOn) rw.rvc = release(g, rw.rvc);
  touch(k, rw);
  return undefined;
}

/** Lock: take the writer slot (announce), then wait for the active readers to leave. */
export function wlock(k: Kernel, g: G, rw: RWMutexObj): undefined | typeof PARK {
  rw.writer = g;
  touch(k, rw);
  if (rw.readers.length > 0) {
    g.phase = Phase.WaitReaders;
    watch(k, g, rw);
    return PARK;
  }
  return writerEnter(k, g, rw);
}

export function writerEnter(k: Kernel, g: G, rw: RWMutexObj): undefined {
  rw.writerActive = true;
  if (k.raceOn) {
    acquire(g, rw.wvc);
    acquire(g, rw.rvc);
  }
  return undefined;
}

export function wunlock(k: Kernel, g: G, rw: RWMutexObj, op: Effect): undefined {
  if (!rw.writerActive) return misuse(k, g, op, 'sync: Unlock of unlocked RWMutex');
  if (k.raceOn) rw.wvc = release(g, rw.wvc);
  rw.writer = null;
  rw.writerActive = false;
  // Readers that arrived during the write get in before any later writer, as in Go.
  const blocked = rw.blockedReaders;
  for (let i = 0; i < blocked.length; i++) {
    const r = blocked[i]!;
    rw.readers.push(r);
    if (k.raceOn) acquire(r, rw.wvc);
    complete(k, r, undefined);
    if (k.notes !== null) k.notes.push(`admitted reader "${r.name}"`);
  }
  blocked.length = 0;
  touch(k, rw);
  return undefined;
}

export function tryWLock(k: Kernel, g: G, rw: RWMutexObj): boolean {
  if (rw.writer !== null || rw.readers.length > 0) return false;
  rw.writer = g;
  writerEnter(k, g, rw);
  touch(k, rw);
  return true;
}

export function tryRLock(k: Kernel, g: G, rw: RWMutexObj): boolean {
  if (rw.writer !== null) return false;
  rlock(k, g, rw);
  return true;
}

/** Wait: unlock the locker and sleep until signalled; then re-lock (the Relock phase). */
export function condWait(k: Kernel, g: G, c: CondObj, op: Effect): undefined | typeof PARK {
  const l = c.locker;
  if (l.kind === 'mutex') unlock(k, g, l, op);
  else wunlock(k, g, l, op);
  if (k.violation !== null) return undefined;
  c.waitq.push(g);
  g.phase = Phase.Parked;
  return PARK;
}

export function relock(k: Kernel, g: G, c: CondObj): undefined {
  takeLocker(k, g, c.locker);
  return undefined;
}

function takeLocker(k: Kernel, g: G, l: LockerObj): void {
  if (l.kind === 'mutex') lock(k, g, l);
  else {
    l.writer = g;
    writerEnter(k, g, l);
    touch(k, l);
  }
}

export function condSignal(k: Kernel, c: CondObj, all: boolean): undefined {
  while (c.waitq.length > 0) {
    const w = c.waitq.shift()!;
    w.phase = Phase.Relock;
    watch(k, w, c.locker);
    touch(k, c.locker);
    if (k.notes !== null) k.notes.push(`woke "${w.name}"`);
    if (!all) break;
  }
  return undefined;
}

export function wgAdd(k: Kernel, g: G, wg: WaitGroupObj, op: Effect): undefined {
  const d = op.a as number;
  const n = wg.count + d;
  if (n < 0) return misuse(k, g, op, 'sync: negative WaitGroup counter');
  if (d < 0 && k.raceOn) wg.vc = release(g, wg.vc);
  wg.count = n;
  if (n === 0) touch(k, wg);
  return undefined;
}

export function wgWait(k: Kernel, g: G, wg: WaitGroupObj): undefined {
  if (k.raceOn) acquire(g, wg.vc);
  return undefined;
}

/** The entry of `once.do`: true when this goroutine must run the body. */
export function onceEnter(k: Kernel, g: G, o: OnceObj): boolean {
  if (o.state === OnceState.Done) {
    if (k.raceOn) acquire(g, o.vc);
    return false;
  }
  o.state = OnceState.Running;
  o.runner = g;
  touch(k, o);
  return true;
}

export function onceDone(k: Kernel, g: G, o: OnceObj): undefined {
  o.state = OnceState.Done;
  o.runner = null;
  if (k.raceOn) o.vc = release(g, o.vc);
  touch(k, o);
  return undefined;
}
