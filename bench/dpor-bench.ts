/**
 * Section 4: executions to exhaust each correct variant with DPOR (`dfs`, source sets
 * and sleep sets) and without (`dfs`, `dpor: false`: every interleaving); the reduction
 * factor plain ÷ DPOR. DPOR is capped at `cap` executions; plain DFS at `plainCap`: the
 * larger of `cap` and 10 × DPOR's count + 1, so that a plain search that does not finish
 * still proves a reduction of more than 10× (the target), up to `PLAIN_CAP_MAX`. Where a
 * search does not finish the report says `>cap`, and gives the distinct interleaving
 * classes (Mazurkiewicz traces) each one checked within its cap.
 *
 *   npm run bench -- --section dpor [--only dining] [--quick]
 */
import { explore, makeStrategy, type Scenario } from '../sim/internal';
import { Runner, runConfig } from '../sim/run';
import { registry, type ScenarioGroup } from '../scenarios/registry';
import { msSince } from './stats';

/** One search: DPOR on or off. */
export interface Search {
  readonly executions: number;
  readonly exhausted: boolean;
  /** Distinct interleaving classes among the executions that ran to the end. */
  readonly classes: number;
  readonly elapsedMs: number;
}

export interface DporRow {
  readonly scenario: string;
  readonly variant: string;
  readonly group: ScenarioGroup;
  readonly dpor: Search;
  readonly plain: Search;
  /** plain ÷ DPOR executions when DPOR finished; a lower bound when plain did not. */
  readonly reduction: number | null;
  /** True when `reduction` is a lower bound (plain DFS hit the cap). */
  readonly reductionIsLowerBound: boolean;
  readonly cap: number;
  /** The cap of the plain search (see the module comment). */
  readonly plainCap: number;
  /** Goroutines of one execution (random, seed 0), timer bodies included. */
  readonly goroutines: number;
  readonly command: string;
}

/** Plain DFS never runs more executions than this for one row. */
export const PLAIN_CAP_MAX = 200_000;

function search(scenario: Scenario, variant: string, dpor: boolean, cap: number): Search {
  const t0 = process.hrtime.bigint();
  const r = explore(scenario, { variant, strategy: 'dfs', dpor, runs: cap, shrink: false });
  if (r.violation !== undefined) throw new Error(`dpor bench: correct variant ${scenario.name}/${variant} failed: ${r.violation.message}`);
  return { executions: r.executions, exhausted: r.exhausted, classes: r.metrics.classes ?? 0, elapsedMs: msSince(t0) };
}

export function dporCap(quick: boolean): number {
  return quick ? 1000 : 20_000;
}

/** The goroutines one execution of the variant spawns (random strategy, seed 0). */
export function goroutinesOf(scenario: Scenario, variant: string): number {
  const strategy = makeStrategy('random', { seed: 0 });
  strategy.begin(0);
  return new Runner(runConfig(scenario, { variant }), strategy).run().goroutines.length;
}

/** Both searches for every correct variant (filtered by `only`, a substring of `scenario/variant`). */
export function dporBench(quick: boolean, only: string | undefined, log: (s: string) => void): DporRow[] {
  const cap = dporCap(quick);
  const rows: DporRow[] = [];
  for (const e of registry()) {
    // The SCTBench ports' correct variants are measured by their own section and tests.
    if (e.group === 'sctbench') continue;
    for (const v of e.scenario.variants) {
      if (v.expect !== 'pass') continue;
      const id = `${e.scenario.name}/${v.name}`;
      if (only !== undefined && !id.includes(only)) continue;
      const dpor = search(e.scenario, v.name, true, cap);
      const plainCap = quick ? cap : Math.min(PLAIN_CAP_MAX, Math.max(cap, 10 * dpor.executions + 1));
      const plain = search(e.scenario, v.name, false, plainCap);
      const reduction = dpor.exhausted ? plain.executions / dpor.executions : null;
      log(`  ${id}: dpor ${dpor.executions}${dpor.exhausted ? '' : '+'}, plain ${plain.executions}${plain.exhausted ? '' : '+'} (${((dpor.elapsedMs + plain.elapsedMs) / 1000).toFixed(1)} s)`);
      rows.push({
        scenario: e.scenario.name,
        variant: v.name,
        group: e.group,
        dpor,
        plain,
        reduction,
        reductionIsLowerBound: reduction !== null && !plain.exhausted,
        cap,
        plainCap,
        goroutines: goroutinesOf(e.scenario, v.name),
        command: `npm run bench -- --section dpor --only ${id}${quick ? ' --quick' : ''}`,
      });
    }
  }
  return rows;
}
