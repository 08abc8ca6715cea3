/**
 * SCTBench CS/bluetooth_driver: the Windows Bluetooth driver stop/add race of Qadeer and
 * Wu's KISS paper. `BCSP_PnpAdd` (run by `main`) checks `stoppingFlag`, then counts
 * itself in `pendingIo` and works, asserting that the driver has not `stopped`;
 * `BCSP_PnpStop` sets `stoppingFlag`, drops the initial count and, if that was the last,
 * marks the driver `stopped`. If the stopper sets the flag and drops the count to zero
 * after the adder checked the flag but before it incremented, the adder works on a
 * stopped driver.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/bluetooth_driver_bad.c (no `_ok` file; the
 * `fixed` variant is ours, KISS's fix: `BCSP_IoIncrement` counts itself first and checks
 * `stoppingFlag` after, so a stopper that set the flag later cannot see the count at zero).
 *
 * `__ESBMC_atomic_begin/end` lock the global `esbmc_mutex` (the original's `common.inc`).
 * `pendingIo` is only touched under it (race-checked `shared`); `stoppingFlag`,
 * `stoppingEvent` and `stopped` are read and written without a lock (`atomic`).
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-bluetooth-driver',
  description: 'SCTBench CS/bluetooth_driver: a stopper marks the driver stopped while an adder works on it',
  variants: {
    bug: { description: 'bluetooth_driver_bad.c: BCSP_IoIncrement checks stoppingFlag before counting itself', expect: 'fail' },
    fixed: 'ours (KISS): BCSP_IoIncrement counts itself in pendingIo, then checks stoppingFlag',
  },
  params: { spawnYield: true },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const esbmc_mutex = sim.mutex('esbmc_mutex');
    // DEVICE_EXTENSION e, on main's stack and shared by pointer
    const pendingIo = sim.shared('e.pendingIo', 0);
    const stoppingFlag = sim.atomic('e.stoppingFlag', false);
    const stoppingEvent = sim.atomic('e.stoppingEvent', false);
    const stopped = sim.atomic('stopped', false);

    function* BCSP_IoIncrement() {
      if (variant === 'bug') {
        if (yield* stoppingFlag.load()) return -1;
        yield* esbmc_mutex.lock();
        yield* pendingIo.store((yield* pendingIo.load()) + 1);
        yield* esbmc_mutex.unlock();
        return 0;
      }
      yield* esbmc_mutex.lock();
      yield* pendingIo.store((yield* pendingIo.load()) + 1);
      yield* esbmc_mutex.unlock();
      if (yield* stoppingFlag.load()) return -1;
      return 0;
    }
    function* BCSP_IoDecrement() {
      yield* esbmc_mutex.lock();
      yield* pendingIo.store((yield* pendingIo.load()) - 1);
      const p = yield* pendingIo.load();
      yield* esbmc_mutex.unlock();
      if (p === 0) yield* stoppingEvent.store(true);
    }
    function* BCSP_PnpAdd() {
      const status = yield* BCSP_IoIncrement();
      if (status === 0) {
        // do work here
        sim.assert(!(yield* stopped.load()), 'BCSP_PnpAdd: working on a stopped driver');
      }
      yield* BCSP_IoDecrement();
    }
    function* BCSP_PnpStop() {
      yield* stoppingFlag.store(true);
      yield* BCSP_IoDecrement();
      if (yield* stoppingEvent.load()) {
        // release allocated resource
        yield* stopped.store(true);
      }
    }

    sim.go('main', function* () {
      yield* pendingIo.store(1);
      yield* stoppingFlag.store(false);
      yield* stoppingEvent.store(false);
      yield* stopped.store(false);
      const id = yield* pt.create('BCSP_PnpStop', BCSP_PnpStop);
      yield* BCSP_PnpAdd();
      yield* pt.join(id);
    });
  },
});
