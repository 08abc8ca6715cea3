/**
 * Shared memory: `shared` variables — plain memory whose every access is a scheduling
 * point, checked for data races (vector clocks, as Go's race detector) and for use after
 * `free()` — and atomics, sequentially consistent, each operation synchronizing (an atomic
 * acquires and/or releases, as Go's race detector treats `sync/atomic`).
 *
 * Accesses: loads read (they commute), everything else writes. Stored values are frozen
 * (see `freeze.ts`).
 */
import { OpKind } from '../../effect';
import { formatValue } from '../../format';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import { freezeValue } from '../freeze';
import type { G } from '../goroutine';
import { Obj, type Access } from '../objects';
import type { AtomicOp, SharedOp } from '../op';
import type { RaceCell } from '../race';
import type { Rt } from '../rt';
import type { VC } from '../vclock';

export class SharedObj extends Obj implements RaceCell {
  readonly kind = 'shared' as const;
  value: unknown;
  freed = false;
  freedBy = '';
  freedStep = -1;
  /** The last write (or null), and the reads since it (one per goroutine). */
  lastWrite: Access | null = null;
  readonly reads: Access[] = [];
  constructor(id: ObjectId, name: string, value: unknown) {
    super(id, name);
    this.value = value;
  }
}

export class AtomicObj extends Obj {
  readonly kind = 'atomic' as const;
  value: unknown;
  vc: VC | null = null;
  constructor(id: ObjectId, name: string, value: unknown) {
    super(id, name);
    this.value = value;
  }
}

export function applyShared(rt: Rt, g: G, op: SharedOp): unknown {
  const s = op.obj;
  switch (op.kind) {
    case OpKind.Load:
      if (s.freed) return useAfterFree(rt, g, s, 'load');
      if (rt.raceOn) rt.raceRead(g, s, s, null, 'load');
      return s.value;
    case OpKind.Store:
      if (s.freed) return useAfterFree(rt, g, s, 'store');
      if (rt.raceOn) rt.raceWrite(g, s, s, null, 'store');
      s.value = freezeValue(op.a);
      return undefined;
    case OpKind.Free:
      if (s.freed) {
        rt.fail('use-after-free', `"${g.name}" double free of shared "${s.name}": "${s.freedBy}" already freed it at step ${s.freedStep}`);
        return undefined;
      }
      if (rt.raceOn) rt.raceWrite(g, s, s, null, 'free');
      s.freed = true;
      s.freedBy = g.name;
      s.freedStep = rt.step;
      return undefined;
  }
}

/** Records a use-after-free of `s` by `g` (`what`: the access). */
export function useAfterFree(rt: Pick<Rt, 'fail'>, g: G, s: SharedObj, what: string): undefined {
  rt.fail('use-after-free', `"${g.name}" ${what} of shared "${s.name}" after "${s.freedBy}" freed it at step ${s.freedStep}`);
  return undefined;
}

export function applyAtomic(rt: Rt, g: G, op: AtomicOp): unknown {
  const a = op.obj;
  switch (op.kind) {
    case OpKind.ALoad:
      rt.acquire(g, a.vc);
      return a.value;
    case OpKind.AStore:
      a.vc = rt.release(g, a.vc);
      a.value = freezeValue(op.a);
      return undefined;
    case OpKind.AAdd: {
      const v = a.value;
      const d = op.a;
      if (typeof v !== 'number' || typeof d !== 'number') return rt.misuse(g, op, `add on a non-number atomic (${typeof v})`);
      readModifyWrite(rt, g, a);
      a.value = v + d;
      return v + d;
    }
    case OpKind.ACas:
      if (a.value !== op.a) {
        rt.acquire(g, a.vc);
        return false;
      }
      readModifyWrite(rt, g, a);
      a.value = freezeValue(op.b);
      return true;
    case OpKind.ASwap: {
      readModifyWrite(rt, g, a);
      const old = a.value;
      a.value = freezeValue(op.a);
      return old;
    }
  }
}

function readModifyWrite(rt: Rt, g: G, a: AtomicObj): void {
  rt.acquire(g, a.vc);
  a.vc = rt.release(g, a.vc);
}

export function footprint(fp: Footprint, op: SharedOp | AtomicOp): void {
  fp.add(op.obj, op.kind !== OpKind.Load && op.kind !== OpKind.ALoad, op.kind);
}

export function text(op: SharedOp | AtomicOp): string {
  switch (op.kind) {
    case OpKind.Load:
    case OpKind.ALoad:
      return 'load';
    case OpKind.Store:
    case OpKind.AStore:
      return `store(${formatValue(op.a)})`;
    case OpKind.Free:
      return 'free';
    case OpKind.AAdd:
      return `add(${formatValue(op.a)})`;
    case OpKind.ACas:
      return `cas(${formatValue(op.a)}, ${formatValue(op.b)})`;
    case OpKind.ASwap:
      return `swap(${formatValue(op.a)})`;
  }
}

export function result(op: SharedOp | AtomicOp, v: unknown): string | null {
  return op.kind === OpKind.Store || op.kind === OpKind.AStore || op.kind === OpKind.Free ? null : formatValue(v);
}
