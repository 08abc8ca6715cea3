/**
 * The runnable set and the waiter lists: which goroutines can take a step, and which
 * objects decide it for the others. A goroutine whose pending operation may wait is
 * registered with the objects it waits on; when a step changes an object, the object is
 * queued (`touch`) and its waiters are rechecked at the end of the step (`flushDirty`).
 */
import { isEnabled } from './ops';
import { MutexObj } from './ops/mutex';
import { Phase, type G } from './goroutine';
import type { Obj } from './objects';

/** What these functions need of the kernel. */
export interface RunSet {
  readonly runnable: G[];
  /** Bumped whenever a goroutine joins or leaves the runnable set. */
  runVersion: number;
  readonly now: number;
  readonly dirty: Obj[];
  dirtyN: number;
}

/**
 * Adds or removes `g` from the runnable set in O(1): appended, or swapped with the last.
 * The order is a function of the execution's history, hence deterministic; strategies
 * that need a canonical order sort by id (replay works by id).
 */
export function setRunnable(k: RunSet, g: G, on: boolean): void {
  const r = k.runnable;
  k.runVersion++;
  if (on) {
    g.runnable = true;
    g.readyAt = k.now;
    g.runIdx = r.length;
    r.push(g);
  } else {
    g.runnable = false;
    const i = g.runIdx;
    const last = r.pop()!;
    if (last !== g) {
      r[i] = last;
      last.runIdx = i;
    }
    g.runIdx = -1;
  }
}

/** Registers `g` as waiting on `obj`: it is rechecked whenever `obj` changes. */
export function addWaiter(g: G, obj: Obj): void {
  obj.waiters.push(g);
  if (g.watch1 === null) g.watch1 = obj;
  else (g.watchMore ??= []).push(obj);
}

/** Takes `g` off every waiter list it is on. */
export function unwatchAll(k: RunSet, g: G): void {
  if (g.watch1 !== null) {
    removeWaiter(k, g.watch1, g);
    g.watch1 = null;
  }
  const more = g.watchMore;
  if (more !== null) {
    for (let i = 0; i < more.length; i++) removeWaiter(k, more[i]!, g);
    g.watchMore = null;
  }
}

/** Removes `g` from `obj.waiters`, keeping the others in arrival order (FIFO partners). */
function removeWaiter(k: RunSet, obj: Obj, g: G): void {
  const list = obj.waiters;
  const n = list.length;
  let i = 0;
  while (i < n && list[i] !== g) i++;
  if (i === n) return;
  for (; i < n - 1; i++) list[i] = list[i + 1]!;
  list.pop();
  if (obj.rendezvous) touch(k, obj);
}

/** Queues `obj` for a recheck of its waiters at the end of the step. */
export function touch(k: RunSet, obj: Obj): void {
  if (!obj.dirty) {
    obj.dirty = true;
    k.dirty[k.dirtyN++] = obj;
  }
}

/** Rechecks the waiters of every object changed in this step. */
export function flushDirty(k: RunSet): void {
  const d = k.dirty;
  const n = k.dirtyN;
  for (let i = 0; i < n; i++) {
    const obj = d[i]!;
    obj.dirty = false;
    const ws = obj.waiters;
    if (obj instanceof MutexObj) {
      // Fast path: a plain lock on a mutex is enabled exactly when the mutex is free.
      const free = obj.owner === null;
      for (let j = 0; j < ws.length; j++) {
        const w = ws[j]!;
        const en = w.phase === Phase.Fresh ? free : isEnabled(w);
        if (en !== w.runnable) setRunnable(k, w, en);
      }
      continue;
    }
    for (let j = 0; j < ws.length; j++) {
      const w = ws[j]!;
      const en = isEnabled(w);
      if (en !== w.runnable) setRunnable(k, w, en);
    }
  }
  k.dirtyN = 0;
}
