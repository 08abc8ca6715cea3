/**
 * A missing unlock on an early-return path: `Put` locks the queue, and returns early
 * when the queue has been closed — forgetting to unlock. The path runs only when `Close`
 * comes first, so ordinary tests pass; afterwards every user of the lock blocks forever.
 * The fix unlocks on every path (`defer mu.Unlock()`). Depth 1: `Close` just has to run
 * before `Put`.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-missing-unlock',
  description: 'a queue Put returns early when closed, racing with Close and a reader',
  variants: {
    'unlock-every-path': 'unlock before the early return (defer)',
    'early-return-holds-lock': { description: 'the early return keeps the lock: the next locker blocks forever', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const mu = sim.mutex('queue.mu');
    const items: number[] = [];
    let closed = false;
    sim.go('producer', function* () {
      yield* mu.lock();
      if (closed) {
        if (variant === 'unlock-every-path') yield* mu.unlock();
        return;
      }
      items.push(1);
      yield* mu.unlock();
    });
    sim.go('closer', function* () {
      yield* mu.lock();
      closed = true;
      yield* mu.unlock();
    });
    sim.go('reader', function* () {
      yield* mu.lock();
      const n = items.length;
      yield* mu.unlock();
      sim.assert(n <= 1, `read ${n} items`);
    });
  },
});
