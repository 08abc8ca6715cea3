/**
 * `sync.WaitGroup`: Add (Done is Add(-1)) and Wait; a negative counter panics with Go's
 * message. Happens-before: every Done (negative Add) releases into the group's clock, and
 * Wait acquires it. Accesses: Add writes the group; Wait reads it (waits commute) and
 * blocks until the counter is zero.
 */
import { OpKind } from '../../effect';
import { formatValue } from '../../format';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import { Obj } from '../objects';
import type { WaitGroupOp } from '../op';
import type { Rt } from '../rt';
import type { VC } from '../vclock';

export class WaitGroupObj extends Obj {
  readonly kind = 'waitGroup' as const;
  /** Invariant: ≥ 0 (a negative counter panics before it is stored). */
  count = 0;
  vc: VC | null = null;
  constructor(id: ObjectId, name: string) {
    super(id, name);
  }
}

export function enabled(op: WaitGroupOp): boolean {
  return op.kind !== OpKind.WgWait || op.obj.count === 0;
}

export function watch(rt: Rt, g: G, op: WaitGroupOp): void {
  if (op.kind === OpKind.WgWait) rt.watch(g, op.obj);
}

export function apply(rt: Rt, g: G, op: WaitGroupOp): unknown {
  const wg = op.obj;
  if (op.kind === OpKind.WgWait) {
    rt.acquire(g, wg.vc);
    return undefined;
  }
  const d = op.a;
  if (typeof d !== 'number' || !Number.isSafeInteger(d)) return rt.misuse(g, op, `WaitGroup.Add: delta must be an integer, got ${formatValue(d)}`);
  const n = wg.count + d;
  if (n < 0) return rt.misuse(g, op, 'sync: negative WaitGroup counter');
  if (d < 0) wg.vc = rt.release(g, wg.vc);
  wg.count = n;
  if (n === 0) rt.touch(wg);
  return undefined;
}

export function footprint(fp: Footprint, op: WaitGroupOp): void {
  fp.add(op.obj, op.kind !== OpKind.WgWait, op.kind);
}

export function text(op: WaitGroupOp): string {
  if (op.kind === OpKind.WgWait) return 'wait';
  return op.b === 'done' ? 'done' : `add(${formatValue(op.a)})`;
}

export function blockedOn(op: WaitGroupOp): string {
  return `waitGroup "${op.obj.name}" wait (counter ${op.obj.count})`;
}
