/**
 * Crash-safe file writes. Text goes to a hidden temporary file beside the target
 * (`.<name>.<pid>.<random>.tmp`), which then becomes the target in one step: a process
 * killed at any moment leaves either no target or the whole of it, never a part. Failure
 * files are *created* with a hard link, which fails rather than replace a file that
 * appeared meanwhile (another run writing the same directory); report files replace
 * theirs with a rename. Temporary files a killed process left behind are removed by the
 * next write into the same directory once their process is gone.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A temporary file of ours: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A stale temporary file is this old at least (a slow write of a huge trace may take seconds). */
export const STALE_TEMP_MS = 60_000;

/** The temporary file for `target`, in its directory. */
export function tempFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files in `dir` left by processes that no longer run (and are older
 * than `STALE_TEMP_MS`), for targets named `only` (or any). Never throws.
 */
export function sweepStaleTemps(dir: string, only?: string, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (m === null || (only !== undefined && m[1] !== only)) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || alive(pid)) continue;
    const file = path.join(dir, name);
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile() || now - st.mtimeMs < STALE_TEMP_MS) continue;
      fs.unlinkSync(file);
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function unlinkQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // nothing to clean up
  }
}

/**
 * Creates `target` with `text` unless a file of that name exists: `true` when written,
 * `false` when one was there (it is left as it is). Errors of the file system propagate.
 */
export function createFile(target: string, text: string): boolean {
  const tmp = tempFor(target);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    try {
      fs.linkSync(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // A file system without hard links: a rename, after checking (a race is unlikely there).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      if (fs.existsSync(target)) return false;
      fs.renameSync(tmp, target);
    }
    return true;
  } finally {
    unlinkQuietly(tmp);
  }
}

/**
 * Creates directory `dir` and its missing parents (`mkdir -p`), one level at a time. Not
 * Node's `mkdirSync(dir, { recursive: true })`: where a parent exists but refuses a new
 * entry with ENOENT (`/proc/nope`), Node 20's recursive mkdir retries forever, so
 * `--out /proc/nope` hung instead of failing. Errors of the file system propagate.
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); ) {
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      fs.mkdirSync(missing[i]!);
    } catch (e) {
      // another process made it meanwhile
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(missing[i]!).isDirectory()) throw e;
    }
  }
}

/** Replaces (or creates) `target` with `text` in one step. Errors of the file system propagate. */
export function replaceFile(target: string, text: string): void {
  const tmp = tempFor(target);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, target);
  } finally {
    unlinkQuietly(tmp);
  }
}
