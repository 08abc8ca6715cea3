/**
 * The smallest concurrency bug: two goroutines increment a counter by load-then-store.
 * Without the lock an increment is lost (and the race detector flags the accesses).
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'lost-update',
  description: 'two goroutines increment a shared counter',
  variants: {
    fixed: 'each increment holds the mutex m',
    bad: { description: 'no lock: an increment is lost (a data race)', expect: 'fail' },
  },
  params: { goroutines: 2, rounds: 1 },
  setup(sim, { variant, params }) {
    const m = sim.mutex('m');
    const n = sim.shared('n', 0);
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(String.fromCharCode(97 + i), function* () {
        for (let r = 0; r < params.rounds; r++) {
          if (variant === 'fixed') yield* m.lock();
          const v = yield* n.load();
          yield* n.store(v + 1);
          if (variant === 'fixed') yield* m.unlock();
        }
      });
    }
    const want = params.goroutines * params.rounds;
    sim.atEnd('every increment lands', () => n.value === want || `n is ${n.value}, want ${want}`);
  },
});
