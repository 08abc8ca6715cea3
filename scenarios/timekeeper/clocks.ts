/**
 * Host clocks (gVisor's `sentrytime.Clocks`, pkg/sentry/time) on the virtual clock.
 *
 * Each simulated host machine has a monotonic and a realtime clock. Both advance exactly
 * with virtual time (`sim.now()`); what differs between machines is where they stand: the
 * "new machine" a sandbox is restored on has its own uptime, and its realtime clock may be
 * ahead of or behind the machine the sandbox was saved on.
 */
import type { Sim } from '../../sim';

/** `sentrytime.ClockID`: the two clocks the Timekeeper serves. */
export type ClockID = 'Monotonic' | 'Realtime';

/**
 * The calibration `Clocks.Update` returns for one clock. The original has `BaseCycles`,
 * `BaseRef` and `Frequency` (the VDSO converts TSC cycles to time); the model keeps only
 * `BaseRef`, the clock's value at the update.
 */
export interface Parameters {
  readonly BaseRef: number;
}

/** What `Clocks.Update` returns (`monotonicParams, monotonicOk, realtimeParams, realtimeOk`). */
export interface Update {
  readonly monotonicParams: Parameters;
  readonly monotonicOk: boolean;
  readonly realtimeParams: Parameters;
  readonly realtimeOk: boolean;
}

/**
 * `sentrytime.Clocks`: the host's clock source. Reading it is not a scheduling point (a
 * vDSO read on the host); the original's error result is always nil here.
 */
export interface Clocks {
  /** Which machine, for messages: `host A`, `host B`. */
  readonly host: string;
  /** The clock's value now, in nanoseconds. */
  GetTime(c: ClockID): number;
  /** Recalibrates; always ready in the model (calibration takes no time). */
  Update(): Update;
}

/**
 * The clocks of `host`, which read `monotonic` and `realtime` at virtual time `at` and
 * advance with virtual time from there.
 *
 * @example
 *   const hostA = hostClocks(sim, 'host A', sim.now(), 3600 * Second, 1000 * Second);
 *   hostA.GetTime('Monotonic'); // 3600 s + (sim.now() - at)
 */
export function hostClocks(sim: Sim, host: string, at: number, monotonic: number, realtime: number): Clocks {
  return new HostClocks(sim, host, at, monotonic, realtime);
}

/** The clocks of one host (see `hostClocks`); a trace prints them as `HostClocks "host A"`. */
class HostClocks implements Clocks {
  /** For traces: `formatValue` prints an object with `kind` and `name` as `HostClocks "host A"`. */
  readonly kind = 'sentrytime.Clocks';

  constructor(
    private readonly sim: Sim,
    readonly host: string,
    private readonly at: number,
    private readonly monotonic: number,
    private readonly realtime: number,
  ) {}

  get name(): string {
    return this.host;
  }

  GetTime(c: ClockID): number {
    return (c === 'Monotonic' ? this.monotonic : this.realtime) + (this.sim.now() - this.at);
  }

  Update(): Update {
    return {
      monotonicParams: { BaseRef: this.GetTime('Monotonic') },
      monotonicOk: true,
      realtimeParams: { BaseRef: this.GetTime('Realtime') },
      realtimeOk: true,
    };
  }
}
