/**
 * Timer stop versus fire: a request arms a timeout with `time.AfterFunc`, and when the
 * reply comes first it stops the timer and frees the request. `Timer.Stop` returns false
 * when the timer already fired — the callback is running or about to run, in its own
 * goroutine, and still uses the request. Ignoring that result frees the request under
 * the callback: a use-after-free. The fix waits for the callback when `Stop` says it was
 * too late. The fire is a scheduling choice like any step, so the race is explored
 * without real time.
 */
import { defineScenario, Millisecond } from '../../sim';

export default defineScenario({
  name: 'bug-timer-race',
  description: 'a request with a timeout is completed and freed while its timer may fire',
  variants: {
    'wait-if-stop-failed': 'when Stop returns false, wait for the callback before freeing',
    'ignore-stop-result': { description: 'free right after Stop, whatever it returned: the callback may still run', expect: 'fail' },
  },
  params: { timeoutMs: 10 },
  setup(sim, { variant, params }) {
    const mu = sim.mutex('req.mu');
    const req = sim.shared('req', 'pending');
    const callbackDone = sim.chan<void>('callbackDone', 1);
    const timer = sim.afterFunc(params.timeoutMs * Millisecond, 'onTimeout', function* () {
      yield* mu.lock();
      if ((yield* req.load()) === 'pending') yield* req.store('timed out');
      yield* mu.unlock();
      yield* callbackDone.send(undefined);
    });
    sim.go('client', function* () {
      yield* mu.lock();
      yield* req.store('replied');
      yield* mu.unlock();
      const stopped = yield* timer.stop();
      if (!stopped && variant === 'wait-if-stop-failed') yield* callbackDone.recv();
      yield* mu.lock();
      yield* req.free();
      yield* mu.unlock();
    });
  },
});
