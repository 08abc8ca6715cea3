/**
 * The TypeScript compiler this package depends on (6.x), resolved from this package's own
 * location — never the user's. A user may have `typescript@7` installed (a native build
 * with no JavaScript API), an older one, or none at all: npm then nests our own copy
 * under our folder, and `require` from this file finds that copy first.
 */
import type * as TS from 'typescript';

/** The major version the loader and the type check are written for. */
export const TYPESCRIPT_MAJOR = 6;

let cached: typeof TS | null = null;

/**
 * Our TypeScript module. Throws an `internal error` naming where it was found when that
 * is not a TypeScript with a compiler API (a broken install).
 */
export function ownTypeScript(): typeof TS {
  if (cached !== null) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  const major = Number(String(ts?.version ?? '').split('.')[0]);
  if (typeof ts?.transpileModule !== 'function' || typeof ts?.createProgram !== 'function' || major !== TYPESCRIPT_MAJOR) {
    throw new Error(
      `internal error: interleave needs its own TypeScript ${TYPESCRIPT_MAJOR}.x with a compiler API, but found ${String(ts?.version ?? 'none')} at ${safeResolve()}; reinstall interleave`,
    );
  }
  cached = ts;
  return ts;
}

function safeResolve(): string {
  try {
    return require.resolve('typescript');
  } catch {
    return '(nowhere)';
  }
}
