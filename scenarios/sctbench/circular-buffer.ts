/**
 * SCTBench CS/circular_buffer: `t1` inserts 0..6 into a log buffer and `t2` removes them,
 * handing over with the flags `send` and `receive`, all under `m`. `t2` asserts that
 * its `i`-th iteration removes `i` — but a pass of either loop that finds the other's
 * flag unset is wasted, so the counters drift and the assertion fails.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/circular_buffer_bad.c (the `ok` variant:
 * circular_buffer_ok.c, where `t1` records the inserted `value` and `t2` compares with it;
 * N is 7 there, 4 here by default for this variant, to keep `explore --all` fast).
 *
 * Every global is only touched under `m` (or by `main` before the threads exist): all are
 * race-checked `shared` variables; the buffer is one array-valued variable per slot.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

const BUFFER_MAX = 10;
const ERROR = -1;

export default defineScenario({
  name: 'sctbench-circular-buffer',
  description: 'SCTBench CS/circular_buffer: the remover asserts its loop index equals the value it removes',
  variants: {
    bug: { description: 'circular_buffer_bad.c: t2 asserts removeLogElement() == i', expect: 'fail' },
    ok: { description: 'circular_buffer_ok.c: t2 asserts removeLogElement() == value (N 4 by default, 7 there: --param N=7)', params: { N: 4 } },
  },
  params: { spawnYield: true, N: 7 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const N = params.N;
    const m = sim.mutex('m');
    const buffer = Array.from({ length: BUFFER_MAX }, (_, k) => sim.shared(`buffer[${k}]`, 0));
    const first = sim.shared('first', 0);
    const next = sim.shared('next', 0);
    const buffer_size = sim.shared('buffer_size', 0);
    const send = sim.shared('send', false);
    const receive = sim.shared('receive', false);
    const value = sim.shared('value', 0);

    function* initLog(max: number) {
      yield* buffer_size.store(max);
      yield* next.store(0);
      yield* first.store(0);
    }
    function* removeLogElement() {
      sim.assert((yield* first.load()) >= 0, 'removeLogElement: first < 0');
      if ((yield* next.load()) > 0 && (yield* first.load()) < (yield* buffer_size.load())) {
        yield* first.store((yield* first.load()) + 1);
        return yield* buffer[(yield* first.load()) - 1]!.load();
      }
      return ERROR;
    }
    function* insertLogElement(b: number) {
      if ((yield* next.load()) < (yield* buffer_size.load()) && (yield* buffer_size.load()) > 0) {
        yield* buffer[yield* next.load()]!.store(b);
        yield* next.store(((yield* next.load()) + 1) % (yield* buffer_size.load()));
        sim.assert((yield* next.load()) < (yield* buffer_size.load()), 'insertLogElement: next >= buffer_size');
      } else {
        return ERROR;
      }
      return b;
    }
    function* t1() {
      for (let i = 0; i < N; i++) {
        yield* m.lock();
        if (yield* send.load()) {
          if (variant === 'bug') {
            yield* insertLogElement(i);
          } else {
            const got = yield* insertLogElement(i);
            sim.assert(i === got, `t1: insertLogElement(${i}) returned ${got}`);
            yield* value.store(i);
          }
          yield* send.store(false);
          yield* receive.store(true);
        }
        yield* m.unlock();
      }
    }
    function* t2() {
      for (let i = 0; i < N; i++) {
        yield* m.lock();
        if (yield* receive.load()) {
          const got = yield* removeLogElement();
          const want = variant === 'bug' ? i : yield* value.load();
          sim.assert(got === want, `t2: removeLogElement() returned ${got} in iteration ${i}, asserted ${want}`);
          yield* receive.store(false);
          yield* send.store(true);
        }
        yield* m.unlock();
      }
    }

    sim.go('main', function* () {
      yield* initLog(10);
      yield* send.store(true);
      yield* receive.store(false);
      const id1 = yield* pt.create('t1', t1);
      const id2 = yield* pt.create('t2', t2);
      yield* pt.join(id1);
      yield* pt.join(id2);
    });
  },
});
