/**
 * The tests every correct variant of a kernel model passes, one helper so that every
 * model is held to the same standard: exhaustive DFS (with DPOR) finishes at the defaults
 * and under other settings without a violation, and 10,000 PCT and 10,000 random
 * executions find none.
 *
 * A model whose defaults take DFS longer than about 20 s to exhaust sets `defaults` to
 * `'readme'`: its unit tests then exhaust only the smaller `exhaustive` settings, and the
 * model's README records the measurement at the defaults with the command that reproduces
 * it (so that the whole suite stays within a few minutes in CI).
 */
import { explore, type Scenario } from '../../sim';

export interface HoldsOptions {
  /** The DFS budget: the executions measured to exhaust, with room. */
  readonly dfsRuns: number;
  /** The executions measured to exhaust at the defaults (named in the test). */
  readonly measured?: number;
  /**
   * `'test'` (the default): a test exhausts the defaults. `'readme'`: the defaults are too
   * large for a unit test; the README records their measurement and its command.
   */
  readonly defaults?: 'test' | 'readme';
  /** Other settings DFS must exhaust too, each with why it matters (and its measured count). */
  readonly exhaustive?: readonly { readonly params: Record<string, unknown>; readonly why: string }[];
  /**
   * A setting DFS must exhaust at statement granularity too (`preemptAtAccesses`: every
   * write of a `sim.struct` field a step of its own), with why it was chosen and its count.
   */
  readonly preemptAtAccesses?: { readonly params: Record<string, unknown>; readonly why: string };
  /** Seed of the PCT and random runs (default 1). */
  readonly seed?: number;
  /** Jest timeout of each test, for the slow models. */
  readonly timeoutMs?: number;
}

/** Defines the tests (inside the caller's `describe`). */
export function itHolds(scenario: Scenario, variant: string, o: HoldsOptions): void {
  const seed = o.seed ?? 1;
  const measured = o.measured === undefined ? '' : ` (${o.measured.toLocaleString('en-US')} executions)`;

  if (o.defaults !== 'readme') {
    it(`should hold under exhaustive dfs at the defaults${measured}`, () => {
      const r = explore(scenario, { variant, strategy: 'dfs', runs: o.dfsRuns });
      expect(r.violation?.message).toBeUndefined();
      expect(r.exhausted).toBe(true);
    }, o.timeoutMs);
  }

  for (const { params, why } of o.exhaustive ?? []) {
    it(`should hold under exhaustive dfs with ${why}`, () => {
      const r = explore(scenario, { variant, strategy: 'dfs', runs: o.dfsRuns, params });
      expect([params, r.violation?.message, r.exhausted]).toEqual([params, undefined, true]);
    }, o.timeoutMs);
  }

  const fine = o.preemptAtAccesses;
  if (fine !== undefined) {
    it(`should hold under exhaustive dfs at statement granularity (preemptAtAccesses) with ${fine.why}`, () => {
      const r = explore(scenario, { variant, strategy: 'dfs', runs: o.dfsRuns, params: fine.params, preemptAtAccesses: true });
      expect([r.violation?.message, r.exhausted, r.preemptAtAccesses]).toEqual([undefined, true, true]);
    }, o.timeoutMs);
  }

  for (const strategy of ['pct', 'random'] as const) {
    it(`should hold under 10,000 ${strategy} executions`, () => {
      const r = explore(scenario, { variant, strategy, runs: 10_000, seed });
      expect(r.violation?.message).toBeUndefined();
      expect(r.executions).toBe(10_000);
    }, o.timeoutMs ?? 30_000);
  }
}
