/**
 * The bare scheduling operations: a goroutine's first step (`Start`: it runs its body up
 * to its first effect), `yieldNow` (Go's `runtime.Gosched`: a scheduling point and nothing
 * else) and `random(n)` (a value chosen by the strategy and recorded in the schedule).
 * They touch no object.
 */
import { OpKind } from '../../effect';
import { formatValue } from '../../format';
import type { G } from '../goroutine';
import type { SchedOp } from '../op';
import type { Rt } from '../rt';

export function apply(rt: Rt, g: G, op: SchedOp): unknown {
  if (op.kind !== OpKind.Random) return undefined;
  const n = op.a;
  if (!(Number.isSafeInteger(n) && n >= 1)) return rt.misuse(g, op, `random(n): n must be a positive integer, got ${String(n)}`);
  return rt.choose(n);
}

export function text(op: SchedOp): string {
  return op.kind === OpKind.Start ? 'start' : op.kind === OpKind.Yield ? 'yield' : `random(${formatValue(op.a)})`;
}

export function result(op: SchedOp, v: unknown): string | null {
  return op.kind === OpKind.Random ? formatValue(v) : null;
}
