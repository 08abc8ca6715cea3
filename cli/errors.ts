/**
 * How the CLI turns errors into one line and an exit code: bad input (the engine's
 * `ScenarioError` / `UsageError` / `ScheduleError`) is `error: …` and exit 2; anything
 * else is a bug of interleave itself: `internal error: …` and exit 3 (the stack only with
 * `INTERLEAVE_DEBUG=1`). The line is printable: control characters (terminal escapes
 * from a hostile file) are shown as `\uXXXX`, and it is cut at `MAX_LINE` characters.
 */
import { isInputError } from '../sim/internal';

/** Exit codes of DESIGN.md. */
export const EXIT = { ok: 0, violation: 1, usage: 2, internal: 3 } as const;

/** Longest error line printed (a message can quote a huge input). */
export const MAX_LINE = 2000;

/** The first line of `s`, trimmed, never empty. */
export function oneLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line ?? '(no message)';
}

/** `s` with C0/C1 control characters (but not newlines and tabs) written as `\uXXXX`. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An untrusted name for a message: JSON-quoted (so newlines and escapes show), at most 200 characters. */
export function quoted(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}

/**
 * The name, message and (when `withStack`) stack of anything thrown, without ever
 * throwing (getters and `toString` may). The stack is formatted on first access, which
 * with source maps is costly: only ask for it when it is printed.
 */
export function errorParts(e: unknown, withStack = true): { name: string; message: string; stack: string | undefined } {
  const safe = (f: () => unknown, fallback: string): string => {
    try {
      const v = f();
      return typeof v === 'string' ? v : fallback;
    } catch {
      return fallback;
    }
  };
  if (e instanceof Error) {
    const name = safe(() => e.name, 'Error');
    const message = safe(() => e.message, '(a message that cannot be read)');
    const stack = withStack ? safe(() => e.stack, '') : '';
    return { name, message, stack: stack === '' ? undefined : stack };
  }
  return { name: 'Error', message: safe(() => String(e), '(a value that cannot be printed)'), stack: undefined };
}

/** The line to print and the exit code for an error that reached the top. */
export function describeError(e: unknown): { line: string; code: number; stack?: string } {
  const { message } = errorParts(e, false);
  const cut = (s: string): string => printable(s.length > MAX_LINE ? `${s.slice(0, MAX_LINE)}…` : s);
  let input = false;
  try {
    input = isInputError(e);
  } catch {
    input = false; // a hostile `name` getter: not one of ours
  }
  if (input) return { line: `error: ${cut(oneLine(message))}`, code: EXIT.usage };
  const msg = cut(oneLine(message).replace(/^internal error:\s*/, ''));
  const { stack } = errorParts(e);
  return stack === undefined ? { line: `internal error: ${msg}`, code: EXIT.internal } : { line: `internal error: ${msg}`, code: EXIT.internal, stack };
}

/** An error from a worker thread, rebuilt in the main thread with its kind. */
export class WorkerFailure extends Error {
  constructor(
    message: string,
    /** The error's name in the worker (`UsageError`, `ScenarioError`, `TypeError`…). */
    readonly errorName: string,
    readonly workerStack?: string,
  ) {
    super(message);
    // Keep input errors recognisable by `isInputError` (it checks the name).
    this.name = errorName === 'ScenarioError' || errorName === 'UsageError' || errorName === 'ScheduleError' ? errorName : 'WorkerFailure';
  }
}
