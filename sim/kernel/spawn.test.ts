import { explore, type Routine, type Sim } from '../index';
import { scenarioOf } from '../test-helpers/run';

/**
 * A generator function that counts the assignments to its `prototype` (a Proxy whose
 * prototype is %GeneratorFunction.prototype%, so spawn treats it as a generator function).
 */
function countingBody(sim: Sim, done: { n: number }): { body: () => Routine; sets: () => number } {
  let sets = 0;
  const target = function* (): Routine {
    yield* sim.yieldNow();
    done.n++;
  };
  const body = new Proxy(target, {
    set(t, key, value, receiver) {
      if (key === 'prototype') sets++;
      return Reflect.set(t, key, value, receiver);
    },
  });
  return { body, sets: () => sets };
}

describe('spawn', () => {
  describe('shareGeneratorPrototype', () => {
    it('should give a body spawned again and again the shared prototype once', () => {
      // the same function in every execution (a hoisted body), spawned three times in each
      const done = { n: 0 };
      let counted: ReturnType<typeof countingBody> | null = null;
      const s = scenarioOf((sim) => {
        counted ??= countingBody(sim, done);
        for (let i = 0; i < 3; i++) sim.go(`w${i}`, counted.body);
      });
      const r = explore(s, { runs: 20, seed: 1 });
      expect(r.violation?.message).toBeUndefined();
      expect(done.n).toBe(60);
      expect(counted!.sets()).toBe(1);
    });

    it('should give each new closure the shared prototype', () => {
      let sets = 0;
      const s = scenarioOf((sim) => {
        const { body, sets: n } = countingBody(sim, { n: 0 });
        sim.go('a', body);
        sim.atEnd('counted', () => {
          sets += n();
          return true;
        });
      });
      explore(s, { runs: 5, seed: 2 });
      expect(sets).toBe(5);
    });
  });
});
