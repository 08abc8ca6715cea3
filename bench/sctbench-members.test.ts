import { DEFAULT_TURNS } from '../sim/strategy/portfolio';
import type { SctbenchRow } from './sctbench-bench';
import { composeFromMembers, portfolioMembers, turnPosition } from './sctbench-members';
import type { Cell } from './strategy-bench';

/** A cell of `strategy` with these per-seed counts (null: a miss). */
function cell(strategy: string, runs: readonly (number | null)[]): Cell {
  const found = runs.filter((x): x is number => x !== null);
  return { strategy, runs, seedsRun: runs.length, found: found.length, mean: found.reduce((a, b) => a + b, 0) / found.length, median: 0, kinds: [], elapsedMs: 0, executions: 0 };
}

function row(cells: readonly (Cell | null)[]): SctbenchRow {
  return { program: 'CS/x', scenario: 'x', cells, published: cells.map(() => null), elapsedMs: 0, command: '' };
}

describe('sctbench-members', () => {
  describe('portfolioMembers', () => {
    it("should name section 7's column of every default member, and the default turns", () => {
      expect(portfolioMembers()).toEqual({ labels: ['surw', 'pct d=3', 'rff'], turns: DEFAULT_TURNS });
    });
  });

  describe('turnPosition', () => {
    it("should give the portfolio execution of a member's j-th turn", () => {
      // turns surw, surw, rff, rff, pct: executions 1 2 3 4 5 | 6 7 8 9 10
      const turns = [0, 0, 2, 2, 1];
      expect([1, 2, 3, 4].map((j) => turnPosition(turns, 0, j))).toEqual([1, 2, 6, 7]);
      expect([1, 2, 3].map((j) => turnPosition(turns, 2, j))).toEqual([3, 4, 8]);
      expect([1, 2].map((j) => turnPosition(turns, 1, j))).toEqual([5, 10]);
    });

    it('should refuse a member without turns and a turn below 1', () => {
      expect(() => turnPosition([0, 0], 1, 1)).toThrow(RangeError);
      expect(() => turnPosition([0, 1], 0, 0)).toThrow(RangeError);
    });
  });

  describe('composeFromMembers', () => {
    const m = { labels: ['surw', 'rff'], turns: [0, 1] };
    const columns = ['random', 'surw', 'rff'];

    it("should take per seed the earliest of the members' finds at their turns", () => {
      // seed 0: surw's 3rd turn (5) vs rff's 1st (2) → 2; seed 1: surw's 1st (1); seed 2: rff's 4th (8), surw missed
      const r = row([null, cell('surw', [3, 1, null]), cell('rff', [1, 9, 4])]);
      expect(composeFromMembers(r, columns, m, 100)).toEqual({ mean: (2 + 1 + 8) / 3, found: 3, seeds: 3 });
    });

    it('should count a seed no member found, or found past the budget, as a miss', () => {
      const r = row([null, cell('surw', [null, 60]), cell('rff', [null, null])]);
      // seed 1: surw's 60th turn is the portfolio's execution 119 > 100
      expect(composeFromMembers(r, columns, m, 100)).toEqual({ mean: NaN, found: 0, seeds: 2 });
      expect(composeFromMembers(r, columns, m, 200)).toEqual({ mean: 119, found: 1, seeds: 2 });
    });

    it("should give nothing when a member's column was not run or ran other seeds", () => {
      expect(composeFromMembers(row([null, cell('surw', [1]), null]), columns, m, 100)).toBeNull();
      expect(composeFromMembers(row([null, cell('surw', [1]), cell('rff', [1, 2])]), columns, m, 100)).toBeNull();
    });
  });
});
