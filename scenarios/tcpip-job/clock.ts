/**
 * The `Clock`, `Timer` and `sync.Locker` that the model of `tcpip.Job` runs on, over the
 * simulator's primitives.
 *
 * Original: google/gvisor@3c5eee17dc45 pkg/tcpip/tcpip.go, lines 135–170 (`tcpip.Clock`,
 * `tcpip.Timer`), and `sync.Locker`, as pkg/tcpip/timer.go uses them.
 */
import type { Effect, Mutex, Routine, Sim, Timer as SimTimer } from '../../sim';

/**
 * `tcpip.Timer`, the part `Job` uses: `Stop` returns true if it prevented the fire, false
 * once the timer fired (and does not wait for the function it started).
 */
export interface Timer {
  Stop(): Effect<boolean>;
}

/**
 * `tcpip.Clock`, the part `Job` uses: `AfterFunc(d, f)` runs `f` in its own goroutine
 * once `d` nanoseconds of virtual time have passed.
 */
export interface Clock {
  AfterFunc(d: number, f: () => Routine<void>): Timer;
}

/** `sync.Locker`. */
export interface Locker {
  Lock(): Effect<void>;
  Unlock(): Effect<void>;
}

/**
 * A `Clock` on the virtual clock (`sim.afterFunc`). Its timers, and the goroutines they
 * start, are named by `name(n)` for the n-th `AfterFunc` call (0-based), so a trace
 * reads `timer "instance A" fired`.
 */
export class SimClock implements Clock {
  /** `AfterFunc(d, f)`; a closure, so the clock holds no state a frozen field would refuse. */
  readonly AfterFunc: (d: number, f: () => Routine<void>) => Timer;

  constructor(sim: Sim, name: (n: number) => string) {
    let n = 0; // AfterFunc calls so far
    this.AfterFunc = (d, f) => new SimClockTimer(sim.afterFunc(d, name(n++), f));
  }
}

class SimClockTimer implements Timer {
  constructor(private readonly t: SimTimer) {}

  Stop(): Effect<boolean> {
    return this.t.stop();
  }
}

/**
 * A `sim.mutex` as a `sync.Locker`. The checks ask the mutex who holds it (`holder`):
 * Go's mutex has no owner, the simulator's knows.
 */
export class MutexLocker implements Locker {
  /**
   * For traces that print a stored Locker (`store(MutexLocker "L")` of "j.locker").
   * ENGINE: formatValue prints `Ctor "name"` for objects with `kind` and `name`, an
   * undocumented heuristic meant for ObjectRefs; without it the trace would print the
   * object's fields (`MutexLocker {mu: {…}}`). A documented hook would be better.
   */
  readonly kind = 'sync.Locker';

  constructor(private readonly mu: Mutex) {}

  get name(): string {
    return this.mu.name;
  }

  /** The goroutine holding the mutex, or null (for checks; not a scheduling point). */
  get holder(): string | null {
    return this.mu.holder;
  }

  Lock(): Effect<void> {
    return this.mu.lock();
  }

  Unlock(): Effect<void> {
    return this.mu.unlock();
  }
}
