/**
 * When two operations are dependent: their order can change what happens. One relation
 * for every user of it — partial-order sampling (POS) re-draws priorities with it, DPOR
 * finds races with it, the race detector's happens-before edges come from the same
 * operations — and it is read from the op modules (`kernel/ops/*.ts`), which say what each
 * operation touches: two operations conflict when they touch the same object (or
 * `sim.struct` field, or the clock) and at least one writes it.
 */
import { Effect, OpKind } from '../effect';
import type { ObjectRef } from '../effect';
import { Footprint } from '../kernel/footprint';
import { asOp } from '../kernel/op';
import { opFootprint } from '../kernel/ops';
import type { StepInfo } from './strategy';
import { VISIBLE_ID } from './visibility';

const scratchA = new Footprint();
const scratchB = new Footprint();

/** Whether `op` only reads what it touches (it commutes with other reads). */
export function isRead(op: Effect): boolean {
  scratchA.clear();
  opFootprint(scratchA, asOp(op));
  const as = scratchA.accesses;
  if (as.length === 0) return false;
  for (let i = 0; i < as.length; i++) if (as[i]!.write) return false;
  return true;
}

/** Whether two pending effects of one execution conflict (objects compared by identity). */
export function conflicts(a: Effect, b: Effect): boolean {
  scratchA.clear();
  scratchB.clear();
  opFootprint(scratchA, asOp(a));
  opFootprint(scratchB, asOp(b));
  return overlap(scratchA, scratchB, false);
}

/** Whether an effect acts on the timer `t` (so a firing of `t` conflicts with it). */
export function fireConflicts(t: ObjectRef, op: Effect): boolean {
  return op.obj === t;
}

/**
 * Whether two footprints conflict: a common target (by interleaving-independent key, for
 * comparing steps of different executions) that one writes, or the clock when one
 * advances it.
 */
export function footprintsConflict(a: StepInfo, b: StepInfo): boolean {
  return overlap(a, b, true);
}

/** Like `footprintsConflict`, on real objects and the clock only (not what the steps make visible: visibility.ts). */
export function objectsConflict(a: StepInfo, b: StepInfo): boolean {
  return overlap(a, b, true, VISIBLE_ID);
}

/** `below`: accesses to ids at or below it are left out. */
function overlap(a: StepInfo, b: StepInfo, byKey: boolean, below = -Infinity): boolean {
  if (a.clockWrite && (b.clockRead || b.clockWrite)) return true;
  if (b.clockWrite && a.clockRead) return true;
  for (const x of a.accesses) {
    if (x.id <= below) continue;
    for (const y of b.accesses) if (y.id > below && (byKey ? x.key === y.key : x.id === y.id && x.key === y.key) && (x.write || y.write)) return true;
  }
  return false;
}

/**
 * Whether a step making access `later` can never be enabled at the same time as an earlier
 * step of another goroutine making access `earlier` to the same object — so the two are
 * not a race to reverse (co-enabledness; Abdulla et al.'s source-DPOR only reverses races
 * between co-enabled events). A mutex `Lock` needs it free, an `Unlock` needs it held; a
 * writer's announcement (`WLock`) needs the writer slot free, its `Unlock` needs it held;
 * the announced writer's entry (`WriterEnter`) needs no readers, an `RUnlock` needs one.
 * (Each "needs" ignores the misuse panics, which end the execution.)
 */
export function neverCoEnabled(later: { readonly op: OpKind | -1 }, earlier: { readonly op: OpKind | -1 }): boolean {
  switch (later.op) {
    case OpKind.Lock:
      return earlier.op === OpKind.Unlock;
    case OpKind.WLock:
      return earlier.op === OpKind.WUnlock;
    case OpKind.WriterEnter:
      return earlier.op === OpKind.RUnlock;
    default:
      return false;
  }
}
