/**
 * A bounded `dfs` is sound within its bound: with `preemptionBound: k` it reaches exactly
 * the outcomes of the executions that make at most k preemptions, as an unbounded plain
 * search enumerates them and the kernel counts their preemptions (an oracle that shares
 * no code with the bounded search's choice filter). It used to run DPOR within the bound
 * and miss some: "exhausted within 0 preemptions" after 1 execution on programs where other
 * outcomes need no preemption (the regressions below). DPOR and bounds do not combine
 * soundly as such (Coons, Musuvathi and McKinley, "Bounded partial-order reduction",
 * OOPSLA 2013), so a bounded search is plain (dfs.ts).
 *
 * CI runs a sample; a campaign runs more:
 *   FUZZ_RUNS=500 FUZZ_SEED=3 npx jest sim/strategy/dpor-bounded
 */
import fc from 'fast-check';
import { explore } from '../index';
import { programArb, programScenario, programText, type Program } from '../test-helpers/programs';
import { reach } from '../test-helpers/reach';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);
const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);
const BOUNDS = [0, 1, 2] as const;

/**
 * Whether `p` yields. The kernel counts switching away from a goroutine that yields as a
 * preemption when it could still run; the bound does not when fairness left the yielder
 * out (fairness.ts: CHESS's rule, a yield gives way). For such programs the oracle is the
 * plain search within the bound (it still catches reduction turned back on).
 */
function yields(p: Program): boolean {
  return p.gs.some((ops) => ops.some((o) => o.t === 'yield' || o.t === 'spin'));
}

/** The bounded search's outcomes against the oracle's, per bound; false when the oracle did not finish. */
function compareBounded(p: Program, cap = 3000): boolean {
  const s = programScenario(p);
  for (const k of BOUNDS) {
    const oracle = yields(p) ? reach(s, { dpor: false, cap, preemptionBound: k }) : reach(s, { dpor: false, cap, preemptionsAtMost: k });
    if (oracle.capped) return false;
    const bounded = reach(s, { dpor: true, preemptionBound: k });
    const missed = [...oracle.outcomes].filter((o) => !bounded.outcomes.has(o));
    const extra = [...bounded.outcomes].filter((o) => !oracle.outcomes.has(o));
    if (missed.length > 0 || extra.length > 0) {
      throw new Error(`within ${k} preemptions on ${programText(p)}\nmissed: ${JSON.stringify(missed)}\nbeyond the bound: ${JSON.stringify(extra)}\nexecutions: bounded ${bounded.executions}, oracle ${oracle.executions}`);
    }
  }
  return true;
}

describe('dfs within a preemption bound', () => {
  it('should reach exactly the outcomes of the executions within the bound, on generated programs', () => {
    let compared = 0;
    fc.assert(
      fc.property(programArb, (p) => {
        if (compareBounded(p)) compared++;
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
    expect(compared).toBeGreaterThan(FUZZ_RUNS / 3);
  }, 600_000);

  describe('regressions: DPOR within the bound said exhausted after 1 execution', () => {
    const cases: Record<string, Program> = {
      // with no preemption, g1 may send before g0 closes (a value delivered) or after (a panic)
      'a close and a send on a buffered channel': { timers: 'go1.22', inv: { v: 1, also: 'chan' }, gs: [[{ t: 'close1' }], [{ t: 'send1' }]] },
      'a WaitGroup wait and a timer beside an rlock and a load': { timers: 'go1.23', inv: { v: 1, also: 'clock' }, gs: [[{ t: 'wgWait' }, { t: 'after', d: 0 }], [{ t: 'rlock' }, { t: 'load' }]] },
    };
    for (const [name, p] of Object.entries(cases)) {
      it(`should agree on ${name}`, () => {
        expect(compareBounded(p, 50_000)).toBe(true);
      });
    }
  });

  it('should not let the dpor option turn reduction on within a bound', () => {
    const s = programScenario({ timers: 'go1.23', inv: { v: 1, also: 'clock' }, gs: [[{ t: 'wgWait' }, { t: 'after', d: 0 }], [{ t: 'rlock' }, { t: 'load' }]] });
    const on = explore(s, { strategy: 'dfs', preemptionBound: 0, dpor: true });
    const off = explore(s, { strategy: 'dfs', preemptionBound: 0, dpor: false });
    expect([on.executions, on.exhausted, on.violation?.kind]).toEqual([off.executions, off.exhausted, off.violation?.kind]);
    expect(on.executions).toBeGreaterThan(1);
  });
});
