/**
 * The clock's operations: `sleep`, and `Stop`/`Reset` of timers (`afterFunc`, `newTimer`,
 * `after`, `newTicker`), and what a timer does when it fires — with Go's semantics:
 *
 * - **Go ≥ 1.23** (the default): no stale value is ever received from a timer's channel
 *   after `Stop` or `Reset` returns (both empty it), and they return true when they stopped
 *   the timer *or* removed a fired value nobody had received yet — so the documented idiom
 *   `if !t.Stop() { <-t.C }` never blocks. `len` and `cap` of a timer channel are 0.
 * - **Go ≤ 1.22** (`timers: 'go1.22'` in `defineScenario`): the channel has capacity 1;
 *   `Stop`/`Reset` return true only if the timer had not fired, and leave a fired value in
 *   the channel — so `Reset` without draining leaves a stale tick to be received later.
 *
 * A firing sends the time without blocking (dropped when the channel is full, as Go's
 * tickers drop ticks). `sleep(0)` (or negative) is a bare scheduling point, like `yieldNow`.
 * Happens-before: arming a timer happens before its firing.
 * Accesses: Stop and Reset write the timer and its channel; Reset and sleep read the clock.
 */
import { OpKind } from '../../effect';
import { formatTime, formatValue } from '../../format';
import type { ObjectId, TimerId } from '../../ids';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import { Obj } from '../objects';
import type { TimerOp } from '../op';
import type { AccessTarget, Rt } from '../rt';
import type { VC } from '../vclock';
import { drain, timerSend, type ChanObj } from './chan';

/** What a timer does when it fires. */
export enum TimerKind {
  /** `afterFunc`: spawn `body` as a new goroutine. */
  Func,
  /** `sleep`: complete the sleeping goroutine. */
  Sleep,
  /** `after`/`newTimer`: send the time on `chan` without blocking. */
  Chan,
  /** `newTicker`: like Chan, then re-arm `period` later. */
  Ticker,
}

export class TimerObj extends Obj {
  readonly kind = 'timer' as const;
  /** Absolute virtual time (ns) at which it fires. Invariant: ≥ the clock while pending. */
  deadline = 0;
  /** Tie-breaker among equal deadlines: arming order (unique, total). */
  seq = 0;
  /** Position in the timer heap, or -1 when not pending. */
  heapIndex = -1;
  /** Clock of the goroutine that armed it (timer start happens before the fire). */
  vc: VC | null = null;
  /** Number of times it fired. */
  fired = 0;
  constructor(
    id: ObjectId,
    name: string,
    readonly timerId: TimerId,
    readonly timerKind: TimerKind,
    /** Daemon timers do not keep a run alive on their own (tickers, timers armed by daemons). */
    readonly daemon: boolean,
    readonly body: (() => Generator<unknown, unknown, unknown>) | null,
    readonly sleeper: G | null,
    readonly chan: ChanObj | null,
    public period: number,
    /** Interleaving-independent name (see `G.key`): `<creator key>t<n>`. */
    timerKey: string,
  ) {
    super(id, name);
    this.key = timerKey;
  }
  get pending(): boolean {
    return this.heapIndex >= 0;
  }
}

/** Whether `op` is a bare scheduling point (`sleep` of no time). */
export function isZeroSleep(op: TimerOp): boolean {
  return op.kind === OpKind.Sleep && !(op.a > 0);
}

export function apply(rt: Rt, g: G, op: TimerOp): unknown {
  switch (op.kind) {
    case OpKind.Sleep: {
      if (!(op.a > 0)) return undefined;
      const t = rt.newTimer(TimerKind.Sleep, `${g.name} sleep`, g.daemon, null, g, null, 0);
      rt.arm(t, op.a);
      return rt.park(g);
    }
    case OpKind.TimerStop: {
      const t = op.obj;
      const pending = rt.disarm(t);
      const drained = t.chan !== null && rt.timerSemantics === 'go1.23' && drain(rt, t.chan);
      return pending || drained;
    }
    case OpKind.TimerReset: {
      const t = op.obj;
      const ns = op.a;
      if (t.timerKind === TimerKind.Ticker) {
        if (!(ns > 0)) return rt.misuse(g, op, 'non-positive interval for Ticker.Reset');
        t.period = ns;
      }
      const pending = t.pending;
      const drained = t.chan !== null && rt.timerSemantics === 'go1.23' && drain(rt, t.chan);
      rt.arm(t, ns);
      return pending || drained;
    }
  }
}

/** What a timer does when it fires (the clock is already at its deadline). */
export function fire(rt: Rt, t: TimerObj): void {
  switch (t.timerKind) {
    case TimerKind.Func:
      rt.spawn(t.name, t.body, t.daemon, t.vc, `${t.key}#${t.fired - 1}`);
      return;
    case TimerKind.Sleep:
      rt.complete(t.sleeper!, undefined);
      if (rt.tracing) rt.note(`woke "${t.sleeper!.name}"`);
      return;
    case TimerKind.Chan:
      if (!timerSend(rt, t.chan!, rt.now, t.vc) && rt.tracing) rt.note('value dropped (channel full)');
      return;
    case TimerKind.Ticker:
      if (!timerSend(rt, t.chan!, rt.now, t.vc) && rt.tracing) rt.note('tick dropped (channel full)');
      rt.arm(t, t.period);
      return;
  }
}

export function footprint(fp: Footprint, op: TimerOp): void {
  if (op.kind === OpKind.Sleep) {
    if (op.a > 0) fp.clockRead = true;
    return;
  }
  if (op.kind === OpKind.TimerReset) fp.clockRead = true;
  fp.add(op.obj, true, op.kind);
  if (op.obj.chan !== null) fp.add(op.obj.chan, true, op.kind);
}

/**
 * The pseudo-object "whether timers may fire now" (see `Kernel.gate`): a firing reads it,
 * a step that opens or closes it writes it.
 */
export const TIMER_GATE: AccessTarget = { id: -3, key: '\u0000timer-gate', kind: 'timer' };

/** The footprint of timer `t` firing at virtual time `now`. */
export function fireFootprint(fp: Footprint, t: TimerObj, now: number): void {
  fp.reset(-1, t.key);
  fp.add(t, true, -1);
  fp.add(TIMER_GATE, false, -1);
  if (t.deadline > now) fp.clockWrite = true;
  if (t.chan !== null) fp.add(t.chan, true, -1);
}

export function text(op: TimerOp): string {
  switch (op.kind) {
    case OpKind.Sleep:
      return `sleep(${formatTime(Number(op.a))})`;
    case OpKind.TimerStop:
      return 'stop';
    case OpKind.TimerReset:
      return `reset(${formatTime(Number(op.a))})`;
  }
}

export function result(op: TimerOp, v: unknown): string | null {
  return op.kind === OpKind.Sleep ? null : formatValue(v);
}
