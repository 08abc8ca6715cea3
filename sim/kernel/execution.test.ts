import { runConfig, runExecution, Runner } from '../run';
import { RandomStrategy } from '../strategy/random';
import { ReplayStrategy } from '../strategy/replay';
import { scenarioOf } from '../test-helpers/run';

/** Each execution draws its length: 1 to 200 steps of one goroutine, beside a second one. */
const varying = scenarioOf((sim) => {
  const n = sim.atomic('n', 0);
  sim.go('a', function* () {
    const rounds = 1 + (yield* sim.random(200));
    for (let i = 0; i < rounds; i++) yield* n.add(1);
  });
  sim.go('b', function* () {
    yield* n.add(1);
  });
});

describe('Execution', () => {
  describe('choices', () => {
    it('should be the choices of the execution alone, on a kernel reused after longer ones', () => {
      const cfg = runConfig(varying, {});
      const strategy = new RandomStrategy(7);
      const runner = new Runner(cfg, strategy);
      const lengths = new Set<number>();
      for (let i = 0; i < 40; i++) {
        strategy.begin(i);
        const k = runner.run();
        const choices = k.choices;
        // one code per step, and one for the random draw
        expect(choices).toHaveLength(k.step + 1);
        lengths.add(choices.length);
        // the schedule replays to the same run, with nothing left over
        const replay = new ReplayStrategy(choices);
        replay.begin(0);
        const again = runExecution(cfg, replay, false);
        expect(again.violation).toBeNull();
        expect(replay.remaining).toBe(0);
        expect(again.choices).toEqual(choices);
      }
      // shorter executions followed longer ones, past the initial capacity (64)
      expect(Math.max(...lengths)).toBeGreaterThan(64);
      expect(Math.min(...lengths)).toBeLessThan(64);
    });

    it('should keep a value choice exactly however large', () => {
      const big = 2 ** 40;
      const s = scenarioOf((sim) => {
        sim.go('a', function* () {
          yield* sim.random(big);
        });
      });
      // always the last value: the code is (2^40 - 1) * 4 + 2, past any 32-bit integer
      const strategy = { name: 'max', begin: () => true, pick: () => 0, choose: (n: number) => n - 1, end: () => {} };
      const k = runExecution(runConfig(s, {}), strategy, false);
      // a's start, a's random step, then its value
      expect(k.choices).toEqual([0, 0, (big - 1) * 4 + 2]);
    });

    it('should return a copy', () => {
      const k = runExecution(runConfig(varying, {}), new RandomStrategy(3), false);
      const c = k.choices;
      c.push(99);
      expect(k.choices).toHaveLength(c.length - 1);
    });
  });
});
