/**
 * Section 3: executions to the first bug, per strategy, for every buggy variant of the
 * built-in scenarios (groups kernel, demo, bug-suite: `scenarios/registry.ts`).
 *
 * For each (bug, strategy) it explores seeds 0..S-1 (20) with a budget of B executions
 * each (10,000), `shrink: false` (this measures finding, not shrinking). A cell stops
 * early, deterministically, once its seeds have used `cellCap` executions (4 B): a
 * strategy that misses a bug would otherwise cost S × B executions of a kernel model.
 * `dfs` is deterministic (the seed does not matter): one exploration of budget B.
 *
 * Executions to the first bug are counts, not times: they are the same on every machine
 * and every run (the same seed explores the same executions); only the wall time varies.
 *
 *   npm run bench -- --section strategies [--only tcpip-job] [--quick]
 */
import { explore, type Scenario } from '../sim';
import { registry, type ScenarioGroup } from '../scenarios/registry';
import { mean, median, msSince } from './stats';

/** One column: a registered strategy name and, for PCT, a depth. */
export interface StrategyConfig {
  readonly label: string;
  readonly strategy: string;
  readonly depth?: number;
  /** Deterministic: the seed does not change what it explores (one exploration per cell). */
  readonly deterministic?: boolean;
}

/** One row: a buggy variant. */
export interface BugCase {
  readonly scenario: Scenario;
  readonly variant: string;
  readonly group: ScenarioGroup;
}

/** One (bug, strategy) measurement. */
export interface Cell {
  readonly strategy: string;
  /** Executions to the first bug per seed run, or null when the seed's budget ran out. */
  readonly runs: readonly (number | null)[];
  /** Seeds run (fewer than asked when the cell cap stopped it; 1 for dfs). */
  readonly seedsRun: number;
  readonly found: number;
  /** Mean over the seeds that found it; NaN when none did. */
  readonly mean: number;
  /** Median over the seeds run, a miss counting as infinite. */
  readonly median: number;
  readonly kinds: readonly string[];
  readonly elapsedMs: number;
  readonly executions: number;
}

export interface StrategyRow {
  readonly scenario: string;
  readonly variant: string;
  readonly group: ScenarioGroup;
  readonly cells: readonly Cell[];
  readonly command: string;
}

export interface StrategySettings {
  readonly seeds: number;
  readonly budget: number;
  readonly cellCap: number;
  readonly strategies: readonly StrategyConfig[];
}

/**
 * The columns. `pct` at depth 1 is left out: with no change point it never preempts a
 * goroutine that can run, so it misses every bug that needs a preemption (most of these)
 * and would spend the whole cell budget on each.
 */
export const DEFAULT_STRATEGIES: readonly StrategyConfig[] = [
  { label: 'random', strategy: 'random' },
  { label: 'pct d=2', strategy: 'pct', depth: 2 },
  { label: 'pct d=3', strategy: 'pct', depth: 3 },
  { label: 'pos', strategy: 'pos' },
  { label: 'surw', strategy: 'surw' },
  { label: 'rff', strategy: 'rff' },
  { label: 'portfolio', strategy: 'portfolio' },
  { label: 'dfs', strategy: 'dfs', deterministic: true },
];

export function strategySettings(quick: boolean): StrategySettings {
  const budget = quick ? 2000 : 10_000;
  return { seeds: quick ? 5 : 20, budget, cellCap: 4 * budget, strategies: DEFAULT_STRATEGIES };
}

/**
 * Every buggy variant of the kernel models, the demos and the bug suite, in registry order
 * (the SCTBench ports have their own section, `bench/sctbench-bench.ts`).
 */
export function bugCases(): BugCase[] {
  const out: BugCase[] = [];
  for (const e of registry()) {
    if (e.group === 'sctbench') continue;
    for (const v of e.scenario.variants) if (v.expect === 'fail') out.push({ scenario: e.scenario, variant: v.name, group: e.group });
  }
  return out;
}

/** Explores one bug with one strategy over the seeds (see the file comment for the cap). */
export function measure(bug: BugCase, s: StrategyConfig, set: StrategySettings): Cell {
  const t0 = process.hrtime.bigint();
  const runs: (number | null)[] = [];
  const kinds = new Set<string>();
  const seeds = s.deterministic === true ? 1 : set.seeds;
  let executions = 0;
  for (let seed = 0; seed < seeds && executions < set.cellCap; seed++) {
    const r = explore(bug.scenario, { variant: bug.variant, strategy: s.strategy, seed, runs: set.budget, shrink: false, ...(s.depth !== undefined ? { depth: s.depth } : {}) });
    executions += r.executions;
    runs.push(r.violation === undefined ? null : r.executions);
    if (r.violation !== undefined) kinds.add(r.violation.kind);
  }
  const found = runs.filter((x): x is number => x !== null);
  return {
    strategy: s.label,
    runs,
    seedsRun: runs.length,
    found: found.length,
    mean: mean(found),
    median: median(runs.map((x) => (x === null ? Infinity : x))),
    kinds: [...kinds].sort(),
    elapsedMs: msSince(t0),
    executions,
  };
}

/** Measures every bug case (filtered by `only`, a substring of `scenario/variant`). */
export function strategyBench(set: StrategySettings, quick: boolean, only: string | undefined, log: (s: string) => void): StrategyRow[] {
  const rows: StrategyRow[] = [];
  for (const bug of bugCases()) {
    const id = `${bug.scenario.name}/${bug.variant}`;
    if (only !== undefined && !id.includes(only)) continue;
    const t0 = process.hrtime.bigint();
    const cells = set.strategies.map((s) => measure(bug, s, set));
    log(`  ${id}: ${(msSince(t0) / 1000).toFixed(1)} s`);
    rows.push({ scenario: bug.scenario.name, variant: bug.variant, group: bug.group, cells, command: `npm run bench -- --section strategies --only ${id}${quick ? ' --quick' : ''}` });
  }
  return rows;
}

/**
 * A cell as text: `median / mean`, then `(found/seeds run)` when some seed missed; `>B`
 * as the median when the median seed missed; `— (0/n)` when none found it.
 * dfs: its one count, or `>B`.
 */
export function formatCell(c: Cell, budget: number): string {
  if (c.seedsRun === 1 && c.runs.length === 1) return c.found === 1 ? fmt(c.runs[0]!) : `>${budget}`;
  if (c.found === 0) return `— (0/${c.seedsRun})`;
  const med = c.median === Infinity ? `>${budget}` : fmt(c.median);
  const miss = c.found < c.seedsRun ? ` (${c.found}/${c.seedsRun})` : '';
  return `${med} / ${fmt(c.mean)}${miss}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}
