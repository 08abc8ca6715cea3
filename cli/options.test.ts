/**
 * Command-line values and the progress-bar decision.
 */
import { UsageError } from '../sim/internal';
import { parseDuration, parseParams, parseSeed, parseShard, positiveInt } from './options';
import { progressWanted } from './progress';

describe('options', () => {
  it('should parse seeds as integers when they look like one, else as strings', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('-3')).toBe(-3);
    expect(parseSeed('0/3')).toBe('0/3');
    expect(() => parseSeed('99999999999999999999')).toThrow(UsageError);
  });

  it('should parse durations with units, a bare number being seconds', () => {
    expect(parseDuration('time-limit', '500ms')).toBe(500);
    expect(parseDuration('time-limit', '10s')).toBe(10_000);
    expect(parseDuration('time-limit', '1.5m')).toBe(90_000);
    expect(parseDuration('time-limit', '2')).toBe(2000);
    expect(() => parseDuration('time-limit', '0s')).toThrow('--time-limit must be a positive duration');
    expect(() => parseDuration('time-limit', 'soon')).toThrow(UsageError);
  });

  it('should parse shards I/N with 1 ≤ I ≤ N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).toThrow(UsageError);
  });

  it('should parse --param KEY=VALUE pairs and refuse repeats', () => {
    expect(parseParams(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
    expect(() => parseParams(['a'])).toThrow('expected KEY=VALUE');
    expect(() => parseParams(['a=1', 'a=2'])).toThrow('given twice');
    expect(() => positiveInt('runs', '0')).toThrow('--runs must be a positive integer, got "0"');
  });
});

describe('progressWanted', () => {
  it('should show progress only on a terminal, without --json, --no-progress or CI', () => {
    expect(progressWanted({ json: false, flag: undefined, isTTY: true, env: {} })).toBe(true);
    expect(progressWanted({ json: true, flag: undefined, isTTY: true, env: {} })).toBe(false);
    expect(progressWanted({ json: false, flag: false, isTTY: true, env: {} })).toBe(false);
    expect(progressWanted({ json: false, flag: undefined, isTTY: false, env: {} })).toBe(false);
    expect(progressWanted({ json: false, flag: undefined, isTTY: true, env: { CI: 'true' } })).toBe(false);
  });
});
