/**
 * The checks of the `timekeeper` scenario: what a task may expect of the clocks it reads,
 * and what the Timekeeper promises about its updater. The read checks are assertions made
 * by the reading goroutine at the read (so that exhaustive search, which orders steps by the
 * objects they touch, sees them where they happen); the late-write check is an invariant.
 * `timekeeper-checks.test.ts` shows each one firing.
 */
import { formatTime, type Sim } from '../../sim';
import type { Clocks } from './clocks';
import type { Kernel } from './sentry';
import type { VdsoRead } from './vdso';

/** What the checks know of the run (set by the kernel goroutine as it boots, saves and restores). */
export class Checker {
  /** The kernels, in order: the booted one, then the restored one. */
  readonly kernels: Kernel[] = [];
  /** When SetClocks ran on the booted kernel (monotonic 0). */
  bootAt = 0;
  /** The boot host's realtime at `bootAt`: what BootTime must return, before and after a restore. */
  bootRealtime = 0;
  /** The host the running sandbox is on. */
  host: Clocks | null = null;
  /** The restore: the kernel, when it was loaded, the lowest monotonic value it may return, and the realtime gap. */
  restore: { readonly k: Kernel; readonly loadedAt: number; readonly low: number; readonly gap: number } | null = null;
  /** The last monotonic value any reader got. */
  private last: { readonly who: string; readonly v: number } | null = null;

  constructor(
    private readonly sim: Sim,
    /** `ApproxUpdateInterval`, and the scheduling quantum: how old the parameters a running task reads may be. */
    private readonly updateInterval: number,
    private readonly quantum: number,
  ) {}

  /** A monotonic read of `who` on kernel `k`: the sandbox's monotonic time, never going backwards, from fresh parameters. */
  monotonic(who: string, k: Kernel, r: VdsoRead): void {
    const sim = this.sim;
    const now = sim.now();
    const v = r.now;
    const via = r.params === null ? 'GetTime' : `the vDSO (page seq ${r.params.seq})`;
    if (k === this.kernels[0]) {
      const want = now - this.bootAt;
      sim.assert(v === want, `${who} read monotonic ${formatTime(v)} via ${via} at t=${formatTime(now)}, want ${formatTime(want)}: monotonic time of a fresh boot starts at 0 when SetClocks runs`);
    } else if (this.restore !== null) {
      const { low, loadedAt, gap } = this.restore;
      const high = low + (now - loadedAt);
      sim.assert(
        v >= low && v <= high,
        `${who} read monotonic ${formatTime(v)} via ${via} at t=${formatTime(now)}, want ${formatTime(low)}..${formatTime(high)}: after a restore monotonic time resumes at the saved value, advanced by the realtime gap (${formatTime(gap)}) only if positive`,
      );
    }
    const last = this.last;
    sim.assert(last === null || v >= last.v, `${who} read monotonic ${formatTime(v)} at t=${formatTime(now)}, after ${last?.who} read ${formatTime(last?.v ?? 0)}: monotonic time went backwards`);
    this.last = { who, v };
    this.fresh(who, r);
  }

  /** A realtime read: the running host's realtime, from fresh parameters. */
  realtime(who: string, r: VdsoRead): void {
    const want = this.host!.GetTime('Realtime');
    this.sim.assert(r.now === want, `${who} read realtime ${formatTime(r.now)} at t=${formatTime(this.sim.now())}, want ${this.host!.host}'s ${formatTime(want)}`);
    this.fresh(who, r);
  }

  /** A BootTime read: the realtime of the first boot, across restores. */
  bootTime(who: string, v: number): void {
    this.sim.assert(v === this.bootRealtime, `${who} read BootTime ${formatTime(v)}, want ${formatTime(this.bootRealtime)}: the boot time must survive a restore`);
  }

  /** The parking updater's promise: parameters a running task reads are at most an update interval old (+ the quantum). */
  private fresh(who: string, r: VdsoRead): void {
    if (r.params === null) return;
    const now = this.sim.now();
    const age = now - r.params.baseCycles;
    this.sim.assert(
      age <= this.updateInterval + this.quantum,
      `${who} read the vDSO parameters of t=${formatTime(r.params.baseCycles)} at t=${formatTime(now)} (page seq ${r.params.seq}): ${formatTime(age)} old, more than an update interval (${formatTime(this.updateInterval)}) while it runs`,
    );
  }

  /** The invariant: no updater writes the page after the PauseUpdates or Destroy that stopped it returned. */
  noLateWrite(): true | string {
    for (const k of this.kernels) {
      const w = k.timekeeper.lateWrite;
      if (w === null) continue;
      return `"${w.updater}" wrote the VDSO parameter page (seq ${w.seq}) at t=${formatTime(w.at)}, after the ${w.stoppedBy} that stopped it returned (t=${formatTime(w.stoppedAt)}): it was still running`;
    }
    return true;
  }

  /** Registers the invariant. */
  install(): void {
    this.sim.invariant('no parameter write after PauseUpdates or Destroy returned', () => this.noLateWrite());
  }
}
