/**
 * Split exhaustive search (issue 16): for each correct variant, one sequential `dfs`
 * against the same search split into parts for `shards` shards (sim/strategy/split.ts):
 * the union of the parts' classes must equal the sequential run's; reports the sum of the
 * shards' executions (pre-pass included in every shard) ÷ the sequential run's, and the
 * largest shard ÷ an even share.
 *
 *   node .bench-build/bench/split-bench.js [--only futex] [--shards 4] [--cap 200000] [--param k=v]
 */
import { explore, type Scenario } from '../sim/internal';
import { DfsStrategy } from '../sim/strategy/dfs';
import { assignParts, splitSearch } from '../sim/strategy/split';
import { registry } from '../scenarios/registry';

/** One comparison. */
export interface SplitRow {
  readonly id: string;
  readonly sequential: number;
  readonly classes: number;
  readonly parts: number;
  readonly cutDepth: number;
  readonly prepass: number;
  /** Executions of each shard (its parts + the pre-pass). */
  readonly shards: readonly number[];
  readonly unionEqual: boolean;
  readonly sumRatio: number;
  readonly maxShareRatio: number;
  readonly ms: { sequential: number; split: number };
}

/** Runs the comparison for one variant (null when the sequential search does not finish within `cap`). */
export function splitRow(s: Scenario, variant: string, params: Record<string, unknown>, shards: number, cap: number, target = 16 * shards): SplitRow | null {
  const ex = { variant, params, maxSteps: 100_000 };
  const t0 = Date.now();
  const seq = new DfsStrategy();
  const r = explore(s, { ...ex, strategy: seq, runs: cap, shrink: false });
  const t1 = Date.now();
  if (!r.exhausted || r.violation !== undefined) return null;
  const split = splitSearch(s, { explore: ex, dfs: {}, target });
  const union = new Set<number>(split.prepassClasses);
  const sizes: number[] = [];
  for (const prefix of split.parts) {
    const d = new DfsStrategy({ prefix });
    const pr = explore(s, { ...ex, strategy: d, runs: cap, shrink: false });
    if (!pr.exhausted) throw new Error(`part not exhausted: ${s.name}/${variant}`);
    sizes.push(pr.executions);
    for (const c of d.classes) union.add(c);
  }
  const t2 = Date.now();
  const assign = split.whole ? [[...Array(0).keys()]] : assignParts(split.weights, shards);
  const perShard = assign.map((list) => split.prepassExecutions + list.reduce((a, i) => a + sizes[i]!, 0));
  const total = perShard.reduce((a, b) => a + b, 0);
  const seqClasses = seq.classes;
  const unionEqual = union.size === seqClasses.size && [...seqClasses].every((c) => union.has(c));
  return {
    id: `${s.name}/${variant}`,
    sequential: r.executions,
    classes: seqClasses.size,
    parts: split.parts.length,
    cutDepth: split.cutDepth,
    prepass: split.prepassExecutions,
    shards: perShard,
    unionEqual,
    sumRatio: total / r.executions,
    maxShareRatio: Math.max(...perShard) / (r.executions / shards),
    ms: { sequential: t1 - t0, split: t2 - t1 },
  };
}

function main(argv: string[]): void {
  const arg = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = arg('--only');
  const shards = Number(arg('--shards') ?? 4);
  const cap = Number(arg('--cap') ?? 200_000);
  const target = arg('--target') !== undefined ? Number(arg('--target')) : undefined;
  const params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--param') {
    const [k, v] = argv[i + 1]!.split('=');
    params[k!] = v;
  }
  for (const e of registry()) {
    if (e.group === 'sctbench') continue;
    for (const v of e.scenario.variants) {
      if (v.expect !== 'pass') continue;
      const id = `${e.scenario.name}/${v.name}`;
      if (only !== undefined && !id.includes(only)) continue;
      const row = splitRow(e.scenario, v.name, params, shards, cap, target);
      if (row === null) {
        console.log(`${id}: sequential not exhausted within ${cap}`);
        continue;
      }
      console.log(`${id}: seq ${row.sequential} classes ${row.classes} | parts ${row.parts} depth ${row.cutDepth} prepass ${row.prepass} | shards ${row.shards.join(',')} | union ${row.unionEqual ? '=' : '≠'} sum ${row.sumRatio.toFixed(3)}x max ${row.maxShareRatio.toFixed(3)}x of a quarter | ${row.ms.sequential}ms vs ${row.ms.split}ms`);
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
