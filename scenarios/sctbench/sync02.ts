/**
 * SCTBench CS/sync02: a producer and a consumer hand N = 2 items over through `num` with
 * the condition variables `empty` and `full` — but `num` starts at 2, so the consumer
 * takes the two items already there and ends, and the producer waits forever for room
 * after its first item. A deadlock in every schedule.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/sync02_bad.c (the `ok` variant: sync02_ok.c,
 * the same hand-over — its threads are called `thread1` and `thread2` — with `num`
 * starting at 0 and N 20; here N keeps the bad file's 2 by default, `--param N=20` for
 * the original's, to keep `explore --all` fast).
 *
 * `num` is only touched under `m`: a race-checked `shared` variable.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-sync02',
  description: 'SCTBench CS/sync02: the producer waits for room after the consumer took the two items already there and left',
  variants: {
    bug: { description: 'sync02_bad.c: num starts at 2', expect: 'fail' },
    ok: 'sync02_ok.c: num starts at 0 (N 20 there: --param N=20)',
  },
  params: { spawnYield: true, N: 2 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const N = params.N;
    const num = sim.shared('num', 0);
    const m = sim.mutex('m');
    const empty = sim.cond('empty', m);
    const full = sim.cond('full', m);

    function* producer() {
      let i = 0;
      while (i < N) {
        yield* m.lock();
        while ((yield* num.load()) > 0) yield* empty.wait();
        yield* num.store((yield* num.load()) + 1); // produce
        yield* m.unlock();
        yield* full.signal();
        i++;
      }
    }
    function* consumer() {
      let j = 0;
      while (j < N) {
        yield* m.lock();
        while ((yield* num.load()) === 0) yield* full.wait();
        yield* num.store((yield* num.load()) - 1); // consume
        yield* m.unlock();
        yield* empty.signal();
        j++;
      }
    }

    sim.go('main', function* () {
      yield* num.store(variant === 'bug' ? 2 : 0);
      const id1 = yield* pt.create(variant === 'bug' ? 'producer' : 'thread1', producer);
      const id2 = yield* pt.create(variant === 'bug' ? 'consumer' : 'thread2', consumer);
      yield* pt.join(id1);
      yield* pt.join(id2);
    });
  },
});
