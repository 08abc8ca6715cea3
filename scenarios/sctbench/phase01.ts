/**
 * SCTBench CS/phase01: two threads run `thread1`, which locks `x`, unlocks it, locks it
 * again and never unlocks it; the second thread to reach that lock blocks forever. A
 * deadlock in every schedule.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/phase01_bad.c (the `ok` variant:
 * phase01_ok.c, with the second unlock of `x` restored).
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-phase01',
  description: 'SCTBench CS/phase01: a thread keeps mutex x locked; the other thread running the same code blocks on it',
  variants: {
    bug: { description: 'phase01_bad.c: the second pthread_mutex_unlock(&x) is commented out', expect: 'fail' },
    ok: 'phase01_ok.c: x is unlocked again',
  },
  params: { spawnYield: true },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const x = sim.mutex('x');
    const y = sim.mutex('y');

    function* thread1() {
      yield* x.lock();
      yield* x.unlock();
      yield* x.lock();
      if (variant === 'ok') yield* x.unlock();
      yield* y.lock();
      yield* y.unlock();
      yield* y.lock();
      yield* y.unlock();
    }

    sim.go('main', function* () {
      const t1 = yield* pt.create('t1', thread1);
      const t2 = yield* pt.create('t2', thread1);
      yield* pt.join(t1);
      yield* pt.join(t2);
    });
  },
});
