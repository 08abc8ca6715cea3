/**
 * Text for operations, results and blocked goroutines: the words of traces and messages.
 * Deterministic (no addresses, no machine paths), so traces are byte-identical. Each
 * operation's own words are its op module's (`ops/`); this file puts them together.
 */
import { OpKind } from '../effect';
import { formatValue } from '../format';
import { G, Phase, START } from './goroutine';
import type { Op } from './op';
import { objectText, resultText, text } from './ops';
import type { ChanObj } from './ops/chan';
import type { CondObj } from './ops/cond';
import type { TimerObj } from './ops/timer';


export interface EffectText {
  effect: string;
  object: string | null;
}

function effect(op: Op): EffectText {
  return { effect: text(op), object: objectText(op) };
}

function pending(g: G): EffectText {
  const op = g.pending;
  const d = effect(op);
  if (op === START) return d;
  switch (g.phase) {
    case Phase.Completed:
      return { effect: `${d.effect} (resumed)`, object: d.object };
    case Phase.Relock: {
      const l = (op.obj as CondObj).locker;
      return { effect: 'wait (re-lock)', object: `${l.kind} "${l.name}"` };
    }
    case Phase.WaitReaders: {
      if (op.kind !== OpKind.CondWait) return { effect: 'lock (readers left)', object: d.object };
      const l = op.obj.locker;
      return { effect: 'wait (re-lock, readers left)', object: `${l.kind} "${l.name}"` };
    }
    default:
      return d;
  }
}

function result(op: Op, v: unknown): string | null {
  return op === START ? null : resultText(op, v);
}

/** What the last step did, for invariant messages: `"b" lock of mutex "m"` or `timer "t" fired`. */
function last(k: { readonly lastTimer: TimerObj | null; readonly lastGid: number; readonly gs: readonly G[] }): string {
  if (k.lastTimer !== null) return `timer "${k.lastTimer.name}" fired`;
  const g = k.gs[k.lastGid];
  if (g === undefined || g.ran === null) return 'setup';
  const d = effect(g.ran);
  return `"${g.name}" ${d.effect}${d.object !== null ? ` of ${d.object}` : ''}`;
}

export const describeStep = { effect, pending, result, last, value: formatValue };

/** The goroutine holding the lock `g` waits for with a plain Lock, or null. */
function holderOf(g: G): G | null {
  if (g.done || g.phase !== Phase.Fresh) return null;
  const op = g.pending;
  if (op.kind === OpKind.Lock) return op.obj.owner;
  if (op.kind === OpKind.WLock) return op.obj.writer;
  return null;
}

/** One line naming a lock-order cycle among blocked goroutines, or null. */
export function lockCycle(blocked: readonly G[]): string | null {
  for (const start of blocked) {
    const h = holderOf(start);
    if (h !== null && h.done) return `"${h.name}" exited while holding ${start.pending.obj!.kind} "${start.pending.obj!.name}" (a missing unlock)`;
  }
  for (const start of blocked) {
    const path: G[] = [];
    let g: G | null = start;
    while (g !== null && path.indexOf(g) < 0) {
      path.push(g);
      g = holderOf(g);
    }
    if (g !== null) {
      const cycle = path.slice(path.indexOf(g));
      if (cycle.length >= 2) return `lock-order cycle ${[...cycle, cycle[0]!].map((x) => `"${x.name}"`).join(' → ')} (each holds a lock the next one waits for)`;
      return `"${g.name}" waits for a lock it already holds (Go mutexes are not reentrant)`;
    }
  }
  return null;
}

/** `Error: boom` for an Error, the formatted value otherwise. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return formatValue(e);
}

/** The cause of a channel deadlock, when every blocked goroutine waits on channels. */
export function chanCause(blocked: readonly G[]): string | null {
  const chans = new Set<ChanObj>();
  for (const g of blocked) {
    const op = g.pending;
    if (g.phase !== Phase.Fresh || (op.kind !== OpKind.Send && op.kind !== OpKind.Recv && op.kind !== OpKind.RecvOk)) return null;
    chans.add(op.obj);
  }
  const list = [...chans].map((c) => `"${c.name}"`).join(', ');
  return `no goroutine is left to complete the channel operations on ${list} (a missing send, receive or close)`;
}
