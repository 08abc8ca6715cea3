/**
 * Test helper: the CLI for subprocess tests. `dist/` when it is fresh; otherwise the
 * project transpiled as `npm run build` lays it out (sim/, scenarios/, cli/, reports/ as
 * CommonJS, each beside its TypeScript source, whose types the type check of user
 * scenario files reads) into a temporary directory outside the project with
 * `node_modules` linked.
 * Transpile only: type errors are `tsc --noEmit`'s job.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
const DIRS = ['sim', 'scenarios', 'cli', 'reports'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'test-helpers' && e.name !== 'node_modules' && !e.name.startsWith('.')) out.push(...sources(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** A built CLI: `main` is the path of `cli/main.js`. */
export interface BuiltCli {
  readonly dir: string;
  readonly main: string;
  cleanup(): void;
}

/** True when `dist/` (from `npm run build`, or `npm ci`'s prepare) is newer than every source. */
export function distIsFresh(files: readonly string[] = DIRS.flatMap((d) => sources(path.join(ROOT, d)))): boolean {
  for (const f of files) {
    const out = path.join(ROOT, 'dist', path.relative(ROOT, f)).replace(/\.ts$/, '.js');
    try {
      if (fs.statSync(out).mtimeMs < fs.statSync(f).mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The CLI to test: `dist/` when it is up to date with the sources (as after `npm ci`),
 * else a transpiled copy in a temporary directory keyed by the sources' hash, shared by
 * the test files of one run.
 */
export function buildCli(): BuiltCli {
  const files = DIRS.flatMap((d) => sources(path.join(ROOT, d)));
  if (distIsFresh(files)) return { dir: path.join(ROOT, 'dist'), main: path.join(ROOT, 'dist', 'cli', 'main.js'), cleanup: () => undefined };
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(fs.readFileSync(f)).update('\0');
  const dir = path.join(os.tmpdir(), `interleave-cli-${hash.digest('hex').slice(0, 16)}`);
  const built = { dir, main: path.join(dir, 'cli', 'main.js'), cleanup: () => undefined };
  if (fs.existsSync(path.join(dir, '.complete'))) return built;
  removeStale();
  const tmp = fs.mkdtempSync(`${dir}.tmp-`);
  fs.chmodSync(tmp, 0o755); // readable by the unprivileged user of the permission tests
  transpileInto(tmp, files);
  fs.writeFileSync(path.join(tmp, '.complete'), '');
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another test file built it first
  }
  return built;
}

function transpileInto(dir: string, files: readonly string[]): void {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, isolatedModules: true };
  for (const file of files) {
    const out = path.join(dir, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(out, ts.transpileModule(text, { compilerOptions: options, fileName: file }).outputText);
    // The source beside it: the type check of user files reads the types from it (dist/ has .d.ts files instead).
    fs.writeFileSync(out.replace(/\.js$/, '.ts'), text);
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Removes test builds older than a day. */
function removeStale(): void {
  const now = Date.now();
  for (const e of fs.readdirSync(os.tmpdir())) {
    if (!e.startsWith('interleave-cli-')) continue;
    const p = path.join(os.tmpdir(), e);
    try {
      if (now - fs.statSync(p).mtimeMs > 86_400_000) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI with `args` (no colour, no CI progress, unless `env` says so). */
export function runCli(cli: BuiltCli, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', COLUMNS: '120', ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const o: SpawnSyncOptions = { cwd: opts.cwd ?? os.tmpdir(), env, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024 };
  if (opts.uid !== undefined) o.uid = opts.uid;
  if (opts.gid !== undefined) o.gid = opts.gid;
  const r = spawnSync(process.execPath, [cli.main, ...args], o);
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** A fresh temporary directory (outside the project). */
export function tempDir(prefix = 'interleave-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
