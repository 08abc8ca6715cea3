/**
 * `require` of a user's `.ts` scenario file: each file is transpiled (no type check; that
 * is `typecheck.ts`'s job) by this package's own TypeScript, always to CommonJS — even
 * beside a `package.json` with `"type": "module"` — with an inline source map, so a
 * goroutine's stack points at the user's lines. The user's tsconfig is not read here.
 */
import Module from 'node:module';
import path from 'node:path';
import { UsageError } from '../sim/internal';
import { ownTypeScript } from './own-typescript';

type Loader = (module: { _compile(code: string, file: string): void }, filename: string) => void;

/** Extensions compiled as TypeScript. */
export const TS_EXTENSIONS = ['.ts', '.cts', '.mts'] as const;

let registered = false;

/**
 * Compiles `.ts`/`.cts`/`.mts` files on `require` in this thread (once per process or
 * worker). When something else (ts-node, a test runner) already handles `.ts`, it is
 * left in charge.
 */
export function registerTypeScript(): void {
  if (registered) return;
  registered = true;
  const ext = (Module as unknown as { _extensions: Record<string, Loader | undefined> })._extensions;
  if (ext['.ts'] !== undefined) return;
  process.setSourceMapsEnabled?.(true);
  const load: Loader = (module, filename) => {
    const text = require('node:fs').readFileSync(filename, 'utf8') as string;
    module._compile(transpile(text, filename), filename);
  };
  for (const e of TS_EXTENSIONS) ext[e] = load;
}

/** The CommonJS JavaScript of one TypeScript file; a `UsageError` naming the first syntax error. */
export function transpile(text: string, filename: string): string {
  const ts = ownTypeScript();
  const out = ts.transpileModule(text, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new UsageError(`it does not compile: ${formatDiagnostic(errors[0]!, process.cwd())}`);
  return out.outputText;
}

/** `file:line:column - error TSnnnn: message` (tsc's form), with the path relative to `cwd` when inside it. */
export function formatDiagnostic(d: import('typescript').Diagnostic, cwd: string): string {
  const ts = ownTypeScript();
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ');
  const code = `error TS${d.code}: ${text}`;
  if (d.file === undefined || d.start === undefined) return code;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${shownPath(d.file.fileName, cwd)}:${line + 1}:${character + 1} - ${code}`;
}

/** `file` relative to `cwd` when it is inside it, else absolute. */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}
