/**
 * Split exhaustive search (issue 16): for each correct variant, one sequential `dfs`
 * against the same search split into parts for `shards` shards (sim/strategy/split.ts),
 * each part started as the CLI starts it (from the split's learnt set): the union of the
 * parts' classes must contain the sequential run's, on class ids hashed alike in both
 * (sim/strategy/split-check.ts; each search's own ids depend on what it learnt the
 * invariants read); reports the sum of the shards' executions (pre-pass included in every
 * shard) ÷ the sequential run's, and the largest shard ÷ an even share.
 *
 *   node .bench-build/bench/split-bench.js [--only futex] [--shards 4] [--cap 200000] [--param k=v]
 */
import type { Scenario } from '../sim/internal';
import { assignParts } from '../sim/strategy/split';
import { compareSplit, type SplitComparison } from '../sim/strategy/split-check';
import { registry } from '../scenarios/registry';

/** One comparison. */
export interface SplitRow {
  readonly id: string;
  readonly sequential: number;
  readonly classes: number;
  /** Invisible classes (class ids without the invariants' virtual objects; split-check.ts). */
  readonly invisible: number;
  readonly parts: number;
  readonly cutDepth: number;
  readonly prepass: number;
  /** Executions of each shard (its parts + the pre-pass). */
  readonly shards: readonly number[];
  /**
   * The parts' union against the sequential search, on class ids hashed alike in both (with
   * the virtual objects of what the sequential search learnt; split-check.ts): '=' the same
   * classes; '⊇' none missed, and more (the saturated top of the split explores more); '≠' a class missed.
   */
  readonly union: '=' | '⊇' | '≠';
  readonly detail: string;
  readonly sumRatio: number;
  readonly maxShareRatio: number;
  readonly ms: number;
}

/** Runs the comparison for one variant (null when the sequential search does not finish within `cap`, or the pre-pass finishes it). */
export function splitRow(s: Scenario, variant: string, params: Record<string, unknown>, shards: number, cap: number, target = 16 * shards): SplitRow | null {
  const ex = { variant, params, maxSteps: 100_000 };
  const t0 = Date.now();
  let c: SplitComparison;
  try {
    c = compareSplit(s, { explore: ex, dfs: {}, target }, cap);
  } catch (e) {
    if (e instanceof Error && /^sequential: /.test(e.message)) return null;
    throw e;
  }
  const ms = Date.now() - t0;
  const split = c.split;
  if (split === null) return null;
  const sizes = c.union.partExecutions;
  const perShard = assignParts(split.weights, shards).map((list) => split.prepassExecutions + list.reduce((a, i) => a + sizes[i]!, 0));
  const total = perShard.reduce((a, b) => a + b, 0);
  const seq = c.sequential;
  return {
    id: `${s.name}/${variant}`,
    sequential: seq.executions,
    classes: seq.classes.size,
    invisible: seq.invisible.size,
    parts: split.parts.length,
    cutDepth: split.cutDepth,
    prepass: split.prepassExecutions,
    shards: perShard,
    union: c.missing.length > 0 ? '≠' : c.extra.length > 0 ? '⊇' : '=',
    detail:
      `ids hashed alike: ${c.missing.length} missing, ${c.extra.length} extra, ${c.union.duplicates} repeated; ` +
      `without the invariants' objects: ${c.invisibleMissing.length} missing, ${c.invisibleExtra.length} extra; ` +
      `each search's own ids: ${c.ownMissing.length} missing, ${c.ownExtra.length} extra; ` +
      `learnt: sequential ${seq.observed.length}, pre-pass ${split.observed.length}, parts ${c.union.observed.length}${c.sameKnowledge ? ' (the same)' : ''}, ${c.union.restarted} parts restarted`,
    sumRatio: total / seq.executions,
    maxShareRatio: Math.max(...perShard) / (seq.executions / shards),
    ms,
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
      console.log(`${id}: seq ${row.sequential} classes ${row.classes} (${row.invisible} without the invariants' objects) | parts ${row.parts} depth ${row.cutDepth} prepass ${row.prepass} | shards ${row.shards.join(',')} | union ${row.union} | sum ${row.sumRatio.toFixed(3)}x max ${row.maxShareRatio.toFixed(3)}x of a quarter | ${row.ms}ms`);
      console.log(`  ${row.detail}`);
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
