/**
 * A `--write` of the DPOR section alone replaces that section and its target row in
 * BENCHMARKS.md and nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DporRow } from './dpor-bench';
import { splitSections } from './kept-sections';
import { renderMarkdown } from './report';
import { judgeTargets, RESULTS_SCHEMA_VERSION, type BenchResults } from './results';
import { parseArgs } from './main';
import { spliceGeneratedSection } from './section-splice';

const PROJECT_MD = fs.readFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), 'utf8');

const search = (executions: number, exhausted: boolean): DporRow['dpor'] => ({ executions, exhausted, classes: executions, elapsedMs: 1 });

/** What `npm run bench -- --section dpor` renders for one row. */
function dporRun(dpor: number, dporExhausted: boolean): { md: string; results: BenchResults } {
  const row: DporRow = {
    scenario: 'made-up',
    variant: 'correct',
    group: 'demo',
    dpor: search(dpor, dporExhausted),
    plain: search(100_000, false),
    reduction: dporExhausted ? 100_000 / dpor : null,
    reductionIsLowerBound: dporExhausted,
    cap: 20_000,
    plainCap: 100_000,
    goroutines: 3,
    command: 'npm run bench -- --section dpor --only made-up/correct',
  };
  const base = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: 'full' as const,
    command: 'npm run bench -- --section dpor --write',
    environment: { node: 'v20', platform: 'linux', cpuModel: 'cpu', cores: 2, fastCheck: '4', loadStart: [1, 2, 3], loadEnd: [1, 2, 3], startedAt: 'now', durationMs: 1000 },
    dpor: { cap: 20_000, rows: [row] },
    profiles: [],
    errors: {},
  };
  const results: BenchResults = { ...base, targets: judgeTargets(base) };
  return { md: renderMarkdown(results, 'c.svg'), results };
}

describe('section-splice', () => {
  describe('spliceGeneratedSection', () => {
    it('should replace section 4 and the DPOR target row, and leave every other section as it was', () => {
      const { md, results } = dporRun(21_000, false);
      const out = spliceGeneratedSection(PROJECT_MD, md, '4. DPOR', 'written alone, now', results.targets);
      const before = splitSections(PROJECT_MD).sections;
      const after = splitSections(out).sections;
      expect(after.map((s) => s.heading)).toEqual(before.map((s) => s.heading));
      const trim = (t: string): string => t.replace(/\n+$/, '');
      after.forEach((s, i) => {
        if (s.heading.startsWith('4. DPOR')) {
          expect(s.text).toContain('\n\nwritten alone, now\n\n');
          expect(s.text).toContain('| made-up / correct | 3 | >20000 |');
          expect(s.text).not.toContain('tcpip-job / correct');
        } else if (s.heading === 'Targets') {
          expect(s.text).toMatch(/\| DFS with DPOR ≤ 1\/10 of plain DFS executions[^\n]*short: made-up \/ correct \(DPOR did not finish\) \| \*\*MISSED\*\* \|/);
          // the other target rows are the previous ones
          const rows = (t: string): string[] => t.split('\n').filter((l) => l.startsWith('| ') && !l.includes('DFS with DPOR'));
          expect(rows(s.text)).toEqual(rows(before[i]!.text));
        } else {
          expect(trim(s.text)).toBe(trim(before[i]!.text));
        }
      });
      expect(splitSections(out).head).toBe(splitSections(PROJECT_MD).head);
    });

    it('should say pass when the run meets the target, in place of the previous row (one row, not two)', () => {
      const { md, results } = dporRun(100, true);
      const out = spliceGeneratedSection(PROJECT_MD, md, '4. DPOR', 'p', results.targets);
      const rows = out.split('\n').filter((l) => l.startsWith('| DFS with DPOR'));
      expect(rows).toEqual(['| DFS with DPOR ≤ 1/10 of plain DFS executions on every correct variant with 3+ goroutines, and exhausts each | 1 variants; least reduction >1000.0× (made-up / correct) | pass |']);
    });

    it('should put a section the file lacks before the profiles', () => {
      const { md, results } = dporRun(100, true);
      const prev = '# Benchmarks\n\n## Targets\n\n| target | measured | result |\n|---|---:|---|\n\n## 3. X\n\nx\n\n## Profiles of missed targets\n\np\n';
      const out = spliceGeneratedSection(prev, md, '4. DPOR', 'p', results.targets);
      expect(splitSections(out).sections.map((s) => s.heading)).toEqual(['Targets', '3. X', '4. DPOR: executions to exhaust each correct variant', 'Profiles of missed targets']);
    });

    it('should refuse a run that wrote no such section', () => {
      const { md, results } = dporRun(100, true);
      expect(() => spliceGeneratedSection(PROJECT_MD, md, '9. Nothing', 'p', results.targets)).toThrow('the run wrote no section "9. Nothing…"');
    });
  });
});

describe('main', () => {
  describe('parseArgs', () => {
    it('should refuse --write of a spliced section filtered by --only (it would replace the whole table by some rows)', () => {
      expect(() => parseArgs(['--section', 'dpor', '--only', 'futex', '--write'])).toThrow('--write with --only: the dpor section is written whole');
      expect(parseArgs(['--section', 'dpor', '--write'])).toEqual(expect.objectContaining({ sections: ['dpor'], write: true, only: undefined }));
      expect(parseArgs(['--section', 'dpor', '--only', 'futex'])).toEqual(expect.objectContaining({ sections: ['dpor'], write: false, only: 'futex' }));
    });
  });
});
