import type { Cell } from './strategy-bench';
import type { SctbenchResult } from './sctbench-bench';
import { judgeSctbench, sctbenchTarget, SCTBENCH_TARGET, spliceTargetJson, spliceTargetRow } from './sctbench-targets';

/** A portfolio cell with these per-seed counts (null: a miss). */
function cell(runs: readonly (number | null)[]): Cell {
  const found = runs.filter((x): x is number => x !== null);
  return { strategy: 'portfolio', runs, seedsRun: runs.length, found: found.length, mean: found.reduce((a, b) => a + b, 0) / found.length, median: 0, kinds: [], elapsedMs: 0, executions: 0 };
}

function section(rows: readonly [string, Cell | null][]): SctbenchResult {
  return {
    settings: { seeds: 2, budget: 100, strategies: ['random', 'portfolio'], notRegistered: [] },
    rows: rows.map(([program, c]) => ({ program, scenario: '', cells: [null, c], published: [null, null], elapsedMs: 0, command: '' })),
  };
}

describe('sctbench-targets', () => {
  describe('sctbenchTarget', () => {
    it('should pass when every seed finds the bug and the mean is at most published PCT-3 and SURW', () => {
      // published (SURW artifact): CS/account PCT-3 4.3, SURW 5.8; CS/arithmetic_prog has no published figure
      const t = sctbenchTarget(section([['CS/account', cell([3, 4])], ['CS/arithmetic_prog', cell([1, 1])]]))!;
      expect(t.pass).toBe(true);
      expect(t.measured).toBe('every seed found the bug on 2 of 2 programs; mean ≤ PCT-3 on 1 of 1; mean ≤ SURW on 1 of 1');
    });

    it('should miss, naming the program, when the mean is above a published mean', () => {
      // 5 > PCT-3 4.3 but ≤ SURW 5.8
      const t = sctbenchTarget(section([['CS/account', cell([4, 6])]]))!;
      expect(t.pass).toBe(false);
      expect(t.measured).toContain('mean ≤ PCT-3 on 0 of 1; mean ≤ SURW on 1 of 1; above: account 5 vs PCT-3 4.3');
    });

    it('should miss when a seed missed or the portfolio did not run on a program', () => {
      const j = judgeSctbench(section([['CS/account', cell([1, null])], ['CS/lazy01', null]]))!;
      expect(j.missed).toEqual(['CS/account (1/2)', 'CS/lazy01 (not run)']);
      expect(sctbenchTarget(section([['CS/account', cell([1, null])]]))!.pass).toBe(false);
    });

    it('should give nothing for a section without a portfolio column', () => {
      const r = section([['CS/account', cell([1, 1])]]);
      expect(sctbenchTarget({ ...r, settings: { ...r.settings, strategies: ['random', 'surw'] } })).toBeNull();
    });
  });

  describe('spliceTargetRow', () => {
    const md = '# B\n\n## Targets\n\n| target | measured | result |\n|---|---:|---|\n| a | 1 | pass |\n\nMissed targets are profiled below.\n';
    const t = { key: 'sctbench-portfolio', target: SCTBENCH_TARGET, measured: 'x', pass: false };

    it('should add the row after the last row of the targets table, then replace it in place', () => {
      const once = spliceTargetRow(md, t);
      expect(once).toBe(md.replace('| a | 1 | pass |\n', `| a | 1 | pass |\n| ${SCTBENCH_TARGET} | x | **MISSED** |\n`));
      const twice = spliceTargetRow(once, { ...t, measured: 'y', pass: true });
      expect(twice).toBe(md.replace('| a | 1 | pass |\n', `| a | 1 | pass |\n| ${SCTBENCH_TARGET} | y | pass |\n`));
    });

    it('should leave a file without a targets table as it is', () => {
      expect(spliceTargetRow('# B\n\nno table\n', t)).toBe('# B\n\nno table\n');
    });
  });

  describe('spliceTargetJson', () => {
    it('should replace the entry with the same key, else append', () => {
      const t = { key: 'sctbench-portfolio', target: 'x', measured: '1', pass: true };
      const other = { key: 'memory', target: 'm', measured: '2', pass: true };
      expect(spliceTargetJson([other], t)).toEqual([other, t]);
      expect(spliceTargetJson([{ ...t, measured: '0' }, other], t)).toEqual([t, other]);
      expect(spliceTargetJson(undefined, t)).toEqual([t]);
    });
  });
});
