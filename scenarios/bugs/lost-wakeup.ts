/**
 * Condition-variable lost wakeup: the waiter tests the `ready` flag before taking the
 * lock, then locks and waits. If the notifier sets the flag and signals in between, the
 * signal finds nobody waiting and is lost, and the waiter sleeps forever. The fix tests
 * the condition under the lock, in a loop around `wait` (Go's `sync.Cond` rule). Depth 2:
 * one preemption between the test and the wait.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-lost-wakeup',
  description: 'a waiter sleeps on a condition variable until a notifier sets a flag',
  variants: {
    'check-under-lock': 'lock, then wait in a for loop while the flag is unset',
    'check-before-lock': { description: 'test the flag before locking: the signal can come before the wait', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const mu = sim.mutex('mu');
    const cond = sim.cond('readyCond', mu);
    const ready = sim.atomic('ready', false);
    let woke = false;
    sim.go('waiter', function* () {
      if (variant === 'check-under-lock') {
        yield* mu.lock();
        while (!(yield* ready.load())) yield* cond.wait();
        yield* mu.unlock();
      } else if (!(yield* ready.load())) {
        yield* mu.lock();
        yield* cond.wait();
        yield* mu.unlock();
      }
      woke = true;
    });
    sim.go('notifier', function* () {
      yield* mu.lock();
      yield* ready.store(true);
      yield* cond.signal();
      yield* mu.unlock();
    });
    sim.atEnd('the waiter wakes up', () => woke || 'the waiter never woke');
  },
});
