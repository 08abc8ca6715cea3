/**
 * Combining the `explore --json` results of the shards of one job into one verdict per
 * scenario × variant. A split exhaustive search (sim/strategy/split.ts) is exhausted when
 * the shards of its split together ran every part once and searched each to the end:
 * "exhausted: every class checked across 4 shards". Anything else is said as it is — a
 * shard missing, a part run twice or not finished, two different splits.
 */
import { UsageError } from '../sim/internal';
import type { JsonExploreResult } from '../reports/json';

/** One scenario × variant, combined. */
export interface CombinedResult {
  readonly scenario: string;
  readonly variant: string;
  readonly expect: 'pass' | 'fail';
  readonly outcome: 'pass' | 'fail';
  /** True when the outcome is what the variant expects. */
  readonly matched: boolean;
  readonly executions: number;
  readonly exhausted: boolean;
  readonly bound: JsonExploreResult['bound'];
  /** Shards whose results were combined. */
  readonly shards: number;
  /**
   * Classes checked (split searches only), else null: each part's distinct classes, summed
   * with the pre-pass's (a class two parts both reach counts twice, as the sequential
   * search, which is not optimal, may reach one class twice).
   */
  readonly classes: number | null;
  /** The verdict in words. */
  readonly verdict: string;
  readonly violation: JsonExploreResult['violation'];
}

/** Combines the `results` arrays of several `explore --json` outputs. */
export function combineResults(files: readonly { readonly name: string; readonly results: readonly JsonExploreResult[] }[]): CombinedResult[] {
  const groups = new Map<string, { r: JsonExploreResult; file: string }[]>();
  for (const f of files) {
    for (const r of f.results) {
      const key = `${r.scenario}\u0000${r.variant}`;
      const g = groups.get(key);
      if (g === undefined) groups.set(key, [{ r, file: f.name }]);
      else g.push({ r, file: f.name });
    }
  }
  return [...groups.values()].map(combineOne);
}

function combineOne(list: readonly { r: JsonExploreResult; file: string }[]): CombinedResult {
  const first = list[0]!.r;
  const executions = list.reduce((a, x) => a + x.r.executions, 0);
  const failed = list.find((x) => x.r.violation !== null);
  const outcome = failed !== undefined ? 'fail' : 'pass';
  const base = { scenario: first.scenario, variant: first.variant, expect: first.expect, outcome, matched: outcome === first.expect, executions, bound: first.bound, shards: list.length, violation: failed?.r.violation ?? null } as const;
  const parts = list.map((x) => x.r.part);
  if (parts.every((p) => p === undefined)) {
    const exhausted = list.some((x) => x.r.exhausted) && failed === undefined;
    return { ...base, exhausted, classes: null, verdict: failed !== undefined ? `fail (${failed.r.violation!.kind})` : exhausted ? exhaustedWords(first, 'in one shard') : 'pass (not exhausted)' };
  }
  const problems: string[] = [];
  if (parts.some((p) => p === undefined)) problems.push('some results are of a search that was not split');
  const split = parts.filter((p) => p !== undefined);
  const fingerprints = new Set(split.map((p) => p.split));
  if (fingerprints.size > 1) problems.push(`the results come from ${fingerprints.size} different splits (other parameters or options?)`);
  const n = Number(split[0]!.shard.split('/')[1]);
  const seen = new Set(split.map((p) => p.shard));
  const missing = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).filter((s) => !seen.has(s));
  if (missing.length > 0) problems.push(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} missing`);
  const count = new Array<number>(split[0]!.parts).fill(0);
  let finished = 0;
  for (const p of split) {
    for (const k of p.covered) count[k] = (count[k] ?? 0) + 1;
    finished += p.finished.length;
  }
  const twice = count.filter((c) => c > 1).length;
  const never = count.filter((c) => c === 0).length;
  if (twice > 0) problems.push(`${twice} part${twice === 1 ? '' : 's'} ran more than once`);
  if (never > 0 && missing.length === 0) problems.push(`${never} part${never === 1 ? '' : 's'} never ran`);
  const unfinished = count.length - never - finished;
  if (unfinished > 0 && twice === 0) problems.push(`${unfinished} part${unfinished === 1 ? '' : 's'} not searched to the end (time limit or budget)`);
  const classes = split.reduce((a, p) => a + p.classes, 0) + split[0]!.prepassClasses;
  const exhausted = problems.length === 0 && failed === undefined && list.every((x) => x.r.exhausted);
  const verdict = failed !== undefined ? `fail (${failed.r.violation!.kind})` : exhausted ? exhaustedWords(first, `across ${n} shard${n === 1 ? '' : 's'}`) : `pass, not exhausted: ${problems.join('; ') || 'a shard was not exhausted'}`;
  return { ...base, exhausted, classes, verdict };
}

function exhaustedWords(r: JsonExploreResult, where: string): string {
  const b = r.bound;
  if (b === null) return `exhausted: every class checked ${where}`;
  const t = [b.preemptions !== null ? `${b.preemptions} preemption${b.preemptions === 1 ? '' : 's'}` : '', b.delays !== null ? `${b.delays} delay${b.delays === 1 ? '' : 's'}` : ''].filter((x) => x !== '').join(' and ');
  return `exhausted within ${t}: every class checked ${where}`;
}

/** Reads one `explore --json` output; a clear UsageError when it is not one. */
export function parseExploreJson(name: string, text: string): { name: string; results: JsonExploreResult[] } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} is not JSON (give the output of explore --json)`);
  }
  const results = (v as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw new UsageError(`${name} is not the output of explore --json (no "results" array)`);
  for (const r of results as Record<string, unknown>[]) {
    if (typeof r['scenario'] !== 'string' || typeof r['variant'] !== 'string' || typeof r['executions'] !== 'number') throw new UsageError(`${name}: a result lacks scenario, variant or executions`);
  }
  return { name, results: results as JsonExploreResult[] };
}
