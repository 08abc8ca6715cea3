/**
 * The conformance harness: one ported test case is a small program, the test it came from,
 * and the verdict the original implies. `conform` runs it under exhaustive `dfs` with DPOR
 * and again with plain DFS (`dpor: false`), and asserts that both reach the expected
 * verdict — and, when the case records outcomes, that both reach exactly the same set of
 * them (DPOR must not lose a class; a difference is a DPOR bug, not a flaky test).
 *
 * A case that holds must be exhausted with no violation; a case that fails must fail with
 * the stated kind (and message, if given) under both searches.
 *
 * @example
 *   conform({
 *     name: 'TestNoRaceChanSync',
 *     source: 'golang/go@2bd616b… src/runtime/race/testdata/chan_test.go, TestNoRaceChanSync',
 *     expect: { holds: true },
 *     setup(sim) { … },
 *   });
 */
import { defineScenario, explore, type ExploreResult, type Sim, type ViolationKind } from '..';

/** What the original says about the program. */
export type Expect =
  /** Every interleaving is fine: `dfs` must exhaust the program with no violation. */
  | { readonly holds: true }
  /** Some interleaving fails with `fails` (and a message matching `message`, if given). */
  | { readonly fails: ViolationKind; readonly message?: RegExp };

/** One ported test case. */
export interface ConformanceCase {
  /** The original test's name (e.g. `TestCondSignalStealing`), with a suffix for variants. */
  readonly name: string;
  /** `owner/repo@commit path, TestName` of the original. */
  readonly source: string;
  readonly expect: Expect;
  /**
   * Builds one execution. `record(s)` appends `s` to this execution's outcome; the outcome
   * (the records joined by spaces) is collected when the run ends without a violation.
   */
  readonly setup: (sim: Sim, record: (s: string) => void) => void;
  /** The exact set of outcomes every exhaustive search must reach (holding cases only). */
  readonly outcomes?: readonly string[];
  /** The exact number of `dfs` executions with DPOR, where the source asserts a count. */
  readonly executions?: number;
  /** The exact number of plain `dfs` executions (`dpor: false`). */
  readonly plainExecutions?: number;
  /** Also run plain DFS (default true; false when the program is too big to enumerate). */
  readonly plain?: boolean;
  /** Go's timer semantics (default `go1.23`). */
  readonly timers?: 'go1.23' | 'go1.22';
  /** Fire timers only when every goroutine is blocked (Go synctest's rule). */
  readonly idleTimers?: boolean;
  readonly quantum?: number;
  readonly maxSteps?: number;
  /** `dfs` preemption bound, where the source runs its checker with one (loom's `preemption_bound`). */
  readonly preemptionBound?: number;
  /** Execution budget of each search (default 200,000); a holding case must exhaust within it. */
  readonly runs?: number;
  /**
   * Where interleave disagrees with the original and the fix lies outside this folder: what
   * goes wrong. The case then runs as `it.failing` (it must keep failing until the engine is
   * fixed, when jest tells us to remove this field).
   */
  readonly knownBug?: string;
}

/** What one search found. */
export interface Verdict {
  /** `holds` when no violation was found. */
  readonly kind: 'holds' | ViolationKind;
  readonly message: string;
  readonly exhausted: boolean;
  readonly executions: number;
  /** Every outcome recorded by an execution that ran to its end. */
  readonly outcomes: ReadonlySet<string>;
}

let serial = 0;

/** Runs `c` once under `dfs` (with or without DPOR) and reports what it found. */
export function verdictOf(c: ConformanceCase, dpor: boolean): Verdict {
  const outcomes = new Set<string>();
  let current: string[] = [];
  serial++;
  const scenario = defineScenario({
    name: `conformance-${serial}`,
    description: c.source,
    variants: { v: c.name },
    ...(c.timers === undefined ? {} : { timers: c.timers }),
    ...(c.idleTimers === undefined ? {} : { idleTimers: c.idleTimers }),
    ...(c.quantum === undefined ? {} : { quantum: c.quantum }),
    setup(sim) {
      current = [];
      c.setup(sim, (s) => current.push(s));
      sim.atEnd('record outcome', () => {
        outcomes.add(current.join(' '));
        return true;
      });
    },
  });
  const r: ExploreResult = explore(scenario, {
    strategy: 'dfs',
    dpor,
    runs: c.runs ?? 200_000,
    maxSteps: c.maxSteps ?? 10_000,
    shrink: false,
    ...(c.preemptionBound === undefined ? {} : { preemptionBound: c.preemptionBound }),
  });
  return {
    kind: r.violation === undefined ? 'holds' : r.violation.kind,
    message: r.violation?.message ?? '',
    exhausted: r.exhausted,
    executions: r.executions,
    outcomes,
  };
}

/** Asserts that `v` is the verdict `c` expects (jest `expect`). */
export function expectVerdict(c: ConformanceCase, v: Verdict, label: string): void {
  const e = c.expect;
  if ('holds' in e) {
    expect({ search: label, kind: v.kind, message: v.message }).toEqual({ search: label, kind: 'holds', message: '' });
    expect({ search: label, exhausted: v.exhausted }).toEqual({ search: label, exhausted: true });
    if (c.outcomes !== undefined) expect({ search: label, outcomes: [...v.outcomes].sort() }).toEqual({ search: label, outcomes: [...c.outcomes].sort() });
  } else {
    expect({ search: label, kind: v.kind }).toEqual({ search: label, kind: e.fails });
    if (e.message !== undefined) expect(v.message).toMatch(e.message);
  }
}

/**
 * Registers `c` as a jest test: `dfs` with DPOR, then plain DFS, both reaching the expected
 * verdict, the exact execution counts where given, and (for holding cases) the same outcomes.
 */
export function conform(c: ConformanceCase): void {
  const title = `${c.name}: ${'holds' in c.expect ? 'holds' : `fails (${c.expect.fails})`}`;
  const register = c.knownBug === undefined ? it : it.failing;
  register(c.knownBug === undefined ? title : `${title} [known engine bug: ${c.knownBug}]`, () => {
    const withDpor = verdictOf(c, true);
    expectVerdict(c, withDpor, 'dfs');
    if (c.executions !== undefined) expect({ dporExecutions: withDpor.executions }).toEqual({ dporExecutions: c.executions });
    if (c.plain === false) return;
    const plain = verdictOf(c, false);
    expectVerdict(c, plain, 'dfs --no-dpor');
    if (c.plainExecutions !== undefined) expect({ plainExecutions: plain.executions }).toEqual({ plainExecutions: c.plainExecutions });
    if ('holds' in c.expect) expect([...withDpor.outcomes].sort()).toEqual([...plain.outcomes].sort());
  });
}

/** Registers every case of a file. */
export function conformAll(cases: readonly ConformanceCase[]): void {
  for (const c of cases) conform(c);
}
