import { sctbenchPrograms } from '../scenarios/sctbench';
import { sctbenchMarkdown } from './sctbench-bench';
import { CAVEATS, caveatsOf } from './sctbench-caveats';
import { PUBLISHED, publishedCell } from './sctbench-published';

/*
 * zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c: a SURW trial counts
 * iterations + 1 (scripts/analyze/eval_period.py); 1 is a bug (or a crash) in the dry
 * run, 2 one in the first scheduled run. When urw_init panics, every trial counts 1 or 2.
 */
describe('sctbench-caveats', () => {
  it('should name programs we port and publish figures for', () => {
    const ported = new Set(sctbenchPrograms.map((p) => p.program));
    for (const c of CAVEATS) expect([c.program, ported.has(c.program), PUBLISHED[c.program] !== undefined, c.tools.length > 0]).toEqual([c.program, true, true, true]);
  });

  it('should flag as a tool crash exactly the SURW cells whose every trial ended in the dry run or the first scheduled run', () => {
    const crashed = Object.keys(PUBLISHED).filter((p) => {
      const t = publishedCell(p, 'SURW')?.trials ?? [];
      return t.length > 0 && t.every((x) => x === 1 || x === 2) && t.includes(2);
    });
    const flagged = CAVEATS.filter((c) => c.comparable !== undefined).map((c) => c.program);
    expect(flagged.sort()).toEqual(crashed.sort());
    expect(flagged.sort()).toEqual(['CS/deadlock01', 'CS/lazy01']);
  });

  it("should show, with ALG1=rw on the same trials, the dry-run finds in the same trials and later finds elsewhere", () => {
    for (const c of CAVEATS.filter((x) => x.comparable !== undefined)) {
      const surw = publishedCell(c.program, 'SURW')!.trials;
      const rw = c.comparable!.trials;
      expect(rw.length).toBe(20);
      // the dry run does not depend on ALG1: a trial whose dry run found the bug did so in both
      expect([c.program, rw.map((x) => x === 1)]).toEqual([c.program, surw.map((x) => x === 1)]);
      // ... and the rest, with a working scheduler, were not all found in the first scheduled run
      expect(rw.some((x) => x !== null && x > 2)).toBe(true);
      expect(c.what).toContain(`need ${(rw.reduce((a: number, b) => a + (b ?? 0), 0) / rw.length).toFixed(1)}`);
    }
  });

  it('should be printed under the section, and beside a shortfall against a crashed figure', () => {
    const labels = ['surw', 'pct d=3', 'rff', 'portfolio'];
    const cell = (strategy: string): { strategy: string; runs: number[]; seedsRun: number; found: number; mean: number; median: number; kinds: string[]; elapsedMs: number; executions: number } => ({
      strategy,
      runs: [3, 3],
      seedsRun: 2,
      found: 2,
      mean: 3,
      median: 3,
      kinds: [],
      elapsedMs: 0,
      executions: 0,
    });
    const row = { program: 'CS/deadlock01', scenario: 'sctbench-deadlock01', cells: labels.map(cell), published: labels.map(() => null), elapsedMs: 0, command: '' };
    const md = sctbenchMarkdown({ settings: { seeds: 2, budget: 100, strategies: labels, notRegistered: [] }, rows: [row] });
    for (const c of CAVEATS) expect(md).toContain(`- ${c.program}, `);
    expect(md).toContain('| CS/deadlock01 | SURW 1.8 (a tool crash: caveats) | 3 |');
    expect(caveatsOf('CS/deadlock01', 'PCT-3')).toEqual([]);
  });
});
