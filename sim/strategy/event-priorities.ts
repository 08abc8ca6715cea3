/**
 * A random priority for every pending event, drawn when the event first shows up and kept
 * until it is re-drawn: the priorities of partial order sampling (Yuan, Yang, Gu, "Partial
 * Order Aware Concurrency Sampling", CAV 2018) and SURW's `rp` (Zhao et al., ASPLOS 2025).
 *
 * An event is a goroutine's pending effect, identified by the goroutine and its step
 * count, or a timer's firing, identified by the timer and its deadline (so a reset timer,
 * or a ticker's next tick, is a new event). Priorities are uniform in [0, 1) from the
 * strategy's generator, so execution `i` of a seed draws the same ones everywhere.
 *
 * @example
 *   const prio = new EventPriorities(rng);
 *   prio.begin();                                   // in Strategy.begin
 *   const p = prio.goroutine(g.id, g.steps);        // drawn the first time
 *   prio.redrawGoroutine(h.id, h.steps);            // h's event raced with the one that ran
 */
import { IdTable } from './id-table';
import type { Rng } from './rng';

export class EventPriorities {
  /** The goroutines whose pending event has a priority in this execution, by id. */
  private readonly gs = new IdTable(32);
  /** Priority of goroutine `id`'s pending event (valid while `gs.has(id)`). */
  private readonly gPrio = this.gs.float64();
  /** The step count of goroutine `id` when its priority was drawn: the event it belongs to. */
  private readonly gEvent = this.gs.int32();
  /** The timers whose firing has a priority in this execution, by timer id. */
  private readonly ts = new IdTable(8);
  /** Priority of timer `timerId`'s firing (valid while `ts.has(id)`). */
  private readonly tPrio = this.ts.float64();
  /** The deadline of timer `timerId` when its priority was drawn: the event it belongs to. */
  private readonly tEvent = this.ts.float64();

  /** @param rng the strategy's generator (all randomness goes through it) */
  constructor(private readonly rng: Rng) {}

  /** Starts an execution: every event is new. */
  begin(): void {
    this.gs.reset();
    this.ts.reset();
  }

  /** The priority of goroutine `id`'s pending event, the one after `steps` steps; drawn if that event is new. */
  goroutine(id: number, steps: number): number {
    if (this.gs.touch(id) || this.gEvent.data[id] !== steps) this.redrawGoroutine(id, steps);
    return this.gPrio.data[id]!;
  }

  /** The priority of the firing of timer `timerId` at `deadline`; drawn if that event is new. */
  timer(timerId: number, deadline: number): number {
    if (this.ts.touch(timerId) || this.tEvent.data[timerId] !== deadline) this.redrawTimer(timerId, deadline);
    return this.tPrio.data[timerId]!;
  }

  /** Draws a new priority for goroutine `id`'s pending event, the one after `steps` steps. */
  redrawGoroutine(id: number, steps: number): void {
    this.gs.touch(id);
    this.gEvent.data[id] = steps;
    this.gPrio.data[id] = this.rng.float();
  }

  /** Draws a new priority for the firing of timer `timerId` at `deadline`. */
  redrawTimer(timerId: number, deadline: number): void {
    this.ts.touch(timerId);
    this.tEvent.data[timerId] = deadline;
    this.tPrio.data[timerId] = this.rng.float();
  }

  /** Keeps goroutine `id`'s priority for its next event, the one after `steps` steps (SURW's alg1 does not re-draw). */
  carryGoroutine(id: number, steps: number): void {
    if (this.gs.has(id)) this.gEvent.data[id] = steps;
  }

  /** The priority last drawn for goroutine `id` in this execution, or undefined. Draws nothing. */
  peekGoroutine(id: number): number | undefined {
    return this.gs.has(id) ? this.gPrio.data[id] : undefined;
  }

  /** The priority last drawn for timer `timerId` in this execution, or undefined. Draws nothing. */
  peekTimer(timerId: number): number | undefined {
    return this.ts.has(timerId) ? this.tPrio.data[timerId] : undefined;
  }
}
