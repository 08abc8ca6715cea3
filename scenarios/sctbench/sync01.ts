/**
 * SCTBench CS/sync01: `thread1` waits on `empty` while `num > 0`; `thread2` waits on `full`
 * while `num == 0` and signals `empty` — but `num` starts at 1 and nobody decrements it,
 * so `thread1` waits forever. A deadlock in every schedule.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/sync01_bad.c (the `ok` variant: sync01_ok.c,
 * where `num` starts at 0 and `thread2` consumes with `num--`).
 *
 * `num` is only touched under `m`: a race-checked `shared` variable.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-sync01',
  description: 'SCTBench CS/sync01: thread1 waits for num to drop to 0, which nothing does',
  variants: {
    bug: { description: 'sync01_bad.c: num starts at 1 and thread2 does not decrement it', expect: 'fail' },
    ok: 'sync01_ok.c: num starts at 0; thread2 decrements it',
  },
  params: { spawnYield: true },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const num = sim.shared('num', 0);
    const m = sim.mutex('m');
    const empty = sim.cond('empty', m);
    const full = sim.cond('full', m);

    function* thread1() {
      yield* m.lock();
      while ((yield* num.load()) > 0) yield* empty.wait();
      yield* num.store((yield* num.load()) + 1);
      yield* m.unlock();
      yield* full.signal();
    }
    function* thread2() {
      yield* m.lock();
      while ((yield* num.load()) === 0) yield* full.wait();
      if (variant === 'ok') yield* num.store((yield* num.load()) - 1);
      yield* m.unlock();
      yield* empty.signal();
    }

    sim.go('main', function* () {
      yield* num.store(variant === 'bug' ? 1 : 0);
      const t1 = yield* pt.create('thread1', thread1);
      const t2 = yield* pt.create('thread2', thread2);
      yield* pt.join(t1);
      yield* pt.join(t2);
    });
  },
});
