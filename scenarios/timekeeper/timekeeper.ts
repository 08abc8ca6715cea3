/**
 * gVisor's Timekeeper across a save/restore onto a new host, in the middle of a run.
 *
 * Original: gVisor pkg/sentry/kernel/timekeeper.go (seeds/gvisor-kernel-timekeeper.go.txt),
 * with beforeSave/afterLoad from pkg/sentry/kernel/timekeeper_state.go and the save
 * sequence of Kernel.SaveTo (pauseTimeLocked → PauseUpdates) in kernel.go. The model is
 * in timekeeper-model.ts; README.md maps it to the original and explains each variant.
 *
 * The run: the "kernel" goroutine boots on host A (SetClocks, which starts the updater)
 * and starts the tasks, which read the monotonic clock every `readInterval`. After
 * `ticks` update intervals it saves: stops the tasks, PauseUpdates, beforeSave and the
 * state; the checkpointed sandbox is then killed. It loads the state on host B, whose
 * realtime clock reads `realtimeGap` more than the saved realtime (negative: host B's
 * clock is behind), lets the tasks run again (a GetTime before SetClocks waits on
 * `restored`), calls SetClocks, runs `ticks` more intervals, and destroys the Timekeeper.
 */
import { defineScenario, formatTime, Millisecond, Second, type VariantSpec } from '../../sim';
import { hostClocks, type Clocks } from './clocks';
import { load, NewTimekeeper, save, type Timekeeper, type TimekeeperVariant } from './timekeeper-model';

/** Host A has been up for an hour when the sandbox boots; its wall clock reads 1,000,000 s. */
const HOST_A_MONOTONIC = 3600 * Second;
const HOST_A_REALTIME = 1_000_000 * Second;
/** Host B booted a minute before the restore. */
const HOST_B_MONOTONIC = 60 * Second;

const variants: { readonly [K in TimekeeperVariant]: VariantSpec<{ realtimeGap: number }> } = {
  correct: 'as in gVisor: GetTime waits on restored, stop waits for the updater, a negative realtime gap is ignored',
  'negative-gap-applied': {
    description: 'SetClocks adds the realtime gap even when negative: monotonic jumps back (its default realtimeGap is -5s)',
    expect: 'fail',
    params: { realtimeGap: -5 * Second },
  },
  'restored-never-closed': { description: 'SetClocks never closes restored: a GetTime that waits on it blocks for good (deadlock)', expect: 'fail' },
  'no-wait-before-setclocks': { description: 'GetTime does not wait on restored: it reads the unset clocks (panic, nil dereference)', expect: 'fail' },
  'stop-without-wait': { description: 'stopUpdater closes stop without wg.Wait: the updater writes params after PauseUpdates returned', expect: 'fail' },
};

export default defineScenario({
  name: 'timekeeper',
  description: "gVisor's Timekeeper: host clocks, the VDSO updater, and a save/restore onto a new host mid-run",
  variants,
  quantum: 10 * Millisecond,
  params: { readers: 1, ticks: 1, updateInterval: Second, readInterval: Second, realtimeGap: 5 * Second },
  setup(sim, { variant, params }) {
    const tasks = sim.rwmutex('tasks'); // a task holds it for reading while it runs; a save holds it for writing
    const timekeepers: Timekeeper[] = [];
    /** The kernel's Timekeeper (`k.timekeeper`): the loaded one after the restore. */
    let current: Timekeeper | null = null;
    /** The kernel is shutting down: tasks stop reading (an atomic, as tasks poll it without a lock). */
    const stopping = sim.atomic('stopping', false);
    let bootAt = 0;
    let restore: { readonly t: Timekeeper; readonly loadedAt: number; readonly gap: number } | null = null;
    let last: { readonly who: string; readonly v: number } | null = null;

    sim.go('kernel', function* () {
      // Boot on host A.
      let t = NewTimekeeper(sim, variant, params.updateInterval);
      timekeepers.push(t);
      current = t;
      bootAt = sim.now();
      yield* t.SetClocks(hostClocks(sim, 'host A', bootAt, HOST_A_MONOTONIC, HOST_A_REALTIME));
      for (let i = 0; i < params.readers; i++) sim.go(`task${i}`, task(`task${i}`));
      yield* sim.sleep(params.ticks * params.updateInterval);

      // Kernel.SaveTo on host A.
      yield* tasks.lock(); // k.Pause(): no task goroutine runs
      yield* t.PauseUpdates(); // pauseTimeLocked
      const state = yield* save(t);
      sim.note(`save: the state file holds the parameter page at seq ${state.params.seq}`);
      // The checkpointed sandbox is killed here (see README.md on resumeTimeLocked).

      // Restore on host B.
      const loadedAt = sim.now();
      const hostB: Clocks = hostClocks(sim, 'host B', loadedAt, HOST_B_MONOTONIC, state.saveRealtime + params.realtimeGap);
      t = load(sim, variant, params.updateInterval, state);
      timekeepers.push(t);
      current = t;
      restore = { t, loadedAt, gap: hostB.GetTime('Realtime') - t.saveRealtime };
      yield* tasks.unlock(); // restored goroutines may call GetTime before SetClocks
      yield* t.SetClocks(hostB);
      yield* sim.sleep(params.ticks * params.updateInterval);
      yield* stopping.store(true);
      yield* t.Destroy();
    });

    /** A task: reads the monotonic clock every readInterval while the kernel runs. */
    function task(name: string) {
      return function* () {
        while (!(yield* stopping.load())) {
          yield* tasks.rlock();
          const t = current!;
          const v = yield* t.GetTime('Monotonic');
          checkRead(name, t, v);
          yield* tasks.runlock();
          yield* sim.sleep(params.readInterval);
        }
      };
    }

    function checkRead(who: string, t: Timekeeper, v: number): void {
      const now = sim.now();
      if (t.restored === null) {
        sim.assert(
          v === now - bootAt,
          `${who} read monotonic ${formatTime(v)} at t=${formatTime(now)}, want ${formatTime(now - bootAt)}: ` +
            `monotonic time of a fresh boot starts at 0 when SetClocks runs (t=${formatTime(bootAt)})`,
        );
      }
      sim.assert(
        last === null || v >= last.v,
        `${who} read monotonic ${formatTime(v)} at t=${formatTime(now)}, after ${last?.who} read ${formatTime(last?.v ?? 0)}: monotonic time went backwards`,
      );
      last = { who, v };
    }

    sim.invariant('after restore, monotonic resumes at the saved value, advanced by the realtime gap only if positive', () => {
      if (restore === null || restore.t.clocks.value === null) return true;
      const { t, loadedAt, gap } = restore;
      const now = sim.now();
      const mono = t.clocks.value!.GetTime('Monotonic') + t.monotonicOffset;
      const low = t.saveMonotonic + Math.max(0, gap);
      const high = low + (now - loadedAt);
      if (mono >= low && mono <= high) return true;
      return (
        `monotonic is ${formatTime(mono)} at t=${formatTime(now)}, want ${formatTime(low)}..${formatTime(high)} ` +
        `(saveMonotonic ${formatTime(t.saveMonotonic)}, realtime gap ${formatTime(gap)}, loaded at t=${formatTime(loadedAt)})`
      );
    });

    sim.invariant('no parameter write after PauseUpdates or Destroy returned', () => {
      for (const t of timekeepers) {
        const w = t.lateWrite;
        if (w === null) continue;
        return (
          `"${w.updater}" wrote the VDSO parameter page (seq ${w.seq}) at t=${formatTime(w.at)}, ` +
          `after the ${w.stoppedBy} that stopped it returned (t=${formatTime(w.stoppedAt)}): it was still running`
        );
      }
      return true;
    });
  },
});
