/**
 * A bug of depth 3 — PCT's `d = 3` case (Burckhardt et al., ASPLOS 2010): three ordering
 * constraints must all hold, so PCT needs two priority change points and never finds it
 * with depth 2. A reloader publishes configuration v1 and then v2; a request reads the
 * current configuration twice (the endpoint first, the token later) and breaks when the
 * two reads come from different versions. That needs: v1 published before the first
 * read, the first read before v2 is published, and v2 published before the second read
 * (seeing no configuration yet just fails the request early, which is fine). The fix
 * reads the configuration pointer once per request.
 */
import { defineScenario } from '../../sim';

interface Config {
  readonly version: number;
  readonly endpoint: string;
  readonly token: string;
}

export default defineScenario({
  name: 'bug-depth3',
  description: 'a request reads the configuration while a reloader publishes two versions',
  variants: {
    'read-once': 'the request takes the configuration pointer once and uses it for both fields',
    'read-twice': { description: 'the request reads the pointer again for the second field: it can mix v1 and v2', expect: 'fail' },
  },
  setup(sim, { variant }) {
    const current = sim.atomic<Config | null>('config', null);
    sim.go('reloader', function* () {
      yield* current.store({ version: 1, endpoint: 'v1.example', token: 'token-for-v1' });
      yield* current.store({ version: 2, endpoint: 'v2.example', token: 'token-for-v2' });
    });
    sim.go('request', function* () {
      const first = yield* current.load();
      if (first === null) return; // no configuration yet: fail fast
      const endpoint = first.endpoint;
      const second = variant === 'read-once' ? first : yield* current.load();
      const token = second === null ? '' : second.token;
      sim.assert(token === `token-for-${endpoint.slice(0, 2)}`, `the request sent the token of v${second?.version} to the endpoint of v${first.version}`);
    });
  },
});
