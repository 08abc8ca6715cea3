import { explore, type Scenario, type ViolationKind } from '../../sim';
import {
  abaStack,
  abbaDeadlock,
  bugSuite,
  checkThenAct,
  depth3,
  doubleCheckedLocking,
  lostUpdate,
  lostWakeup,
  missingUnlock,
  narrowWindow,
  recursiveRlock,
  selectTimeoutLeak,
  sendOnClosed,
  timerRace,
  twoPreemptions,
  useBeforeInit,
  waitgroupMisuse,
} from '.';

/** Every buggy variant: the violation it must show, a phrase of its message, and the portfolio budget. */
const BUGS: readonly [Scenario, string, readonly ViolationKind[], string, number][] = [
  [lostUpdate, 'load-then-store', ['at-end'], 'hits is 1, want 2', 200],
  [abbaDeadlock, 'from-then-to', ['deadlock'], 'lock-order cycle', 200],
  [checkThenAct, 'two-sections', ['invariant'], 'balance is -40', 200],
  [useBeforeInit, 'start-then-store', ['assertion'], 'read mThread before its creator stored it', 100],
  [twoPreemptions, 'turn-then-flag', ['invariant'], '2 goroutines inside', 2000],
  [narrowWindow, 'ready-then-data', ['assertion'], 'ready but without its data', 500],
  [lostWakeup, 'check-before-lock', ['deadlock'], '"waiter" blocked on cond "readyCond" wait', 200],
  [timerRace, 'ignore-stop-result', ['use-after-free'], '"req"', 200],
  [doubleCheckedLocking, 'publish-then-init', ['assertion'], 'not initialized', 1000],
  [sendOnClosed, 'count-before-send', ['panic'], 'send on closed channel', 500],
  [waitgroupMisuse, 'add-inside-goroutine', ['assertion'], 'Wait returned with', 200],
  [waitgroupMisuse, 'hedged-double-done', ['panic', 'assertion'], '', 200],
  [depth3, 'read-twice', ['assertion'], 'the token of v2 to the endpoint of v1', 1000],
  [recursiveRlock, 'rlock-twice', ['deadlock'], 'rwmutex "cache.mu"', 200],
  [abaStack, 'plain-top', ['invariant'], 'which was popped', 2000],
  [missingUnlock, 'early-return-holds-lock', ['deadlock'], 'mutex "queue.mu"', 200],
  [selectTimeoutLeak, 'unbuffered-result', ['deadlock'], '"worker" blocked on chan "result" send', 100],
];

describe('bug suite', () => {
  it('should hold at least twelve scenarios, each with a correct and a buggy variant', () => {
    expect(bugSuite.length).toBeGreaterThanOrEqual(12);
    expect(new Set(bugSuite.map((s) => s.name)).size).toBe(bugSuite.length);
    for (const s of bugSuite) {
      expect(s.name).toMatch(/^bug-[a-z0-9-]+$/);
      expect(s.variants[0]!.expect).toBe('pass');
      expect(s.variants.some((v) => v.expect === 'fail')).toBe(true);
    }
    const listed = BUGS.map(([s, v]) => `${s.name}/${v}`).sort();
    const all = bugSuite.flatMap((s) => s.variants.filter((v) => v.expect === 'fail').map((v) => `${s.name}/${v.name}`)).sort();
    expect(listed).toEqual(all);
  });

  describe.each(bugSuite.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    it.each(scenario.variants.filter((v) => v.expect === 'pass').map((v) => v.name))('should hold in variant %s under 5,000 random executions', (variant) => {
      const r = explore(scenario, { variant, strategy: 'random', seed: 1, runs: 5000 });
      expect(r.violation?.message).toBeUndefined();
      expect(r.executions).toBe(5000);
    });
  });

  describe.each(BUGS.map(([s, v, kinds, phrase, budget]) => [`${s.name}/${v}`, s, v, kinds, phrase, budget] as const))(
    '%s',
    (_name, scenario, variant, kinds, phrase, budget) => {
      it(`should be found by the portfolio within ${budget} executions`, () => {
        const r = explore(scenario, { variant, strategy: 'portfolio', seed: 1, runs: budget });
        expect(r.violation).toBeDefined();
        expect(kinds).toContain(r.violation!.kind);
        expect(r.violation!.message).toContain(phrase);
      });
    },
  );
});
