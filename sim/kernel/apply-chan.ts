/**
 * Channel semantics, as Go defines them: buffered channels queue up to `cap` values;
 * an unbuffered send and receive meet (the step of either completes both, and the other
 * goroutine resumes with its result at its next step); receiving from a closed, drained
 * channel gives the zero value (`undefined`) and ok = false; sending on or closing a
 * closed channel panics. `select` picks among its ready cases through the strategy.
 */
import { Effect, OpKind } from '../effect';
import { findPartner, caseReady, partnerCase } from './enabled';
import type { G } from './goroutine';
import type { Kernel } from './kernel';
import type { ChanObj } from './objects';
import { acquire, release, syncPair } from './race';
import { misuse } from './apply-common';
import { freezeValue } from './freeze';
import { complete, touch } from './waiters';

/** What `select` returns: the case taken (-1 for default), the value received, ok. */
export interface SelectResult<T = unknown> {
  readonly index: number;
  readonly value: T | undefined;
  readonly ok: boolean;
}

/** Set by `recv`: whether the value came from a send (true) or a closed channel (false). */
let lastOk = false;

export function send(k: Kernel, g: G, ch: ChanObj, v: unknown, op: Effect): undefined {
  if (ch.closed) return misuse(k, g, op, 'send on closed channel');
  freezeValue(v);
  if (ch.cap > 0) {
    const slot = (ch.head + ch.len) % ch.cap;
    ch.buf[slot] = v;
    ch.len++;
    if (k.raceOn) syncSlot(g, ch, slot);
  } else {
    const r = findPartner(ch, true, g)!;
    syncPair(g, r);
    complete(k, r, resultFor(r.pending, ch, true, v, true));
    if (k.notes !== null) k.notes.push(`delivered to "${r.name}"`);
  }
  touch(k, ch);
  return undefined;
}

export function recv(k: Kernel, g: G, ch: ChanObj): unknown {
  if (ch.cap > 0 && ch.len > 0) {
    const slot = ch.head;
    const v = ch.buf[slot];
    ch.buf[slot] = undefined;
    ch.head = (slot + 1) % ch.cap;
    ch.len--;
    if (k.raceOn) syncSlot(g, ch, slot);
    touch(k, ch);
    lastOk = true;
    return v;
  }
  if (ch.cap === 0 && !ch.closed) {
    const s = findPartner(ch, false, g)!;
    const j = partnerCase(s.pending, ch, false);
    const v = s.pending.kind === OpKind.Select ? (s.pending.a as readonly Effect[])[j]!.a : s.pending.a;
    syncPair(g, s);
    complete(k, s, resultFor(s.pending, ch, false, undefined, true));
    if (k.notes !== null) k.notes.push(`received from "${s.name}"`);
    touch(k, ch);
    lastOk = true;
    return v;
  }
  // closed and drained
  if (k.raceOn) acquire(g, ch.closeVC);
  lastOk = false;
  return undefined;
}

export function recvOk(k: Kernel, g: G, ch: ChanObj): [unknown, boolean] {
  const v = recv(k, g, ch);
  return [v, lastOk];
}

export function close(k: Kernel, g: G, ch: ChanObj, op: Effect): undefined {
  if (ch.closed) return misuse(k, g, op, 'close of closed channel');
  ch.closed = true;
  ch.closedBy = g;
  if (k.raceOn) ch.closeVC = release(g, ch.closeVC);
  touch(k, ch);
  return undefined;
}

/** Runs one ready case of a select (chosen by the strategy among the ready ones), or the default. */
export function select(k: Kernel, g: G, op: Effect): SelectResult {
  const cases = op.a as readonly Effect[];
  let ready = 0;
  for (let i = 0; i < cases.length; i++) if (caseReady(cases[i]!, g)) ready++;
  if (ready === 0) return { index: -1, value: undefined, ok: false };
  let pick = ready === 1 ? 0 : k.choose(ready);
  let j = 0;
  for (; j < cases.length; j++) {
    if (caseReady(cases[j]!, g)) {
      if (pick === 0) break;
      pick--;
    }
  }
  const c = cases[j]!;
  const ch = c.obj as ChanObj;
  if (c.kind === OpKind.Send) {
    send(k, g, ch, c.a, c);
    return { index: j, value: undefined, ok: true };
  }
  const v = recv(k, g, ch);
  return { index: j, value: v, ok: lastOk };
}

/** The result a partner's pending effect (a lone send/recv or a select) completes with. */
function resultFor(op: Effect, ch: ChanObj, partnerReceives: boolean, v: unknown, ok: boolean): unknown {
  if (op.kind === OpKind.Select) {
    return { index: partnerCase(op, ch, partnerReceives), value: partnerReceives ? v : undefined, ok };
  }
  if (!partnerReceives) return undefined;
  return op.kind === OpKind.RecvOk ? [v, ok] : v;
}

/** Go syncs each buffer slot: the k-th receive happens before the (k+cap)-th send completes. */
function syncSlot(g: G, ch: ChanObj, slot: number): void {
  acquire(g, ch.slotVC[slot] ?? null);
  ch.slotVC[slot] = release(g, ch.slotVC[slot] ?? null);
}

/** A timer's non-blocking send of the time on its channel (dropped when full, like Go's tickers). */
export function timerSend(k: Kernel, ch: ChanObj, v: unknown, vc: number[] | null): boolean {
  if (ch.len >= ch.cap) return false;
  const slot = (ch.head + ch.len) % ch.cap;
  ch.buf[slot] = v;
  ch.len++;
  if (vc !== null) {
    const s = ch.slotVC[slot];
    if (s === null || s === undefined) ch.slotVC[slot] = vc.slice();
    else for (let i = 0; i < vc.length; i++) if ((s[i] ?? 0) < vc[i]!) s[i] = vc[i]!;
  }
  touch(k, ch);
  return true;
}

/** Empties a timer's channel (Go 1.23: Stop and Reset leave no stale value to receive). */
export function drain(k: Kernel, ch: ChanObj): void {
  if (ch.len === 0) return;
  for (let i = 0; i < ch.cap; i++) ch.buf[i] = undefined;
  ch.len = 0;
  touch(k, ch);
}
