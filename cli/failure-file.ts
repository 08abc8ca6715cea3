/**
 * Failure files: one JSON file per violation found, in `--out`, named
 * `<scenario>-<hash8>.json` by a hash of the content (so the same failure found again
 * names the same file), written atomically (a temporary file, then a rename) and never
 * over a different file. `replay` reads them back and checks them. The schema is in
 * reports/README.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION, UsageError, VIOLATION_KINDS, type Params, type TraceStep } from '../sim/internal';
import { createFile, makeDir, sweepStaleTemps } from './atomic-write';
import { checkReadable, fsErrorText } from './load-file';

/** The `format` field every failure file carries. */
export const FAILURE_FORMAT = 'interleave-failure';
/** The failure-file schema version this CLI writes and reads. */
export const FAILURE_VERSION = 1;

/** A failure file (schema version 1). */
export interface FailureFile {
  readonly format: typeof FAILURE_FORMAT;
  readonly version: typeof FAILURE_VERSION;
  /** `ENGINE_VERSION` of the engine that found it; replay refuses another. */
  readonly engineVersion: string;
  /** The scenario's name, and the absolute path of a user scenario file (null for built-ins). */
  readonly scenario: { readonly name: string; readonly file: string | null };
  readonly variant: string;
  readonly params: Params;
  /** The strategy and seed that found it, and the execution (1-based) within that seed. */
  readonly strategy: string;
  readonly seed: number | string;
  readonly execution: number;
  /** The schedule string (it also carries scenario, variant and parameters). */
  readonly schedule: string;
  /** The violation; `message` is the engine's, whose last line replays the schedule. */
  readonly violation: { readonly kind: string; readonly message: string; readonly step: number; readonly time: number };
  readonly trace: readonly TraceStep[];
}

/**
 * Writes `f` into `dir` (created if needed) and returns its path. An identical file
 * already there is reused; a different one with the same name gets a `-2`, `-3`… suffix.
 * An existing file is never changed, even by another run writing the same directory at
 * the same moment (see atomic-write.ts).
 */
export function writeFailureFile(dir: string, f: FailureFile): string {
  const text = failureText(f);
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 8);
  try {
    makeDir(dir);
  } catch (e) {
    throw new UsageError(`cannot create output directory ${dir}: ${fsErrorText(e, dir, 'directory')}`);
  }
  if (!swept.has(path.resolve(dir))) {
    swept.add(path.resolve(dir));
    sweepStaleTemps(dir);
  }
  for (let n = 1; n < 1000; n++) {
    const name = `${f.scenario.name}-${hash}${n === 1 ? '' : `-${n}`}.json`;
    const file = path.join(dir, name);
    // Twice: when another process creates the file between our look and our write, look again.
    for (let attempt = 0; attempt < 2; attempt++) {
      let existing: string | null;
      try {
        existing = fs.readFileSync(file, 'utf8');
      } catch {
        existing = fs.existsSync(file) ? '' : null; // unreadable, or a directory: taken
      }
      if (existing === text) return file;
      if (existing !== null) break;
      try {
        if (createFile(file, text)) return file;
      } catch (e) {
        throw new UsageError(`cannot write failure file in ${dir}: ${fsErrorText(e, file, 'file')}`);
      }
    }
  }
  throw new Error(`internal error: 999 different failure files named ${f.scenario.name}-${hash}*.json`);
}

/** Directories whose stale temporary files this process has removed. */
const swept = new Set<string>();

/** The file's text: indented JSON, with one trace step per line (traces can be long). */
export function failureText(f: FailureFile): string {
  const marker = '"__interleave_trace__"';
  const steps = f.trace.map((s) => `    ${JSON.stringify(s)}`).join(',\n');
  const head = JSON.stringify({ ...f, trace: '__interleave_trace__' }, null, 2);
  return head.replace(marker, f.trace.length === 0 ? '[]' : `[\n${steps}\n  ]`) + '\n';
}

/** `file` as the replay line names it: relative to `cwd` when inside it, else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}

/** Checks that `--out` can be a directory (it does not exist yet, or is one). */
export function checkOutDir(dir: string): void {
  try {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${dir} is not a directory`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(fsErrorText(e, dir, 'output directory'));
  }
}

/** Reads and checks a failure file: a `UsageError` with one line for anything wrong with it. */
export function readFailureFile(file: string): FailureFile {
  checkReadable(file, 'failure file');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(fsErrorText(e, file, 'failure file'));
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark some editors add
  } catch (e) {
    throw new UsageError(`failure file ${file} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return checkFailure(data, file);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A short description of a JSON value for a message (never its whole text). */
function shortValue(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  if (x === undefined) return 'missing';
  return Array.isArray(x) ? 'an array' : 'an object';
}

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Why `x` is not a trace step, or null. */
function traceStepProblem(x: unknown): string | null {
  if (!isPlainObject(x)) return 'is not an object';
  for (const k of ['step', 'time'] as const) if (!isCount(x[k])) return `has no ${k}`;
  if (!(typeof x['gid'] === 'number' && Number.isSafeInteger(x['gid']) && x['gid'] >= -1)) return 'has no gid';
  for (const k of ['goroutine', 'effect'] as const) if (typeof x[k] !== 'string') return `has no ${k}`;
  for (const k of ['object', 'result', 'note'] as const) if (x[k] !== null && typeof x[k] !== 'string') return `has a ${k} that is neither text nor null`;
  return null;
}

/** Checks every field `replay` and `shrink` use, so that nothing later trips on a hostile file. */
function checkFailure(d: unknown, file: string): FailureFile {
  const bad = (why: string): never => {
    throw new UsageError(`failure file ${file} is malformed: ${why}`);
  };
  if (!isPlainObject(d) || d['format'] !== FAILURE_FORMAT) {
    throw new UsageError(`${file} is not an interleave failure file (no "format": "${FAILURE_FORMAT}")`);
  }
  const o = d;
  if (o['version'] !== FAILURE_VERSION) {
    throw new UsageError(`failure file ${file} has format version ${shortValue(o['version'])}; this interleave reads version ${FAILURE_VERSION}`);
  }
  if (typeof o['engineVersion'] !== 'string') bad('no engineVersion');
  if (o['engineVersion'] !== ENGINE_VERSION) {
    const theirs = String(o['engineVersion']).slice(0, 40).replace(/\s+/g, ' ');
    throw new UsageError(
      `failure file ${file} was written by interleave engine ${theirs}, this is engine ${ENGINE_VERSION}: a schedule replays exactly only on the engine that found it (run the scenario again for a new failure file)`,
    );
  }
  const sc = o['scenario'];
  if (!isPlainObject(sc) || typeof sc['name'] !== 'string' || sc['name'] === '') bad('no scenario name');
  const scenarioFile = (sc as Record<string, unknown>)['file'];
  if (scenarioFile !== null && !(typeof scenarioFile === 'string' && path.isAbsolute(scenarioFile))) bad('scenario.file must be an absolute path or null');
  if (typeof o['variant'] !== 'string') bad('no variant');
  if (typeof o['schedule'] !== 'string' || o['schedule'] === '') bad('no schedule');
  if (typeof o['strategy'] !== 'string') bad('no strategy');
  const seed = o['seed'];
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isSafeInteger(seed)))) bad('the seed must be an integer or a string');
  if (!(isCount(o['execution']) && (o['execution'] as number) >= 1)) bad('execution must be a positive integer');
  const params = o['params'];
  if (!isPlainObject(params)) bad('no params');
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) bad(`parameter ${JSON.stringify(k.slice(0, 40))} is not a number, string or boolean`);
  }
  const v = o['violation'];
  if (!isPlainObject(v) || typeof v['kind'] !== 'string' || typeof v['message'] !== 'string') bad('no violation kind and message');
  const kind = (v as Record<string, unknown>)['kind'] as string;
  if (!(VIOLATION_KINDS as readonly string[]).includes(kind)) bad(`unknown violation kind ${JSON.stringify(kind.slice(0, 40))}`);
  if (!isCount((v as Record<string, unknown>)['step']) || !isCount((v as Record<string, unknown>)['time'])) bad('no violation step and time');
  const trace = o['trace'];
  if (!Array.isArray(trace)) bad('no trace');
  (trace as unknown[]).forEach((step, i) => {
    const why = traceStepProblem(step);
    if (why !== null) bad(`trace step ${i} ${why}`);
  });
  return d as unknown as FailureFile;
}
