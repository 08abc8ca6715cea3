/**
 * Text for effects, results and blocked goroutines: the words of traces and messages.
 * Deterministic (no addresses, no machine paths), so traces are byte-identical.
 */
import { Effect, OpKind } from '../effect';
import { formatTime, formatValue } from '../format';
import { G, Phase, START } from './goroutine';
import type { Kernel } from './kernel';
import type { ChanObj, CondObj, MutexObj, OnceObj, RWMutexObj, WaitGroupObj } from './objects';

export interface EffectText {
  effect: string;
  object: string | null;
}

function objectText(op: Effect): string | null {
  const o = op.obj;
  return o === null ? null : `${o.kind} "${o.name}"`;
}

function effectName(op: Effect): string {
  const a = op.a;
  switch (op.kind) {
    case OpKind.Lock:
    case OpKind.WLock:
      return 'lock';
    case OpKind.Unlock:
    case OpKind.WUnlock:
      return 'unlock';
    case OpKind.TryLock:
    case OpKind.TryWLock:
      return 'tryLock';
    case OpKind.RLock:
      return 'rlock';
    case OpKind.RUnlock:
      return 'runlock';
    case OpKind.TryRLock:
      return 'tryRLock';
    case OpKind.CondWait:
    case OpKind.WgWait:
      return 'wait';
    case OpKind.CondSignal:
      return 'signal';
    case OpKind.CondBroadcast:
      return 'broadcast';
    case OpKind.WgAdd:
      return op.b === 'done' ? 'done' : `add(${formatValue(a)})`;
    case OpKind.OnceEnter:
      return 'do';
    case OpKind.OnceDone:
      return 'do (body returned)';
    case OpKind.Send:
      return `send(${formatValue(a)})`;
    case OpKind.Recv:
      return 'recv';
    case OpKind.RecvOk:
      return 'recvOk';
    case OpKind.Close:
      return 'close';
    case OpKind.Select:
      return 'select';
    case OpKind.Load:
    case OpKind.ALoad:
      return 'load';
    case OpKind.Store:
    case OpKind.AStore:
      return `store(${formatValue(a)})`;
    case OpKind.Free:
      return 'free';
    case OpKind.AAdd:
      return `add(${formatValue(a)})`;
    case OpKind.ACas:
      return `cas(${formatValue(a)}, ${formatValue(op.b)})`;
    case OpKind.ASwap:
      return `swap(${formatValue(a)})`;
    case OpKind.Sleep:
      return `sleep(${formatTime(Number(a))})`;
    case OpKind.Random:
      return `random(${formatValue(a)})`;
    case OpKind.Yield:
      return 'yield';
    case OpKind.TimerStop:
      return 'stop';
    case OpKind.TimerReset:
      return `reset(${formatTime(Number(a))})`;
  }
}

/** `chan "a" recv | chan "b" send(1) | default` */
function selectCases(op: Effect): string {
  const parts = (op.a as readonly Effect[]).map((c) => `${objectText(c)} ${effectName(c)}`);
  if (op.b === true) parts.push('default');
  return parts.join(' | ');
}

function effect(op: Effect): EffectText {
  if (op === START) return { effect: 'start', object: null };
  if (op.kind === OpKind.Select) return { effect: 'select', object: selectCases(op) };
  return { effect: effectName(op), object: objectText(op) };
}

function pending(g: G): EffectText {
  const d = effect(g.pending);
  if (g.pending === START) return d;
  switch (g.phase) {
    case Phase.Completed:
      return { effect: `${d.effect} (resumed)`, object: d.object };
    case Phase.Relock:
      return { effect: 'wait (re-lock)', object: `${((g.pending.obj as CondObj).locker).kind} "${(g.pending.obj as CondObj).locker.name}"` };
    case Phase.WaitReaders:
      return { effect: 'lock (readers left)', object: d.object };
    default:
      return d;
  }
}

function result(op: Effect, v: unknown): string | null {
  if (op === START) return null;
  switch (op.kind) {
    case OpKind.TryLock:
    case OpKind.TryWLock:
    case OpKind.TryRLock:
    case OpKind.ACas:
    case OpKind.TimerStop:
    case OpKind.TimerReset:
    case OpKind.Load:
    case OpKind.ALoad:
    case OpKind.AAdd:
    case OpKind.ASwap:
    case OpKind.Recv:
    case OpKind.RecvOk:
    case OpKind.Random:
      return formatValue(v);
    case OpKind.OnceEnter:
      return v === true ? 'runs the body' : 'already done';
    case OpKind.Select: {
      const r = v as { index: number; value: unknown; ok: boolean } | undefined;
      if (r === undefined) return null;
      if (r.index < 0) return 'default';
      const c = (op.a as readonly Effect[])[r.index]!;
      return c.kind === OpKind.Send ? `case ${r.index} (sent)` : `case ${r.index}: ${formatValue(r.value)}${r.ok ? '' : ' (closed)'}`;
    }
    default:
      return null;
  }
}

/** What the last step did, for invariant messages: `"b" lock of mutex "m"` or `timer "t" fired`. */
function last(k: Kernel): string {
  if (k.lastTimer !== null) return `timer "${k.lastTimer.name}" fired`;
  const g = k.gs[k.lastGid];
  if (g === undefined || k.lastOp === null) return 'setup';
  const d = effect(k.lastOp);
  return `"${g.name}" ${d.effect}${d.object !== null ? ` of ${d.object}` : ''}`;
}

export const describeStep = { effect, pending, result, last, value: formatValue };

function holderName(g: G | null): string {
  return g === null ? 'nobody' : `"${g.name}"`;
}

function names(gs: readonly G[]): string {
  return gs.map((g) => `"${g.name}"`).join(', ');
}

/** What a goroutine that cannot run is waiting for: `mutex "m" held by "a"`. */
export function blockedOn(g: G): string {
  const op = g.pending;
  switch (g.phase) {
    case Phase.Parked:
      if (op.kind === OpKind.CondWait) return `cond "${op.obj!.name}" wait (nobody signals it)`;
      if (op.kind === OpKind.RLock) return `rwmutex "${op.obj!.name}" rlock, behind writer ${holderName((op.obj as RWMutexObj).writer)}`;
      return effectName(op);
    case Phase.Relock: {
      const l = (op.obj as CondObj).locker;
      return `${l.kind} "${l.name}" (re-locking after cond "${op.obj!.name}" wait) held by ${l.kind === 'mutex' ? holderName(l.owner) : holderName(l.writer)}`;
    }
    case Phase.WaitReaders: {
      const rw = op.obj as RWMutexObj;
      return `rwmutex "${rw.name}" lock, waiting for readers ${names(rw.readers)}`;
    }
    default:
      break;
  }
  switch (op.kind) {
    case OpKind.Lock:
      return `mutex "${op.obj!.name}" held by ${holderName((op.obj as MutexObj).owner)}`;
    case OpKind.WLock:
      return `rwmutex "${op.obj!.name}" lock held by writer ${holderName((op.obj as RWMutexObj).writer)}`;
    case OpKind.WgWait:
      return `waitGroup "${op.obj!.name}" wait (counter ${(op.obj as WaitGroupObj).count})`;
    case OpKind.OnceEnter:
      return `once "${op.obj!.name}" (its body is running in ${holderName((op.obj as OnceObj).runner)})`;
    case OpKind.Send:
      return `chan "${op.obj!.name}" send`;
    case OpKind.Recv:
    case OpKind.RecvOk:
      return `chan "${op.obj!.name}" recv`;
    case OpKind.Select:
      return `select on ${selectCases(op)}`;
    default:
      return effectName(op);
  }
}

/** One line naming a lock-order cycle among blocked goroutines, or null. */
export function lockCycle(blocked: readonly G[]): string | null {
  const holderOf = (g: G): G | null => {
    if (g.done || g.phase !== Phase.Fresh) return null;
    if (g.pending.kind === OpKind.Lock) return (g.pending.obj as MutexObj).owner;
    if (g.pending.kind === OpKind.WLock) return (g.pending.obj as RWMutexObj).writer;
    return null;
  };
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
    const k = g.pending.kind;
    if (g.phase !== Phase.Fresh || (k !== OpKind.Send && k !== OpKind.Recv && k !== OpKind.RecvOk)) return null;
    chans.add(g.pending.obj as ChanObj);
  }
  const list = [...chans].map((c) => `"${c.name}"`).join(', ');
  return `no goroutine is left to complete the channel operations on ${list} (a missing send, receive or close)`;
}
