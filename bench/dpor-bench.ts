/**
 * Section 4: executions to exhaust each correct variant with DPOR (`dfs`, source sets
 * and sleep sets) and without (`dfs`, `dpor: false`: every interleaving), each capped at
 * `cap` executions; the reduction factor plain ÷ DPOR. Where a search does not finish the
 * report says `>cap`, and gives the distinct interleaving classes (Mazurkiewicz traces)
 * each one checked within the cap.
 *
 *   npm run bench -- --section dpor [--only dining] [--quick]
 */
import { explore, type Scenario } from '../sim';
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
  readonly command: string;
}

function search(scenario: Scenario, variant: string, dpor: boolean, cap: number): Search {
  const t0 = process.hrtime.bigint();
  const r = explore(scenario, { variant, strategy: 'dfs', dpor, runs: cap, shrink: false });
  if (r.violation !== undefined) throw new Error(`dpor bench: correct variant ${scenario.name}/${variant} failed: ${r.violation.message}`);
  return { executions: r.executions, exhausted: r.exhausted, classes: r.metrics.classes ?? 0, elapsedMs: msSince(t0) };
}

export function dporCap(quick: boolean): number {
  return quick ? 1000 : 5000;
}

/** Both searches for every correct variant (filtered by `only`, a substring of `scenario/variant`). */
export function dporBench(quick: boolean, only: string | undefined, log: (s: string) => void): DporRow[] {
  const cap = dporCap(quick);
  const rows: DporRow[] = [];
  for (const e of registry()) {
    for (const v of e.scenario.variants) {
      if (v.expect !== 'pass') continue;
      const id = `${e.scenario.name}/${v.name}`;
      if (only !== undefined && !id.includes(only)) continue;
      const dpor = search(e.scenario, v.name, true, cap);
      const plain = search(e.scenario, v.name, false, cap);
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
        command: `npm run bench -- --section dpor --only ${id}${quick ? ' --quick' : ''}`,
      });
    }
  }
  return rows;
}
