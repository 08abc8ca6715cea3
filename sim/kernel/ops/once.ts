/**
 * `sync.Once`: the first `do` runs its body; the others wait until it has returned, then
 * return at once. `do` is two operations: `OnceEnter` (true: this goroutine runs the body)
 * and, after the body, `OnceDone`. Happens-before: the body's end releases into the once's
 * clock; every later `do` acquires it. Accesses: both write the once.
 */
import { OpKind } from '../../effect';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import { Obj } from '../objects';
import type { OnceOp } from '../op';
import type { Rt } from '../rt';
import type { VC } from '../vclock';
import { holderName } from './mutex';

export enum OnceState {
  New,
  Running,
  Done,
}

export class OnceObj extends Obj {
  readonly kind = 'once' as const;
  state = OnceState.New;
  /** The goroutine running the body while `Running`. */
  runner: G | null = null;
  vc: VC | null = null;
  constructor(id: ObjectId, name: string) {
    super(id, name);
  }
}

export function enabled(op: OnceOp): boolean {
  return op.kind !== OpKind.OnceEnter || op.obj.state !== OnceState.Running;
}

export function watch(rt: Rt, g: G, op: OnceOp): void {
  if (op.kind === OpKind.OnceEnter) rt.watch(g, op.obj);
}

export function apply(rt: Rt, g: G, op: OnceOp): unknown {
  const o = op.obj;
  if (op.kind === OpKind.OnceEnter) {
    if (o.state === OnceState.Done) {
      rt.acquire(g, o.vc);
      return false;
    }
    o.state = OnceState.Running;
    o.runner = g;
    rt.touch(o);
    return true;
  }
  o.state = OnceState.Done;
  o.runner = null;
  o.vc = rt.release(g, o.vc);
  rt.touch(o);
  return undefined;
}

export function footprint(fp: Footprint, op: OnceOp): void {
  fp.add(op.obj, true, op.kind);
}

export function text(op: OnceOp): string {
  return op.kind === OpKind.OnceEnter ? 'do' : 'do (body returned)';
}

export function result(op: OnceOp, v: unknown): string | null {
  if (op.kind !== OpKind.OnceEnter) return null;
  return v === true ? 'runs the body' : 'already done';
}

export function blockedOn(op: OnceOp): string {
  return `once "${op.obj.name}" (its body is running in ${holderName(op.obj.runner)})`;
}
