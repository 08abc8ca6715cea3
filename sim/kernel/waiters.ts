/**
 * The runnable set and the waiter lists: which goroutines can take a step, and which
 * objects decide it for the others. A goroutine whose pending effect may wait is
 * registered with the objects it waits on; when an effect changes an object, the object
 * is queued (`touch`) and its waiters are rechecked at the end of the step (`flushDirty`).
 */
import { Effect, OpKind } from '../effect';
import { caseReady, isEnabled } from './enabled';
import { G, Phase } from './goroutine';
import type { Kernel } from './kernel';
import { ChanObj, MutexObj, Obj, OnceObj, OnceState, RWMutexObj, WaitGroupObj } from './objects';

/**
 * Adds or removes `g` from the runnable set in O(1): appended, or swapped with the last.
 * The order is a function of the execution's history, hence deterministic; strategies
 * that need a canonical order sort by id (replay works by id).
 */
export function setRunnable(k: Kernel, g: G, on: boolean): void {
  const r = k.runnable;
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

/** Registers `g`'s fresh pending effect with the objects it waits on; true if it can run now. */
export function watchPending(k: Kernel, g: G, op: Effect): boolean {
  switch (op.kind) {
    case OpKind.Lock:
      watch(k, g, op.obj as MutexObj);
      return (op.obj as MutexObj).owner === null;
    case OpKind.WLock:
      watch(k, g, op.obj as RWMutexObj);
      return (op.obj as RWMutexObj).writer === null;
    case OpKind.WgWait:
      watch(k, g, op.obj as WaitGroupObj);
      return (op.obj as WaitGroupObj).count === 0;
    case OpKind.OnceEnter:
      watch(k, g, op.obj as OnceObj);
      return (op.obj as OnceObj).state !== OnceState.Running;
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
      watch(k, g, op.obj as ChanObj);
      return caseReady(op, g);
    case OpKind.Select: {
      const cases = op.a as readonly Effect[];
      for (let i = 0; i < cases.length; i++) {
        const ch = cases[i]!.obj as ChanObj;
        if (!watches(g, ch)) watch(k, g, ch);
      }
      return isEnabled(g);
    }
    default:
      return true;
  }
}

/** Registers `g` as waiting on `obj`: it is rechecked whenever `obj` changes. */
export function watch(k: Kernel, g: G, obj: Obj): void {
  obj.waiters.push(g);
  if (g.watch1 === null) g.watch1 = obj;
  else (g.watchMore ??= []).push(obj);
  if (obj.rendezvous) touch(k, obj);
}

/** Whether `g` already waits on `obj`. */
function watches(g: G, obj: Obj): boolean {
  return g.watch1 === obj || (g.watchMore !== null && g.watchMore.indexOf(obj) >= 0);
}

/** Takes `g` off every waiter list it is on. */
export function unwatchAll(k: Kernel, g: G): void {
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
function removeWaiter(k: Kernel, obj: Obj, g: G): void {
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
export function touch(k: Kernel, obj: Obj): void {
  if (!obj.dirty) {
    obj.dirty = true;
    k.dirty[k.dirtyN++] = obj;
  }
}

/** Rechecks the waiters of every object changed in this step. */
export function flushDirty(k: Kernel): void {
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

/** Marks `g`'s pending effect as completed by another step, with result `v`. */
export function complete(k: Kernel, g: G, v: unknown): void {
  g.phase = Phase.Completed;
  g.result = v;
  g.completedAt = k.step;
  if (g.watch1 !== null) unwatchAll(k, g);
  if (!g.runnable) setRunnable(k, g, true);
}
