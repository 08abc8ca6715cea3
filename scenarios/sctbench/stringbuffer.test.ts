import { explore, type TraceStep } from '../../sim';
import stringbuffer from './stringbuffer';

/*
 * stringbuffer.cpp (mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/conc-bugs/stringbuffer-jdk1.4/): the shared accesses the binary makes, in
 * its order. `memcpy` and `strlen` run in libc, which the binary instrumentation of the
 * schedulers we compare with does not see; the loads of their arguments (`value`,
 * `count`) are the program's own.
 */
function failingTrace(params: Record<string, unknown> = {}): readonly TraceStep[] {
  return explore(stringbuffer, { variant: 'bug', strategy: 'random', seed: 1, runs: 10_000, shrink: false, params }).violation!.trace;
}

/** Goroutine `g`'s steps on an object, as `name effect` (`buffer.count load`). */
function stepsOf(trace: readonly TraceStep[], g: string): string[] {
  return trace.filter((e) => e.goroutine === g && e.object !== null).map((e) => `${e.object!.replace(/^(shared|mutex) "(.*)"$/, '$2')} ${e.effect}`);
}

/** The steps from the first occurrence of `first` to the next `last`, inclusive. */
function between(steps: readonly string[], first: string, last: string, from = 0): string[] {
  const i = steps.indexOf(first, from);
  const j = steps.indexOf(last, i + 1);
  expect([first, i >= 0, last, j > i]).toEqual([first, true, last, true]);
  return steps.slice(i, j + 1);
}

describe('sctbench-stringbuffer-jdk1-4', () => {
  it('should make erase(0, 3) read count three times and value twice, and write count once (the memcpy is libc)', () => {
    const t = stepsOf(failingTrace(), 'thread_main');
    expect(between(t, 'buffer.mutex_lock lock', 'buffer.mutex_lock unlock')).toEqual([
      'buffer.mutex_lock lock',
      'buffer.count load', // if (end > count)
      'buffer.value load', // memcpy(value + start,
      'buffer.value load', //   value + start + len,
      'buffer.count load', //   count - end)
      'buffer.count load', // count -= len
      'buffer.count store(0)',
      'buffer.mutex_lock unlock',
    ]);
  });

  it("should load sb's value and count as getChars' arguments before the call, between length() and getChars()", () => {
    const m = stepsOf(failingTrace(), 'main');
    const lengthUnlock = m.indexOf('buffer.mutex_lock unlock', m.indexOf('sb.mutex_lock lock'));
    expect(between(m, 'buffer.mutex_lock unlock', 'buffer.mutex_lock lock', lengthUnlock)).toEqual([
      'buffer.mutex_lock unlock', // end of sb->length()
      'sb.count load', // newcount = count + len
      'sb.value_length load', // if (newcount > value_length)
      'sb.value load', // sb->getChars(0, len, value,
      'sb.count load', //   count)
      'buffer.mutex_lock lock', // getChars
    ]);
  });

  it('should never store value after the constructors: the characters move in libc', () => {
    const t = failingTrace();
    const stores = t.filter((e) => /\.value"$/.test(e.object ?? '') && e.effect.startsWith('store'));
    // one per constructor: null_buffer, buffer, sb
    expect(stores.map((e) => e.object)).toEqual(['shared "null_buffer.value"', 'shared "buffer.value"', 'shared "sb.value"']);
  });
});
