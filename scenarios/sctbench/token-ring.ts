/**
 * SCTBench CS/token_ring: three threads pass a token value around a ring (`x1 = (x3+1)%4`,
 * `x2 = x1`, `x3 = x2`), each in one atomic section that also raises its flag; `t4`
 * asserts that once all flags are up all three values agree — which holds only for the
 * orders that happen to propagate the token all the way round.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/token_ring_bad.c. No fixed variant: the
 * original has no `_ok` file and no small change makes the assertion true (the values
 * agree only for some orders of three independent threads). `main` joins nothing.
 *
 * `__ESBMC_atomic_begin/end` lock the global `esbmc_mutex` (the original's `common.inc`);
 * every global is only touched under it: race-checked `shared` variables.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-token-ring',
  description: 'SCTBench CS/token_ring: t4 asserts x1 == x2 == x3 once three ring threads have each copied a value',
  variants: {
    bug: { description: 'token_ring_bad.c: the values agree only for some orders of t1, t2, t3', expect: 'fail' },
  },
  params: { spawnYield: true },
  setup(sim, { params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const esbmc_mutex = sim.mutex('esbmc_mutex');
    const x1 = sim.shared('x1', 1);
    const x2 = sim.shared('x2', 2);
    const x3 = sim.shared('x3', 1);
    const flag1 = sim.shared('flag1', false);
    const flag2 = sim.shared('flag2', false);
    const flag3 = sim.shared('flag3', false);

    function* t1() {
      yield* esbmc_mutex.lock();
      yield* x1.store(((yield* x3.load()) + 1) % 4);
      yield* flag1.store(true);
      yield* esbmc_mutex.unlock();
    }
    function* t2() {
      yield* esbmc_mutex.lock();
      yield* x2.store(yield* x1.load());
      yield* flag2.store(true);
      yield* esbmc_mutex.unlock();
    }
    function* t3() {
      yield* esbmc_mutex.lock();
      yield* x3.store(yield* x2.load());
      yield* flag3.store(true);
      yield* esbmc_mutex.unlock();
    }
    function* t4() {
      yield* esbmc_mutex.lock();
      if ((yield* flag1.load()) && (yield* flag2.load()) && (yield* flag3.load())) {
        const a = yield* x1.load();
        const b = yield* x2.load();
        const c = a === b ? yield* x3.load() : undefined;
        sim.assert(a === b && b === c, `t4: x1, x2, x3 are ${a}, ${b}, ${c ?? '(not read)'}`);
      }
      yield* esbmc_mutex.unlock();
    }

    sim.go('main', function* () {
      yield* pt.create('t1', t1);
      yield* pt.create('t2', t2);
      yield* pt.create('t3', t3);
      yield* pt.create('t4', t4);
    });
  },
});
