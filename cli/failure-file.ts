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
import { ENGINE_VERSION, UsageError, type Params, type TraceStep } from '../sim';
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
 */
export function writeFailureFile(dir: string, f: FailureFile): string {
  const text = failureText(f);
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 8);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create output directory ${dir}: ${fsErrorText(e, dir, 'directory')}`);
  }
  for (let n = 1; n < 1000; n++) {
    const name = `${f.scenario.name}-${hash}${n === 1 ? '' : `-${n}`}.json`;
    const file = path.join(dir, name);
    let existing: string | null = null;
    try {
      existing = fs.readFileSync(file, 'utf8');
    } catch {
      existing = null;
    }
    if (existing === text) return file;
    if (existing !== null) continue;
    const tmp = path.join(dir, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
    try {
      fs.writeFileSync(tmp, text, { flag: 'wx' });
      fs.renameSync(tmp, file);
    } catch (e) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      throw new UsageError(`cannot write failure file in ${dir}: ${fsErrorText(e, file, 'file')}`);
    }
    return file;
  }
  throw new Error(`internal error: 999 different failure files named ${f.scenario.name}-${hash}*.json`);
}

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
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`failure file ${file} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return checkFailure(data, file);
}

function checkFailure(d: unknown, file: string): FailureFile {
  const bad = (why: string): never => {
    throw new UsageError(`failure file ${file} is malformed: ${why}`);
  };
  if (typeof d !== 'object' || d === null || Array.isArray(d) || (d as { format?: unknown }).format !== FAILURE_FORMAT) {
    throw new UsageError(`${file} is not an interleave failure file (no "format": "${FAILURE_FORMAT}")`);
  }
  const o = d as Record<string, unknown>;
  if (o['version'] !== FAILURE_VERSION) {
    throw new UsageError(`failure file ${file} has format version ${JSON.stringify(o['version'])}; this interleave reads version ${FAILURE_VERSION}`);
  }
  if (typeof o['engineVersion'] !== 'string') bad('no engineVersion');
  if (o['engineVersion'] !== ENGINE_VERSION) {
    throw new UsageError(
      `failure file ${file} was written by interleave engine ${String(o['engineVersion'])}, this is engine ${ENGINE_VERSION}: a schedule replays exactly only on the engine that found it (run the scenario again for a new failure file)`,
    );
  }
  const sc = o['scenario'] as Record<string, unknown> | undefined;
  if (typeof sc !== 'object' || sc === null || typeof sc['name'] !== 'string') bad('no scenario name');
  if (sc!['file'] !== null && typeof sc!['file'] !== 'string') bad('scenario.file must be a path or null');
  if (typeof o['variant'] !== 'string') bad('no variant');
  if (typeof o['schedule'] !== 'string') bad('no schedule');
  if (typeof o['strategy'] !== 'string') bad('no strategy');
  if (typeof o['seed'] !== 'string' && typeof o['seed'] !== 'number') bad('no seed');
  if (typeof o['execution'] !== 'number') bad('no execution');
  if (typeof o['params'] !== 'object' || o['params'] === null) bad('no params');
  const v = o['violation'] as Record<string, unknown> | undefined;
  if (typeof v !== 'object' || v === null || typeof v['kind'] !== 'string' || typeof v['message'] !== 'string') bad('no violation kind and message');
  if (typeof v!['step'] !== 'number' || typeof v!['time'] !== 'number') bad('no violation step and time');
  if (!Array.isArray(o['trace'])) bad('no trace');
  return d as FailureFile;
}
