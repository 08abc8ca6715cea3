/**
 * Channels, as Go defines them: a buffered channel queues up to `cap` values; on an
 * unbuffered one a send and a receive meet (the step of either completes both, and the
 * other goroutine resumes with its result at its next step); receiving from a closed,
 * drained channel gives the zero value (`undefined`) and ok = false; sending on or closing
 * a closed channel panics.
 *
 * A goroutine waiting on an unbuffered channel — alone or in a `select` — is found by the
 * partner that arrives (FIFO by arrival, as Go's wait queues). When several cases of a
 * waiting select match that partner, which one is taken is a choice the strategy makes: Go
 * enqueues a select's cases in an order drawn at random, so any of them can be first.
 *
 * Happens-before: a rendezvous synchronizes both goroutines; each buffer slot is its own
 * clock (the k-th receive happens before the (k+cap)-th send completes); close happens
 * before a receive that sees the channel closed. Accesses: every operation writes the
 * channel; waiting on an unbuffered one does too (it enables a partner), and completing a
 * waiting partner makes that partner's accesses (all its select's channels).
 */
import { OpKind } from '../../effect';
import { formatValue } from '../../format';
import type { ObjectId } from '../../ids';
import type { Footprint } from '../footprint';
import { freezeValue } from '../freeze';
import { Phase, type G } from '../goroutine';
import { Obj } from '../objects';
import type { CaseOp, ChanOp, Op, SelectOp } from '../op';
import type { Rt } from '../rt';
import type { VC } from '../vclock';

export class ChanObj extends Obj {
  readonly kind = 'chan' as const;
  /** Ring buffer of `cap` slots; `len` values from `head`. Invariant: 0 ≤ len ≤ cap. */
  readonly buf: unknown[];
  head = 0;
  len = 0;
  closed = false;
  /** Per-slot clocks: Go's model syncs each buffer slot (the k-th recv before the k+cap-th send). */
  readonly slotVC: (VC | null)[];
  closeVC: VC | null = null;
  /** The goroutine that closed it (for messages). */
  closedBy: G | null = null;
  /** True for a timer's channel (`newTimer`, `after`, `newTicker`). */
  timer = false;
  constructor(
    id: ObjectId,
    name: string,
    readonly cap: number,
  ) {
    super(id, name);
    this.rendezvous = cap === 0;
    this.buf = new Array<unknown>(cap);
    this.slotVC = new Array<VC | null>(cap).fill(null);
  }
}

/** What `select` returns: the case taken (-1 for default), the value received, ok. */
export interface SelectResult<T = unknown> {
  readonly index: number;
  readonly value: T | undefined;
  readonly ok: boolean;
}

/** Set by `recv`: whether the value came from a send (true) or a closed channel (false). */
let lastOk = false;

export function enabled(g: G, op: ChanOp): boolean {
  return op.kind === OpKind.Close || caseReady(op, g);
}

export function watch(rt: Rt, g: G, op: ChanOp): void {
  if (op.kind !== OpKind.Close) rt.watch(g, op.obj);
}

export function apply(rt: Rt, g: G, op: ChanOp): unknown {
  const ch = op.obj;
  switch (op.kind) {
    case OpKind.Send:
      return send(rt, g, ch, op.a, op);
    case OpKind.Recv:
      return recv(rt, g, ch);
    case OpKind.RecvOk: {
      const v = recv(rt, g, ch);
      return [v, lastOk];
    }
    case OpKind.Close:
      if (ch.closed) return rt.misuse(g, op, 'close of closed channel');
      ch.closed = true;
      ch.closedBy = g;
      ch.closeVC = rt.release(g, ch.closeVC);
      rt.touch(ch);
      return undefined;
  }
}

/** `g` sends `v` on `ch` (enabled: room, a waiting receiver, or closed — which panics). */
export function send(rt: Rt, g: G, ch: ChanObj, v: unknown, op: Op): undefined {
  if (ch.closed) return rt.misuse(g, op, 'send on closed channel');
  freezeValue(v);
  if (ch.cap > 0) {
    const slot = (ch.head + ch.len) % ch.cap;
    ch.buf[slot] = v;
    ch.len++;
    syncSlot(rt, g, ch, slot);
  } else {
    const r = findPartner(ch, true, g)!;
    rt.syncPair(g, r);
    rt.complete(r, resultFor(rt, r.pending as CaseOp | SelectOp, ch, true, v));
    if (rt.tracing) rt.note(`delivered to "${r.name}"`);
  }
  rt.touch(ch);
  return undefined;
}

/** `g` receives from `ch` (enabled: a value, a waiting sender, or closed); sets `lastOk`. */
export function recv(rt: Rt, g: G, ch: ChanObj): unknown {
  if (ch.cap > 0 && ch.len > 0) {
    const slot = ch.head;
    const v = ch.buf[slot];
    ch.buf[slot] = undefined;
    ch.head = (slot + 1) % ch.cap;
    ch.len--;
    syncSlot(rt, g, ch, slot);
    rt.touch(ch);
    lastOk = true;
    return v;
  }
  if (ch.cap === 0 && !ch.closed) {
    const s = findPartner(ch, false, g)!;
    const sop = s.pending as CaseOp | SelectOp;
    const j = sop.kind === OpKind.Select ? matchingCase(rt, sop, ch, false) : 0;
    const c = sop.kind === OpKind.Select ? sop.a[j]! : sop;
    const v = c.kind === OpKind.Send ? c.a : undefined;
    rt.syncPair(g, s);
    rt.complete(s, sop.kind === OpKind.Select ? { index: j, value: undefined, ok: true } : undefined);
    if (rt.tracing) rt.note(`received from "${s.name}"`);
    rt.touch(ch);
    lastOk = true;
    return v;
  }
  // closed and drained
  rt.acquire(g, ch.closeVC);
  lastOk = false;
  return undefined;
}

/** Whether `recv` last received a sent value (Go's `ok`). */
export function receivedOk(): boolean {
  return lastOk;
}

/** Whether a send/recv (alone or as a select case) by `self` can complete now. */
export function caseReady(op: CaseOp, self: G): boolean {
  const ch = op.obj;
  if (ch.closed) return true;
  const sending = op.kind === OpKind.Send;
  if (ch.cap > 0) return sending ? ch.len < ch.cap : ch.len > 0;
  // a send needs a waiting receiver, a receive a waiting sender
  return findPartner(ch, sending, self) !== null;
}

/**
 * For an unbuffered channel: the first goroutine (FIFO by arrival, as Go's wait queues)
 * other than `self` whose pending operation receives (`wantRecv`) or sends on `ch`, alone
 * or as a case of a select.
 */
export function findPartner(ch: ChanObj, wantRecv: boolean, self: G): G | null {
  const ws = ch.waiters;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w === self || w.phase !== Phase.Fresh) continue;
    if (offers(w.pending, ch, wantRecv)) return w;
  }
  return null;
}

/** Whether `op` (a lone send/recv or a select) receives (`wantRecv`) or sends on `ch`. */
function offers(op: Op, ch: ChanObj, wantRecv: boolean): boolean {
  if (op.kind === OpKind.Select) {
    const cases = op.a;
    for (let j = 0; j < cases.length; j++) if (matches(cases[j]!, ch, wantRecv)) return true;
    return false;
  }
  return (op.kind === OpKind.Send || op.kind === OpKind.Recv || op.kind === OpKind.RecvOk) && matches(op, ch, wantRecv);
}

function matches(c: CaseOp, ch: ChanObj, wantRecv: boolean): boolean {
  return c.obj === ch && (c.kind === OpKind.Send) !== wantRecv;
}

/**
 * The case of a waiting select that a partner on `ch` completes: the only matching one,
 * or — when several match — the one the strategy chooses.
 */
function matchingCase(rt: Rt, sel: SelectOp, ch: ChanObj, wantRecv: boolean): number {
  const cases = sel.a;
  let n = 0;
  for (let j = 0; j < cases.length; j++) if (matches(cases[j]!, ch, wantRecv)) n++;
  let pick = n > 1 ? rt.choose(n) : 0;
  for (let j = 0; j < cases.length; j++) {
    if (matches(cases[j]!, ch, wantRecv) && pick-- === 0) return j;
  }
  return -1;
}

/** The result a waiting receiver's operation (a lone recv or a select) completes with. */
function resultFor(rt: Rt, op: CaseOp | SelectOp, ch: ChanObj, partnerReceives: boolean, v: unknown): unknown {
  if (op.kind === OpKind.Select) return { index: matchingCase(rt, op, ch, partnerReceives), value: v, ok: true };
  return op.kind === OpKind.RecvOk ? [v, true] : v;
}

/** Go syncs each buffer slot: the k-th receive happens before the (k+cap)-th send completes. */
function syncSlot(rt: Rt, g: G, ch: ChanObj, slot: number): void {
  if (!rt.raceOn) return;
  rt.acquire(g, ch.slotVC[slot] ?? null);
  ch.slotVC[slot] = rt.release(g, ch.slotVC[slot] ?? null);
}

/** A timer's non-blocking send of the time on its channel (dropped when full). */
export function timerSend(rt: Rt, ch: ChanObj, v: unknown, vc: VC | null): boolean {
  if (ch.len >= ch.cap) return false;
  const slot = (ch.head + ch.len) % ch.cap;
  ch.buf[slot] = v;
  ch.len++;
  if (vc !== null) {
    const s = ch.slotVC[slot];
    if (s === null || s === undefined) ch.slotVC[slot] = vc.slice();
    else for (let i = 0; i < vc.length; i++) if ((s[i] ?? 0) < vc[i]!) s[i] = vc[i]!;
  }
  rt.touch(ch);
  return true;
}

/** Empties a timer's channel; true if a value was there (Go ≥ 1.23's Stop and Reset). */
export function drain(rt: Rt, ch: ChanObj): boolean {
  if (ch.len === 0) return false;
  for (let i = 0; i < ch.cap; i++) ch.buf[i] = undefined;
  ch.len = 0;
  ch.head = 0;
  rt.touch(ch);
  return true;
}

export function footprint(fp: Footprint, op: ChanOp): void {
  fp.add(op.obj, true, op.kind);
}

export function text(op: ChanOp): string {
  switch (op.kind) {
    case OpKind.Send:
      return `send(${formatValue(op.a)})`;
    case OpKind.Recv:
      return 'recv';
    case OpKind.RecvOk:
      return 'recvOk';
    case OpKind.Close:
      return 'close';
  }
}

export function result(op: ChanOp, v: unknown): string | null {
  return op.kind === OpKind.Recv || op.kind === OpKind.RecvOk ? formatValue(v) : null;
}

export function blockedOn(op: ChanOp): string {
  return `chan "${op.obj.name}" ${op.kind === OpKind.Send ? 'send' : 'recv'}`;
}
