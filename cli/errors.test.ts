/**
 * How errors become one line and an exit code.
 */
import { ScenarioError, ScheduleError, UsageError } from '../sim';
import { describeError, EXIT, oneLine, WorkerFailure } from './errors';

describe('describeError', () => {
  it('should make bad input one line and exit 2', () => {
    for (const e of [new UsageError('bad flag\nmore'), new ScenarioError('bad scenario'), new ScheduleError('bad schedule')]) {
      const d = describeError(e);
      expect(d.code).toBe(EXIT.usage);
      expect(d.line).toMatch(/^error: bad \w+$/);
    }
  });

  it('should keep an input error from a worker thread an input error', () => {
    expect(describeError(new WorkerFailure('setup threw', 'ScenarioError')).code).toBe(EXIT.usage);
  });

  it('should make anything else an internal error, exit 3', () => {
    const d = describeError(new TypeError('x is undefined'));
    expect(d).toMatchObject({ line: 'internal error: x is undefined', code: EXIT.internal });
    expect(describeError(new WorkerFailure('internal error: boom', 'RangeError')).line).toBe('internal error: boom');
    expect(describeError('a string').line).toBe('internal error: a string');
  });

  it('should take the first non-empty line', () => {
    expect(oneLine('\n  first \nsecond')).toBe('first');
    expect(oneLine('')).toBe('(no message)');
  });
});
