/**
 * SCTBench CS/deadlock01: two threads take the mutexes `a` and `b` in opposite orders —
 * the classic lock-order deadlock, reached when each takes its first mutex before the
 * other takes its second.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/deadlock01_bad.c (no `_ok` file upstream; the
 * `fixed` variant is ours: `thread2` takes `a` before `b`, like `thread1`).
 *
 * `counter` is only touched under both mutexes: a race-checked `shared` variable.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-deadlock01',
  description: 'SCTBench CS/deadlock01: thread1 locks a then b, thread2 locks b then a',
  variants: {
    bug: { description: 'deadlock01_bad.c: thread2 takes b before a (lock-order cycle)', expect: 'fail' },
    fixed: 'ours: thread2 takes a before b, the order thread1 uses',
  },
  params: { spawnYield: true },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const a = sim.mutex('a');
    const b = sim.mutex('b');
    const counter = sim.shared('counter', 1);

    function* thread1() {
      yield* a.lock();
      yield* b.lock();
      yield* counter.store((yield* counter.load()) + 1);
      yield* b.unlock();
      yield* a.unlock();
    }
    function* thread2() {
      const [first, second] = variant === 'bug' ? [b, a] : [a, b];
      yield* first.lock();
      yield* second.lock();
      yield* counter.store((yield* counter.load()) - 1);
      yield* second.unlock();
      yield* first.unlock();
    }

    sim.go('main', function* () {
      const t1 = yield* pt.create('thread1', thread1);
      const t2 = yield* pt.create('thread2', thread2);
      yield* pt.join(t1);
      yield* pt.join(t2);
    });
  },
});
