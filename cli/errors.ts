/**
 * How the CLI turns errors into one line and an exit code: bad input (the engine's
 * `ScenarioError` / `UsageError` / `ScheduleError`) is `error: …` and exit 2; anything
 * else is a bug of interleave itself: `internal error: …` and exit 3 (the stack only with
 * `INTERLEAVE_DEBUG=1`).
 */
import { isInputError } from '../sim';

/** Exit codes of DESIGN.md. */
export const EXIT = { ok: 0, violation: 1, usage: 2, internal: 3 } as const;

/** The first line of `s`, trimmed, never empty. */
export function oneLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line ?? '(no message)';
}

/** The line to print and the exit code for an error that reached the top. */
export function describeError(e: unknown): { line: string; code: number; stack?: string } {
  if (isInputError(e)) return { line: `error: ${oneLine(e.message)}`, code: EXIT.usage };
  const err = e instanceof Error ? e : new Error(String(e));
  const msg = oneLine(err.message).replace(/^internal error:\s*/, '');
  const stack = typeof err.stack === 'string' ? err.stack : undefined;
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
