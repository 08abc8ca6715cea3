/**
 * Loads a user scenario file from anywhere on disk: a TypeScript (or JavaScript) module
 * whose default export is a `defineScenario(...)`. TypeScript is transpiled by this
 * package's own TypeScript (`ts-require.ts`; never the user's, which may be 7.x with no
 * compiler API, or absent), and the module names `interleave` and `interleave/internal`
 * are mapped to this very package — `dist/sim/…` when running the built CLI,
 * `sim/….ts` from source — so the file needs no install of its own.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { isScenario, UsageError, type Scenario } from '../sim/internal';
import { errorParts, oneLine } from './errors';
import { registerTypeScript } from './ts-require';
import { typeCheckFile } from './typecheck';

/** The module `import ... from 'interleave'` resolves to. */
export function interleaveEntry(): string {
  return require.resolve('../sim/index');
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let hooked = false;

/** Makes `require('interleave')` (and `import … from 'interleave'`, and `interleave/internal`) resolve to this package. */
export function hookInterleaveModule(): void {
  if (hooked) return;
  hooked = true;
  const targets: Record<string, string> = { interleave: interleaveEntry(), 'interleave/internal': require.resolve('../sim/internal') };
  const M = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    const t = Object.prototype.hasOwnProperty.call(targets, request) ? targets[request] : undefined;
    if (t !== undefined) return t;
    return original.call(this, request, parent, isMain, options);
  };
}

const loaded = new Map<string, Scenario>();

/** How a scenario file is loaded. */
export interface LoadOptions {
  /** Type-check a TypeScript file first (the main thread does; workers load it checked already). */
  readonly typecheck: boolean;
}

/**
 * The scenario a file default-exports. Every problem (missing, a directory, unreadable,
 * does not compile, throws while loading, exports no scenario) is a `UsageError` with
 * one line; type errors (with `typecheck`) are a `TypeCheckError` listing each.
 */
export function loadScenarioFile(file: string, opts: LoadOptions = { typecheck: false }): Scenario {
  const abs = path.resolve(file);
  const cached = loaded.get(abs);
  if (cached !== undefined) return cached;
  checkReadable(abs, 'scenario file', file);
  if (!/\.(ts|cts|mts|js|cjs)$/.test(abs)) throw new UsageError(`scenario file ${file} must end in .ts or .js`);
  if (opts.typecheck && /\.[cm]?ts$/.test(abs)) typeCheckFile(abs);
  hookInterleaveModule();
  if (/\.[cm]?ts$/.test(abs)) registerTypeScript();
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs);
  } catch (e) {
    throw new UsageError(`cannot load scenario file ${file}: ${loadErrorText(e)}`);
  }
  let s: unknown;
  try {
    const m = mod as { default?: unknown } | null;
    s = m !== null && typeof m === 'object' && m.default !== undefined ? m.default : mod;
    if (!isScenario(s)) s = null;
  } catch (e) {
    throw new UsageError(`cannot load scenario file ${file}: its exports ${loadErrorText(e)}`);
  }
  if (!isScenario(s)) {
    throw new UsageError(`scenario file ${file} must default-export a scenario: export default defineScenario({ … })`);
  }
  loaded.set(abs, s);
  return s;
}

function loadErrorText(e: unknown): string {
  const { name, message } = errorParts(e, false);
  if (e instanceof Error) {
    if (name === 'ScenarioError' || name === 'UsageError') return oneLine(message);
    if (codeOf(e) === 'MODULE_NOT_FOUND') return oneLine(message);
    return `it threw ${name}: ${oneLine(message)}`;
  }
  return `it threw ${oneLine(message)}`;
}

/** An error's `code`, never throwing. */
function codeOf(e: Error): unknown {
  try {
    return (e as NodeJS.ErrnoException).code;
  } catch {
    return undefined;
  }
}

/** Throws a one-line `UsageError` unless `file` is a readable regular file. */
export function checkReadable(file: string, what: string, shown: string = file): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new UsageError(fsErrorText(e, shown, what));
  }
  if (st.isDirectory()) throw new UsageError(`${what} ${shown} is a directory, not a file`);
  if (!st.isFile()) throw new UsageError(`${what} ${shown} is not a regular file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw new UsageError(fsErrorText(e, shown, what));
  }
}

/** One line for a file-system error. */
export function fsErrorText(e: unknown, file: string, what: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `${what} ${file} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${what} ${file}: permission denied`;
    case 'EISDIR':
      return `${what} ${file} is a directory, not a file`;
    case 'ENOTDIR':
      return `${what} ${file}: a part of the path is not a directory`;
    default:
      return `cannot read ${what} ${file}: ${oneLine(e instanceof Error ? e.message : String(e))}`;
  }
}
