/**
 * When two pending effects conflict: their order can change what happens. Used by
 * partial-order sampling (POS) to re-draw priorities and by DPOR to find races.
 *
 * Two effects conflict when they act on the same object and at least one of them
 * writes it; reads (shared and atomic loads, read locks) commute with each other. A
 * `select` touches each of its cases' channels. Objectless effects (`yieldNow`,
 * `random`, `sleep`, a goroutine's start or resumption) touch no object. Timer firings
 * are dependent with operations on the same timer (see `fireConflicts`).
 */
import { Effect, OpKind } from '../effect';
import type { ObjectRef } from '../effect';

/** Whether `op` only reads its object (commutes with other reads). */
export function isRead(op: Effect): boolean {
  switch (op.kind) {
    case OpKind.Load:
    case OpKind.ALoad:
    case OpKind.RLock:
      return true;
    default:
      return false;
  }
}

/** Whether the two effects conflict (see the module comment). */
export function conflicts(a: Effect, b: Effect): boolean {
  if (a.kind === OpKind.Select) return selectConflicts(a, b);
  if (b.kind === OpKind.Select) return selectConflicts(b, a);
  const oa = a.obj;
  if (oa === null || oa !== b.obj) return false;
  return !(isRead(a) && isRead(b));
}

function selectConflicts(sel: Effect, other: Effect): boolean {
  const cases = sel.a as readonly Effect[];
  for (let i = 0; i < cases.length; i++) if (conflicts(cases[i]!, other)) return true;
  return false;
}

/** Whether an effect acts on the timer `t` (so a firing of `t` conflicts with it). */
export function fireConflicts(t: ObjectRef, op: Effect): boolean {
  return op.obj === t;
}
