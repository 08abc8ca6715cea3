/**
 * Recursive read lock on a `sync.RWMutex`: a reader holds `RLock` and calls a helper that
 * takes `RLock` again. Go gives a waiting writer preference, so when a writer arrives
 * between the two read locks, the second `RLock` waits for the writer, which waits for
 * the first: a deadlock (`sync.RWMutex`: "a blocked Lock call excludes new readers ...
 * prohibits recursive read locking"). The fix passes the locked state down instead of
 * locking again. Depth 2: the writer must arrive in the window.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-recursive-rlock',
  description: 'a reader read-locks a cache twice while a writer updates it',
  variants: {
    'lock-once': 'the helper expects the caller to hold the read lock',
    'rlock-twice': { description: 'the helper read-locks again: a writer in between deadlocks both', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const mu = sim.rwmutex('cache.mu');
    const cache = new Map<string, number>([['a', 1]]);
    const lookupLocked = function* (key: string) {
      if (variant === 'rlock-twice') yield* mu.rlock();
      const v = cache.get(key);
      if (variant === 'rlock-twice') yield* mu.runlock();
      return v;
    };
    sim.go('reader', function* () {
      yield* mu.rlock();
      const v = yield* lookupLocked('a');
      yield* mu.runlock();
      sim.assert(v !== undefined, 'key a is missing');
    });
    sim.go('writer', function* () {
      yield* mu.lock();
      cache.set('a', 2);
      yield* mu.unlock();
    });
  },
});
