/**
 * The strategy benchmark: executions to the first bug, per strategy, for every buggy
 * variant of the bug suite (`scenarios/bugs`) and of the demos.
 *
 * For each (bug, strategy) it explores seeds 0..S-1 (default 20) with a budget of B
 * executions each (default 10,000) and prints one markdown table: the median and the
 * mean executions to the first violation over the seeds that found it, and how many
 * seeds found it when not all did (a miss counts as "more than B" for the median).
 *
 *   npx ts-node --transpile-only bench/strategy-bench.ts [--seeds 20] [--budget 10000]
 *       [--strategies random,pct:1,pct:2,pct:3,pos,surw,portfolio] [--only narrow] [--quick]
 *   (or: npx tsc -p tsconfig.bench.json && node .bench-build/bench/strategy-bench.js)
 */
import { explore, type Scenario } from '../sim';
import { bugSuite } from '../scenarios/bugs';
import { registry } from '../scenarios/registry';

/** One column: a registered strategy name and, for PCT, a depth. */
export interface StrategyConfig {
  readonly label: string;
  readonly strategy: string;
  readonly depth?: number;
}

/** One row: a buggy variant. */
export interface BugCase {
  readonly scenario: Scenario;
  readonly variant: string;
}

/** Executions to the first bug for each seed, or `null` when the seed's budget ran out. */
export interface Cell {
  readonly runs: readonly (number | null)[];
  readonly kinds: readonly string[];
  readonly elapsedMs: number;
}

export const DEFAULT_STRATEGIES: readonly StrategyConfig[] = [
  { label: 'random', strategy: 'random' },
  { label: 'pct d=1', strategy: 'pct', depth: 1 },
  { label: 'pct d=2', strategy: 'pct', depth: 2 },
  { label: 'pct d=3', strategy: 'pct', depth: 3 },
  { label: 'pos', strategy: 'pos' },
  { label: 'surw', strategy: 'surw' },
  { label: 'portfolio', strategy: 'portfolio' },
];

/** Every buggy variant of the bug suite and of the demos. */
export function bugCases(): BugCase[] {
  const demos = registry()
    .filter((e) => e.group === 'demo')
    .map((e) => e.scenario);
  const out: BugCase[] = [];
  for (const scenario of [...bugSuite, ...demos]) {
    for (const v of scenario.variants) if (v.expect === 'fail') out.push({ scenario, variant: v.name });
  }
  return out;
}

/** Explores one bug with one strategy over `seeds` seeds. */
export function measure(bug: BugCase, s: StrategyConfig, seeds: number, budget: number): Cell {
  const t0 = process.hrtime.bigint();
  const runs: (number | null)[] = [];
  const kinds = new Set<string>();
  for (let seed = 0; seed < seeds; seed++) {
    const r = explore(bug.scenario, { variant: bug.variant, strategy: s.strategy, seed, runs: budget, ...(s.depth !== undefined ? { depth: s.depth } : {}) });
    runs.push(r.violation === undefined ? null : r.executions);
    if (r.violation !== undefined) kinds.add(r.violation.kind);
  }
  return { runs, kinds: [...kinds].sort(), elapsedMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

/** `median / mean` over the seeds that found it, then `(found/seeds)` when some missed; `—` when none did. */
export function formatCell(c: Cell): string {
  const found = c.runs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (found.length === 0) return `— (0/${c.runs.length})`;
  const all = c.runs.map((x) => (x === null ? Infinity : x)).sort((a, b) => a - b);
  const mid = all.length % 2 === 1 ? all[(all.length - 1) / 2]! : (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2;
  const mean = found.reduce((a, b) => a + b, 0) / found.length;
  const med = mid === Infinity ? '>B' : fmt(mid);
  const miss = found.length < c.runs.length ? ` (${found.length}/${c.runs.length})` : '';
  return `${med} / ${fmt(mean)}${miss}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function parseStrategies(list: string | undefined): readonly StrategyConfig[] {
  if (list === undefined) return DEFAULT_STRATEGIES;
  return list.split(',').map((x) => {
    const [strategy, d] = x.split(':');
    return d === undefined ? { label: strategy!, strategy: strategy! } : { label: `${strategy} d=${d}`, strategy: strategy!, depth: Number(d) };
  });
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const seeds = Number(arg('seeds') ?? (quick ? 5 : 20));
  const budget = Number(arg('budget') ?? (quick ? 2000 : 10_000));
  const strategies = parseStrategies(arg('strategies'));
  const only = arg('only');
  const cases = bugCases().filter((b) => only === undefined || `${b.scenario.name}/${b.variant}`.includes(only));
  console.log(`interleave strategy benchmark (node ${process.version}): executions to the first bug, ${seeds} seeds, budget ${budget} executions per seed`);
  console.log('cell: median / mean executions to the first violation (over the seeds that found it); (found/seeds) when some seeds missed; >B: the median seed missed\n');
  console.log(`| bug | ${strategies.map((s) => s.label).join(' | ')} | kind |`);
  console.log(`|---|${strategies.map(() => '---:').join('|')}|---|`);
  const t0 = Date.now();
  for (const bug of cases) {
    const cells = strategies.map((s) => measure(bug, s, seeds, budget));
    const kinds = [...new Set(cells.flatMap((c) => c.kinds))].sort().join(', ');
    console.log(`| ${bug.scenario.name} / ${bug.variant} | ${cells.map(formatCell).join(' | ')} | ${kinds} |`);
  }
  console.log(`\n(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

if (require.main === module) main();
