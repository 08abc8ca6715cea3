/**
 * Go's `select`: waits until one of its cases (sends and receives, see `chan.ts`) can
 * proceed and runs it; when several can, which one runs is a choice the strategy makes
 * (Go picks uniformly at random). With a default it never blocks: index -1 when no case
 * is ready. A select waiting on unbuffered channels is completed by the partner that
 * arrives (see `chan.ts`).
 *
 * Accesses: every case's channel is written (a select decides among them, so it depends
 * on all of them).
 */
import { OpKind } from '../../effect';
import { formatValue } from '../../format';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import type { SelectOp } from '../op';
import type { Rt } from '../rt';
import { caseReady, receivedOk, recv, send, type SelectResult } from './chan';

export function enabled(g: G, op: SelectOp): boolean {
  if (op.b) return true;
  const cases = op.a;
  for (let i = 0; i < cases.length; i++) if (caseReady(cases[i]!, g)) return true;
  return false;
}

/** Registers `g` with each of its select's channels (once each). */
export function watch(rt: Rt, g: G, op: SelectOp): void {
  const cases = op.a;
  for (let i = 0; i < cases.length; i++) {
    const ch = cases[i]!.obj;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = cases[j]!.obj === ch;
    if (!seen) rt.watch(g, ch);
  }
}

export function apply(rt: Rt, g: G, op: SelectOp): SelectResult {
  const cases = op.a;
  let ready = 0;
  for (let i = 0; i < cases.length; i++) if (caseReady(cases[i]!, g)) ready++;
  if (ready === 0) return { index: -1, value: undefined, ok: false };
  let pick = ready === 1 ? 0 : rt.choose(ready);
  let j = 0;
  for (; j < cases.length; j++) {
    if (caseReady(cases[j]!, g)) {
      if (pick === 0) break;
      pick--;
    }
  }
  const c = cases[j]!;
  if (c.kind === OpKind.Send) {
    send(rt, g, c.obj, c.a, c);
    return { index: j, value: undefined, ok: true };
  }
  const v = recv(rt, g, c.obj);
  return { index: j, value: v, ok: receivedOk() };
}

export function footprint(fp: Footprint, op: SelectOp): void {
  for (const c of op.a) fp.add(c.obj, true, c.kind);
}

/** `chan "a" recv | chan "b" send(1) | default` */
export function cases(op: SelectOp): string {
  const parts = op.a.map((c) => `chan "${c.obj.name}" ${c.kind === OpKind.Send ? `send(${formatValue(c.a)})` : c.kind === OpKind.Recv ? 'recv' : 'recvOk'}`);
  if (op.b) parts.push('default');
  return parts.join(' | ');
}

export function result(op: SelectOp, v: unknown): string | null {
  const r = v as SelectResult | undefined;
  if (r === undefined) return null;
  if (r.index < 0) return 'default';
  const c = op.a[r.index]!;
  return c.kind === OpKind.Send ? `case ${r.index} (sent)` : `case ${r.index}: ${formatValue(r.value)}${r.ok ? '' : ' (closed)'}`;
}

export function blockedOn(op: SelectOp): string {
  return `select on ${cases(op)}`;
}
