/**
 * Double-checked locking with publication before initialization: `getConfig` returns the
 * shared instance if the pointer is set, else takes the lock, re-checks, and creates it.
 * The buggy creator publishes the pointer first and fills the instance in afterwards, so
 * a second caller on the lock-free fast path can get an instance that is not
 * initialized yet. The fix initializes completely, then publishes (or uses `sync.Once`).
 * The pointer is an atomic, as Go requires for the fast path; the bug is the order.
 */
import { defineScenario, type Atomic } from '../../sim';

interface Config {
  readonly port: Atomic<number>;
}

export default defineScenario({
  name: 'bug-double-checked-locking',
  description: 'two goroutines lazily create a shared config with double-checked locking',
  variants: {
    'init-then-publish': 'fill the instance in, then store the pointer',
    'publish-then-init': { description: 'store the pointer, then fill the instance in: a caller can see it half-built', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const mu = sim.mutex('configMu');
    const instance = sim.atomic<Config | null>('instance', null);
    let created = 0;
    const getConfig = function* () {
      let c = yield* instance.load();
      if (c !== null) return c;
      yield* mu.lock();
      c = yield* instance.load();
      if (c === null) {
        created++;
        const fresh: Config = { port: sim.atomic('config.port', 0) };
        if (variant === 'init-then-publish') {
          yield* fresh.port.store(8080);
          yield* instance.store(fresh);
        } else {
          yield* instance.store(fresh);
          yield* fresh.port.store(8080);
        }
        c = fresh;
      }
      yield* mu.unlock();
      return c;
    };
    for (const who of ['server', 'metrics']) {
      sim.go(who, function* () {
        const c = yield* getConfig();
        const port = yield* c.port.load();
        sim.assert(port === 8080, `${who} got a config that is not initialized (port ${port})`);
      });
    }
    sim.atEnd('one instance is created', () => created === 1 || `${created} instances`);
  },
});
