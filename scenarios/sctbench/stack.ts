/**
 * SCTBench CS/stack: `t1` pushes 0..SIZE-1 under `m` and sets `flag`; `t2` pops SIZE
 * times under `m` once `flag` is set, asserting no underflow. `flag` stays set, so once
 * `t2` pops faster than `t1` pushes it pops an empty stack.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/stack_bad.c (the `ok` variant: stack_ok.c,
 * where `t2` pops only when `top > 0` and there is no `flag`; SIZE is 10 there, 5 here by
 * default for this variant, to keep `explore --all` fast).
 *
 * Every global is only touched under `m`: race-checked `shared` variables.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

const OVERFLOW = -1;
const UNDERFLOW = -2;

export default defineScenario({
  name: 'sctbench-stack',
  description: 'SCTBench CS/stack: the popper asserts no underflow but only waits for the first push',
  variants: {
    bug: { description: 'stack_bad.c: t2 pops whenever flag is set (after the first push)', expect: 'fail' },
    ok: { description: 'stack_ok.c: t2 pops only when top > 0 (SIZE 5 by default, 10 there: --param SIZE=10)', params: { SIZE: 5 } },
  },
  params: { spawnYield: true, SIZE: 10 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const SIZE = params.SIZE;
    const m = sim.mutex('m');
    const top = sim.shared('top', 0);
    const arr = Array.from({ length: SIZE }, (_, k) => sim.shared(`arr[${k}]`, 0));
    const flag = sim.shared('flag', false);

    const inc_top = function* () {
      yield* top.store((yield* top.load()) + 1);
    };
    const dec_top = function* () {
      yield* top.store((yield* top.load()) - 1);
    };
    const get_top = function* () {
      return yield* top.load();
    };
    function* push(x: number) {
      if ((yield* top.load()) === SIZE) return OVERFLOW;
      yield* arr[yield* get_top()]!.store(x);
      yield* inc_top();
      return 0;
    }
    function* pop() {
      if ((variant === 'bug' ? yield* get_top() : yield* top.load()) === 0) return UNDERFLOW;
      yield* dec_top();
      return yield* arr[yield* get_top()]!.load();
    }
    function* t1() {
      for (let i = 0; i < SIZE; i++) {
        yield* m.lock();
        sim.assert((yield* push(i)) !== OVERFLOW, 't1: stack overflow');
        if (variant === 'bug') yield* flag.store(true);
        yield* m.unlock();
      }
    }
    function* t2() {
      for (let i = 0; i < SIZE; i++) {
        yield* m.lock();
        if (variant === 'bug') {
          if (yield* flag.load()) sim.assert((yield* pop()) !== UNDERFLOW, `t2: stack underflow in iteration ${i}`);
        } else if ((yield* top.load()) > 0) {
          yield* pop();
        }
        yield* m.unlock();
      }
    }

    sim.go('main', function* () {
      const id1 = yield* pt.create('t1', t1);
      const id2 = yield* pt.create('t2', t2);
      yield* pt.join(id1);
      yield* pt.join(id2);
    });
  },
});
