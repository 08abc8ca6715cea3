/**
 * Timer `Stop`/`Reset` cases from Go's time tests and docs, each under Go ≥ 1.23 timers
 * (the default: a timer channel never yields a stale value once Stop/Reset returned) and,
 * where the versions differ, under `timers: 'go1.22'` (a channel of capacity 1 that
 * Stop/Reset do not drain).
 *
 * Go's own timer tests assume the test goroutine runs long before a 50 ms timer is due,
 * and retry when the machine is too slow. Their ports use `idleTimers` (time advances
 * only when every goroutine is blocked), which is that assumption made exact; a `/any-time`
 * variant without it shows the window Go's retries paper over.
 */
import { Millisecond, Second, type Sim } from '..';
import type { ConformanceCase } from './harness';

const SLEEP_TEST = 'golang/go@64017d10e1386c037aab2b7599e3256cab2a9188 src/time/sleep_test.go';
const SLEEP_GO = 'golang/go@deb2f89eb16929819cddbd293240f06f5f396bc1 src/time/sleep.go';
const VERSIONS = ['go1.23', 'go1.22'] as const;

/** Go's testAfterStop with impl=chan. */
function afterStop(sim: Sim): void {
  sim.go('main', function* () {
    sim.afterFunc(100 * Millisecond, 'noop', function* () {});
    const t0 = sim.newTimer(50 * Millisecond, 't0');
    const c1 = sim.chan<boolean>('c1', 1);
    const t1 = sim.afterFunc(150 * Millisecond, 'event1', function* () {
      yield* c1.send(true);
    });
    const c2 = sim.after(200 * Millisecond, 'c2');
    sim.assert(yield* t0.stop(), 'failed to stop event 0');
    sim.assert(yield* t1.stop(), 'failed to stop event 1');
    yield* c2.recv();
    const r = yield* sim.select([t0.C.recv(), c1.recv()], { default: true });
    sim.assert(r.index !== 0, 'event 0 was not stopped');
    sim.assert(r.index !== 1, 'event 1 was not stopped');
    sim.assert(!(yield* t1.stop()), 'Stop returned true twice');
  });
}

/** Go's testReset(d). */
function reset(sim: Sim): void {
  const d = Millisecond;
  sim.go('main', function* () {
    const t0 = sim.newTimer(2 * d, 't0');
    yield* sim.sleep(d);
    sim.assert(yield* t0.reset(3 * d), 'resetting unfired timer returned false');
    yield* sim.sleep(2 * d);
    const early = yield* sim.select([t0.C.recv()], { default: true });
    sim.assert(early.index === -1, 'timer fired early');
    yield* sim.sleep(2 * d);
    const fired = yield* sim.select([t0.C.recv()], { default: true });
    sim.assert(fired.index === 0, 'reset timer did not fire');
    sim.assert(!(yield* t0.reset(50 * Millisecond)), 'resetting expired timer returned true');
  });
}

/** The cases of `go-time.test.ts`. */
export const goTimeCases: readonly ConformanceCase[] = [
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `TestAfterStop/${timers}`,
    source: `${SLEEP_TEST}, TestAfterStop (impl=chan; idle timers: the test goroutine outruns 50 ms)`,
    expect: { holds: true },
    timers,
    idleTimers: true,
    setup: afterStop,
  })),
  {
    name: 'TestAfterStop/any-time',
    source: `${SLEEP_TEST}, TestAfterStop (timers may fire between any two steps: event 0 can fire before Stop, the flake Go retries five times)`,
    expect: { fails: 'assertion', message: /failed to stop event/ },
    setup: afterStop,
  },
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `TestReset/${timers}`,
    source: `${SLEEP_TEST}, TestReset (testReset(1 ms); idle timers)`,
    expect: { holds: true },
    timers,
    idleTimers: true,
    setup: reset,
  })),
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `TestTimerModifiedEarlier/${timers}`,
    source: `${SLEEP_TEST}, TestTimerModifiedEarlier (3 rounds of the Stop-drain-Reset idiom instead of 10 x 1000; idle timers: main reaches its select long before the 10 s deadline)`,
    expect: { holds: true },
    timers,
    idleTimers: true,
    setup(sim) {
      sim.go('main', function* () {
        const timer = sim.newTimer(3600 * Second, 'timer');
        for (let j = 0; j < 3; j++) {
          if (!(yield* timer.stop())) yield* timer.C.recv();
          yield* timer.reset(0);
        }
        const deadline = sim.newTimer(10 * Second, 'deadline');
        const r = yield* sim.select([timer.C.recv(), deadline.C.recv()]);
        sim.assert(r.index === 0, 'deadline expired');
        yield* deadline.stop();
      });
    },
  })),
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `Timer.Stop/drain-idiom-after-fire/${timers}`,
    source: `${SLEEP_GO}, Timer.Stop doc (the \`if !t.Stop() { <-t.C }\` idiom must not block in any version; issue 11, reproduction 2)`,
    expect: { holds: true },
    timers,
    outcomes: [timers === 'go1.23' ? 'stopped=true' : 'stopped=false'],
    setup(sim, record) {
      sim.go('g', function* () {
        const t = sim.newTimer(Millisecond, 't');
        yield* sim.sleep(2 * Millisecond);
        const stopped = yield* t.stop();
        record(`stopped=${String(stopped)}`);
        if (!stopped) yield* t.C.recv();
      });
    },
  })),
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `Timer.Reset/stale-tick-without-drain/${timers}`,
    source: `${SLEEP_GO}, Timer.Reset doc ("Before Go 1.23, the only safe way to use Reset was to Stop and explicitly drain the timer first")`,
    expect: timers === 'go1.23' ? { holds: true } : { fails: 'assertion', message: /stale/ },
    timers,
    setup(sim) {
      sim.go('g', function* () {
        const t = sim.newTimer(Millisecond, 't');
        yield* sim.sleep(2 * Millisecond);
        yield* t.reset(5 * Millisecond);
        const at = yield* t.C.recv();
        sim.assert(at !== undefined && at >= 7 * Millisecond, `received a stale tick from t=${String(at)}`);
      });
    },
  })),
  ...VERSIONS.map((timers): ConformanceCase => ({
    name: `Timer.Stop/no-stale-value-after-stop/${timers}`,
    source: `${SLEEP_GO}, Timer.Stop doc ("any receive from t.C after Stop has returned is guaranteed to block", as of Go 1.23)`,
    expect: timers === 'go1.23' ? { holds: true } : { fails: 'assertion', message: /stale/ },
    timers,
    setup(sim) {
      sim.go('g', function* () {
        const t = sim.newTimer(Millisecond, 't');
        yield* sim.sleep(2 * Millisecond);
        yield* t.stop();
        const r = yield* sim.select([t.C.recv()], { default: true });
        sim.assert(r.index === -1, 'received a stale value after Stop');
      });
    },
  })),
];
