/**
 * Lost update: two goroutines bump a hit counter by reading it and writing back one more.
 * With the two steps apart, a goroutine preempted between its load and its store writes
 * back a stale count and the other's increment is lost. The fix is one atomic
 * read-modify-write (`atomic.AddInt64`). The counter is an atomic, so the race detector
 * stays quiet and only the final count tells: the classic depth-2 atomicity bug that
 * needs one preemption.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-lost-update',
  description: 'goroutines add to a hit counter with load-then-store',
  variants: {
    'atomic-add': 'each increment is one atomic add',
    'load-then-store': { description: 'load, then store the value plus one: an increment can be lost', expect: 'fail' },
  },
  params: { goroutines: 2, rounds: 1 },
  setup(sim, { variant, params }) {
    const hits = sim.atomic('hits', 0);
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(`handler${i}`, function* () {
        for (let r = 0; r < params.rounds; r++) {
          if (variant === 'atomic-add') {
            yield* hits.add(1);
          } else {
            const v = yield* hits.load();
            yield* hits.store(v + 1);
          }
        }
      });
    }
    const want = params.goroutines * params.rounds;
    sim.atEnd('every hit is counted', () => hits.value === want || `hits is ${hits.value}, want ${want}`);
  },
});
