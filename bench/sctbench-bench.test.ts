/**
 * The SCTBench section runs and renders, and the published figures are copied right: each
 * SURW-artifact cell's trials give back the cell the paper's table prints. No timing is
 * asserted (benchmarks are not unit tests).
 */
import { sctbenchPrograms } from '../scenarios/sctbench';
import { CELL_NOTES, formatOurs, formatPublished, mergeSctbench, sctbenchBench, sctbenchMarkdown, sctbenchSettings, selected, spliceSection, SCTBENCH_STRATEGIES } from './sctbench-bench';
import type { Cell } from './strategy-bench';
import { PUBLISHED, PUBLISHED_SOURCES, publishedCell, publishedFound, publishedMean, type PublishedCell } from './sctbench-published';

/** The sample standard deviation, as Python's `statistics.stdev` (the artifact's script). */
function stdev(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** Python's `f"{x:.0f}"`: round half to even. */
function py0(x: number): string {
  const r = Math.round(x);
  return String(Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
}

describe('sctbench-published', () => {
  it('should key every program by an SCTBench name we port, with 20 trials per cell', () => {
    const ported = new Set(sctbenchPrograms.map((p) => p.program));
    for (const [program, cells] of Object.entries(PUBLISHED)) {
      expect([program, ported.has(program)]).toEqual([program, true]);
      for (const c of cells) expect([program, c.tool, c.trials.length]).toEqual([program, c.tool, PUBLISHED_SOURCES[c.source].trials]);
    }
  });

  it("should give back each printed cell of the SURW paper's table from its trials", () => {
    let checked = 0;
    for (const [program, cells] of Object.entries(PUBLISHED)) {
      for (const c of cells.filter((x): x is PublishedCell & { printed: string } => x.printed !== null)) {
        const found = c.trials.filter((x): x is number => x !== null);
        // eval_period.py: "-" when at most one trial found it; "mean ± sd", "*" when some trial missed.
        const want = found.length <= 1 ? '-' : `${py0(publishedMean(c))} ± ${py0(stdev(found))}${found.length < 20 ? '*' : ''}`;
        expect([program, c.tool, c.printed]).toEqual([program, c.tool, want]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(70);
  });

  it('should show the figures the issue quotes (account, reorder_10, twostage_100)', () => {
    const mean = (p: string, t: Parameters<typeof publishedCell>[1]): number => Math.round(publishedMean(publishedCell(p, t)!));
    expect([mean('CS/account', 'PCT-3'), mean('CS/account', 'SURW'), mean('CS/account', 'RFF')]).toEqual([4, 6, 1]);
    expect([mean('CS/reorder_10', 'PCT-3'), mean('CS/reorder_10', 'SURW'), mean('CS/reorder_10', 'RFF')]).toEqual([3225, 17, 6]);
    expect([mean('CS/twostage_100', 'PCT-3'), mean('CS/twostage_100', 'SURW'), mean('CS/twostage_100', 'RFF')]).toEqual([7466, 454, 56]);
    expect(publishedFound(publishedCell('CS/twostage_100', 'PCT-3')!)).toBe(3);
  });
});

describe('sctbench-bench', () => {
  it('should measure two programs over two seeds and render a row each', () => {
    const set = { ...sctbenchSettings(true, 2, 300), strategies: SCTBENCH_STRATEGIES.filter((s) => ['random', 'pos', 'rff'].includes(s.label)) };
    const r = sctbenchBench(set, true, 'lazy01', () => {});
    const r2 = sctbenchBench(set, true, 'deadlock01', () => {});
    const rows = [...r.rows, ...r2.rows];
    expect(rows.map((x) => x.program)).toEqual(['CS/lazy01', 'CS/deadlock01']);
    for (const row of rows) {
      const [random, pos] = row.cells;
      expect([random?.seedsRun, random?.found, pos?.seedsRun, pos?.found]).toEqual([2, 2, 2, 2]);
      expect(row.published.map((p) => p?.tool)).toEqual(['RW', 'POS', 'RFF']);
    }
    const md = sctbenchMarkdown({ ...r, rows });
    expect(md).toContain('| program | RW pub. | random ours | POS pub. | pos ours | RFF pub. | rff ours | reproduce |');
    expect(md).toContain('| CS/lazy01 | 20.6 |');
    expect(md).toContain('npm run bench -- --section sctbench --only sctbench-deadlock01 --quick --seeds 2 --budget 300');
  });

  it("should list the programs where the portfolio is above a published mean, with its members alone and composed from them", () => {
    const c = (strategy: string, runs: number[]): Cell => ({ strategy, runs, seedsRun: runs.length, found: runs.length, mean: runs.reduce((a, b) => a + b, 0) / runs.length, median: 0, kinds: [], elapsedMs: 0, executions: 0 });
    const labels = ['surw', 'pct d=3', 'rff', 'portfolio'];
    // CS/account: published PCT-3 4.3, SURW 5.8. Default turns surw, surw, rff, rff, pct:
    // seed 0: surw's 4th turn is execution 7, pct's 1st is 5, rff's 9th is 23 → 5; seed 1: surw's 1st → 1.
    const cells = [c('surw', [4, 1]), c('pct d=3', [1, 9]), c('rff', [9, 9]), c('portfolio', [9, 1])];
    const r = { settings: { seeds: 2, budget: 100, strategies: labels, notRegistered: [] }, rows: [{ program: 'CS/account', scenario: 'sctbench-account', cells, published: labels.map(() => null), elapsedMs: 0, command: '' }] };
    const md = sctbenchMarkdown(r);
    expect(md).toContain('| program | published | portfolio mean | surw alone (2/5 of turns) | pct d=3 alone (1/5 of turns) | rff alone (2/5 of turns) | composed from members |');
    expect(md).toContain('| CS/account | PCT-3 4.3 | 5 | 2.5 / 0 | 5 / 0 | 9 / 0 | 3 |');
    expect(md).not.toContain('| CS/account | SURW');
    // at most the published means: no such table
    const low = { ...r, rows: [{ ...r.rows[0]!, cells: [...cells.slice(0, 3), c('portfolio', [1, 1])] }] };
    expect(sctbenchMarkdown(low)).not.toContain('composed from members');
    // the notes on cells left from an earlier run are part of the section, so a splice keeps them
    for (const n of CELL_NOTES) expect(md).toContain(`**${n.program}:** ${n.text}`);
  });

  it('should format cells: mean / median, misses, not published, not run', () => {
    const cell = { strategy: 'x', runs: [4, null, 2], seedsRun: 3, found: 2, mean: 3, median: 4, kinds: [], elapsedMs: 0, executions: 0 };
    expect(formatOurs(cell, 10_000)).toBe('3 / 4 (2/3)');
    expect(formatOurs({ ...cell, runs: [null, null, 2], found: 1, mean: 2, median: Infinity }, 10_000)).toBe('2 / >10,000 (1/3)');
    expect(formatOurs({ ...cell, found: 0 }, 10_000)).toBe('— (0/3)');
    expect(formatOurs(null, 10_000)).toBe('n/r');
    expect(formatPublished(null)).toBe('n/p');
    expect(formatPublished({ tool: 'PCT-3', source: 'surw', mean: 7466, found: 3, trials: 20, printed: null })).toBe('7,466 (3/20)');
  });

  it("should merge a partial run's rows into a previous run of the same settings, in the programs' order", () => {
    const settings = { seeds: 20, budget: 10_000, strategies: ['random'], notRegistered: [] };
    const row = (program: string, elapsedMs: number) => ({ program, scenario: '', cells: [], published: [], elapsedMs, command: '' });
    const previous = { settings, rows: [row('CS/account', 1), row('CS/lazy01', 1), row('CS/stack', 1)] };
    const merged = mergeSctbench(previous, { settings, rows: [row('CS/stack', 2), row('CS/carter01', 2)] });
    expect(merged.rows.map((r) => [r.program, r.elapsedMs])).toEqual([['CS/account', 1], ['CS/carter01', 2], ['CS/lazy01', 1], ['CS/stack', 2]]);
    const other = { settings: { ...settings, seeds: 3 }, rows: [row('CS/stack', 3)] };
    expect(mergeSctbench(previous, other)).toBe(other);
    expect(mergeSctbench(undefined, other)).toBe(other);
  });

  it("should merge a run of some columns into the previous row, keeping the cells it did not measure", () => {
    const settings = { seeds: 20, budget: 10_000, strategies: ['random', 'surw'], notRegistered: [] };
    const cell = (strategy: string, mean: number) => ({ strategy, runs: [mean], seedsRun: 1, found: 1, mean, median: mean, kinds: [], elapsedMs: 0, executions: mean });
    const previous = { settings, rows: [{ program: 'CS/stack', scenario: 'sctbench-stack', cells: [cell('random', 5), cell('surw', 9)], published: [], elapsedMs: 1, command: '' }] };
    const merged = mergeSctbench(previous, { settings, rows: [{ program: 'CS/stack', scenario: 'sctbench-stack', cells: [null, cell('surw', 3)], published: [], elapsedMs: 2, command: '' }] });
    expect(merged.rows[0]!.cells.map((c) => c?.mean)).toEqual([5, 3]);
    expect(merged.rows[0]!.elapsedMs).toBe(3);
  });

  it('should select a port by its exact name, or every port whose name contains --only', () => {
    const names = (only: string): string[] => sctbenchPrograms.filter((p) => selected(p, only)).map((p) => p.scenario.name);
    expect(names('sctbench-twostage')).toEqual(['sctbench-twostage']);
    expect(names('CS/twostage_100')).toEqual(['sctbench-twostage-100']);
    expect(names('twostage').sort()).toEqual(['sctbench-twostage', 'sctbench-twostage-100']);
    expect(() => sctbenchSettings(false, 20, 10_000, ['nope'])).toThrow(/not a column/);
  });

  it('should splice the section in place of the previous one, else before the profiles, else at the end', () => {
    const section = '## 7. SCTBench: new\n\nnew table\n';
    expect(spliceSection('# B\n\n## 6. Memory\n\nm\n\n## 7. SCTBench: old\n\nold\n\n## Profiles of missed targets\n\np\n', section)).toBe(
      '# B\n\n## 6. Memory\n\nm\n\n## 7. SCTBench: new\n\nnew table\n\n## Profiles of missed targets\n\np\n',
    );
    expect(spliceSection('# B\n\n## 6. Memory\n\nm\n\n## Profiles of missed targets\n\np\n', section)).toBe('# B\n\n## 6. Memory\n\nm\n\n## 7. SCTBench: new\n\nnew table\n\n## Profiles of missed targets\n\np\n');
    expect(spliceSection('# B\n\n## 6. Memory\n\nm\n', section)).toBe('# B\n\n## 6. Memory\n\nm\n\n## 7. SCTBench: new\n\nnew table\n');
  });
});
