/**
 * SCTBench CS/lazy01: `thread1` adds 1 and `thread2` adds 2 to `data` under `mutex`;
 * `thread3` asserts that `data` never reached 3 — which it does once both ran before it.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/lazy01_bad.c (the `ok` variant: lazy01_ok.c,
 * which comments the assertion out and creates `thread3` first; what it still checks is
 * that the program ends without a deadlock).
 *
 * `data` is only touched under `mutex`: a race-checked `shared` variable.
 *
 * `period: true` runs the bug variant in the form the published SURW and RFF figures were
 * measured on: PERIOD's copy (wcventure/PERIOD@cb8deb9a176e5bb292d70d46557dd61dc0e98069
 * evaluation/CS/lazy01/lazy01_bad.c, which both artifacts build) creates `thread3`,
 * `thread2`, `thread1` in that order (`bench/sctbench-caveats.ts`).
 */
import { defineScenario } from '../../sim';
import { Pthreads, type PthreadT } from './pthread';

export default defineScenario({
  name: 'sctbench-lazy01',
  description: 'SCTBench CS/lazy01: thread3 asserts data < 3 after thread1 and thread2 may have added 1 and 2',
  variants: {
    bug: { description: 'lazy01_bad.c: thread3 asserts(0) when data >= 3', expect: 'fail' },
    ok: 'lazy01_ok.c: the assertion commented out, thread3 created first',
  },
  params: { spawnYield: true, period: false },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const mutex = sim.mutex('mutex');
    const data = sim.shared('data', 0);

    function* thread1() {
      yield* mutex.lock();
      yield* data.store((yield* data.load()) + 1);
      yield* mutex.unlock();
    }
    function* thread2() {
      yield* mutex.lock();
      yield* data.store((yield* data.load()) + 2);
      yield* mutex.unlock();
    }
    function* thread3() {
      yield* mutex.lock();
      const d = yield* data.load();
      if (variant === 'bug' && d >= 3) sim.assert(false, `thread3: data is ${d} (>= 3)`);
      yield* mutex.unlock();
    }

    sim.go('main', function* () {
      let t1: PthreadT, t2: PthreadT, t3: PthreadT;
      if (variant === 'bug' && params.period) {
        t3 = yield* pt.create('thread3', thread3);
        t2 = yield* pt.create('thread2', thread2);
        t1 = yield* pt.create('thread1', thread1);
      } else if (variant === 'bug') {
        t1 = yield* pt.create('thread1', thread1);
        t2 = yield* pt.create('thread2', thread2);
        t3 = yield* pt.create('thread3', thread3);
      } else {
        t3 = yield* pt.create('thread3', thread3);
        t1 = yield* pt.create('thread1', thread1);
        t2 = yield* pt.create('thread2', thread2);
      }
      yield* pt.join(t1);
      yield* pt.join(t2);
      yield* pt.join(t3);
    });
  },
});
