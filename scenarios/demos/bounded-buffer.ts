/**
 * A bounded buffer guarded by a mutex and condition variables: producers wait while it
 * is full, consumers while it is empty. The two classic mistakes: waiting with `if`
 * instead of `for` (a woken goroutine acts on a condition that no longer holds), and one
 * condition variable for both sides woken with `signal` (a consumer wakes another consumer
 * instead of the producer, and everyone sleeps: a lost wakeup).
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bounded-buffer',
  description: 'producers and consumers share a bounded buffer under a mutex and condition variables',
  variants: {
    correct: 'two conds (notFull, notEmpty), each wait in a for loop',
    'wait-with-if': { description: 'wait in an if, not a for: a consumer takes from an empty buffer', expect: 'fail' },
    'one-cond-signal': { description: 'one cond for both sides, woken with signal: a lost wakeup deadlocks', expect: 'fail' },
  },
  params: { producers: 1, consumers: 2, capacity: 1, items: 2 },
  setup(sim, { variant, params }) {
    const mu = sim.mutex('mu');
    const notFull = sim.cond('notFull', mu);
    const notEmpty = variant === 'one-cond-signal' ? notFull : sim.cond('notEmpty', mu);
    const buf: number[] = [];
    let produced = 0;
    let consumed = 0;
    const total = params.producers * params.items;
    const perConsumer = Math.floor(total / params.consumers);

    sim.invariant('the buffer never overflows', () => buf.length <= params.capacity || `${buf.length} items in a buffer of ${params.capacity}`);

    for (let p = 0; p < params.producers; p++) {
      sim.go(`producer${p}`, function* () {
        for (let i = 0; i < params.items; i++) {
          yield* mu.lock();
          if (variant === 'wait-with-if') {
            if (buf.length === params.capacity) yield* notFull.wait();
          } else {
            while (buf.length === params.capacity) yield* notFull.wait();
          }
          buf.push(produced++);
          yield* notEmpty.signal();
          yield* mu.unlock();
        }
      });
    }
    for (let c = 0; c < params.consumers; c++) {
      const n = c === params.consumers - 1 ? total - perConsumer * (params.consumers - 1) : perConsumer;
      sim.go(`consumer${c}`, function* () {
        for (let i = 0; i < n; i++) {
          yield* mu.lock();
          if (variant === 'wait-with-if') {
            if (buf.length === 0) yield* notEmpty.wait();
          } else {
            while (buf.length === 0) yield* notEmpty.wait();
          }
          sim.assert(buf.length > 0, `consumer${c} takes from an empty buffer`);
          buf.shift();
          consumed++;
          yield* notFull.signal();
          yield* mu.unlock();
        }
      });
    }
    sim.atEnd('every item is consumed', () => consumed === total || `${consumed} of ${total} consumed`);
  },
});
