/**
 * The application's side of the parameter page: the vDSO's `clock_gettime` for
 * CLOCK_MONOTONIC and CLOCK_REALTIME, a seqlock read with a fallback to the system call
 * while the parameters are not ready.
 *
 * Original: google/gvisor@3c5eee17 `vdso/vdso_time.cc` lines 100–167 (`compute_time`,
 * `ClockRealtime`, `ClockMonotonic`) and `vdso/seqlock.h` lines 26–35. The cycle counter is
 * virtual time (1 cycle/ns), so `compute_time` is `base_ref + max(0, now − base_cycles)`.
 */
import type { Atomic, Routine, Sim } from '../../sim';
import type { ClockID } from './clocks';
import type { VDSOParamPage } from './vdso-param-page';

/** What a vDSO read saw: the time, and the parameters it used (null: it fell back to the syscall). */
export interface VdsoRead {
  readonly now: number;
  readonly params: { readonly seq: number; readonly baseCycles: number; readonly baseRef: number } | null;
}

/**
 * `ClockMonotonic()` / `ClockRealtime()`: loops until it reads the clock's words under an
 * even, unchanged count; if they are not ready, `syscall` (the sentry's `GetTime`) answers.
 */
export function* vdsoClockGettime(sim: Sim, page: VDSOParamPage, c: ClockID, syscall: () => Routine<number>): Routine<VdsoRead> {
  const m = page.mem;
  const [readyW, refW, cyclesW]: readonly [Atomic<number>, Atomic<number>, Atomic<number>] =
    c === 'Monotonic' ? [m.monotonic_ready, m.monotonic_base_ref, m.monotonic_base_cycles] : [m.realtime_ready, m.realtime_base_ref, m.realtime_base_cycles];
  let seq: number;
  let ready: number;
  let baseRef: number;
  let baseCycles: number;
  let nowCycles: number;
  for (let attempt = 0; ; attempt++) {
    // A retry spins until the writer has finished: a yield (Gosched) here lets the search
    // run the writer instead of the spinning reader forever (departure: the C loop just spins).
    if (attempt > 0) yield* sim.yieldNow();
    seq = (yield* m.seq_count.load()) & ~1; // read_seqcount_begin
    ready = yield* readyW.load();
    baseRef = yield* refW.load();
    baseCycles = yield* cyclesW.load();
    nowCycles = sim.now(); // cycle_clock()
    if ((yield* m.seq_count.load()) === seq) break; // read_seqcount_retry
  }
  if (ready === 0) {
    // The sandbox kernel ensures that we won't compute a time later than this once the params are ready.
    return { now: yield* syscall(), params: null };
  }
  const delta = nowCycles < baseCycles ? 0 : nowCycles - baseCycles;
  return { now: baseRef + delta, params: { seq, baseCycles, baseRef } };
}
