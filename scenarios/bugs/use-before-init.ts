/**
 * Order violation (use before init), after Mozilla NSPR's `nsThread` bug (Lu, Park, Seo,
 * Zhou, "Learning from Mistakes", ASPLOS 2008): the creator starts a worker and only then
 * stores the worker's handle (`mThread = PR_CreateThread(...)`), while the worker reads
 * that handle as its first action. If the worker runs first, it sees no handle. The fix
 * publishes the handle before starting the worker. Depth 1: the worker just has to run
 * before the creator's next step.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-use-before-init',
  description: 'a worker reads its own handle, which its creator stores after starting it',
  variants: {
    'store-then-start': 'store the handle, then start the worker',
    'start-then-store': { description: 'start the worker, then store the handle: the worker may read it first', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const mThread = sim.atomic<{ state: string } | null>('mThread', null);
    const worker = function* () {
      const self = yield* mThread.load();
      sim.assert(self !== null, 'the worker read mThread before its creator stored it');
      yield* mThread.store({ state: 'running' });
    };
    sim.go('creator', function* () {
      const handle = { state: 'created' };
      if (variant === 'store-then-start') {
        yield* mThread.store(handle);
        sim.go('worker', worker);
      } else {
        sim.go('worker', worker);
        yield* mThread.store(handle);
      }
    });
  },
});
