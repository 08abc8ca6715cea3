/**
 * The benchmark code runs and its report is well formed. No timing is asserted here:
 * benchmarks are not unit tests (`npm run bench` measures).
 */
import fc from 'fast-check';
import { explore } from '../sim';
import lostUpdate from '../scenarios/demos/lost-update';
import { strategyChart } from './chart';
import { parseArgs, parseStrategies } from './main';
import { promiseLostUpdate, promiseMultiStep, promiseTcpipJob } from './peer-promises';
import { lostUpdateRace, multiStepRace, tcpipJobRace } from './peer-races';
import { sourceFile, summarize } from './profile';
import { mdTable, renderMarkdown } from './report';
import { judgeTargets, RESULTS_SCHEMA_VERSION, type BenchResults } from './results';
import { median, mean, fmtRate, fmtCount } from './stats';
import { formatCell, measure, type StrategyRow } from './strategy-bench';

describe('stats', () => {
  it('should take medians of odd and even counts without reordering the input', () => {
    const xs = [3, 1, 2];
    expect(median(xs)).toBe(2);
    expect(xs).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it('should format rates and counts', () => {
    expect(fmtRate(1_234_567)).toBe('1.23 M');
    expect(fmtRate(45_600)).toBe('45.6 k');
    expect(fmtRate(789.4)).toBe('789');
    expect(fmtCount(3)).toBe('3');
    expect(fmtCount(2.85)).toBe('2.9');
  });
});

describe('main', () => {
  describe('parseArgs', () => {
    it('should default to every section, full', () => {
      const a = parseArgs([]);
      expect(a.quick).toBe(false);
      expect(a.sections).toContain('peer');
      expect(a.only).toBeUndefined();
    });

    it('should read sections, filters and strategy columns', () => {
      const a = parseArgs(['--quick', '--section', 'strategies,dpor', '--only', 'tcpip', '--strategies', 'random,pct:3,dfs']);
      expect(a.sections).toEqual(['strategies', 'dpor']);
      expect(a.only).toBe('tcpip');
      expect(a.strategies?.map((s) => s.label)).toEqual(['random', 'pct d=3', 'dfs']);
      expect(parseStrategies('dfs')[0]!.deterministic).toBe(true);
    });

    it('should reject unknown arguments and sections', () => {
      expect(() => parseArgs(['--fast'])).toThrow(/unknown argument/);
      expect(() => parseArgs(['--section', 'gpu'])).toThrow(/unknown section/);
      expect(() => parseArgs(['--seeds', '0'])).toThrow(/positive integer/);
    });

    it('should refuse --write on a partial run that would replace BENCHMARKS.md with its own sections', () => {
      expect(() => parseArgs(['--section', 'strategies', '--strategies', 'dfs', '--write'])).toThrow(/--write with a partial run: only engine, strategies, dpor, memory, sctbench can be written alone/);
      expect(() => parseArgs(['--section', 'strategies', '--seeds', '3', '--write'])).toThrow(/partial run/);
      expect(() => parseArgs(['--section', 'engine,peer', '--write'])).toThrow(/partial run/);
      expect(() => parseArgs(['--strategies', 'dfs', '--write'])).toThrow(/partial run/);
      for (const ok of [['--section', 'dpor', '--write'], ['--section', 'memory', '--write'], ['--section', 'strategies', '--write'], ['--section', 'sctbench', '--write', '--strategies', 'surw'], ['--write'], ['--section', 'strategies']]) {
        expect(parseArgs(ok).write).toBe(ok.includes('--write'));
      }
    });
  });
});

describe('peer races', () => {
  it('should find each bug on the interleave side and run every race without its check', () => {
    for (const [s, variant] of [
      [lostUpdateRace, 'racy'],
      [multiStepRace, 'racy'],
      [tcpipJobRace, 'shared-flag'],
    ] as const) {
      expect(explore(s, { variant, runs: 200, seed: 1, shrink: false }).violation).toBeDefined();
      expect(explore(s, { variant, runs: 50, seed: 1, params: { check: false } }).violation).toBeUndefined();
    }
    expect(explore(tcpipJobRace, { variant: 'per-instance', strategy: 'dfs', runs: 10_000 }).violation).toBeUndefined();
  });

  it('should run every promise race to its end under fast-check and find the bugs', async () => {
    for (const race of [(s: fc.Scheduler) => promiseLostUpdate(s), (s: fc.Scheduler) => promiseMultiStep(s), (s: fc.Scheduler) => promiseTcpipJob(s, 'shared-flag')]) {
      let incomplete = 0;
      const d = await fc.check(
        fc.asyncProperty(fc.scheduler(), async (s) => {
          const run = race(s);
          await s.waitIdle();
          if (!run.complete()) incomplete++;
          return run.verdict() === true;
        }),
        { numRuns: 200, seed: 1, endOnFailure: true },
      );
      expect(incomplete).toBe(0);
      expect(d.failed).toBe(true);
    }
    // the fix holds on the promise side too
    const fixed = await fc.check(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const run = promiseTcpipJob(s, 'per-instance');
        await s.waitIdle();
        return run.complete() && run.verdict() === true;
      }),
      { numRuns: 200, seed: 1 },
    );
    expect(fixed.failed).toBe(false);
  });
});

describe('strategy-bench', () => {
  const set = { seeds: 3, budget: 100, cellCap: 400, strategies: [] };

  it('should measure executions to the first bug, and format cells', () => {
    const c = measure({ scenario: lostUpdate, variant: 'bad', group: 'demo' }, { label: 'random', strategy: 'random' }, set);
    expect(c.seedsRun).toBe(3);
    expect(c.found).toBe(3);
    expect(formatCell(c, 100)).toMatch(/^\d+(\.\d)? \/ \d+(\.\d)?$/);
    const dfs = measure({ scenario: lostUpdate, variant: 'bad', group: 'demo' }, { label: 'dfs', strategy: 'dfs', deterministic: true }, set);
    expect(dfs.seedsRun).toBe(1);
  });

  it('should show misses and the median seed missing', () => {
    const base = { strategy: 'x', kinds: [], elapsedMs: 1, executions: 1 };
    expect(formatCell({ ...base, runs: [null, null], seedsRun: 2, found: 0, mean: NaN, median: Infinity }, 50)).toBe('— (0/2)');
    expect(formatCell({ ...base, runs: [3, null, null], seedsRun: 3, found: 1, mean: 3, median: Infinity }, 50)).toBe('>50 / 3 (1/3)');
    expect(formatCell({ ...base, runs: [null], seedsRun: 1, found: 0, mean: NaN, median: Infinity }, 50)).toBe('>50');
  });
});

describe('report', () => {
  const row: StrategyRow = {
    scenario: 'a<b',
    variant: 'v',
    group: 'demo',
    cells: [
      { strategy: 'random', runs: [1, 3], seedsRun: 2, found: 2, mean: 2, median: 2, kinds: ['deadlock'], elapsedMs: 3, executions: 4 },
      { strategy: 'dfs', runs: [null], seedsRun: 1, found: 0, mean: NaN, median: Infinity, kinds: [], elapsedMs: 3, executions: 100 },
    ],
    command: 'npm run bench',
  };

  it('should escape pipes in markdown tables', () => {
    expect(mdTable(['a', 'b'], ['l', 'r'], [['x|y', '1']])).toBe('| a | b |\n|---|---:|\n| x\\|y | 1 |');
  });

  it('should write a well-formed SVG with one marker per cell', () => {
    const svg = strategyChart([row], ['random', 'dfs'], 100, 'title & more');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('a&lt;b / v');
    expect(svg).toContain('title &amp; more');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('should judge the targets and render every section it has', () => {
    const targets = judgeTargets({
      memory: [{ mode: 'executions', label: 'x', n: 1_000_000, maxRssBytes: 100e6, heapAfterGcBytes: 1, executions: 1, steps: 1, elapsedMs: 1, command: 'c' }],
    });
    expect(targets).toEqual([expect.objectContaining({ key: 'memory', pass: true })]);
    const r: BenchResults = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      mode: 'quick',
      command: 'npm run bench -- --quick',
      environment: { node: 'v20', platform: 'linux', cpuModel: 'cpu', cores: 2, fastCheck: '4', loadStart: [1, 2, 3], loadEnd: [1, 2, 3], startedAt: 'now', durationMs: 1000 },
      strategies: { settings: { seeds: 2, budget: 100, cellCap: 400, strategies: ['random', 'dfs'] }, rows: [row], chart: 'c.svg' },
      targets,
      profiles: [],
      errors: {},
    };
    const md = renderMarkdown(r, 'c.svg');
    expect(md).toContain('## Targets');
    expect(md).toContain('![executions to the first bug per strategy, log scale](c.svg)');
    expect(md).toContain('| a<b / v | 2 / 2 | >100 | deadlock |');
    expect(md).not.toContain('## 1.');
  });
});

describe('profile', () => {
  it('should sum self and total time per function from a cpuprofile', () => {
    const cf = (functionName: string, url: string): { functionName: string; url: string; lineNumber: number } => ({ functionName, url, lineNumber: 0 });
    const p = {
      nodes: [
        { id: 1, callFrame: cf('(root)', ''), children: [2] },
        { id: 2, callFrame: cf('run', 'file:///x/.bench-build/sim/kernel/kernel.js'), children: [3] },
        { id: 3, callFrame: cf('pick', 'file:///x/.bench-build/sim/strategy/random.js') },
      ],
      samples: [2, 3, 3, 3],
      timeDeltas: [100, 100, 100, 100],
    };
    const s = summarize(p, 'w', 1, 'cmd');
    expect(s.top[0]).toEqual(expect.objectContaining({ name: 'pick', file: 'sim/strategy/random.ts', selfPct: 75, totalPct: 75 }));
    expect(s.top[1]).toEqual(expect.objectContaining({ name: 'run', selfPct: 25, totalPct: 100 }));
    expect(s.simPct).toBe(100);
    expect(sourceFile('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
