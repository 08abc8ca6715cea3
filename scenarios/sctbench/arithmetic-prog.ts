/**
 * SCTBench CS/arithmetic_prog: a producer (`thread1`) and a consumer (`thread2`) hand N
 * items over through `num` with the condition variables `empty` and `full`; the consumer
 * adds its counter `j` to `total` per item and once more at the end, and `main` asserts
 * after joining both that `total` is *not* N(N+1)/2 — which it always is. The bug is in
 * every schedule (SCTBench counts it among the trivial ones); what the port checks is
 * that the hand-over runs to its end without a deadlock first.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/arithmetic_prog_bad.c (the `ok` variant:
 * arithmetic_prog_ok.c, with N 4 and the assertion `total == N(N+1)/2`).
 *
 * `num` and `total` are only touched under `m`, or after the joins: race-checked `shared`
 * variables; so is `flag`, written by the consumer and read by `main` after the join.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-arithmetic-prog',
  description: 'SCTBench CS/arithmetic_prog: main asserts total != N(N+1)/2 after a producer and a consumer sum 0..N',
  variants: {
    bug: { description: 'arithmetic_prog_bad.c: N 3 and assert(total != N(N+1)/2), false in every schedule', expect: 'fail' },
    ok: { description: 'arithmetic_prog_ok.c: N 4 and assert(total == N(N+1)/2)', params: { N: 4 } },
  },
  params: { spawnYield: true, N: 3 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const N = params.N;
    const num = sim.shared('num', 0);
    const total = sim.shared('total', 0);
    const flag = sim.shared('flag', 0);
    const m = sim.mutex('m');
    const empty = sim.cond('empty', m);
    const full = sim.cond('full', m);

    function* thread1() {
      let i = 0;
      while (i < N) {
        yield* m.lock();
        while ((yield* num.load()) > 0) yield* empty.wait();
        yield* num.store((yield* num.load()) + 1);
        // printf("produce ....%d\n", i);
        yield* m.unlock();
        yield* full.signal();
        i++;
      }
    }
    function* thread2() {
      let j = 0;
      while (j < N) {
        yield* m.lock();
        while ((yield* num.load()) === 0) yield* full.wait();
        yield* total.store((yield* total.load()) + j);
        yield* total.load(); // printf("total ....%ld\n", total);
        yield* num.store((yield* num.load()) - 1);
        yield* m.unlock();
        yield* empty.signal();
        j++;
      }
      yield* total.store((yield* total.load()) + j);
      yield* total.load(); // printf("total ....%ld\n", total);
      yield* flag.store(1);
    }

    sim.go('main', function* () {
      yield* num.store(0);
      yield* total.store(0);
      const t1 = yield* pt.create('thread1', thread1);
      const t2 = yield* pt.create('thread2', thread2);
      yield* pt.join(t1);
      yield* pt.join(t2);
      if (yield* flag.load()) {
        const t = yield* total.load();
        const sum = (N * (N + 1)) / 2;
        if (variant === 'bug') sim.assert(t !== sum, `main: total is ${t}, asserted != ${sum}`);
        else sim.assert(t === sum, `main: total is ${t}, asserted == ${sum}`);
      }
    });
  },
});
