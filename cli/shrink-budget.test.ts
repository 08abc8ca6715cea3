import { shrinkBudget, type UnitCounters } from './unit';

/** Counters that record what the shrinker reported. */
function counters(cancel: () => boolean): UnitCounters & { readonly seen: number[] } {
  const seen: number[] = [];
  return { seen, executions: () => undefined, beat: () => undefined, found: () => undefined, cancelled: cancel, shrinking: (n) => void seen.push(n) };
}

describe('shrinkBudget', () => {
  it('should pass the shrinker’s progress to the shared counters', () => {
    const c = counters(() => false);
    const b = shrinkBudget(60_000, c);
    b.onProgress({ attempts: 1 });
    b.onProgress({ attempts: 2 });
    expect(c.seen).toEqual([1, 2]);
    expect(b.shouldStop()).toBe(false);
  });

  it('should stop shrinking when the wall-clock budget is spent, or when the pool cancels the unit', () => {
    expect(shrinkBudget(0, counters(() => false)).shouldStop()).toBe(true);
    expect(shrinkBudget(60_000, counters(() => true)).shouldStop()).toBe(true);
  });
});
