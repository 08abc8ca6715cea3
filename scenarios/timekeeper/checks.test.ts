/**
 * Every check and panic of the `timekeeper` model can fire: each read check is fed a read
 * that breaks it, the late-write invariant a write it forbids, and the model's own panics
 * (upstream's) are driven by one goroutine on a fresh Timekeeper.
 */
import { defineScenario, explore, Second, type Routine, type Scenario, type Sim, type Violation } from '../../sim';
import { Checker } from './checks';
import { hostClocks } from './clocks';
import { Kernel } from './sentry';
import { NewTimekeeper, save, type Timekeeper } from './timekeeper-model';
import { release } from './updater';
import { vdsoClockGettime } from './vdso';
import { NewVDSOParamPage, type VDSOParamPage } from './vdso-param-page';

/** The violation of a one-execution run in which goroutine "g" runs `body` on a booted kernel with a Checker. */
function withChecker(name: string, body: (sim: Sim, c: Checker, k: Kernel) => Routine<void>): Violation | undefined {
  const s = defineScenario({
    name,
    description: 'a unit of the timekeeper checks',
    variants: { correct: 'as modelled' },
    setup(sim) {
      const c = new Checker(sim, Second, 10_000_000);
      c.install();
      const k = new Kernel(sim, 'booted', NewTimekeeper(sim, 'correct', Second), NewVDSOParamPage(sim));
      c.kernels.push(k);
      c.bootRealtime = 1000 * Second;
      c.host = hostClocks(sim, 'host A', 0, 0, 1000 * Second);
      sim.go('g', () => body(sim, c, k));
    },
  });
  return explore(s, { runs: 1 }).violation;
}

/** A scenario whose one goroutine, "kernel", runs `body` on a fresh Timekeeper and page. */
function driving(name: string, body: (t: Timekeeper, sim: Sim, page: VDSOParamPage) => Routine<unknown>): Scenario {
  return defineScenario({
    name,
    description: name,
    variants: { correct: 'the model as in gVisor' },
    setup(sim) {
      const t = NewTimekeeper(sim, 'correct', Second);
      const page = NewVDSOParamPage(sim);
      sim.go('kernel', () => body(t, sim, page));
    },
  });
}

describe('timekeeper checks', () => {
  it('should report a monotonic read of a fresh boot that is not the time since SetClocks', () => {
    const v = withChecker('tk-check-fresh-boot', function* (sim, c, k) {
      yield* sim.sleep(2 * Second);
      c.monotonic('g', k, { now: 1 * Second, params: null });
    });
    expect(v?.message).toContain('"g" failed: g read monotonic 1s via GetTime at t=2s, want 2s: monotonic time of a fresh boot starts at 0 when SetClocks runs');
  });

  it('should report a monotonic read after a restore outside the saved value plus a positive gap', () => {
    const v = withChecker('tk-check-restore-range', function* (sim, c, k) {
      c.restore = { k, loadedAt: 0, low: 10 * Second, gap: -5 * Second };
      c.kernels.unshift(new Kernel(sim, 'old', NewTimekeeper(sim, 'correct', Second, 'old Timekeeper'), NewVDSOParamPage(sim, 'old params')));
      c.monotonic('g', k, { now: 5 * Second, params: null });
      yield* sim.yieldNow();
    });
    expect(v?.message).toContain('g read monotonic 5s via GetTime at t=0, want 10s..10s: after a restore monotonic time resumes at the saved value, advanced by the realtime gap (-5s) only if positive');
  });

  it('should report monotonic time going backwards between two readers', () => {
    const v = withChecker('tk-check-backwards', function* (sim, c, k) {
      c.restore = { k, loadedAt: 0, low: 0, gap: 0 };
      c.kernels.unshift(new Kernel(sim, 'old', NewTimekeeper(sim, 'correct', Second, 'old Timekeeper'), NewVDSOParamPage(sim, 'old params')));
      yield* sim.sleep(3 * Second);
      c.monotonic('a', k, { now: 3 * Second, params: null });
      c.monotonic('b', k, { now: 2 * Second, params: null });
    });
    expect(v?.message).toContain('b read monotonic 2s at t=3s, after a read 3s: monotonic time went backwards');
  });

  it('should report a realtime read that is not the host realtime (a torn vDSO read, say)', () => {
    const v = withChecker('tk-check-realtime', function* (_sim, c) {
      c.realtime('g', { now: 999 * Second, params: { seq: 2, baseCycles: 0, baseRef: 999 * Second } });
      yield* _sim.yieldNow();
    });
    expect(v?.message).toContain("g read realtime 999s at t=0, want host A's 1000s");
  });

  it('should report a BootTime that moved', () => {
    const v = withChecker('tk-check-boot-time', function* (sim, c) {
      c.bootTime('g', 1005 * Second);
      yield* sim.yieldNow();
    });
    expect(v?.message).toContain('g read BootTime 1005s, want 1000s: the boot time must survive a restore');
  });

  it('should report vDSO parameters older than an update interval read by a running task', () => {
    const v = withChecker('tk-check-fresh', function* (sim, c) {
      yield* sim.sleep(3 * Second);
      c.realtime('g', { now: 1003 * Second, params: { seq: 4, baseCycles: 1 * Second, baseRef: 1001 * Second } });
    });
    expect(v?.message).toContain('g read the vDSO parameters of t=1s at t=3s (page seq 4): 2s old, more than an update interval (1s) while it runs');
  });

  it('should report a page write by an updater that a returned PauseUpdates had stopped', () => {
    const v = withChecker('tk-check-late-write', function* (sim, _c, k) {
      k.timekeeper.lateWrite = { updater: 'updater (generation 1)', seq: 4, at: 1 * Second, stoppedBy: 'PauseUpdates', stoppedAt: 1 * Second };
      yield* sim.yieldNow();
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toContain('"updater (generation 1)" wrote the VDSO parameter page (seq 4) at t=1s, after the PauseUpdates that stopped it returned (t=1s)');
  });

  it('should read the vDSO exactly when the parameters are consistent, and go to the syscall while they are not ready', () => {
    const v = withChecker('tk-check-vdso', function* (sim, c, k) {
      yield* k.timekeeper.SetClocks(c.host!, k.vdsoParams);
      yield* k.incRunningTasks(); // wakes the parked updater: the page is written
      yield* sim.sleep(Second / 2);
      const r = yield* vdsoClockGettime(sim, k.vdsoParams, 'Realtime', () => k.timekeeper.GetTime('Realtime'));
      sim.assert(r.params !== null && r.params.seq === 2, `want a vDSO read of page seq 2, got ${JSON.stringify(r)}`);
      c.realtime('g', r);
      yield* k.decRunningTasks();
      yield* k.timekeeper.Destroy();
    });
    expect(v).toBeUndefined();
  });
});

describe('Timekeeper', () => {
  it('should panic when GetTime comes before SetClocks in a fresh Timekeeper', () => {
    const v = explore(
      driving('tk-get-time-before-set-clocks', function* (t) {
        yield* t.GetTime('Monotonic');
      }),
      { runs: 1 },
    ).violation;
    expect(v?.kind).toBe('panic');
    expect(v?.message).toContain('threw panic: Timekeeper used before initialized with SetClocks');
  });

  it('should panic when SetClocks is called twice', () => {
    const v = explore(
      driving('tk-set-clocks-twice', function* (t, sim, page) {
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0), page);
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0), page);
      }),
      { runs: 1 },
    ).violation;
    expect(v?.message).toContain('threw panic: SetClocks called on previously-initialized Timekeeper');
  });

  it('should panic on a save while the updater runs (no save without PauseUpdates)', () => {
    const v = explore(
      driving('tk-save-while-updating', function* (t, sim, page) {
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0), page);
        yield* save(t);
      }),
      { runs: 1 },
    ).violation;
    expect(v?.message).toContain('threw panic: pauseUpdates must be called before Save');
  });

  it('should panic on a release without a reference', () => {
    const v = explore(
      driving('tk-release-unreferenced', function* (t) {
        yield* release(t);
      }),
      { runs: 1 },
    ).violation;
    expect(v?.message).toContain('threw panic: Timekeeper.release called with no reference held');
  });

  it('should panic in SetClocks after a restore when the page holds another sequence count', () => {
    const v = explore(
      driving('tk-page-seq-mismatch', function* (t, sim, page) {
        t.afterLoad();
        yield* page.mem.seq_count.store(7); // somebody else wrote the page
        yield* t.SetClocks(hostClocks(sim, 'host B', 0, 0, 0), page);
      }),
      { runs: 1 },
    ).violation;
    expect(v?.message).toContain('threw panic: unable to reset VDSO params: unexpected VDSOParamPage seq value: got 7 expected 0');
  });

  it('should stop the page writes while paused, restart them on ResumeUpdates with a reference held, and stop them for good on Destroy', () => {
    // The page's count is read with `.value` (outside the race detector): the test's reads are not the model's.
    const s = driving('tk-pause-resume-destroy', function* (t, sim, page) {
      const k = new Kernel(sim, 'booted', t, page);
      yield* t.SetClocks(hostClocks(sim, 'host A', 0, 3600 * Second, 1000 * Second), page);
      yield* k.incRunningTasks(); // a running task: the updater stays active
      yield* sim.sleep(2 * Second);
      yield* t.PauseUpdates();
      const paused = page.mem.seq_count.value;
      yield* sim.sleep(3 * Second);
      sim.assert(page.mem.seq_count.value === paused, `a write while paused: seq ${paused} → ${page.mem.seq_count.value}`);
      yield* t.ResumeUpdates(page); // a reference is held: it restarts active and writes at once
      sim.assert(page.mem.seq_count.value === paused + 2, `ResumeUpdates with a reference held did not write the page: seq ${page.mem.seq_count.value}`);
      yield* sim.sleep(2 * Second);
      yield* t.Destroy();
      const destroyed = page.mem.seq_count.value;
      yield* sim.sleep(3 * Second);
      sim.assert(page.mem.seq_count.value === destroyed && t.f.stop === null, 'a write after Destroy');
      yield* k.decRunningTasks();
    });
    expect(explore(s, { strategy: 'random', runs: 300, seed: 1 }).violation).toBeUndefined();
  });
});
