/**
 * gVisor's Timekeeper across a save/restore onto a new host, in the middle of a run, with
 * tasks reading the clocks through the vDSO.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/timekeeper.go`, `timekeeper_state.go`,
 * `vdso.go`, `kernel.go` and `vdso/vdso_time.cc` (README.md maps every part to its lines).
 * The model is in timekeeper-model.ts, updater.ts, vdso-param-page.ts, vdso.ts and sentry.ts.
 *
 * The run: the "kernel" goroutine boots on host A (SetClocks, which starts the updater
 * parked) and starts the tasks. Each task, while it runs (counted in `runningTasks`, which
 * holds a Timekeeper reference), reads CLOCK_MONOTONIC (and CLOCK_REALTIME) through the vDSO
 * and the boot time, then sleeps `readInterval`. After `ticks` update intervals the kernel
 * saves: stops the tasks, PauseUpdates, saves the Timekeeper and the page, ResumeUpdates on
 * the old sandbox (which is then killed). It loads the state on host B, whose realtime clock
 * reads `realtimeGap` more than the saved realtime (negative: behind), calls SetClocks, lets
 * the tasks run again, runs `ticks` more intervals, and destroys the Timekeeper.
 * `earlyReaders` goroutines call GetTime on the loaded Timekeeper before SetClocks, which is
 * what its `restored` channel is for (upstream's runsc restore has no such caller: FINDINGS.md).
 */
import { defineScenario, Millisecond, Second, type Routine, type VariantSpec } from '../../sim';
import { Checker } from './checks';
import { hostClocks } from './clocks';
import type { TimekeeperVariant } from './model';
import { Kernel, LoadFrom } from './sentry';
import { NewTimekeeper } from './timekeeper-model';
import { vdsoClockGettime } from './vdso';
import { NewVDSOParamPage } from './vdso-param-page';

/** Host A has been up for an hour when the sandbox boots; its wall clock reads 1,000,000 s. */
const HOST_A_MONOTONIC = 3600 * Second;
const HOST_A_REALTIME = 1_000_000 * Second;
/** Host B booted a minute before the restore. */
const HOST_B_MONOTONIC = 60 * Second;
/** The fairness quantum (see README.md): also the slack of the freshness check. */
const QUANTUM = 10 * Millisecond;

const variants: { readonly [K in TimekeeperVariant]: VariantSpec<{ realtimeGap: number; earlyReaders: number }> } = {
  correct: 'as google/gvisor@3c5eee17: the updater parks when idle, GetTime waits on restored, stop waits for the updater',
  'negative-gap-applied': {
    description: 'SetClocks adds the realtime gap even when negative: monotonic jumps back (its default realtimeGap is -5s)',
    expect: 'fail',
    params: { realtimeGap: -5 * Second },
  },
  'restored-never-closed': {
    description: 'SetClocks never closes restored: a GetTime that waits on it blocks for good (deadlock)',
    expect: 'fail',
    params: { earlyReaders: 1 },
  },
  'no-wait-before-setclocks': {
    description: 'before 1cd46c8dd: GetTime on a restored Timekeeper panics instead of waiting on restored',
    expect: 'fail',
    params: { earlyReaders: 1 },
  },
  'stop-without-wait': { description: 'stopUpdater closes stop without wg.Wait: the updater writes the page during the save', expect: 'fail' },
  'wake-without-update': { description: 'addRef wakes a parked updater without recalibrating: a task reads parameters older than an update interval', expect: 'fail' },
};

export default defineScenario({
  name: 'timekeeper',
  description: "gVisor's Timekeeper: host clocks, the vDSO page and its parking updater, and a save/restore onto a new host mid-run",
  variants,
  quantum: QUANTUM,
  // A run at the defaults takes about 200 steps; a vDSO reader that spins on a page being
  // written is reported (as step-limit) long before the engine's default of 100,000.
  maxSteps: 20_000,
  params: { readers: 1, ticks: 4, updateInterval: Second, readInterval: 3 * Second, realtimeGap: 5 * Second, realtime: 0, earlyReaders: 0 },
  setup(sim, { variant, params }) {
    const tasks = sim.rwmutex('tasks'); // a task holds it for reading while it runs; Kernel.Pause holds it for writing
    const check = new Checker(sim, params.updateInterval, QUANTUM);
    check.install();
    /** The running sandbox's kernel; changed only while every task is stopped. */
    let current: Kernel | null = null;
    /** The kernel is shutting down: tasks stop reading (an atomic, as tasks poll it without a lock). */
    const stopping = sim.atomic('stopping', false);

    sim.go('kernel', function* () {
      // Boot on host A.
      let k = new Kernel(sim, 'booted', NewTimekeeper(sim, variant, params.updateInterval), NewVDSOParamPage(sim));
      check.kernels.push(k);
      current = k;
      check.bootAt = sim.now();
      check.bootRealtime = HOST_A_REALTIME;
      check.host = hostClocks(sim, 'host A', check.bootAt, HOST_A_MONOTONIC, HOST_A_REALTIME);
      yield* k.timekeeper.SetClocks(check.host, k.vdsoParams);
      yield* k.Start();
      // the readers are interchangeable (the same code; the checker keeps each one's readings alike)
      for (let i = 0; i < params.readers; i++) sim.go(`task${i}`, () => task(`task${i}`, params.realtime > 0), { symmetric: 'reader' });
      yield* sim.sleep(params.ticks * params.updateInterval);

      // Kernel.SaveTo on host A, every task stopped; the checkpointed sandbox is then killed.
      yield* tasks.lock(); // k.Pause()
      const state = yield* k.SaveTo();
      sim.note('the checkpointed sandbox is killed');

      // Restore on host B.
      const loadedAt = sim.now();
      const hostB = hostClocks(sim, 'host B', loadedAt, HOST_B_MONOTONIC, state.timekeeper.saveRealtime + params.realtimeGap);
      k = yield* LoadFrom(sim, variant, params.updateInterval, state, hostB, (k2) => {
        check.kernels.push(k2);
        const gap = hostB.GetTime('Realtime') - state.timekeeper.saveRealtime;
        check.restore = { k: k2, loadedAt, gap, low: state.timekeeper.saveMonotonic + Math.max(0, gap) };
        for (let i = 0; i < params.earlyReaders; i++) sim.go(`restorer${i}`, () => early(`restorer${i}`, k2));
      });
      current = k;
      check.host = hostB;
      yield* k.Start();
      yield* tasks.unlock(); // the restored tasks run
      yield* sim.sleep(params.ticks * params.updateInterval);
      // The sandbox exits: its tasks exit (WaitExited) before the kernel is released and
      // destroys the Timekeeper (kernel.go line 2295).
      yield* stopping.store(true);
      yield* tasks.lock();
      yield* k.timekeeper.Destroy();
      yield* tasks.unlock();
    });

    /** A task: while the kernel runs, reads the clocks each `readInterval`, counted as running while it does. */
    function* task(name: string, realtime: boolean): Routine<void> {
      while (!(yield* stopping.load())) {
        yield* tasks.rlock();
        if (yield* stopping.load()) {
          yield* tasks.runlock();
          return; // the task exits
        }
        const k = current!;
        yield* k.incRunningTasks(); // accountTaskGoroutineLeave
        check.monotonic(name, k, yield* vdsoClockGettime(sim, k.vdsoParams, 'Monotonic', () => k.timekeeper.GetTime('Monotonic')));
        if (realtime) check.realtime(name, yield* vdsoClockGettime(sim, k.vdsoParams, 'Realtime', () => k.timekeeper.GetTime('Realtime')));
        check.bootTime(name, k.timekeeper.BootTime()); // sysinfo(2), /proc/stat's btime
        yield* k.decRunningTasks(); // accountTaskGoroutineEnter
        yield* tasks.runlock();
        yield* sim.sleep(params.readInterval);
      }
    }

    /** Something of the restored sandbox that reads the clock before SetClocks (README.md). */
    function* early(name: string, k: Kernel): Routine<void> {
      check.monotonic(name, k, { now: yield* k.timekeeper.GetTime('Monotonic'), params: null });
    }
  },
});
