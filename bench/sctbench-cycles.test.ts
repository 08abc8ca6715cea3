import { cycles, leastRotation, publishedTarget, rankCycles, scoreCycle, type MemberRuns } from './sctbench-cycles';

describe('sctbench-cycles', () => {
  describe('cycles', () => {
    it('should give every cycle of up to the given turns once per rotation, members without a turn included', () => {
      expect(cycles(2, 3)).toEqual([[0], [0, 0], [0, 0, 0], [0, 0, 1], [0, 1], [0, 1, 1], [1], [1, 1], [1, 1, 1]]);
      expect(cycles(1, 2)).toEqual([[0], [0, 0]]);
    });
  });

  describe('leastRotation', () => {
    it('should name a cycle by its least rotation', () => {
      expect(leastRotation([2, 0, 0, 1])).toEqual([0, 0, 1, 2]);
      expect(leastRotation([1, 0])).toEqual([0, 1]);
    });
  });

  describe('publishedTarget', () => {
    it('should take the lower of the published PCT-3 and SURW means, and none for a program without them', () => {
      // SURW artifact: CS/account PCT-3 4.35, SURW 5.8; arithmetic_prog has neither
      expect(publishedTarget('CS/account')).toBe(4.35);
      expect(publishedTarget('CS/arithmetic_prog')).toBeNull();
    });
  });

  describe('scoreCycle', () => {
    // member 0 finds account's bug at its 4th execution with both seeds, member 1 at its 1st with seed 0 and never with seed 1
    const a: MemberRuns = { 'CS/account': [4, 4] };
    const b: MemberRuns = { 'CS/account': [1, null] };

    it("should compose each seed's earliest find and compare the mean with the published target", () => {
      // turns 0, 1: member 0's 4th turn is execution 7, member 1's 1st is 2 → seeds find at 2 and 7, mean 4.5 > 4.35
      const s = scoreCycle([a, b], [0, 1], 100);
      expect([s.met, s.programs, s.everySeed, s.above.map((x) => x.mean)]).toEqual([0, 1, true, [4.5]]);
      expect(s.ratio).toBeCloseTo(4.5 / publishedTarget('CS/account')!, 6);
      // turns 0, 0, 1: member 0's 4th turn is execution 5, member 1's 1st is 3 → 3 and 5, mean 4 ≤ 4.35
      expect(scoreCycle([a, b], [0, 0, 1], 100).met).toBe(1);
    });

    it('should rank the cycles where every seed finds the bug first, then those that meet more targets, then the fewer turns', () => {
      const order = rankCycles([a, b], 3, 100).map((s) => s.turns.join());
      // [0] and [0, 0, 1] both have mean 4 ≤ 4.35 with every seed; [0, 1] has 4.5; [1] misses seed 1
      expect(order.slice(0, 3)).toEqual(['0', '0,0', '0,0,0']);
      expect(order.indexOf('0,0,1')).toBeLessThan(order.indexOf('0,1'));
      expect(order.indexOf('0,1')).toBeLessThan(order.indexOf('1'));
    });

    it('should score a cycle that leaves a member out on the members it runs', () => {
      // member 1 alone: seed 0 at 1, seed 1 never
      const s = scoreCycle([a, b], [1], 100);
      expect([s.everySeed, s.met, s.above]).toEqual([false, 1, []]);
      expect(scoreCycle([a, b], [0], 100)).toMatchObject({ everySeed: true, met: 1, above: [] });
      expect(scoreCycle([a, b], [0, 1], 100).above.map((x) => x.mean)).toEqual([4.5]);
    });

    it('should count a find past the budget as a miss', () => {
      const s = scoreCycle([a, b], [0, 1], 6);
      expect([s.everySeed, s.met]).toEqual([false, 1]);
    });
  });
});
