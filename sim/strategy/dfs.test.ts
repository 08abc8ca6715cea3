import { defineScenario, explore, replay, type Scenario } from '../internal';
import lostUpdate from '../../scenarios/demos/lost-update';
import boundedBuffer from '../../scenarios/demos/bounded-buffer';
import dining from '../../scenarios/demos/dining-philosophers';

describe('DfsStrategy', () => {
  describe('with DPOR', () => {
    it('should exhaust the demos with far fewer executions than plain DFS, and say so', () => {
      const r = explore(dining, { variant: 'ordered', strategy: 'dfs', runs: 100_000 });
      expect(r.exhausted).toBe(true);
      expect(r.violation).toBeUndefined();
      const plain = explore(dining, { variant: 'ordered', strategy: 'dfs', dpor: false, runs: 100_000 });
      expect(plain.exhausted).toBe(true);
      expect(r.executions * 10).toBeLessThanOrEqual(plain.executions);
    });

    it('should find each demo bug and replay it', () => {
      for (const [s, v, kind] of [
        [lostUpdate, 'bad', 'data-race'],
        [dining, 'naive', 'deadlock'],
        [boundedBuffer, 'wait-with-if', 'assertion'],
        [boundedBuffer, 'one-cond-signal', 'deadlock'],
      ] as const) {
        const r = explore(s as Scenario, { variant: v, strategy: 'dfs', runs: 10_000 });
        expect(r.violation?.kind).toBe(kind);
        expect(replay(s as Scenario, r.violation!.schedule).violation!.message).toBe(r.violation!.message);
      }
    });

    it('should be deterministic: the same executions in the same order', () => {
      const a = explore(boundedBuffer, { variant: 'one-cond-signal', strategy: 'dfs', runs: 10_000 });
      const b = explore(boundedBuffer, { variant: 'one-cond-signal', strategy: 'dfs', runs: 10_000 });
      expect(a.executions).toBe(b.executions);
      expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
    });
  });

  describe('bounds', () => {
    it('should explore only schedules within the preemption bound', () => {
      const zero = explore(dining, { variant: 'naive', strategy: 'dfs', preemptionBound: 0, runs: 10_000 });
      expect(zero.violation).toBeUndefined(); // the deadlock needs preemptions
      expect(zero.exhausted).toBe(true);
      const two = explore(dining, { variant: 'naive', strategy: 'dfs', preemptionBound: 2, runs: 10_000 });
      expect(two.violation?.kind).toBe('deadlock');
    });

    it('should explore only schedules within the delay bound', () => {
      const zero = explore(lostUpdate, { variant: 'fixed', strategy: 'dfs', delayBound: 0, dpor: false, runs: 10_000 });
      expect(zero.executions).toBe(1);
      expect(zero.exhausted).toBe(true);
    });
  });

  describe('divergence', () => {
    it('should report a scenario that changes between executions as nondeterminism', () => {
      let n = 0;
      const s = defineScenario({
        name: 'changing',
        description: 'spawns one more goroutine each execution',
        variants: { v: 'test' },
        setup(sim) {
          n++;
          const m = sim.mutex('m');
          for (let i = 0; i < 1 + (n % 2); i++) sim.go(`g${i}`, function* () {
            yield* m.lock();
            yield* m.unlock();
          });
          sim.go('h', function* () {
            yield* m.lock();
            yield* m.unlock();
          });
        },
      });
      const r = explore(s, { strategy: 'dfs', runs: 100 });
      expect(r.violation?.kind).toBe('nondeterminism');
      expect(r.violation?.message).toMatch(/at step \d+ the choices were .* when this branch was recorded and are .* now/);
    });
  });
});
