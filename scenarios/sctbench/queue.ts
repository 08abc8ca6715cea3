/**
 * SCTBench CS/queue: `t1` enqueues 0..SIZE-1 and records each in `stored_elements`; `t2`
 * dequeues and asserts that its `i`-th iteration dequeues `stored_elements[i]`. The two
 * hand over with `enqueue_flag`/`dequeue_flag` under `m`, but a pass of `t2`'s loop that
 * finds `dequeue_flag` unset is wasted, so `i` drifts from the queue's head.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/queue_bad.c (the `ok` variant: queue_ok.c,
 * where each thread does its whole loop inside one critical section, once the flag lets
 * it; SIZE is 40 there, 6 here by default for this variant, to keep `explore --all` fast).
 *
 * Every global is only touched under `m` (or by `main` before the threads exist):
 * race-checked `shared` variables, one per array element.
 */
import { defineScenario } from '../../sim';
import { Pthreads } from './pthread';

const EMPTY = -1;

export default defineScenario({
  name: 'sctbench-queue',
  description: 'SCTBench CS/queue: the dequeuer asserts its loop index matches the queue head',
  variants: {
    bug: { description: 'queue_bad.c: one element per critical section; t2 asserts dequeue() == stored_elements[i]', expect: 'fail' },
    ok: { description: 'queue_ok.c: each thread runs its whole loop in one critical section (SIZE 6 by default, 40 there: --param SIZE=40)', params: { SIZE: 6 } },
  },
  params: { spawnYield: true, SIZE: 20 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const SIZE = params.SIZE;
    const m = sim.mutex('m');
    const element = Array.from({ length: SIZE + 1 }, (_, k) => sim.shared(`queue.element[${k}]`, 0));
    const head = sim.shared('queue.head', 0);
    const tail = sim.shared('queue.tail', 0);
    const amount = sim.shared('queue.amount', 0);
    const stored_elements = Array.from({ length: SIZE }, (_, k) => sim.shared(`stored_elements[${k}]`, 0));
    const enqueue_flag = sim.shared('enqueue_flag', false);
    const dequeue_flag = sim.shared('dequeue_flag', false);

    function* init() {
      yield* head.store(0);
      yield* tail.store(0);
      yield* amount.store(0);
    }
    function* empty() {
      if ((yield* head.load()) === (yield* tail.load())) return EMPTY;
      return 0;
    }
    function* enqueue(x: number) {
      yield* element[yield* tail.load()]!.store(x);
      yield* amount.store((yield* amount.load()) + 1);
      if ((yield* tail.load()) === SIZE) yield* tail.store(1);
      else yield* tail.store((yield* tail.load()) + 1);
      return 0;
    }
    function* dequeue() {
      const x = yield* element[yield* head.load()]!.load();
      yield* amount.store((yield* amount.load()) - 1);
      if ((yield* head.load()) === SIZE) yield* head.store(1);
      else yield* head.store((yield* head.load()) + 1);
      return x;
    }

    function* t1_bad() {
      yield* m.lock();
      let value = 0;
      sim.assert((yield* enqueue(value)) === 0, 't1: enqueue failed');
      yield* stored_elements[0]!.store(value);
      sim.assert((yield* empty()) !== EMPTY, 't1: queue empty after enqueue');
      yield* m.unlock();
      for (let i = 0; i < SIZE - 1; i++) {
        yield* m.lock();
        if (yield* enqueue_flag.load()) {
          value++;
          yield* enqueue(value);
          yield* stored_elements[i + 1]!.store(value);
          yield* enqueue_flag.store(false);
          yield* dequeue_flag.store(true);
        }
        yield* m.unlock();
      }
    }
    function* t2_bad() {
      for (let i = 0; i < SIZE; i++) {
        yield* m.lock();
        if (yield* dequeue_flag.load()) {
          const x = yield* dequeue();
          const want = yield* stored_elements[i]!.load();
          sim.assert(x === want, `t2: dequeue() returned ${x} in iteration ${i}, stored_elements[${i}] is ${want}`);
          yield* dequeue_flag.store(false);
          yield* enqueue_flag.store(true);
        }
        yield* m.unlock();
      }
    }
    function* t1_ok() {
      let value = 0;
      yield* m.lock();
      if (yield* enqueue_flag.load()) {
        for (let i = 0; i < SIZE; i++) {
          value++;
          yield* enqueue(value);
          yield* stored_elements[i]!.store(value);
        }
        yield* enqueue_flag.store(false);
        yield* dequeue_flag.store(true);
      }
      yield* m.unlock();
    }
    function* t2_ok() {
      yield* m.lock();
      if (yield* dequeue_flag.load()) {
        for (let i = 0; i < SIZE; i++) {
          if ((yield* empty()) !== EMPTY) {
            const x = yield* dequeue();
            const want = yield* stored_elements[i]!.load();
            sim.assert(x === want, `t2: dequeue() returned ${x} in iteration ${i}, stored_elements[${i}] is ${want}`);
          }
        }
        yield* dequeue_flag.store(false);
        yield* enqueue_flag.store(true);
      }
      yield* m.unlock();
    }

    sim.go('main', function* () {
      yield* enqueue_flag.store(true);
      yield* dequeue_flag.store(false);
      yield* init();
      sim.assert((yield* empty()) === EMPTY, 'main: a new queue is not empty');
      const id1 = yield* pt.create('t1', variant === 'bug' ? t1_bad : t1_ok);
      const id2 = yield* pt.create('t2', variant === 'bug' ? t2_bad : t2_ok);
      yield* pt.join(id1);
      yield* pt.join(id2);
    });
  },
});
