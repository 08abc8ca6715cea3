/**
 * How `explore` splits its work, deterministically. Each scenario × variant has
 * `ceil(runs / unitRuns)` work units (one for an exhaustive strategy, whose search is not
 * split by seed; unbounded with `--time-limit` and no `--runs`). Unit k explores its own
 * seed — the base seed itself for k = 0, then `"<base>/<k>"` — for `unitRuns` executions
 * (the last one the remainder). Units depend only on the scenarios, variants and
 * options, never on `--workers`.
 *
 * A variant's result is the first violation *in unit order* (what one sequential job
 * would find), so any number of workers reports the same violation.
 *
 * `--shard I/N` takes every N-th *item* of the job, where an item is one unit of a
 * variant expected to pass, or all the units of a variant expected to fail (so the one
 * shard that runs a `fail` variant judges it exactly as one job would). N shards together
 * run exactly the units of one job.
 */
import { assignParts, makeStrategy, resolveVariant, splitSearch, type SearchSplit, type Variant } from '../sim/internal';
import { reportViolation, type ReportViolation } from '../reports/types';
import type { Shard } from './options';
import type { ScenarioSource } from './scenario-source';
import type { UnitSpec } from './unit';

export interface PlanOptions {
  readonly strategy: string;
  readonly seed: number | string;
  /** Executions per variant (Infinity: until the time limit). */
  readonly runs: number;
  /** Executions per work unit. */
  readonly unitRuns: number;
  /** Only these variants (of every scenario that has them); null for all. */
  readonly variants: readonly string[] | null;
  readonly maxSteps?: number;
  readonly idleTimers?: boolean;
  /** Every `sim.struct` write is a scheduling point (`--preempt-at-accesses`). */
  readonly preemptAtAccesses?: boolean;
  readonly depth?: number;
  readonly search?: Readonly<Record<string, number | boolean>>;
  readonly deadline: number | null;
  /** Wall-clock budget (ms) of shrinking each violation found (`--shrink-time`). */
  readonly shrinkMs?: number;
  /** Parameter overrides for every variant (`--param`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Split each exhaustive search into at least this many parts (sim/strategy/split.ts),
   * for `--workers` and `--shard`; 0 or absent: one unit per variant.
   */
  readonly splitTarget?: number;
}

/** A scenario variant and how to make its units. */
export interface PlannedVariant {
  /** Position in the job (scenarios as given, variants as declared). */
  readonly index: number;
  readonly source: ScenarioSource;
  readonly variant: Variant;
  /** The base seed (unit k explores `unitSeed(seed, k)`). */
  readonly seed: number | string;
  /** Units of the variant (may be Infinity). */
  readonly unitCount: number;
  /** Unit k of the variant. */
  unit(k: number): UnitSpec;
  /** The split of an exhaustive search into parts (unit k searches part k); absent when not split. */
  readonly split?: SearchSplit;
}

/** Unit ids: variant index × 2^32 + unit number (unique within a job). */
const UNIT_SPACE = 2 ** 32;

export function unitId(variantIndex: number, k: number): number {
  return variantIndex * UNIT_SPACE + k;
}

/** The unit number within its variant. */
export function unitNumber(id: number): number {
  return id % UNIT_SPACE;
}

/** The seed of unit `k`: the base seed for the first, then `"<base>/<k>"`. */
export function unitSeed(base: number | string, k: number): number | string {
  return k === 0 ? base : `${String(base)}/${k}`;
}

/** True for a strategy that searches exhaustively, whose work is one unit per variant. */
export function isExhaustive(strategy: string): boolean {
  return makeStrategy(strategy, { seed: 0 }).exhaustive === true;
}

/** Every selected variant of `sources`, in order. */
export function plan(sources: readonly ScenarioSource[], o: PlanOptions): PlannedVariant[] {
  const exhaustive = isExhaustive(o.strategy);
  const out: PlannedVariant[] = [];
  for (const source of sources) {
    const variants = o.variants === null ? source.scenario.variants : source.scenario.variants.filter((v) => o.variants!.includes(v.name));
    for (const v of variants) {
      resolveVariant(source.scenario, v.name);
      const index = out.length;
      const runsCap = Number.isFinite(o.runs) ? o.runs : Number.MAX_SAFE_INTEGER;
      const split = exhaustive && (o.splitTarget ?? 0) > 1 ? splitOf(source, v.name, o) : undefined;
      const unitCount = split !== undefined ? split.parts.length : exhaustive ? 1 : Number.isFinite(o.runs) ? Math.ceil(o.runs / o.unitRuns) : Infinity;
      const unit = (k: number): UnitSpec => ({
        task: 'explore',
        id: unitId(index, k),
        scenario: source.ref,
        variant: v.name,
        params: o.params ?? {},
        strategy: o.strategy,
        seed: exhaustive ? o.seed : unitSeed(o.seed, k),
        runs: exhaustive ? runsCap : Number.isFinite(o.runs) ? Math.min(o.unitRuns, o.runs - k * o.unitRuns) : o.unitRuns,
        ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
        ...(o.idleTimers !== undefined ? { idleTimers: o.idleTimers } : {}),
        ...(o.preemptAtAccesses === true ? { preemptAtAccesses: true } : {}),
        ...(o.depth !== undefined ? { depth: o.depth } : {}),
        ...(o.search !== undefined ? { search: o.search } : {}),
        deadline: o.deadline,
        ...(o.shrinkMs !== undefined ? { shrinkMs: o.shrinkMs } : {}),
        ...(split !== undefined ? { part: { index: k, prefix: split.parts[k]!, observed: split.observed } } : {}),
      });
      out.push({ index, source, variant: v, seed: o.seed, unitCount, unit, ...(split !== undefined ? { split } : {}) });
    }
  }
  return out;
}

/**
 * Splits `v`'s exhaustive search (the pre-pass runs here, in the main thread: short
 * executions, the same in every shard); undefined when the search is too small to split
 * (the pre-pass finished it, or found a violation above the cut: one unit re-runs it).
 */
function splitOf(source: ScenarioSource, variant: string, o: PlanOptions): SearchSplit | undefined {
  const s = splitSearch(source.scenario, {
    explore: {
      variant,
      params: o.params ?? {},
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
      ...(o.idleTimers !== undefined ? { idleTimers: o.idleTimers } : {}),
    },
    dfs: o.search ?? {},
    target: o.splitTarget!,
  });
  return s.whole ? undefined : s;
}

/**
 * The units of one variant a shard runs: `k = start, start + step, …` below `unitCount`,
 * or, for a split exhaustive search, the parts in `list`; null for none.
 */
export interface ShardSlice {
  readonly start: number;
  readonly step: number;
  /** The parts of a split search this shard runs (balanced by their measured weights). */
  readonly list?: readonly number[];
}

/** The `j`-th unit of a slice. */
export function sliceUnit(s: ShardSlice, j: number): number {
  return s.list !== undefined ? s.list[j]! : s.start + j * s.step;
}

/** How many units of a variant with `unitCount` units a slice holds. */
export function sliceSize(s: ShardSlice, unitCount: number): number {
  if (s.list !== undefined) return s.list.length;
  return Number.isFinite(unitCount) ? Math.max(0, Math.ceil((unitCount - s.start) / s.step)) : Infinity;
}

/** Each planned variant's slice for `shard` (same order as `planned`). */
export function shardSlices(planned: readonly PlannedVariant[], shard: Shard): (ShardSlice | null)[] {
  const n = shard.count;
  const me = shard.index - 1;
  let before = 0; // items before this variant, modulo n
  return planned.map((pv) => {
    let slice: ShardSlice | null;
    if (pv.split !== undefined && pv.variant.expect === 'pass') {
      // every shard runs its share of the parts, balanced by weight
      const mine = assignParts(pv.split.weights, n)[me]!;
      slice = mine.length > 0 ? { start: 0, step: 1, list: mine } : null;
    } else if (pv.variant.expect === 'fail' || pv.unitCount === 1 || pv.split !== undefined) {
      slice = before === me ? { start: 0, step: 1 } : null;
      before = (before + 1) % n;
    } else {
      const start = (((me - before) % n) + n) % n;
      slice = start < pv.unitCount ? { start, step: n } : null;
      before = Number.isFinite(pv.unitCount) ? (before + pv.unitCount) % n : before;
    }
    return slice;
  });
}

/** Why the watchdog stops an execution, and what to do: the likely-cause sentence of every hang message. */
export const SPIN_CAUSE =
  'Likely cause: a goroutine spinning in a loop with no effect (a busy-wait on a plain variable), which never reaches a scheduling point, ' +
  'so the step limit cannot see it: give the loop an effect such as yield* sim.yieldNow() (if one execution or its setup legitimately takes that long, raise --watchdog)';

/** The message of a hang (no schedule exists: the execution never finished its step). */
export function hangViolation(spec: UnitSpec, source: ScenarioSource, executions: number, watchdogMs: number): ReportViolation {
  const n = executions + 1;
  const arg = source.file ?? source.scenario.name;
  return reportViolation({
    kind: 'step-limit',
    headline: `step-limit in execution ${n} of seed ${String(spec.seed)}`,
    detail: `"${source.scenario.name}" / "${spec.variant}" did not finish within ${watchdogMs / 1000}s and the watchdog stopped it. ${SPIN_CAUSE}`,
    replayCommand: `interleave run ${arg} --variant ${spec.variant} --strategy ${spec.strategy} --seed ${String(spec.seed)} --runs ${n}`,
    execution: n,
    schedule: '',
    replayFile: null,
    trace: [],
    step: 0,
    time: 0,
  });
}
