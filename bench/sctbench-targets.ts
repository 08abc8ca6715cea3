/**
 * Issue 13's target on the SCTBench section, judged from the section's own results (never
 * written by hand): the portfolio finds every port's bug with every seed, and its mean
 * executions to the first bug is at most the published PCT-3 mean and at most the
 * published SURW mean on every program that has them (`bench/sctbench-published.ts`).
 *
 * `judgeTargets` (`results.ts`) adds it to a full run's targets; a run of the section
 * alone (`npm run bench -- --section sctbench --write`) puts the row into BENCHMARKS.md's
 * targets table with `spliceTargetRow`, in place of the previous one.
 */
import type { TargetResult } from './results';
import type { SctbenchResult } from './sctbench-bench';
import { publishedCell, publishedFound, publishedMean, type PublishedTool } from './sctbench-published';

/** The key of the row in `TargetResult`s and `bench/results.json`. */
export const SCTBENCH_TARGET_KEY = 'sctbench-portfolio';

/** The target as the table states it. */
export const SCTBENCH_TARGET =
  'SCTBench (section 7): the portfolio finds every bug with every seed, and its mean executions to the first bug ≤ published PCT-3 and ≤ published SURW on every program';

/** The tools the target compares with. */
const TOOLS: readonly PublishedTool[] = ['PCT-3', 'SURW'];

/** One program where the portfolio's mean is above a published mean. */
export interface SctbenchShortfall {
  readonly program: string;
  readonly tool: PublishedTool;
  readonly ours: number;
  readonly published: number;
}

/** What the target counts on one section. */
export interface SctbenchJudgement {
  /** Programs whose portfolio cell was measured / whose every seed found the bug. */
  readonly measured: number;
  readonly everySeed: number;
  readonly programs: number;
  /** Per tool: programs with a published mean (some trial found the bug), and those where ours is at most it. */
  readonly compared: Readonly<Record<string, { readonly published: number; readonly met: number }>>;
  readonly shortfalls: readonly SctbenchShortfall[];
  /** Programs with a seed that missed, or not measured. */
  readonly missed: readonly string[];
}

/** Counts the target on a section's results; null when the section has no portfolio column. */
export function judgeSctbench(r: SctbenchResult): SctbenchJudgement | null {
  const col = r.settings.strategies.indexOf('portfolio');
  if (col < 0) return null;
  const compared: Record<string, { published: number; met: number }> = {};
  for (const t of TOOLS) compared[t] = { published: 0, met: 0 };
  const shortfalls: SctbenchShortfall[] = [];
  const missed: string[] = [];
  let measured = 0;
  let everySeed = 0;
  for (const row of r.rows) {
    const c = row.cells[col] ?? null;
    if (c === null) {
      missed.push(`${row.program} (not run)`);
      continue;
    }
    measured++;
    if (c.found === c.seedsRun && c.seedsRun > 0) everySeed++;
    else missed.push(`${row.program} (${c.found}/${c.seedsRun})`);
    for (const tool of TOOLS) {
      const p = publishedCell(row.program, tool);
      if (p === undefined || publishedFound(p) === 0) continue;
      const pub = publishedMean(p);
      compared[tool]!.published++;
      if (c.found > 0 && c.mean <= pub) compared[tool]!.met++;
      else shortfalls.push({ program: row.program, tool, ours: c.mean, published: pub });
    }
  }
  return { measured, everySeed, programs: r.rows.length, compared, shortfalls, missed };
}

function num(x: number): string {
  // as section 7 prints a mean
  return Number.isNaN(x) ? '—' : Number.isInteger(x) ? x.toLocaleString('en-US') : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
}

/** The target's row, or null when the section has no portfolio column. */
export function sctbenchTarget(r: SctbenchResult): TargetResult | null {
  const j = judgeSctbench(r);
  if (j === null) return null;
  const parts = [`every seed found the bug on ${j.everySeed} of ${j.programs} programs`];
  for (const t of TOOLS) parts.push(`mean ≤ ${t} on ${j.compared[t]!.met} of ${j.compared[t]!.published}`);
  let measured = parts.join('; ');
  if (j.shortfalls.length > 0) measured += `; above: ${j.shortfalls.map((s) => `${s.program.replace(/^C[SB]\//, '')} ${num(s.ours)} vs ${s.tool} ${num(s.published)}`).join(', ')}`;
  if (j.missed.length > 0) measured += `; missed: ${j.missed.join(', ')}`;
  const pass = j.missed.length === 0 && j.shortfalls.length === 0 && j.programs > 0;
  return { key: SCTBENCH_TARGET_KEY, target: SCTBENCH_TARGET, measured, pass };
}

/** A targets-table row as `renderMarkdown` writes it. */
export function targetRowMarkdown(t: TargetResult): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return `| ${esc(t.target)} | ${esc(t.measured)} | ${t.pass ? 'pass' : '**MISSED**'} |`;
}

/**
 * Puts target `t`'s row into the `## Targets` table of a whole BENCHMARKS.md: in place of
 * the row that states the same target, else after the table's last row. Unchanged when
 * the file has no targets table.
 */
export function spliceTargetRow(whole: string, t: TargetResult): string {
  const lines = whole.split('\n');
  const head = lines.indexOf('## Targets');
  if (head < 0) return whole;
  let first = head + 1;
  while (first < lines.length && !lines[first]!.startsWith('|')) first++;
  let last = first;
  while (last + 1 < lines.length && lines[last + 1]!.startsWith('|')) last++;
  if (first >= lines.length) return whole;
  const row = targetRowMarkdown(t);
  const prefix = `| ${t.target.replace(/\|/g, '\\|')} |`;
  const at = lines.findIndex((l, i) => i >= first && i <= last && l.startsWith(prefix));
  if (at >= 0) lines[at] = row;
  else lines.splice(last + 1, 0, row);
  return lines.join('\n');
}

/** Puts `t` into a results.json's `targets` in place of the entry with its key, else at the end. */
export function spliceTargetJson(targets: unknown, t: TargetResult): TargetResult[] {
  const list = Array.isArray(targets) ? (targets as TargetResult[]) : [];
  const at = list.findIndex((x) => x.key === t.key);
  return at >= 0 ? list.map((x, i) => (i === at ? t : x)) : [...list, t];
}
