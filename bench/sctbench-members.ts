/**
 * Why the portfolio's mean sits where it does on an SCTBench port, from section 7's own
 * columns (never by hand). The default portfolio (`sim/strategy/portfolio.ts`) runs its
 * members in a fixed cycle of turns (`DEFAULT_TURNS`): its execution `i` is the next
 * execution of member `turns[i mod T]`, and each member learns only from its own
 * executions. So a portfolio seed finds the bug at the first cycle position where one of
 * its members, run alone, finds it: if member k alone first finds it at its own execution
 * `j_k`, the portfolio finds it at `min_k pos_k(j_k)`, where `pos_k(j)` is the portfolio
 * execution that is member k's j-th turn. Section 7 runs each member alone with 20 seeds;
 * combining seed s of every member's column in that way is one sample of the portfolio
 * (the portfolio seeds its members apart, `<seed>/<k>`, so they are independent as these
 * columns are). The composed mean is what the members' runs predict for the portfolio.
 * Per seed it is never earlier than the earliest of the members' finds alone (member k's
 * j-th turn is the portfolio's execution j or later): whatever the cycle, the portfolio
 * reaches a bug only as early as one of its members does, and later by the turns the
 * others take meanwhile.
 *
 * @example
 *   const m = portfolioMembers()!;       // [{ label: 'surw', ... }, { label: 'pct d=3', ... }, { label: 'rff', ... }] and the turns
 *   composeFromMembers(row, labels, m);  // { mean: 12.1, found: 20, seeds: 20 } on a row whose member columns were run
 */
import { PortfolioStrategy, type Strategy } from '../sim/internal';
import type { SctbenchRow } from './sctbench-bench';

/** The default portfolio as section 7's columns. */
export interface PortfolioMembers {
  /** Per member k: the column of section 7 that runs it alone (`surw`, `rff`, `pct d=3`). */
  readonly labels: readonly string[];
  /** The cycle of turns, as member indexes. */
  readonly turns: readonly number[];
}

/** What the members' columns predict for the portfolio on one row. */
export interface Composed {
  /** Mean executions to the first bug over the seeds that found it (NaN when none did). */
  readonly mean: number;
  readonly found: number;
  readonly seeds: number;
}

/** The section 7 column that runs `s` alone, or null when the section has none. */
function columnOf(s: Strategy): string | null {
  if (s.name === 'pct') return `pct d=${String((s as Strategy & { readonly depth: number }).depth)}`;
  return s.name === 'surw' || s.name === 'rff' || s.name === 'pos' || s.name === 'random' ? s.name : null;
}

/** The default portfolio's members as section 7's columns, and its turns; null when a member has no column. */
export function portfolioMembers(): PortfolioMembers | null {
  const p = new PortfolioStrategy(0);
  const labels: string[] = [];
  for (const m of p.members) {
    const l = columnOf(m);
    if (l === null) return null;
    labels.push(l);
  }
  return { labels, turns: p.turns };
}

/** The 1-based portfolio execution that is member `k`'s `j`-th (1-based) turn of the cycle `turns`. */
export function turnPosition(turns: readonly number[], k: number, j: number): number {
  const at: number[] = [];
  turns.forEach((t, i) => {
    if (t === k) at.push(i);
  });
  if (at.length === 0 || !(Number.isInteger(j) && j >= 1)) throw new RangeError(`turnPosition: member ${k} has no turn ${j}`);
  return Math.floor((j - 1) / at.length) * turns.length + at[(j - 1) % at.length]! + 1;
}

/**
 * A cycle of turns composed from its members' per-seed runs: `runs[k][s]` is the execution
 * at which member k alone first found the bug with seed s (null: a miss); seed s of the
 * cycle finds it at the earliest of `turnPosition(turns, k, runs[k][s])`, a miss past
 * `budget`. Every member must have the same number of seeds.
 */
export function composeRuns(runs: readonly (readonly (number | null)[])[], turns: readonly number[], budget: number): Composed {
  const seeds = runs[0]?.length ?? 0;
  if (runs.some((r) => r.length !== seeds)) throw new RangeError('composeRuns: members ran different numbers of seeds');
  let found = 0;
  let sum = 0;
  for (let s = 0; s < seeds; s++) {
    let best = Infinity;
    runs.forEach((r, k) => {
      const j = r[s];
      if (j !== null && j !== undefined) best = Math.min(best, turnPosition(turns, k, j));
    });
    if (best <= budget) {
      found++;
      sum += best;
    }
  }
  return { mean: found === 0 ? NaN : sum / found, found, seeds };
}

/**
 * The portfolio composed from its members' columns on one row (`composeRuns`); null when
 * a member's column was not run or the columns ran different numbers of seeds.
 */
export function composeFromMembers(row: SctbenchRow, columns: readonly string[], m: PortfolioMembers, budget: number): Composed | null {
  const cells = m.labels.map((l) => row.cells[columns.indexOf(l)] ?? null);
  if (cells.some((c) => c === null)) return null;
  const runs = cells.map((c) => c!.runs);
  if (runs.some((r) => r.length !== runs[0]!.length)) return null;
  return composeRuns(runs, m.turns, budget);
}
