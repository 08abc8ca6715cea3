/**
 * How errors become one line and an exit code.
 */
import { ScenarioError, ScheduleError, UsageError } from '../sim/internal';
import { describeError, errorParts, EXIT, MAX_LINE, oneLine, printable, quoted, WorkerFailure } from './errors';

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

  it('should never throw describing a hostile error, and keep it one printable line', () => {
    const getters = new Error('x');
    Object.defineProperty(getters, 'stack', { get: () => { throw new Error('stack getter'); } });
    Object.defineProperty(getters, 'message', { get: () => { throw new Error('message getter'); } });
    Object.defineProperty(getters, 'name', { get: () => { throw new Error('name getter'); } });
    const unprintable = { toString: (): string => { throw new Error('toString'); } };
    for (const e of [getters, unprintable, Symbol('s'), null, undefined]) {
      const d = describeError(e);
      expect(d.code).toBe(EXIT.internal);
      expect(d.line).toMatch(/^internal error: /);
    }
    expect(describeError(new UsageError('bad \u001b[2J\u0007 input')).line).toBe('error: bad \\u001b[2J\\u0007 input');
    expect(describeError(new UsageError('x'.repeat(10_000))).line.length).toBeLessThanOrEqual(MAX_LINE + 10);
    expect(errorParts(getters)).toEqual({ name: 'Error', message: '(a message that cannot be read)', stack: undefined });
  });

  it('should quote untrusted names with their escapes visible, and show control characters', () => {
    expect(quoted('a"b\nc')).toBe('"a\\"b\\nc"');
    expect(quoted('x'.repeat(500))).toHaveLength(203);
    expect(printable('tab\tand\nnewline stay, \u0000 and \u009b do not')).toBe('tab\tand\nnewline stay, \\u0000 and \\u009b do not');
  });
});
