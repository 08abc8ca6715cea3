/**
 * DPOR proven sound by differential testing: on generated programs over every operation
 * (see `test-helpers/programs.ts`), the exhaustive search with DPOR and sleep sets reaches
 * exactly the outcomes of plain DFS (which tries every choice at every point), with no
 * more executions.
 *
 * CI runs a sample; a campaign runs more:
 *   FUZZ_RUNS=2000 FUZZ_SEED=7 FUZZ_LOG=campaign.log FUZZ_TIMEOUT_MS=9000000 npx jest sim/strategy/dpor-differential -t "over every operation"
 * A disagreement prints the program; add it to the regressions below once fixed.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import { programArb, programScenario, programText, type Program } from '../test-helpers/programs';
import { reach } from '../test-helpers/reach';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);
/** Plain DFS's budget per program: bigger programs are skipped (not compared). */
const PLAIN_CAP = Number(process.env['FUZZ_PLAIN_CAP'] ?? 5000);
const FUZZ_LOG = process.env['FUZZ_LOG'];

/**
 * Compares DPOR with plain DFS on `p` (with `opts` over its scenario's timer options);
 * returns false when plain DFS did not finish within its cap.
 */
function compare(p: Program, cap = PLAIN_CAP, opts: { readonly idleTimers?: boolean; readonly quantum?: number } = {}): boolean {
  const s = { ...programScenario(p), ...opts };
  const plain = reach(s, { dpor: false, cap });
  if (plain.capped) return false;
  const dpor = reach(s, { dpor: true, cap: plain.executions + 1 });
  const missed = [...plain.outcomes].filter((o) => !dpor.outcomes.has(o));
  const extra = [...dpor.outcomes].filter((o) => !plain.outcomes.has(o));
  if (missed.length > 0 || extra.length > 0 || dpor.capped) {
    throw new Error(`DPOR and plain DFS disagree on ${programText(p)}\nmissed by DPOR: ${JSON.stringify(missed)}\nonly DPOR: ${JSON.stringify(extra)}\nexecutions: dpor ${dpor.executions}${dpor.capped ? ' (capped)' : ''}, plain ${plain.executions}`);
  }
  return true;
}

describe('DfsStrategy with DPOR', () => {
  it('should reach exactly the outcomes of plain DFS on generated programs over every operation', () => {
    let compared = 0;
    let tried = 0;
    fc.assert(
      fc.property(programArb, (p) => {
        if (compare(p)) compared++;
        // a long campaign reports its progress to FUZZ_LOG (programs tried, compared)
        if (FUZZ_LOG !== undefined && ++tried % 25 === 0) fs.appendFileSync(FUZZ_LOG, `${tried} tried, ${compared} compared\n`);
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
    // most generated programs are small enough for plain DFS to finish
    expect(compared).toBeGreaterThan(FUZZ_RUNS / 2);
  }, Number(process.env['FUZZ_TIMEOUT_MS'] ?? 600_000));

  // When timers may fire depends on these (the kernel's timer gate): idle timers fire only
  // when nothing can run; a quantum lets them fire while goroutines wait at most that long
  it.each([
    ['idle timers', { idleTimers: true }],
    ['a quantum of 1 ns', { quantum: 1 }],
    ['a quantum of 50 ns', { quantum: 50 }],
  ] as const)('should reach exactly the outcomes of plain DFS on generated programs with %s', (_name, opts) => {
    let compared = 0;
    fc.assert(
      fc.property(programArb, (p) => {
        if (compare(p, 3000, opts)) compared++;
      }),
      { seed: FUZZ_SEED + 1, numRuns: Math.max(10, Math.round(FUZZ_RUNS / 4)) },
    );
    expect(compared).toBeGreaterThan(0);
  }, 600_000);

  describe('regressions found by the campaign', () => {
    const cases: Record<string, Program> = {
      // the receiver's step completes a waiting select: DPOR must try the select's own step too
      'a blocking select completed by its partner': { timers: 'go1.23', gs: [[{ t: 'select', recv: false, dflt: false, same: true }], [{ t: 'recv0' }]] },
      'two receivers racing for one select': { timers: 'go1.23', gs: [[{ t: 'select', recv: false, dflt: false, same: false }], [{ t: 'recv0' }], [{ t: 'recv1' }, { t: 'recv1' }]] },
      'a spin-wait on another goroutine': { timers: 'go1.23', gs: [[{ t: 'spin' }, { t: 'load' }], [{ t: 'yield' }, { t: 'add' }]] },
      'a writer announced while a reader leaves': { timers: 'go1.23', gs: [[{ t: 'rlock' }], [{ t: 'wlock' }], [{ t: 'tryRLock' }]] },
      'a cond wait re-locking an rwmutex': { timers: 'go1.23', gs: [[{ t: 'waitRW' }], [{ t: 'signalRW', all: false }], [{ t: 'rlock' }]] },
      // the first sender to run after the close panics; the run ends there, with the other still runnable
      'two senders on a channel being closed': { timers: 'go1.23', gs: [[{ t: 'send0' }], [{ t: 'send0' }], [{ t: 'close0' }]] },
      // a ticker may fire while a goroutine is runnable and within the quantum of its wait
      'a ticker firing within the quantum': { timers: 'go1.23', gs: [[{ t: 'tick' }, { t: 'select', recv: false, dflt: false, same: false }], [{ t: 'timerRecv', poll: false }]] },
      // the other goroutine finishes while the spinner is excluded
      'a spin-wait beside a goroutine that finishes': { timers: 'go1.23', gs: [[{ t: 'spin' }, { t: 'add' }], [{ t: 'wlock' }, { t: 'now' }]] },
      'Stop and Reset of a timer channel, Go 1.22': { timers: 'go1.22', gs: [[{ t: 'timerStop' }, { t: 'timerRecv', poll: true }], [{ t: 'timerReset', d: 1 }, { t: 'timerRecv', poll: false }]] },
      // the panic ends the run before g1 starts: a goroutine not yet started has no footprint,
      // yet the step that ended the run disabled it (so g1's select after the close was never tried)
      'a select stranded by a panic before it started': { timers: 'go1.23', gs: [[{ t: 'close0' }, { t: 'send0' }, { t: 'wgSpawn' }], [{ t: 'select', recv: false, dflt: false, same: false }]] },
      // both sides of the rendezvous ready: the receiver's step took the value and left the
      // sender to resume, never the other way round, so the timer reset by the sender never
      // fired before the receiver's last step (campaign seed 13, program 603)
      'a rendezvous whose sides are both ready': { timers: 'go1.23', gs: [[{ t: 'load' }, { t: 'send0' }, { t: 'timerReset', d: 1 }], [{ t: 'timerStop' }, { t: 'add' }, { t: 'recv0' }]] },
    };
    for (const [name, p] of Object.entries(cases)) {
      it(`should agree on ${name}`, () => {
        expect(compare(p, 50_000)).toBe(true);
      });
    }
  });
});
