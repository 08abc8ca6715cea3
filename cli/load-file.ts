/**
 * Loads a user scenario file from anywhere on disk: a TypeScript (or JavaScript) module
 * whose default export is a `defineScenario(...)`. TypeScript is compiled by ts-node in
 * transpile-only mode (no type check, the user's tsconfig is not read), and the module
 * name `interleave` is mapped to this very package — `dist/sim/index.js` when running
 * the built CLI, `sim/index.ts` from source — so the file needs no install of its own.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { isScenario, UsageError, type Scenario } from '../sim';
import { errorParts, oneLine } from './errors';

/** The module `import ... from 'interleave'` resolves to. */
export function interleaveEntry(): string {
  return require.resolve('../sim/index');
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let hooked = false;

/** Makes `require('interleave')` (and `import … from 'interleave'`) resolve to this package. */
export function hookInterleaveModule(): void {
  if (hooked) return;
  hooked = true;
  const target = interleaveEntry();
  const M = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    if (request === 'interleave') return target;
    return original.call(this, request, parent, isMain, options);
  };
}

let tsRegistered = false;

/** Compiles `.ts` files on require (once per process or worker). */
export function registerTypeScript(): void {
  if (tsRegistered) return;
  tsRegistered = true;
  // Already running under ts-node (the CLI from source): its hook handles .ts files.
  if ((process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require('ts-node') as typeof import('ts-node');
  tsNode.register({
    transpileOnly: true,
    skipProject: true,
    // Always CommonJS, even beside a package.json with "type": "module".
    moduleTypes: { [`${path.parse(process.cwd()).root.replace(/\\/g, '/')}**`]: 'cjs' },
    compilerOptions: { module: 'commonjs', moduleResolution: 'bundler', target: 'ES2022', esModuleInterop: true, sourceMap: true },
  });
}

const loaded = new Map<string, Scenario>();

/**
 * The scenario a file default-exports. Every problem (missing, a directory, unreadable,
 * does not compile, throws while loading, exports no scenario) is a `UsageError` with
 * one line.
 */
export function loadScenarioFile(file: string): Scenario {
  const abs = path.resolve(file);
  const cached = loaded.get(abs);
  if (cached !== undefined) return cached;
  checkReadable(abs, 'scenario file', file);
  if (!/\.(ts|cts|js|cjs)$/.test(abs)) throw new UsageError(`scenario file ${file} must end in .ts or .js`);
  hookInterleaveModule();
  if (/\.c?ts$/.test(abs)) registerTypeScript();
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
    // ts-node's TSError: "⨯ Unable to compile TypeScript:\nfile.ts(3,5): error TS1005: ..."
    if (name === 'TSError') {
      const diag = message.split('\n').find((l) => /error TS\d+/.test(l));
      return `it does not compile: ${oneLine(diag ?? message)}`;
    }
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
