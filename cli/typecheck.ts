/**
 * The type check of a user's scenario file, before anything runs: this package's own
 * TypeScript 6 (`own-typescript.ts`) checks the file and the local files it imports, with
 * `interleave` (and `interleave/internal`) mapped to this very package's types — the same
 * package the loader maps them to at run time. Compiler options come from the nearest
 * `tsconfig.json` above the file (as an editor would read them), else from the defaults
 * below, which are what `interleave init` writes. `--no-typecheck` skips it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import { UsageError } from '../sim/internal';
import { ownTypeScript } from './own-typescript';
import { formatDiagnostic, shownPath } from './ts-require';

/** A type check that found errors: every diagnostic, one line each, then a summary. */
export class TypeCheckError extends UsageError {
  constructor(
    /** `file:line:column - error TSnnnn: message`, one per error. */
    readonly diagnostics: readonly string[],
    summary: string,
  ) {
    super(summary);
  }
}

/** The folder this package runs from: `dist/` when built, the repository when from source. */
function packageRoot(): string {
  return path.resolve(__dirname, '..');
}

/** The type declarations `import … from 'interleave'` (or `'interleave/internal'`) resolves to. */
export function typesEntry(which: 'index' | 'internal'): string {
  const base = path.join(packageRoot(), 'sim', which);
  for (const f of [`${base}.d.ts`, `${base}.ts`]) if (fs.existsSync(f)) return f;
  throw new Error(`internal error: the type declarations of interleave (${base}.d.ts) are missing`);
}

/**
 * The options used when no tsconfig.json is found: the same as `interleave init` writes
 * but for jest's types (Node's give `console`; when `@types/node` is not installed, the
 * TS2688 that says so is ignored below).
 */
function defaultOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
  };
}

const checked = new Set<string>();

/**
 * Type-checks `file` (an absolute path). Throws a `TypeCheckError` listing every error
 * (exit 2); returns when there is none. Each file is checked once per process.
 */
export function typeCheckFile(file: string): void {
  if (checked.has(file)) return;
  const ts = ownTypeScript();
  const cwd = process.cwd();
  const lines: string[] = [];
  let options = defaultOptions(ts);
  const config = ts.findConfigFile(path.dirname(file), (f) => ts.sys.fileExists(f));
  if (config !== undefined) {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => void lines.push(formatDiagnostic(d, cwd)),
    });
    if (parsed !== undefined) {
      for (const d of parsed.errors) if (d.category === ts.DiagnosticCategory.Error && d.code !== 18003) lines.push(formatDiagnostic(d, cwd));
      options = parsed.options;
    }
  }
  const root = packageRoot();
  options = {
    ...options,
    noEmit: true,
    emitDeclarationOnly: false,
    declaration: false,
    composite: false,
    incremental: false,
    paths: { ...(options.paths ?? {}), interleave: [typesEntry('index')], 'interleave/internal': [typesEntry('internal')] },
  };
  if (lines.length === 0) {
    const program = ts.createProgram({ rootNames: [file], options });
    const mine = (f: TS.SourceFile): boolean => !f.isDeclarationFile && !f.fileName.split(/[\\/]/).includes('node_modules') && !isInside(f.fileName, root);
    const diags: TS.Diagnostic[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    for (const f of program.getSourceFiles()) if (mine(f)) diags.push(...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f));
    // TS2688 "Cannot find type definition file for 'jest'": a `types` entry of the tsconfig
    // not installed yet (right after `interleave init`); the scenario does not need it
    // (and one that uses `console` without Node's types gets its own error, TS2584).
    for (const d of diags) if (d.category === ts.DiagnosticCategory.Error && d.code !== 2688) lines.push(formatDiagnostic(d, cwd));
  }
  if (lines.length > 0) {
    const n = lines.length;
    throw new TypeCheckError(lines, `${n} type error${n === 1 ? '' : 's'} in scenario file ${shownPath(file, cwd)} (--no-typecheck runs it anyway)`);
  }
  checked.add(file);
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
