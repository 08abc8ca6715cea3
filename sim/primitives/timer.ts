/**
 * Timers on the virtual clock, with Go's results for Stop and Reset.
 */
import { Effect, issue, OpKind, type ObjectRef } from '../effect';
import type { Runtime } from '../runtime';
import type { Chan } from './chan';

/**
 * A timer from `afterFunc` (fires its body as a new goroutine) or `newTimer` (sends the
 * time on `C`). Firing is a scheduling choice: the strategy decides when, among the steps
 * of the other goroutines, the clock jumps to its deadline.
 */
export class Timer {
  /** @internal */
  constructor(
    private readonly rt: Runtime,
    readonly ref: ObjectRef,
    /** For `newTimer`: the channel the time is sent on (capacity 1). */
    readonly C: Chan<number> | undefined,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  /** Whether it is armed and has not fired (not a scheduling point). */
  get pending(): boolean {
    return this.rt.timerPending(this.ref);
  }
  /**
   * Stops it: true if that prevented the fire, false if it had already fired or been
   * stopped. Does not wait for an afterFunc body that already started (Go's Stop).
   */
  stop(): Effect<boolean> {
    return issue(new Effect(OpKind.TimerStop, this.ref));
  }
  /** Re-arms it `ns` from now: true if it had been pending (Go's Reset). */
  reset(ns: number): Effect<boolean> {
    return issue(new Effect(OpKind.TimerReset, this.ref, ns));
  }
}

/** Go's `time.Ticker`: sends the time on `C` every period; ticks are dropped when `C` is full. */
export class Ticker {
  /** @internal */
  constructor(
    readonly ref: ObjectRef,
    readonly C: Chan<number>,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  stop(): Effect<boolean> {
    return issue(new Effect(OpKind.TimerStop, this.ref));
  }
  /** Changes the period and restarts the countdown. */
  reset(ns: number): Effect<boolean> {
    return issue(new Effect(OpKind.TimerReset, this.ref, ns));
  }
}
