/**
 * Checkpoint files of an exhaustive search (`run --strategy dfs --checkpoint FILE`, issue
 * 16 item 4): the search's frontier (`DfsStrategy.snapshot()`: the path of the last
 * execution with its backtrack and sleep sets, and the classes so far), the executions and
 * steps it took, and what the search is — scenario, variant, parameters, `dfs` options,
 * step limit, timer rule, `--preempt-at-accesses` and engine version. Running the same command with the same file
 * continues the search where it stopped; its final verdict and execution count are an
 * uninterrupted run's (the search is deterministic, and the snapshot holds all the state
 * it carries from one execution to the next).
 *
 * A file is written whole or not at all: to a temporary file in the same folder, flushed
 * to the disk (`fsync`), then renamed over the target, and the folder flushed. A file that
 * is not one (truncated, edited, another format), or that belongs to another search, is
 * refused with one line (exit 2) naming what differs, never half-used.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDfsSnapshot, UsageError, type DfsSnapshot, type Params } from '../sim/internal';
import { sweepStaleTemps, tempFor } from './atomic-write';

/** The `format` field of a checkpoint file. */
export const CHECKPOINT_FORMAT = 'interleave-checkpoint';
/** The version of the file's layout (a reader refuses other versions). */
export const CHECKPOINT_VERSION = 1;
/** How often a running search saves its checkpoint by default (`--checkpoint-every`), in ms. */
export const DEFAULT_CHECKPOINT_MS = 10_000;

/** What a checkpoint belongs to: a file continues only the search it was saved from. */
export interface CheckpointIdentity {
  readonly engineVersion: string;
  readonly scenario: string;
  /** For a scenario file: a digest of its text (a changed file is another search); null for a built-in. */
  readonly scenarioDigest: string | null;
  readonly variant: string;
  readonly params: Params;
  readonly strategy: string;
  /** The `dfs` options (`dpor`, `preemptionBound`, `delayBound`) as given. */
  readonly search: Readonly<Record<string, number | boolean>>;
  readonly maxSteps: number | null;
  readonly idleTimers: boolean | null;
  /** `--preempt-at-accesses` (it adds scheduling points: another search tree). */
  readonly preemptAtAccesses: boolean;
}

/** Where the search stands: what a unit reports to be saved, and what a resumed unit starts from. */
export interface SearchProgress {
  readonly snapshot: DfsSnapshot;
  /** Executions completed (a violating execution that the snapshot repeats is not counted). */
  readonly executions: number;
  readonly steps: number;
  /** `exhausted`: the search is over; `violation`: it stopped at one (which a resumed search meets again); null: it goes on. */
  readonly finished: 'exhausted' | 'violation' | null;
}

/** A checkpoint file's content. */
export interface CheckpointFile extends CheckpointIdentity, SearchProgress {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  /** FNV-1a of the JSON of every other field, in this order: a file changed by hand is refused. */
  readonly checksum: string;
}

/** The digest of a scenario file's text (16 hex digits of SHA-256), or null for a built-in scenario. */
export function scenarioDigest(file: string | null): string | null {
  if (file === null) return null;
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
}

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The body of a file (every field but `checksum`), in a fixed order. */
function body(id: CheckpointIdentity, p: SearchProgress): Omit<CheckpointFile, 'checksum'> {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    engineVersion: id.engineVersion,
    scenario: id.scenario,
    scenarioDigest: id.scenarioDigest,
    variant: id.variant,
    params: id.params,
    strategy: id.strategy,
    search: id.search,
    maxSteps: id.maxSteps,
    idleTimers: id.idleTimers,
    preemptAtAccesses: id.preemptAtAccesses,
    executions: p.executions,
    steps: p.steps,
    finished: p.finished,
    snapshot: p.snapshot,
  };
}

/** The text of a checkpoint file. */
export function checkpointText(id: CheckpointIdentity, p: SearchProgress): string {
  return checksummedText(body(id, p));
}

/**
 * Writes the checkpoint to `file` atomically and durably: a temporary file beside it,
 * flushed, renamed over it, and the folder flushed (where the platform allows).
 */
export function writeCheckpoint(file: string, id: CheckpointIdentity, p: SearchProgress): void {
  writeDurably(file, checkpointText(id, p));
}

/**
 * Writes `text` to `file` whole or not at all, and durably: to a temporary file in the same
 * folder, flushed to the disk, renamed over `file`, and the folder flushed (where the
 * platform allows). Errors of the file system propagate.
 */
export function writeDurably(file: string, text: string): void {
  const dir = path.dirname(file);
  sweepStaleTemps(dir, path.basename(file));
  const tmp = tempFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } finally {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // renamed: nothing left
    }
  }
  try {
    const d = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  } catch {
    // a platform that cannot open or flush a folder: the rename is still atomic
  }
}

/** `body` as the text of a file with its checksum (FNV-1a of the JSON of `body`) as last field. */
export function checksummedText(body: object): string {
  return `${JSON.stringify({ ...body, checksum: fnv(JSON.stringify(body)) })}\n`;
}

/** A value's JSON with object keys sorted (to compare parameters and options whatever their order). */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (typeof x === 'object' && x !== null) {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x) ?? 'undefined';
}

/** The fields that must be equal, with how to name them in the error. */
const IDENTITY: readonly [keyof CheckpointIdentity, string][] = [
  ['engineVersion', 'engine version'],
  ['scenario', 'scenario'],
  ['scenarioDigest', 'scenario file content'],
  ['variant', 'variant'],
  ['params', 'parameters'],
  ['strategy', 'strategy'],
  ['search', 'dfs options (--dpor, --preemption-bound, --delay-bound)'],
  ['maxSteps', '--max-steps'],
  ['idleTimers', '--idle-timers'],
  ['preemptAtAccesses', '--preempt-at-accesses'],
];

/**
 * Reads the checkpoint `file` for the search `id`: null when the file does not exist (a
 * fresh search), its progress when it is a valid checkpoint of this search. Anything else
 * is a `UsageError` with one line: not a checkpoint, damaged, or of another search (naming
 * the first field that differs, with both values).
 */
export function readCheckpoint(file: string, id: CheckpointIdentity): SearchProgress | null {
  const f = readChecked(file, CHECKPOINT_FORMAT, CHECKPOINT_VERSION) as (Partial<CheckpointFile> & Record<string, unknown>) | null;
  if (f === null) return null;
  for (const [k, name] of IDENTITY) sameIdentity(file, name, f[k], id[k]);
  const p = progressOf(f);
  if (p === null) throw damaged(file, 'is damaged (a field has the wrong type)');
  return p;
}

/** The one-line error about a checkpoint file that cannot be used as it is. */
export function damaged(file: string, why: string): UsageError {
  return new UsageError(`checkpoint ${file} ${why}; remove it to start the search afresh`);
}

/**
 * Throws the one-line "of another search" error when the file's value of an identity field
 * (`was`) differs from this run's (`now`), compared with object keys in any order.
 */
export function sameIdentity(file: string, name: string, was: unknown, now: unknown): void {
  const a = canonical(was ?? null);
  const b = canonical(now);
  if (a !== b) throw new UsageError(`checkpoint ${file} is of another search: its ${name} is ${a}, this run's is ${b} (use another file, or remove it to start afresh)`);
}

/** `x` as a search's progress (as `SearchProgress` is written in a file), or null when a field has the wrong type. */
export function progressOf(x: unknown): SearchProgress | null {
  if (typeof x !== 'object' || x === null) return null;
  const f = x as Record<string, unknown>;
  const okCount = (y: unknown): y is number => typeof y === 'number' && Number.isSafeInteger(y) && y >= 0;
  const finished = f['finished'];
  if (!okCount(f['executions']) || !okCount(f['steps']) || !(finished === null || finished === 'exhausted' || finished === 'violation') || !isDfsSnapshot(f['snapshot'])) return null;
  return { snapshot: f['snapshot'], executions: f['executions'], steps: f['steps'], finished };
}

/**
 * Reads a checksummed checkpoint file of `format` at layout `version`: null when it does
 * not exist; its fields (the checksum removed) when it is whole; else a `UsageError` of one
 * line (cannot be read, not JSON, another format or version, checksum does not match).
 */
export function readChecked(file: string, format: string, version: number): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`cannot read checkpoint ${file}: ${code ?? String(e)}`);
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw damaged(file, 'is not valid JSON (damaged or truncated)');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o) || (o as { format?: unknown }).format !== format) {
    const other = typeof o === 'object' && o !== null && typeof (o as { format?: unknown }).format === 'string' && String((o as { format: string }).format).startsWith('interleave-');
    throw damaged(file, other ? `is an ${String((o as { format: string }).format)} file, not an ${format} file` : `is not an interleave checkpoint file`);
  }
  const f = o as Record<string, unknown>;
  if (f['version'] !== version) throw damaged(file, `has layout version ${String(f['version'])}; this interleave reads version ${version}`);
  const { checksum, ...rest } = f;
  if (typeof checksum !== 'string' || fnv(JSON.stringify(rest)) !== checksum) throw damaged(file, 'is damaged (its checksum does not match its content)');
  return rest;
}
