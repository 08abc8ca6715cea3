/**
 * The Timekeeper's updater, which parks while nothing needs a fresh clock: its goroutine,
 * `startUpdater`/`stopUpdater`, the reference count that keeps it active (`addRef`,
 * `release`), and `update`, which writes the parameter page.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/timekeeper.go`: the updater states
 * 29–42, `update` 226–259, `startUpdater` 264–334, `addRef` 338–360, `release` 363–368,
 * `stopUpdater` 373–390 (introduced by google/gvisor@bb939c625, "kernel: park Timekeeper
 * when idle", merged 2026-07-15). `updaterState` moves active → idle → parked on the
 * updater's ticks while no reference is held; `addRef` stores its reference before it reads
 * the state, and the updater stores the state before it reads the references
 * (store-then-load on both sides), so a referenced updater is never left parked.
 */
import type { Routine } from '../../sim';
import { GoPanic } from './model';
import type { Timekeeper } from './timekeeper-model';
import type { VDSOParamPage } from './vdso-param-page';

/** `updaterStopped`, `updaterParked`, `updaterIdle`, `updaterActive`. */
export type UpdaterState = 'updaterStopped' | 'updaterParked' | 'updaterIdle' | 'updaterActive';

/** `update`: samples the clocks and writes the page. Precondition: `updateMu` is held. */
function* update(t: Timekeeper, parked: boolean): Routine<void> {
  const params = t.f.params!;
  // Call Update within a Write block to prevent the VDSO from using the old params between Update and Write.
  const err = yield* params.Write(() => {
    const res = t.clocks.value!.Update(parked);
    const offset = t.f.monotonicOffset;
    return {
      monotonicReady: res.MonotonicOk ? 1 : 0,
      monotonicBaseCycles: res.MonotonicOk ? res.Monotonic.BaseCycles : 0,
      monotonicBaseRef: res.MonotonicOk ? res.Monotonic.BaseRef + offset : 0,
      realtimeReady: res.RealtimeOk ? 1 : 0,
      realtimeBaseCycles: res.RealtimeOk ? res.Realtime.BaseCycles : 0,
      realtimeBaseRef: res.RealtimeOk ? res.Realtime.BaseRef : 0,
    };
  });
  if (err !== null) t.sim.note(`Unable to update VDSO parameter page: ${err}`); // log.Warningf
}

/** `startUpdater`: starts the update goroutine, parked unless a reference is held. Precondition: `mu` is held. */
export function* startUpdater(t: Timekeeper, params: VDSOParamPage): Routine<void> {
  const f = t.f;
  if (f.stop !== null) return; // Timekeeper already started
  f.stop = t.sim.chan<void>(`${t.name}.stop`);
  f.params = params;
  // Keep the clocks up to date.
  const timer = t.sim.newTimer(t.updateInterval, `${t.name}.timer`);
  f.timer = timer;
  yield* timer.stop();
  yield* t.updateMu.lock();
  yield* t.updaterState.store('updaterParked'); // store-then-load to synchronize with addRef
  if ((yield* t.refs.load()) !== 0) {
    yield* timer.reset(t.updateInterval);
    yield* update(t, true);
    yield* t.updaterState.store('updaterActive');
  }
  yield* t.updateMu.unlock();
  yield* t.wg.add(1);
  const gen = ++t.gens.started;
  const g = t.sim.go('updater', () => updaterLoop(t, gen), { daemon: true }); // S/R-SAFE: stopped during save.
  t.sim.note(`started "${g.name}" (generation ${gen})`);
}

/** The update goroutine: on each tick, winds down one step if nothing holds a reference, or updates. */
function* updaterLoop(t: Timekeeper, gen: number): Routine<void> {
  const f = t.f;
  const timer = f.timer!; // defer t.timer.Stop() evaluates t.timer here
  for (;;) {
    // wait until next tick or if parked until addRef is called
    const r = yield* t.sim.select([f.timer!.C.recv(), f.stop!.recv()]);
    if (r.index === 1) break;
    yield* t.updateMu.lock();
    const state = yield* t.updaterState.load();
    if (state === 'updaterStopped') {
      yield* t.updateMu.unlock();
      break;
    } else if (state === 'updaterActive') {
      yield* t.updaterState.store('updaterIdle'); // store-then-load to synchronize with addRef
      if ((yield* t.refs.load()) !== 0) yield* t.updaterState.store('updaterActive');
    } else if (state === 'updaterIdle') {
      // no Timekeeper usage for a whole interval: park
      yield* t.updaterState.store('updaterParked'); // store-then-load to synchronize with addRef
      if ((yield* t.refs.load()) !== 0) {
        yield* t.updaterState.store('updaterActive');
      } else {
        yield* t.updateMu.unlock();
        continue;
      }
    }
    yield* f.timer!.reset(t.updateInterval);
    yield* update(t, false);
    noteLateWrite(t, gen);
    yield* t.updateMu.unlock();
  }
  yield* timer.stop(); // defer t.timer.Stop()
  yield* t.wg.done(); // defer t.wg.Done()
}

/** Checker bookkeeping (not upstream): the first write by an updater a returned PauseUpdates/Destroy had stopped. */
function noteLateWrite(t: Timekeeper, gen: number): void {
  if (gen > t.gens.stoppedThrough || t.lateWrite !== null) return;
  const seq = t.f.params?.mem.seq_count.value ?? -1;
  t.lateWrite = { updater: `updater (generation ${gen})`, seq, at: t.sim.now(), stoppedBy: t.gens.stoppedBy, stoppedAt: t.gens.stoppedAt };
}

/** `addRef`: as long as references are held the updater does not park; wakes (and recalibrates) a parked one. */
export function* addRef(t: Timekeeper): Routine<void> {
  yield* t.refs.add(1); // store-then-load to synchronize with the goroutine
  switch (yield* t.updaterState.load()) {
    case 'updaterActive':
      return;
    case 'updaterIdle':
      // this is enough because the goroutine will itself recheck refs after parking
      yield* t.updaterState.cas('updaterIdle', 'updaterActive');
      return;
    case 'updaterParked': {
      yield* t.updateMu.lock();
      const cur = yield* t.updaterState.load();
      if (cur === 'updaterParked') {
        yield* t.f.timer!.reset(t.updateInterval);
        if (t.variant !== 'wake-without-update') yield* update(t, true);
      }
      if (cur !== 'updaterStopped') yield* t.updaterState.store('updaterActive');
      yield* t.updateMu.unlock();
      return;
    }
    case 'updaterStopped':
      return;
  }
}

/** `release`: drops a reference taken by `addRef`; at 0 the updater may park. */
export function* release(t: Timekeeper): Routine<void> {
  const r = yield* t.refs.add(-1);
  if (r < 0) throw new GoPanic('Timekeeper.release called with no reference held');
}

/** `stopUpdater`: stops the update goroutine, blocking until it exits. Precondition: `mu` is held. */
export function* stopUpdater(t: Timekeeper): Routine<void> {
  const f = t.f;
  const stop = f.stop;
  if (stop === null) return; // Updater not running.
  // lock to ensure it can't be taken out of stopped by non-startUpdater code
  yield* t.updateMu.lock();
  yield* t.updaterState.store('updaterStopped');
  yield* t.updateMu.unlock();
  yield* stop.close(); // this wakes up the goroutine
  if (t.variant === 'stop-without-wait') t.sim.note('stopUpdater: closed stop, returns without waiting for the updater');
  else yield* t.wg.wait();
  f.stop = null;
  f.timer = null;
  f.params = null;
}
