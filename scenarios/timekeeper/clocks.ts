/**
 * Host clocks (gVisor's `sentrytime.Clocks`, pkg/sentry/time) on the virtual clock.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/time/clocks.go` lines 17–51 (`UpdateResult`,
 * `Clocks`). Each simulated host has a monotonic and a realtime clock; both advance exactly
 * with virtual time (`sim.now()`), and its TSC counts virtual nanoseconds (a frequency of
 * 1 GHz). What differs between machines is where the clocks stand: the host a sandbox is
 * restored on has its own uptime, and its realtime clock may be ahead of or behind the one
 * it was saved on. Departure: calibration is exact and instant (`CalibratedClocks` estimates
 * the frequency, and `Update(parked)` chooses between slewing and restarting it), so the
 * model cannot show drift; see README.md.
 */
import type { Sim } from '../../sim';

/** `sentrytime.ClockID`: the two clocks the model serves (MonotonicRaw aliases Monotonic: `MonotonicRawEnabled` is false). */
export type ClockID = 'Monotonic' | 'Realtime';

/** `sentrytime.Parameters`: the clock is `BaseRef + (cycles − BaseCycles) / Frequency`; Frequency is 1 cycle/ns. */
export interface Parameters {
  readonly BaseCycles: number;
  readonly BaseRef: number;
}

/** `sentrytime.UpdateResult` (without MonotonicRaw). */
export interface UpdateResult {
  readonly Monotonic: Parameters;
  readonly MonotonicOk: boolean;
  readonly Realtime: Parameters;
  readonly RealtimeOk: boolean;
}

/** `sentrytime.Clocks`: the host's clock source. Reading it is not a scheduling point (a vDSO read on the host). */
export interface Clocks {
  /** Which machine, for messages: `host A`, `host B`. */
  readonly host: string;
  /** The clock's value now, in nanoseconds (the original's error result is always nil). */
  GetTime(c: ClockID): number;
  /** Recalibrates; `parked` says nothing read the clock for an update interval. Always ready here. */
  Update(parked: boolean): UpdateResult;
  /** Whether CLOCK_MONOTONIC_RAW is a distinct clock: never in the model. */
  MonotonicRawEnabled(): boolean;
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

/** The clocks of one host (see `hostClocks`); a trace prints them as `sentrytime.Clocks "host A"`. */
class HostClocks implements Clocks {
  /** For traces: `formatValue` prints an object with `kind` and `name` as `sentrytime.Clocks "host A"`. */
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

  Update(_parked: boolean): UpdateResult {
    const cycles = this.sim.now();
    return {
      Monotonic: { BaseCycles: cycles, BaseRef: this.GetTime('Monotonic') },
      MonotonicOk: true,
      Realtime: { BaseCycles: cycles, BaseRef: this.GetTime('Realtime') },
      RealtimeOk: true,
    };
  }

  MonotonicRawEnabled(): boolean {
    return false;
  }
}
