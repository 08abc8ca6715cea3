/**
 * Shared variables (race-checked plain memory with use-after-free detection) and
 * atomics (sequentially consistent; each operation acquires and/or releases, as Go's
 * race detector treats sync/atomic).
 */
import type { Effect } from '../effect';
import type { G } from './goroutine';
import type { Kernel } from './kernel';
import type { AtomicObj, SharedObj } from './objects';
import { acquire, raceRead, raceWrite, release } from './race';
import { misuse } from './apply-common';
import { freezeValue } from './freeze';

export function load(k: Kernel, g: G, s: SharedObj): unknown {
  if (s.freed) return useAfterFree(k, g, s, 'load');
  if (k.raceOn) raceRead(k, g, s, s, null, 'load');
  return s.value;
}

export function store(k: Kernel, g: G, s: SharedObj, v: unknown): undefined {
  if (s.freed) return useAfterFree(k, g, s, 'store');
  if (k.raceOn) raceWrite(k, g, s, s, null, 'store');
  s.value = freezeValue(v);
  return undefined;
}

export function free(k: Kernel, g: G, s: SharedObj): undefined {
  if (s.freed) {
    k.fail('use-after-free', `"${g.name}" double free of shared "${s.name}": "${s.freedBy}" already freed it at step ${s.freedStep}`);
    return undefined;
  }
  if (k.raceOn) raceWrite(k, g, s, s, null, 'free');
  s.freed = true;
  s.freedBy = g.name;
  s.freedStep = k.step;
  return undefined;
}

/** Records a use-after-free by `g`. */
export function useAfterFree(k: Kernel, g: G, s: SharedObj, what: string): undefined {
  k.fail('use-after-free', `"${g.name}" ${what} of shared "${s.name}" after "${s.freedBy}" freed it at step ${s.freedStep}`);
  return undefined;
}

export function aload(k: Kernel, g: G, a: AtomicObj): unknown {
  if (k.raceOn) acquire(g, a.vc);
  return a.value;
}

export function astore(k: Kernel, g: G, a: AtomicObj, v: unknown): undefined {
  if (k.raceOn) a.vc = release(g, a.vc);
  a.value = freezeValue(v);
  return undefined;
}

/** Add: returns the new value, like Go's atomic Add. */
export function aadd(k: Kernel, g: G, a: AtomicObj, op: Effect): number | undefined {
  if (typeof a.value !== 'number' || typeof op.a !== 'number') return misuse(k, g, op, `add on a non-number atomic (${typeof a.value})`);
  rmw(k, g, a);
  a.value = a.value + op.a;
  return a.value as number;
}

export function acas(k: Kernel, g: G, a: AtomicObj, op: Effect): boolean {
  if (a.value !== op.a) {
    if (k.raceOn) acquire(g, a.vc);
    return false;
  }
  rmw(k, g, a);
  a.value = freezeValue(op.b);
  return true;
}

export function aswap(k: Kernel, g: G, a: AtomicObj, v: unknown): unknown {
  rmw(k, g, a);
  const old = a.value;
  a.value = freezeValue(v);
  return old;
}

function rmw(k: Kernel, g: G, a: AtomicObj): void {
  if (!k.raceOn) return;
  acquire(g, a.vc);
  a.vc = release(g, a.vc);
}
