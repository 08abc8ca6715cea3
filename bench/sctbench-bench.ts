/**
 * Section 7: the SCTBench ports (`scenarios/sctbench/`) — executions to the first bug per
 * strategy, beside the figures other tools published for the same programs
 * (`bench/sctbench-published.ts`).
 *
 * For each port's `bug` variant and each strategy of `SCTBENCH_STRATEGIES` that is
 * registered (a strategy added to the engine later, such as `rff`, joins the table by
 * itself), it explores seeds 0..19 with a budget of 10,000 executions each, `shrink:
 * false`, at the scenario's defaults (`spawnYield` on: each `pthread_create` is a
 * scheduling point of the creator, as in the original). No cell is cut short: found/seeds
 * counts every seed. Counts are exact: the same on every machine and run.
 *
 *   npm run bench -- --section sctbench [--only reorder] [--quick] [--seeds N] [--budget N]
 *
 * A partial run with `--write` puts this section into the project's BENCHMARKS.md and
 * `bench/results.json` in place of the previous one (`spliceSection`), leaving the other
 * sections as they are; with `--only`, its rows replace those of the previous run of the
 * same settings and the other rows stay (`mergeSctbench`).
 */
import { strategyNames } from '../sim';
import { sctbenchPrograms } from '../scenarios/sctbench';
import { mdTable } from './report';
import { CAVEATS, caveatsOf } from './sctbench-caveats';
import { publishedCell, publishedFound, publishedMean, PUBLISHED_SOURCES, NOT_PUBLISHED, type PublishedTool } from './sctbench-published';
import { measure, type Cell, type StrategyConfig } from './strategy-bench';
import { msSince } from './stats';
import { composeFromMembers, portfolioMembers } from './sctbench-members';
import { judgeSctbench } from './sctbench-targets';

/** A column: a strategy of ours and the published tool it is compared with. */
export interface SctbenchStrategy extends StrategyConfig {
  /** The published tool beside it, or null (the portfolio has no published counterpart). */
  readonly published: PublishedTool | null;
}

/** The columns, in order; a strategy the engine does not register (yet) shows its published figures only. */
export const SCTBENCH_STRATEGIES: readonly SctbenchStrategy[] = [
  { label: 'random', strategy: 'random', published: 'RW' },
  { label: 'pct d=3', strategy: 'pct', depth: 3, published: 'PCT-3' },
  { label: 'pct d=10', strategy: 'pct', depth: 10, published: 'PCT-10' },
  { label: 'pos', strategy: 'pos', published: 'POS' },
  { label: 'surw', strategy: 'surw', published: 'SURW' },
  { label: 'rff', strategy: 'rff', published: 'RFF' },
  { label: 'portfolio', strategy: 'portfolio', published: null },
];

/** The settings of one run of the section. */
export interface SctbenchSettings {
  readonly seeds: number;
  readonly budget: number;
  readonly strategies: readonly SctbenchStrategy[];
  /** The labels of the columns this run measures (`--strategies`); the others are left null, for `mergeSctbench` to fill from a previous run. Undefined: all. */
  readonly run?: readonly string[];
}

/** 20 seeds × 10,000 executions; quick: 3 seeds × 2,000. `run`: measure only these columns (labels of `SCTBENCH_STRATEGIES`). */
export function sctbenchSettings(quick: boolean, seeds?: number, budget?: number, run?: readonly string[]): SctbenchSettings {
  const labels = SCTBENCH_STRATEGIES.map((s) => s.label);
  for (const l of run ?? []) if (!labels.includes(l)) throw new Error(`--strategies: "${l}" is not a column of the sctbench section (${labels.join(', ')})`);
  return { seeds: seeds ?? (quick ? 3 : 20), budget: budget ?? (quick ? 2000 : 10_000), strategies: SCTBENCH_STRATEGIES, ...(run !== undefined ? { run } : {}) };
}

/** Whether `--only` selects port `p`: its scenario name when one port has exactly that name, else any port whose program or scenario name contains it. */
export function selected(p: { readonly program: string; readonly scenario: { readonly name: string } }, only: string | undefined): boolean {
  if (only === undefined) return true;
  if (sctbenchPrograms.some((q) => q.scenario.name === only || q.program === only)) return p.scenario.name === only || p.program === only;
  return p.program.includes(only) || p.scenario.name.includes(only);
}

/** The published figure beside one of our cells. */
export interface PublishedSummary {
  readonly tool: PublishedTool;
  readonly source: string;
  readonly mean: number;
  readonly found: number;
  readonly trials: number;
  readonly printed: string | null;
}

/** One program's row. */
export interface SctbenchRow {
  /** SCTBench's name (`CS/reorder_10`). */
  readonly program: string;
  readonly scenario: string;
  /** Our cells, in the order of the settings' strategies; null for a strategy the engine does not register. */
  readonly cells: readonly (Cell | null)[];
  /** The published figure beside each cell (same order), or null. */
  readonly published: readonly (PublishedSummary | null)[];
  readonly elapsedMs: number;
  readonly command: string;
}

/** What the section puts into `bench/results.json`. */
export interface SctbenchResult {
  readonly settings: { readonly seeds: number; readonly budget: number; readonly strategies: readonly string[]; readonly notRegistered: readonly string[] };
  readonly rows: readonly SctbenchRow[];
}

function summary(program: string, tool: PublishedTool | null): PublishedSummary | null {
  if (tool === null) return null;
  const c = publishedCell(program, tool);
  if (c === undefined) return null;
  return { tool, source: c.source, mean: publishedMean(c), found: publishedFound(c), trials: c.trials.length, printed: c.printed };
}

/** Runs the section over every port whose `program` or scenario name contains `only`. */
export function sctbenchBench(set: SctbenchSettings, quick: boolean, only: string | undefined, log: (s: string) => void): SctbenchResult {
  const rows: SctbenchRow[] = [];
  const base = { seeds: set.seeds, budget: set.budget, cellCap: set.seeds * set.budget };
  const registered = new Set(strategyNames());
  for (const p of sctbenchPrograms) {
    if (!selected(p, only)) continue;
    const t0 = process.hrtime.bigint();
    const bug = { scenario: p.scenario, variant: 'bug', group: 'sctbench' as const };
    const wanted = (s: SctbenchStrategy): boolean => registered.has(s.strategy) && (set.run === undefined || set.run.includes(s.label));
    const cells = set.strategies.map((s) => (wanted(s) ? measure(bug, s, { ...base, strategies: [] }) : null));
    log(`  ${p.program}: ${(msSince(t0) / 1000).toFixed(1)} s — ${cells.flatMap((c) => (c === null ? [] : [`${c.strategy} ${c.found}/${c.seedsRun}`])).join(', ')}`);
    const flags = `${quick ? ' --quick' : ''}${set.seeds !== (quick ? 3 : 20) ? ` --seeds ${set.seeds}` : ''}${set.budget !== (quick ? 2000 : 10_000) ? ` --budget ${set.budget}` : ''}`;
    rows.push({
      program: p.program,
      scenario: p.scenario.name,
      cells,
      published: set.strategies.map((s) => summary(p.program, s.published)),
      elapsedMs: msSince(t0),
      command: `npm run bench -- --section sctbench --only ${p.scenario.name}${flags}`,
    });
  }
  const notRegistered = set.strategies.filter((s) => !registered.has(s.strategy)).map((s) => s.label);
  return { settings: { seeds: set.seeds, budget: set.budget, strategies: set.strategies.map((s) => s.label), notRegistered }, rows };
}

function num(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
}

/** Ours: `mean / median`, `(found/seeds)` when some seed missed; `— (0/n)` when none found it; `n/r` when not run. */
export function formatOurs(c: Cell | null, budget: number): string {
  if (c === null) return 'n/r';
  if (c.found === 0) return `— (0/${c.seedsRun})`;
  const med = c.median === Infinity ? `>${num(budget)}` : num(c.median);
  return `${num(c.mean)} / ${med}${c.found < c.seedsRun ? ` (${c.found}/${c.seedsRun})` : ''}`;
}

/** Published: the mean over the trials that found it, `(found/trials)` when some missed; `n/p` when none is published. */
export function formatPublished(p: PublishedSummary | null): string {
  if (p === null) return 'n/p';
  if (p.found === 0) return `— (0/${p.trials})`;
  return `${num(p.mean)}${p.found < p.trials ? ` (${p.found}/${p.trials})` : ''}`;
}

/** The section's markdown. */
export function sctbenchMarkdown(r: SctbenchResult): string {
  const out: string[] = [];
  out.push('## 7. SCTBench: executions to the first bug, beside the published figures', '');
  out.push(
    `Every port of \`scenarios/sctbench/\` (the public SCTBench's CS and CB programs, their \`bug\` variant at the defaults: \`spawnYield\` on, each \`pthread_create\` a scheduling point of the creator), ${r.settings.seeds} seeds per strategy, at most ${num(r.settings.budget)} executions per seed, \`shrink: false\`. n/r: not run (${r.settings.notRegistered.length === 0 ? 'none' : `${r.settings.notRegistered.join(', ')}: not a registered strategy of the engine yet`}). **ours**: mean / median executions to the first bug (the mean over the seeds that found it; the median over all seeds, a miss counting as infinite), then (found/seeds) when some seed missed. **pub.**: the published mean schedules to the first bug over the trials that found it, (found/trials) when some missed; RW, PCT-3, PCT-10, POS and SURW from the SURW paper's artifact, RFF from the RFF paper's (20 trials each; see \`scenarios/sctbench/README.md\` for what each counts and its budget). n/p: not published.`,
    '',
  );
  const head = ['program'];
  const align: ('l' | 'r')[] = ['l'];
  for (const s of r.settings.strategies) {
    const tool = SCTBENCH_STRATEGIES.find((x) => x.label === s)?.published ?? null;
    if (tool !== null) {
      head.push(`${tool} pub.`);
      align.push('r');
    }
    head.push(`${s} ours`);
    align.push('r');
  }
  head.push('reproduce');
  align.push('l');
  const rows = r.rows.map((row) => {
    const cells = [row.program];
    r.settings.strategies.forEach((s, i) => {
      const tool = SCTBENCH_STRATEGIES.find((x) => x.label === s)?.published ?? null;
      if (tool !== null) cells.push(formatPublished(row.published[i] ?? null));
      cells.push(formatOurs(row.cells[i] ?? null, r.settings.budget));
    });
    cells.push(`\`${row.command}\``);
    return cells;
  });
  out.push(mdTable(head, align, rows), '');
  for (const n of CELL_NOTES) out.push(`**${n.program}:** ${n.text}`, '');
  out.push(...shortfallMarkdown(r));
  out.push('Sources:', '');
  for (const s of Object.values(PUBLISHED_SOURCES)) out.push(`- ${s.paper}: ${s.artifact}, ${s.files.join(', ')} (${s.trials} trials of ${s.budget})`);
  out.push('', 'Not published, or not found:', '');
  for (const n of NOT_PUBLISHED) out.push(`- ${n.what}: ${n.why}`);
  out.push('', "Caveats on the published figures (`bench/sctbench-caveats.ts`; the target above still compares with every published mean):", '');
  for (const c of CAVEATS) out.push(`- ${c.program}, ${c.tools.length === 6 ? 'every tool' : c.tools.join(', ')}: ${c.what}`);
  out.push('');
  return out.join('\n');
}

/**
 * Notes on cells of the table that a `--write` of some columns or rows left from an earlier
 * run (printed under the table, so that a splice of the section keeps them): delete one when
 * its row is measured again whole.
 */
export const CELL_NOTES: readonly { readonly program: string; readonly text: string }[] = [
  {
    program: 'CS/twostage_100 on the current port',
    text:
      'its surw and portfolio cells were measured on the port with `MutexPtr` (2026-12-08, `--strategies surw,portfolio`); its random, pct, pos and rff cells are still from the port before it (the pointer loads left out), ' +
      'since a run of those columns on the new port did not finish within 55 minutes here (`npm run bench -- --section sctbench --only sctbench-twostage-100` re-measures them).',
  },
];

/**
 * The programs where the portfolio's mean is above a published PCT-3 or SURW mean, beside
 * what its members alone measured in the same run and the portfolio's mean estimated from
 * them (`sctbench-members.ts`); nothing when there is no such program or a column is missing.
 */
function shortfallMarkdown(r: SctbenchResult): string[] {
  const j = judgeSctbench(r);
  const m = portfolioMembers();
  if (j === null || j.shortfalls.length === 0 || m === null) return [];
  const columns = r.settings.strategies;
  const rows = j.shortfalls.map((s) => {
    const row = r.rows.find((x) => x.program === s.program)!;
    const alone = m.labels.map((l) => formatOurs(row.cells[columns.indexOf(l)] ?? null, r.settings.budget));
    const c = composeFromMembers(row, columns, m, r.settings.budget);
    const composed = c === null ? 'n/r' : c.found === 0 ? `— (0/${c.seeds})` : `${num(c.mean)}${c.found < c.seeds ? ` (${c.found}/${c.seeds})` : ''}`;
    const crash = caveatsOf(s.program, s.tool).some((x) => x.comparable !== undefined);
    return [s.program, `${s.tool} ${num(s.published)}${crash ? ' (a tool crash: caveats)' : ''}`, num(s.ours), ...alone, composed];
  });
  const share = (k: number): string => `${m.turns.filter((t) => t === k).length}/${m.turns.length}`;
  const head = ['program', 'published', 'portfolio mean', ...m.labels.map((l, k) => `${l} alone (${share(k)} of turns)`), 'composed from members'];
  return [
    `Where the portfolio's mean is above a published mean: its members alone in this run (mean / median; their turns per cycle of the portfolio in parentheses), and the portfolio's mean composed from the members' per-seed runs (seed s of each member's column at that member's turns of the cycle; \`bench/sctbench-members.ts\`). Per seed the composed find is never earlier than the earliest of the members' finds alone, so no cycle of these members has a mean below the mean over seeds of that earliest find; \`bench/sctbench-cycles.ts\` scores every cycle of up to six turns over more seeds (\`scenarios/sctbench/README.md\`).`,
    '',
    mdTable(head, ['l', 'r', 'r', ...m.labels.map((): 'r' => 'r'), 'r'], rows),
    '',
  ];
}

/**
 * Merges a run of some programs (`--only`) or some columns (`--strategies`) into a
 * previous result of the same settings: its measured cells replace theirs, a cell it did
 * not measure (null) keeps the previous one, other rows stay, in the order of
 * `sctbenchPrograms`. With other settings (seeds, budget, strategies) the new result
 * stands alone. Counts are exact, so a merged row is what one run of every column gives.
 */
export function mergeSctbench(previous: SctbenchResult | undefined, next: SctbenchResult): SctbenchResult {
  const same = (a: SctbenchResult['settings'], b: SctbenchResult['settings']): boolean =>
    a.seeds === b.seeds && a.budget === b.budget && a.strategies.join() === b.strategies.join() && a.notRegistered.join() === b.notRegistered.join();
  if (previous === undefined || !same(previous.settings, next.settings)) return next;
  const fresh = new Map(next.rows.map((r) => [r.program, r]));
  const rows = sctbenchPrograms.flatMap((p) => {
    const old = previous.rows.find((x) => x.program === p.program);
    const r = fresh.get(p.program);
    if (r === undefined) return old === undefined ? [] : [old];
    if (old === undefined) return [r];
    const kept = r.cells.some((c, i) => c === null && (old.cells[i] ?? null) !== null);
    return [kept ? { ...r, cells: r.cells.map((c, i) => c ?? old.cells[i] ?? null), elapsedMs: r.elapsedMs + old.elapsedMs } : r];
  });
  return { settings: next.settings, rows };
}

const HEADING = '## 7. SCTBench';

/**
 * Puts the section's markdown into a whole BENCHMARKS.md: in place of a previous SCTBench
 * section (up to the next `## ` heading), else before the profiles, else at the end.
 */
export function spliceSection(whole: string, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`;
  const start = whole.indexOf(HEADING);
  if (start >= 0) {
    const next = whole.indexOf('\n## ', start + HEADING.length);
    return `${whole.slice(0, start)}${body}${next < 0 ? '' : `\n${whole.slice(next + 1)}`}`;
  }
  const profiles = whole.indexOf('## Profiles of missed targets');
  if (profiles >= 0) return `${whole.slice(0, profiles)}${body}\n${whole.slice(profiles)}`;
  return `${whole.endsWith('\n') ? whole : `${whole}\n`}\n${body}`;
}
