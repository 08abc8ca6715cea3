/**
 * Errors for bad input: each carries one clear line. The CLI prints the message and exits
 * 2; anything else thrown from the engine is an internal error (exit 3).
 */

/** A scenario that is malformed, or whose setup throws. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Bad options: unknown variant, parameter or strategy, a non-positive run count… */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export { ScheduleError } from './schedule';

/** True for the errors that mean bad input (exit 2) rather than an engine bug. */
export function isInputError(e: unknown): e is Error {
  return e instanceof Error && (e.name === 'ScenarioError' || e.name === 'UsageError' || e.name === 'ScheduleError');
}
