/**
 * The summary table an `explore` prints: one row per scenario × variant with what it
 * expects, what happened, how many executions ran and how fast; then the violations
 * (in full where they contradict the expectation), and a total line.
 */
import { boundText } from '../sim/internal';
import type { Chalk } from './color';
import { count, duration, fit, plain, rate } from './text';
import { replayLine, type VariantResult } from './types';

export interface SummaryOptions {
  readonly chalk: Chalk;
  readonly width: number;
  /** Extra facts for the last line (`2 workers`, `shard 1/2`, `time limit reached`…). */
  readonly notes?: readonly string[];
  readonly elapsedMs: number;
}

/** The outcome cell: `pass`, `fail (data-race)`, `pass (exhausted)`, with a partial marker. */
export function outcomeText(r: VariantResult): string {
  const sym = r.symmetry !== undefined ? ', symmetry' : '';
  let t = r.outcome === 'pass' ? (r.exhausted ? (r.bound ? `pass (exhausted within ${boundText(r.bound)})` : `pass (exhausted${sym})`) : 'pass') : `fail (${r.violation?.kind ?? '?'})`;
  if (r.unitsCompleted < r.units) t += ' *';
  return t;
}

/**
 * The rate cell: executions per second of a variant that ran its whole budget. A variant
 * stopped by a violation shows `-`: it ran only until the violation, and most of its time
 * went to shrinking and writing the failure, so a rate ("5/s") would mean nothing.
 */
export function rateText(r: VariantResult): string {
  return r.violation !== null ? '-' : rate(r.executions, r.elapsedMs);
}

/** The summary as text. */
export function renderSummary(results: readonly VariantResult[], o: SummaryOptions): string {
  const c = o.chalk;
  const head = ['scenario', 'variant', 'expected', 'outcome', 'executions', 'rate'];
  const rows = results.map((r) => [r.scenario, r.variant, r.expect, outcomeText(r), count(r.executions), rateText(r)]);
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Shrink the two name columns (not the numbers) when the table is wider than the terminal.
  const w = natural.slice();
  const over = w.reduce((a, b) => a + b + 2, 2) - o.width;
  if (over > 0) {
    const cut0 = Math.min(over, Math.max(0, w[0]! - 12));
    w[0] = w[0]! - cut0;
    w[1] = Math.max(8, w[1]! - (over - cut0));
  }
  const right = [false, false, false, false, true, true];
  const line = (cells: readonly string[]): string => '  ' + cells.map((x, i) => fit(x, w[i]!, right[i] ? 'right' : 'left')).join('  ');
  const out: string[] = [c.bold(line(head))];
  results.forEach((r, i) => {
    const text = line(rows[i]!);
    out.push(r.matched ? text : c.red.bold(text.replace(/^ /, '✗')));
  });
  const details = results.filter((r) => r.violation !== null || !r.matched);
  if (details.length > 0) out.push('');
  for (const r of details) {
    const name = plain(`${r.scenario} / ${r.variant}`);
    const v = r.violation;
    if (v === null) {
      out.push(c.red(`✗ ${name}: expected a violation, none found in ${count(r.executions)} executions (strategy ${r.strategy}, seed ${String(r.seed)})`));
      continue;
    }
    const replay = plain(replayLine(v));
    const extra = r.violationsFound > 1 ? c.dim(` (+${r.violationsFound - 1} more in other work units)`) : '';
    if (r.matched) {
      out.push(`${c.green('✓')} ${name}: caught ${v.kind}${extra} — ${c.cyan(replay)}`);
    } else {
      out.push(c.red.bold(`✗ ${name}: expected to hold, but:`) + extra);
      for (const l of plain(`${v.headline}: ${v.detail}`).split('\n')) out.push(`    ${l}`);
      out.push(`    ${c.cyan(replay)}`);
    }
  }
  const bad = results.filter((r) => !r.matched).length;
  const total = results.reduce((a, r) => a + r.executions, 0);
  const partial = results.some((r) => r.unitsCompleted < r.units);
  out.push('');
  if (partial) out.push(c.yellow('  * stopped by the time limit before every work unit completed'));
  const verdict = bad === 0 ? c.green(`${results.length} variants as expected`) : c.red.bold(`${bad} of ${results.length} variants contradict their expectation`);
  const facts = [`${count(total)} executions in ${duration(o.elapsedMs)}`, ...(o.notes ?? [])];
  out.push(`${verdict}; ${facts.join(', ')}`);
  return out.join('\n');
}
