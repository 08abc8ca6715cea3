/**
 * The clock: sleep, timers (afterFunc, timer channels, tickers) with Go's Stop/Reset
 * results, and what a timer does when it fires. Also the bare scheduling effects
 * (`random`, `yieldNow`).
 */
import type { Effect } from '../effect';
import type { TimerId } from '../ids';
import { drain, timerSend } from './apply-chan';
import { misuse, PARK } from './apply-common';
import { G, Phase } from './goroutine';
import type { Kernel } from './kernel';
import { ChanObj, TimerKind, TimerObj } from './objects';
import { complete } from './waiters';
import { heapPush, heapRemove } from './timer-offer';
import { spawn } from './spawn';

/** Arms (or re-arms) `t` to fire `ns` from now; a timer armed in a goroutine happens-before its fire. */
export function arm(k: Kernel, t: TimerObj, ns: number): void {
  if (t.heapIndex >= 0) heapRemove(k, t);
  t.deadline = k.now + (ns > 0 ? Math.floor(ns) : 0);
  t.seq = k.timerSeq++;
  const g = k.current;
  if (k.fp !== null && g !== null) {
    k.fp.clockRead = true;
    k.fp.add(t, true, -1);
  }
  if (k.raceOn && g !== null && g.vc !== null) {
    t.vc = g.vc.slice();
    g.vc[g.id]!++;
  }
  heapPush(k, t);
}

/** Creates a timer of `kind`; the caller arms it. */
export function newTimerObj(k: Kernel, kind: TimerKind, name: string, daemon: boolean, body: (() => Generator<unknown, unknown, unknown>) | null, sleeper: G | null, chan: ChanObj | null, period: number): TimerObj {
  const creator = k.current;
  const key = creator === null ? `t${k.setupTimers++}` : `${creator.key}t${creator.timers++}`;
  const t = new TimerObj(k.nextObjectId++ as TimerObj['id'], name, k.nextTimerId++ as TimerId, kind, daemon, body, sleeper, chan, period, key);
  return t;
}

export function sleep(k: Kernel, g: G, op: Effect): undefined | typeof PARK {
  const ns = op.a as number;
  if (!(ns > 0)) return undefined;
  const t = newTimerObj(k, TimerKind.Sleep, `${g.name} sleep`, g.daemon, null, g, null, 0);
  arm(k, t, ns);
  g.phase = Phase.Parked;
  return PARK;
}

export function random(k: Kernel, g: G, op: Effect): number | undefined {
  const n = op.a as number;
  if (!(Number.isSafeInteger(n) && n >= 1)) return misuse(k, g, op, `random(n): n must be a positive integer, got ${String(n)}`);
  return k.choose(n);
}

/** Stop: true if it stopped a pending timer, false if it had fired or was stopped (Go's Stop). */
export function timerStop(k: Kernel, t: TimerObj): boolean {
  const was = t.heapIndex >= 0;
  if (was) heapRemove(k, t);
  if (t.chan !== null) drain(k, t.chan);
  return was;
}

/** Reset: re-arms `ns` from now; true if the timer had been pending (Go's Reset). */
export function timerReset(k: Kernel, g: G, t: TimerObj, op: Effect): boolean | undefined {
  const ns = op.a as number;
  if (t.timerKind === TimerKind.Ticker) {
    if (!(ns > 0)) return misuse(k, g, op, 'non-positive interval for Ticker.Reset');
    t.period = ns;
  }
  const was = t.heapIndex >= 0;
  if (t.chan !== null) drain(k, t.chan);
  arm(k, t, ns);
  return was;
}

/** What a timer does when it fires (the clock is already at its deadline). */
export function fireTimer(k: Kernel, t: TimerObj): void {
  switch (t.timerKind) {
    case TimerKind.Func:
      spawn(k, t.name, t.body, t.daemon, t.vc, `${t.key}#${t.fired - 1}`);
      return;
    case TimerKind.Sleep:
      complete(k, t.sleeper!, undefined);
      if (k.notes !== null) k.notes.push(`woke "${t.sleeper!.name}"`);
      return;
    case TimerKind.Chan:
      timerSend(k, t.chan!, k.now, t.vc);
      return;
    case TimerKind.Ticker:
      if (!timerSend(k, t.chan!, k.now, t.vc) && k.notes !== null) k.notes.push('tick dropped (channel full)');
      arm(k, t, t.period);
      return;
  }
}
