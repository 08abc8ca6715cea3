/**
 * Dijkstra's dining philosophers: each needs the forks on both sides. Taking the left
 * fork then the right deadlocks when everyone holds their left fork; taking the
 * lower-numbered fork first breaks the cycle (a lock order), as does a waiter admitting
 * at most n-1 philosophers to the table.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'dining-philosophers',
  description: 'philosophers share forks (mutexes) around a table',
  variants: {
    ordered: 'take the lower-numbered fork first (a global lock order)',
    waiter: 'a waiter (a channel of n-1 seats) admits at most n-1 to the table',
    naive: { description: 'left fork, then right fork: a lock-order cycle deadlocks', expect: 'fail' },
  },
  params: { philosophers: 3, meals: 1 },
  setup(sim, { variant, params }) {
    const n = params.philosophers;
    const forks = Array.from({ length: n }, (_, i) => sim.mutex(`fork${i}`));
    const seats = sim.chan<void>('seats', Math.max(1, n - 1));
    let eaten = 0;
    for (let i = 0; i < n; i++) {
      const left = i;
      const right = (i + 1) % n;
      const [first, second] = variant === 'ordered' ? [Math.min(left, right), Math.max(left, right)] : [left, right];
      sim.go(`philosopher${i}`, function* () {
        for (let m = 0; m < params.meals; m++) {
          if (variant === 'waiter') yield* seats.send(undefined);
          yield* forks[first]!.lock();
          yield* forks[second]!.lock();
          eaten++;
          yield* forks[second]!.unlock();
          yield* forks[first]!.unlock();
          if (variant === 'waiter') yield* seats.recv();
        }
      });
    }
    sim.atEnd('everyone ate', () => eaten === n * params.meals || `${eaten} of ${n * params.meals} meals`);
  },
});
