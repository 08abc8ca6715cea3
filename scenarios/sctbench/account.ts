/**
 * SCTBench CS/account: a deposit, a withdrawal and a checker on one account, each under
 * the mutex `m`. The checker's assertion is wrong (`(x - y) - z` for `(x + y) - z`), so it
 * fails whenever `check_result` runs after both `deposit` and `withdraw`. (`main` joins
 * nothing and returns; the threads run on, see `pthread.ts`.)
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/account_bad.c (the `ok` variant:
 * account_ok.c, the same program with the right assertion).
 *
 * Every access to a global is an effect; all of them are under `m` (or written by `main`
 * before the threads exist), so they are race-checked `shared` variables.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-account',
  description: 'SCTBench CS/account: check_result asserts the wrong balance once deposit and withdraw both ran',
  variants: {
    bug: { description: 'account_bad.c: check_result asserts balance == (x - y) - z', expect: 'fail' },
    ok: 'account_ok.c: check_result asserts balance == (x + y) - z',
  },
  params: { spawnYield: true },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const m = sim.mutex('m');
    const x = sim.shared('x', 0);
    const y = sim.shared('y', 0);
    const z = sim.shared('z', 0);
    const balance = sim.shared('balance', 0);
    const deposit_done = sim.shared('deposit_done', false);
    const withdraw_done = sim.shared('withdraw_done', false);

    function* deposit() {
      yield* m.lock();
      const b = yield* balance.load();
      yield* balance.store(b + (yield* y.load()));
      yield* deposit_done.store(true);
      yield* m.unlock();
    }
    function* withdraw() {
      yield* m.lock();
      const b = yield* balance.load();
      yield* balance.store(b - (yield* z.load()));
      yield* withdraw_done.store(true);
      yield* m.unlock();
    }
    function* check_result() {
      yield* m.lock();
      if ((yield* deposit_done.load()) && (yield* withdraw_done.load())) {
        const b = yield* balance.load();
        const xv = yield* x.load();
        const yv = yield* y.load();
        const zv = yield* z.load();
        const want = variant === 'bug' ? xv - yv - zv : xv + yv - zv;
        sim.assert(b === want, `check_result: balance is ${b}, asserted ${want}`);
      }
      yield* m.unlock();
    }

    sim.go('main', function* () {
      yield* x.store(1);
      yield* y.store(2);
      yield* z.store(4);
      yield* balance.store(yield* x.load());
      yield* pt.create('check_result', check_result);
      yield* pt.create('deposit', deposit);
      yield* pt.create('withdraw', withdraw);
    });
  },
});
