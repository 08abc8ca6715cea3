/**
 * `explore --strategy dfs --checkpoint FILE` (issue 16, item 4): one file holds the
 * progress of every work unit of the job — each variant's search, or each part of a split
 * search (sim/strategy/split.ts) — so that running the same command again continues every
 * unit where it stopped, on any number of workers, and the job's verdict, executions and
 * classes are an uninterrupted job's.
 *
 * A unit's progress is what `run --checkpoint` saves for its one search (checkpoint.ts:
 * the `dfs` snapshot, executions, steps, and whether it is over); a unit with none starts
 * afresh. The file also records what the job is — engine version, the scenarios (with a
 * digest of each scenario file), the `--variant` and `--param` selection, the `dfs`
 * options, the limits, `--shard` — and, for every variant, the fingerprint of its split
 * (or that it was not split), which the resumed job recomputes (the split is
 * deterministic) and compares. `--workers`, `--seed`, `--runs` and `--time-limit` are not
 * part of it: the first two do not change a `dfs` search, and the budget may grow from one
 * run to the next. Written as `run`'s is: whole or not at all (`writeDurably`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION, UsageError } from '../sim/internal';
import { checksummedText, damaged, progressOf, readChecked, sameIdentity, scenarioDigest, writeDurably, type SearchProgress } from './checkpoint';
import { parseDuration, type Shard } from './options';
import { unitNumber, type PlannedVariant } from './plan';
import type { UnitSpec } from './unit';

/** The `format` field of an `explore` checkpoint file. */
export const EXPLORE_CHECKPOINT_FORMAT = 'interleave-explore-checkpoint';
/** The version of its layout. */
export const EXPLORE_CHECKPOINT_VERSION = 1;

/** What an `explore` checkpoint belongs to. */
export interface ExploreIdentity {
  readonly engineVersion: string;
  /** The scenarios, in the order of the job: name and a digest of the file (null for a built-in). */
  readonly scenarios: readonly { readonly name: string; readonly digest: string | null }[];
  /** `--variant` (null: every variant). */
  readonly variants: readonly string[] | null;
  /** `--param` overrides, as given. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly strategy: string;
  readonly search: Readonly<Record<string, number | boolean>>;
  readonly maxSteps: number | null;
  readonly idleTimers: boolean | null;
  readonly preemptAtAccesses: boolean;
  /** `I/N` of `--shard`. */
  readonly shard: string;
}

/** The identity fields, with how to name them in the error. */
const IDENTITY: readonly [keyof ExploreIdentity, string][] = [
  ['engineVersion', 'engine version'],
  ['scenarios', 'scenarios (with the digests of their files)'],
  ['variants', '--variant selection'],
  ['params', '--param overrides'],
  ['strategy', 'strategy'],
  ['search', 'dfs options (--dpor, --preemption-bound, --delay-bound, --symmetry)'],
  ['maxSteps', '--max-steps'],
  ['idleTimers', '--idle-timers'],
  ['preemptAtAccesses', '--preempt-at-accesses'],
  ['shard', '--shard'],
];

/** One variant of the job in the file: its name, its split, and the progress of its units that have any. */
interface SavedVariant {
  readonly scenario: string;
  readonly variant: string;
  /** The split's fingerprint, or null when the variant's search is one unit. */
  readonly split: string | null;
  /** `[unit number, progress]`, by unit number. */
  readonly units: readonly (readonly [number, SearchProgress])[];
}

/** The options of the job that its checkpoint records (see `ExploreIdentity`). */
export interface ExploreCheckpointOptions {
  readonly strategy: string;
  readonly variants: readonly string[] | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly search: Readonly<Record<string, number | boolean>>;
  readonly maxSteps?: number;
  readonly idleTimers?: boolean;
  readonly preemptAtAccesses?: boolean;
  readonly shard: Shard;
}

/**
 * The checkpoint of one `explore` job: the progress of its units, read from the file when
 * it exists, updated as units report, and saved whole.
 */
export class ExploreCheckpoint {
  /** Progress per unit id (`plan.ts`'s `unitId`). */
  private readonly progress = new Map<number, SearchProgress>();
  /** Executions the file held when the job started (summed over units). */
  readonly resumedFrom: number;
  /** Units the file held progress for when the job started. */
  readonly resumedUnits: number;
  private saves = 0;

  private constructor(
    /** The file (an absolute path). */
    readonly file: string,
    /** How often a unit reports its progress (ms). */
    readonly everyMs: number,
    private readonly id: ExploreIdentity,
    private readonly planned: readonly PlannedVariant[],
    saved: readonly SavedVariant[] | null,
  ) {
    let executions = 0;
    if (saved !== null) {
      saved.forEach((v, i) => {
        for (const [k, p] of v.units) {
          this.progress.set(planned[i]!.index * 2 ** 32 + k, p);
          executions += p.executions;
        }
      });
    }
    this.resumedFrom = executions;
    this.resumedUnits = this.progress.size;
  }

  /**
   * The checkpoint of the job `planned` (null without `--checkpoint`). Usage errors: not
   * `dfs`, a folder that does not exist, a file that is not a whole checkpoint of this job.
   */
  static setup(argv: Readonly<Record<string, unknown>>, planned: readonly PlannedVariant[], o: ExploreCheckpointOptions): ExploreCheckpoint | null {
    if (argv['checkpoint'] === undefined) return null;
    const given = String(argv['checkpoint']);
    const file = path.resolve(given);
    if (o.strategy !== 'dfs') throw new UsageError(`--checkpoint saves an exhaustive search: use it with --strategy dfs (got --strategy ${o.strategy})`);
    const dir = path.dirname(file);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--checkpoint ${given}: folder ${dir} does not exist`);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`--checkpoint ${given} is a folder; give a file name`);
    const everyMs = parseDuration('checkpoint-every', argv['checkpoint-every'] ?? '10s');
    const id = identityOf(planned, o);
    return new ExploreCheckpoint(file, everyMs, id, planned, readSaved(file, id, planned));
  }

  /** `spec` as a unit that saves its progress and continues from what the file holds for it. */
  attach(spec: UnitSpec): UnitSpec {
    return { ...spec, checkpoint: { everyMs: this.everyMs, resume: this.progress.get(spec.id) ?? null } };
  }

  /** Records what a unit reported and saves the file. */
  record(spec: UnitSpec, p: SearchProgress): void {
    this.progress.set(spec.id, p);
    this.save();
  }

  /** Saves the file (atomically). A file system error is a one-line `UsageError`. */
  save(): void {
    const variants: SavedVariant[] = this.planned.map((pv) => {
      const units: [number, SearchProgress][] = [];
      for (const [id, p] of this.progress) if (Math.floor(id / 2 ** 32) === pv.index) units.push([unitNumber(id), p]);
      units.sort((a, b) => a[0] - b[0]);
      return { scenario: pv.source.scenario.name, variant: pv.variant.name, split: pv.split?.fingerprint ?? null, units };
    });
    try {
      writeDurably(this.file, checksummedText({ format: EXPLORE_CHECKPOINT_FORMAT, version: EXPLORE_CHECKPOINT_VERSION, ...this.id, searches: variants }));
    } catch (e) {
      throw new UsageError(`cannot write checkpoint ${this.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    this.saves++;
  }

  /** Times the file was saved by this job. */
  savedCount(): number {
    return this.saves;
  }

  /** Executions the file holds now (summed over units). */
  executions(): number {
    let n = 0;
    for (const p of this.progress.values()) n += p.executions;
    return n;
  }
}

function identityOf(planned: readonly PlannedVariant[], o: ExploreCheckpointOptions): ExploreIdentity {
  const scenarios: { name: string; digest: string | null }[] = [];
  for (const pv of planned) {
    const name = pv.source.scenario.name;
    if (scenarios.length === 0 || scenarios[scenarios.length - 1]!.name !== name) scenarios.push({ name, digest: scenarioDigest(pv.source.file) });
  }
  return {
    engineVersion: ENGINE_VERSION,
    scenarios,
    variants: o.variants,
    params: o.params,
    strategy: o.strategy,
    search: o.search,
    maxSteps: o.maxSteps ?? null,
    idleTimers: o.idleTimers ?? null,
    preemptAtAccesses: o.preemptAtAccesses === true,
    shard: `${o.shard.index}/${o.shard.count}`,
  };
}

/**
 * The variants of the checkpoint `file` of the job `id` / `planned`, or null when there is
 * no file; a one-line `UsageError` when it is not a whole checkpoint of this very job.
 */
function readSaved(file: string, id: ExploreIdentity, planned: readonly PlannedVariant[]): SavedVariant[] | null {
  const f = readChecked(file, EXPLORE_CHECKPOINT_FORMAT, EXPLORE_CHECKPOINT_VERSION);
  if (f === null) return null;
  for (const [k, name] of IDENTITY) sameIdentity(file, name, f[k], id[k]);
  const vs = f['searches'];
  if (!Array.isArray(vs) || vs.length !== planned.length) throw damaged(file, 'is damaged (its variants do not match its selection)');
  return vs.map((v: unknown, i): SavedVariant => {
    const pv = planned[i]!;
    const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    if (o['scenario'] !== pv.source.scenario.name || o['variant'] !== pv.variant.name) throw damaged(file, `is damaged (its variant ${i + 1} is not ${pv.source.scenario.name} / ${pv.variant.name})`);
    sameIdentity(file, `split of ${pv.source.scenario.name} / ${pv.variant.name} (whether --runs or --time-limit made it a split search, and its parts)`, o['split'], pv.split?.fingerprint ?? null);
    const units = o['units'];
    if (!Array.isArray(units)) throw damaged(file, 'is damaged (a field has the wrong type)');
    return {
      scenario: pv.source.scenario.name,
      variant: pv.variant.name,
      split: pv.split?.fingerprint ?? null,
      units: units.map((u: unknown): [number, SearchProgress] => {
        const k = Array.isArray(u) ? (u[0] as unknown) : undefined;
        const p = Array.isArray(u) && u.length === 2 ? progressOf(u[1]) : null;
        if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0 || k >= pv.unitCount || p === null) throw damaged(file, 'is damaged (a field has the wrong type)');
        return [k, p];
      }),
    };
  });
}
