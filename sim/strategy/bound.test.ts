import { explore } from '../explore';
import { scenarioOf } from '../test-helpers/run';
import { boundText, exhaustedText, searchBound } from './bound';

describe('bound', () => {
  describe('searchBound', () => {
    it('should be null without a finite bound, and keep each bound given', () => {
      expect(searchBound({})).toBeNull();
      expect(searchBound({ preemptionBound: Infinity })).toBeNull();
      expect(searchBound({ preemptionBound: 0 })).toEqual({ preemptions: 0, delays: null });
      expect(searchBound({ delayBound: 3, preemptionBound: 2 })).toEqual({ preemptions: 2, delays: 3 });
    });
  });

  describe('exhaustedText', () => {
    it('should name the bound in words', () => {
      expect(boundText({ preemptions: 1, delays: null })).toBe('1 preemption');
      expect(boundText({ preemptions: 2, delays: 1 })).toBe('2 preemptions and 1 delay');
      expect(exhaustedText(null)).toBe('exhausted: every interleaving class checked');
      expect(exhaustedText({ preemptions: 2, delays: null })).toBe('exhausted within 2 preemptions: every interleaving class with at most 2 preemptions checked');
    });
  });

  describe('explore', () => {
    const s = scenarioOf((sim) => {
      const a = sim.atomic('a', 0);
      for (const n of ['x', 'y']) sim.go(n, function* () {
        yield* a.add(1);
        yield* a.add(1);
      });
    });
    it('should report the bound of a bounded dfs, and none otherwise', () => {
      expect(explore(s, { strategy: 'dfs', preemptionBound: 0 }).bound).toEqual({ preemptions: 0, delays: null });
      expect(explore(s, { strategy: 'dfs' }).bound).toBeNull();
      expect(explore(s, { strategy: 'random', runs: 5 }).bound).toBeNull();
    });
    it('should explore fewer executions within a bound than without', () => {
      const bounded = explore(s, { strategy: 'dfs', preemptionBound: 0 });
      const full = explore(s, { strategy: 'dfs' });
      expect(bounded.exhausted && full.exhausted).toBe(true);
      expect(bounded.executions).toBeLessThan(full.executions);
    });
  });
});
