/**
 * SCTBench CS/carter01: a class-A thread (`t1`) and a class-B thread (`t2`) each count
 * their class under `m`, and the first of a class takes `l` (classes exclude each other).
 * `t2` can block on `l`, held by `t1`, while it holds `m`; `t1` then blocks on `m` to
 * leave: a deadlock. `t3` and `t4` do nothing (the original's two empty threads).
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/carter01_bad.c. No fixed variant: the
 * original has no `_ok` file, and the fix (never wait for `l` while holding `m`) is a
 * redesign of the protocol, not a small change.
 *
 * `A` and `B` are only touched under `m`: race-checked `shared` variables.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

export default defineScenario({
  name: 'sctbench-carter01',
  description: 'SCTBench CS/carter01: a thread waits for lock l while holding m, which the holder of l needs',
  variants: {
    bug: { description: 'carter01_bad.c: t2 blocks on l while holding m; t1 holds l and blocks on m', expect: 'fail' },
  },
  params: { spawnYield: true },
  setup(sim, { params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const m = sim.mutex('m');
    const l = sim.mutex('l');
    const A = sim.shared('A', 0);
    const B = sim.shared('B', 0);

    function* t1() {
      yield* m.lock();
      yield* A.store((yield* A.load()) + 1);
      if ((yield* A.load()) === 1) yield* l.lock();
      yield* m.unlock();
      // perform class A operation
      yield* m.lock();
      yield* A.store((yield* A.load()) - 1);
      if ((yield* A.load()) === 0) yield* l.unlock();
      yield* m.unlock();
    }
    function* t2() {
      yield* m.lock();
      yield* B.store((yield* B.load()) + 1);
      if ((yield* B.load()) === 1) yield* l.lock();
      yield* m.unlock();
      // perform class B operation
      yield* m.lock();
      yield* B.store((yield* B.load()) - 1);
      if ((yield* B.load()) === 0) yield* l.unlock();
      yield* m.unlock();
    }
    function* t3() {}
    function* t4() {}

    sim.go('main', function* () {
      const a1 = yield* pt.create('t1', t1);
      const b1 = yield* pt.create('t2', t2);
      const a2 = yield* pt.create('t3', t3);
      const b2 = yield* pt.create('t4', t4);
      yield* pt.join(a1);
      yield* pt.join(b1);
      yield* pt.join(a2);
      yield* pt.join(b2);
    });
  },
});
