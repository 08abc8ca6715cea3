/**
 * DPOR stays sound with `preemptAtAccesses` (every `sim.struct` write a step of its own):
 * on generated programs over struct fields (see `structProgramArb`), the exhaustive search
 * with DPOR reaches exactly the outcomes of plain DFS, in both granularities.
 *
 * An execution stops at its first data race, and which of several races comes first
 * depends on the order of independent steps, which DPOR does not keep (in either
 * granularity): outcomes compare a race as "some data race".
 *
 * A campaign runs more:
 *   FUZZ_RUNS=1000 FUZZ_SEED=3 npx jest sim/strategy/dpor-struct-preempt
 */
import fc from 'fast-check';
import { programScenario, programText, structProgramArb, type Program } from '../test-helpers/programs';
import { reach } from '../test-helpers/reach';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);
const PLAIN_CAP = Number(process.env['FUZZ_PLAIN_CAP'] ?? 5000);

function normal(outcome: string): string {
  return outcome.startsWith('data-race:') ? 'data-race' : outcome;
}

/** Compares DPOR with plain DFS on `p`; false when plain DFS did not finish within its cap. */
function compare(p: Program, preemptAtAccesses: boolean, cap = PLAIN_CAP): boolean {
  const s = programScenario(p);
  const plain = reach(s, { dpor: false, cap, preemptAtAccesses });
  if (plain.capped) return false;
  const dpor = reach(s, { dpor: true, cap: plain.executions + 1, preemptAtAccesses });
  const plainOutcomes = new Set([...plain.outcomes].map(normal));
  const dporOutcomes = new Set([...dpor.outcomes].map(normal));
  const missed = [...plainOutcomes].filter((o) => !dporOutcomes.has(o));
  const extra = [...dporOutcomes].filter((o) => !plainOutcomes.has(o));
  if (missed.length > 0 || extra.length > 0 || dpor.capped) {
    throw new Error(
      `DPOR and plain DFS disagree (preemptAtAccesses: ${preemptAtAccesses}) on ${programText(p)}\nmissed by DPOR: ${JSON.stringify(missed)}\nonly DPOR: ${JSON.stringify(extra)}\nexecutions: dpor ${dpor.executions}${dpor.capped ? ' (capped)' : ''}, plain ${plain.executions}`,
    );
  }
  return true;
}

describe('DfsStrategy with DPOR and preemptAtAccesses', () => {
  it('should reach exactly the outcomes of plain DFS on generated programs over struct fields', () => {
    let compared = 0;
    fc.assert(
      fc.property(structProgramArb, (p) => {
        if (compare(p, true)) compared++;
        compare(p, false);
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
    expect(compared).toBeGreaterThan(FUZZ_RUNS / 2);
  }, 600_000);

  it('should reach the states between two writes of one step only with preemptAtAccesses', () => {
    // g0 writes x and y in one step under the mutex and reads y; g1 does the same: with
    // preemptAtAccesses each write is a step, and the lock keeps them race-free
    const p: Program = { timers: 'go1.23', gs: [[{ t: 'fieldsLocked', v: 1 }], [{ t: 'fieldsLocked', v: 2 }, { t: 'fieldsRead' }]] };
    const s = programScenario(p);
    const coarse = reach(s, { dpor: false, preemptAtAccesses: false });
    const fine = reach(s, { dpor: false, preemptAtAccesses: true });
    expect(fine.executions).toBeGreaterThan(coarse.executions);
    expect(compare(p, true)).toBe(true);
    expect(compare(p, false)).toBe(true);
  });
});
