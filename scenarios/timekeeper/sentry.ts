/**
 * The parts of gVisor's `Kernel` the Timekeeper lives in: the count of running tasks, whose
 * 0→1 and 1→0 transitions take and drop a Timekeeper reference, and the save and load
 * sequences around the Timekeeper.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/kernel.go`: `quiescePausedAnd`
 * 669–687 (`pauseTimeLocked`, then the deferred `resumeTimeLocked`), `SaveTo` 717–836,
 * `LoadFrom` 939–1041 (`SetClocks` at line 1004), `Start` 1478–1510, `pauseTimeLocked`
 * 1517–1555, `resumeTimeLocked` 1564–1585, `incRunningTasks` 1587–1665, `decRunningTasks`
 * 1667–1680, `Release` 2282–2305 (`Destroy` at 2295); `task_sched.go` lines 87–125
 * (`accountTaskGoroutineEnter`/`Leave` call them).
 * Left out: the CPU clock ticker and its timer, the task activity channel, timers of
 * thread groups and timerfds, and the memory file (the page's words are saved directly).
 */
import type { Atomic, Mutex, Routine, Sim } from '../../sim';
import type { Clocks } from './clocks';
import { GoPanic, type TimekeeperVariant } from './model';
import { load, save, type SavedTimekeeper, type Timekeeper } from './timekeeper-model';
import { addRef, release } from './updater';
import { VDSOParamPage, type SavedPage } from './vdso-param-page';

/** What a checkpoint holds of the kernel's time: the Timekeeper and the parameter page. */
export interface SavedKernel {
  readonly timekeeper: SavedTimekeeper;
  readonly vdsoParams: SavedPage;
}

/** A sandbox's kernel, as far as time goes. */
export class Kernel {
  /** Tasks in TaskGoroutineRunningSys or RunningApp. nosave. */
  readonly runningTasks: Atomic<number>;
  /** Serializes the 0→1 transition of `runningTasks`. */
  readonly runningTasksMu: Mutex;

  constructor(
    readonly sim: Sim,
    /** `booted` or `restored`. */
    readonly name: string,
    readonly timekeeper: Timekeeper,
    readonly vdsoParams: VDSOParamPage,
  ) {
    this.runningTasks = sim.atomic(`${name}.runningTasks`, 0);
    this.runningTasksMu = sim.mutex(`${name}.runningTasksMu`);
  }

  /** `incRunningTasks`: a task starts running; the 0→1 transition takes a Timekeeper reference first. */
  *incRunningTasks(): Routine<void> {
    for (;;) {
      const tasks = yield* this.runningTasks.load();
      if (tasks !== 0) {
        // Standard case. Simply increment.
        if (!(yield* this.runningTasks.cas(tasks, tasks + 1))) continue;
        return;
      }
      // Transition from 0 -> 1.
      yield* this.runningTasksMu.lock();
      const again = yield* this.runningTasks.load();
      if (again !== 0) {
        // Raced with another transition and lost.
        const ok = yield* this.runningTasks.cas(again, again + 1);
        yield* this.runningTasksMu.unlock();
        if (!ok) continue;
        return;
      }
      // (The CPU clock ticker and taskActivityCh are left out.)
      // Take a timekeeper reference that says alive until we transition back from 1 to 0
      // tasks so vDSO stays updated; this also updates the vDSO before returning if it was parked.
      yield* addRef(this.timekeeper);
      yield* this.runningTasks.store(1);
      yield* this.runningTasksMu.unlock();
      return;
    }
  }

  /** `decRunningTasks`: a task stops running; the 1→0 transition drops the Timekeeper reference. */
  *decRunningTasks(): Routine<void> {
    const tasks = yield* this.runningTasks.add(-1);
    if (tasks < 0) throw new GoPanic(`Invalid running count ${tasks}`);
    if (tasks === 0) yield* release(this.timekeeper);
  }

  /**
   * `SaveTo` with every task stopped (`Kernel.Pause` returned): `quiescePausedAnd` pauses
   * time (`PauseUpdates`), saves, then resumes it (`ResumeUpdates`) on this kernel, which
   * is then killed or goes on running.
   */
  *SaveTo(): Routine<SavedKernel> {
    yield* this.timekeeper.PauseUpdates(); // pauseTimeLocked
    const timekeeper = yield* save(this.timekeeper); // state.Save(k)
    const vdsoParams = this.vdsoParams.save();
    this.sim.note(`save: the state file holds the parameter page at seq ${vdsoParams.seq}`);
    yield* this.timekeeper.ResumeUpdates(this.vdsoParams); // defer k.resumeTimeLocked(ctx)
    return { timekeeper, vdsoParams };
  }

  /** `Start`: `resumeTimeLocked` (a no-op for the Timekeeper once SetClocks started the updater). */
  *Start(): Routine<void> {
    yield* this.timekeeper.ResumeUpdates(this.vdsoParams);
  }
}

/**
 * `LoadFrom` up to and including `SetClocks` (kernel.go lines 939–1004): the Timekeeper and
 * the page are loaded (`afterLoad` makes `restored`), `beforeSetClocks` runs (where the
 * scenario starts what calls GetTime before SetClocks), then SetClocks.
 */
export function* LoadFrom(
  sim: Sim,
  variant: TimekeeperVariant,
  updateInterval: number,
  s: SavedKernel,
  clocks: Clocks,
  beforeSetClocks: (k: Kernel) => void,
): Routine<Kernel> {
  const page = new VDSOParamPage(sim, 'restored params', s.vdsoParams);
  const k = new Kernel(sim, 'restored', load(sim, variant, updateInterval, s.timekeeper), page);
  beforeSetClocks(k);
  yield* k.timekeeper.SetClocks(clocks, k.vdsoParams);
  return k;
}
