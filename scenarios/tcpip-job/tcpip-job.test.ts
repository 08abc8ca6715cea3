import { explore, Millisecond, replay, type ViolationKind } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import { Ledger } from './ghost';
import tcpipJob from '.';
import { indexOf, inOrder, type StepPattern } from '../test-helpers/trace';

/** Params of the comment's story: every instance fires (and blocks on L) before T1 cancels it. */
const STORY = { hold: 2 * Millisecond };
const SEEDS = [1, 2, 3, 4, 5];

/**
 * Each buggy variant: the kinds it may fail with at the defaults and in the story, what the
 * message says, and the executions within which `dfs` finds it at the defaults (measured:
 * 1, 1, 2, 2 and 12).
 */
const BUGS: readonly { variant: string; kinds: readonly ViolationKind[]; story: ViolationKind; says: RegExp; dfs: number }[] = [
  { variant: 'shared-flag', kinds: ['at-end'], story: 'at-end', says: /fn ran 0 times, want exactly once \(the last call was Schedule\)/, dfs: 5 },
  // At the defaults it may also be that only D fired: it resets the flag C's Cancel set and returns (0 runs).
  { variant: 'shared-flag-reset-in-callback', kinds: ['invariant', 'at-end'], story: 'invariant', says: /ran fn after T1 cancelled it/, dfs: 5 },
  { variant: 'shared-flag-reset-in-schedule', kinds: ['invariant'], story: 'invariant', says: /ran fn after T1 cancelled it/, dfs: 5 },
  { variant: 'no-flag', kinds: ['invariant'], story: 'invariant', says: /ran fn after T1 cancelled it/, dfs: 5 },
  { variant: 'locker-read-at-fire', kinds: ['data-race'], story: 'data-race', says: /"j\.locker" races with "(T1|instance A)"/, dfs: 50 },
];
/** Executions within which every buggy variant is found by random and by pct, for each of SEEDS (measured: 1 or 2). */
const BUDGET = 50;

describe('tcpip-job', () => {
  it('should list the correct variant first and every other as expected to fail', () => {
    expect(tcpipJob.variants.map((v) => [v.name, v.expect])).toEqual([
      ['correct', 'pass'],
      ...BUGS.map((b) => [b.variant, 'fail']),
    ]);
  });

  describe('correct', () => {
    itHolds(tcpipJob, 'correct', {
      dfsRuns: 2_000,
      measured: 49,
      exhaustive: [
        { params: { last: 'cancel' }, why: 'the burst ending in Cancel (65)' },
        { params: { rounds: 4 }, why: '4 rounds (261)' },
        { params: STORY, why: 'the comment story (384)' },
      ],
    });

    it('should hold when the burst ends in Cancel', () => {
      const r = explore(tcpipJob, { variant: 'correct', strategy: 'random', runs: 10_000, seed: 2, params: { last: 'cancel' } });
      expect(r.violation?.message).toBeUndefined();
    });

    it('should hold with more rounds, and with timers and T1 due at the same instant', () => {
      for (const params of [
        { rounds: 6, last: 'cancel' },
        { rounds: 6, hold: 1 * Millisecond },
        { rounds: 5, hold: 1 * Millisecond, delay: 1 * Millisecond, last: 'cancel' },
      ]) {
        const r = explore(tcpipJob, { variant: 'correct', strategy: 'random', runs: 10_000, seed: 3, params });
        expect(r.violation?.message).toBeUndefined();
      }
    });

    it('should hold in the comment story, where every instance fires and blocks on L', () => {
      const r = explore(tcpipJob, { variant: 'correct', strategy: 'random', runs: 2000, seed: 4, params: STORY });
      expect(r.violation?.message).toBeUndefined();
    });
  });

  for (const bug of BUGS) {
    describe(bug.variant, () => {
      it(`should be found by dfs within ${bug.dfs} executions, as ${bug.kinds.join(' or ')}`, () => {
        const r = explore(tcpipJob, { variant: bug.variant, strategy: 'dfs', runs: bug.dfs });
        expect(r.violation).toBeDefined();
        expect(bug.kinds).toContain(r.violation!.kind);
      });

      it(`should be found by pct within ${BUDGET} executions for seeds 1..5, as ${bug.kinds.join(' or ')}`, () => {
        for (const seed of SEEDS) {
          const r = explore(tcpipJob, { variant: bug.variant, strategy: 'pct', runs: BUDGET, seed });
          expect([seed, bug.kinds.includes(r.violation?.kind ?? 'step-limit')]).toEqual([seed, true]);
        }
      });

      it(`should be found within ${BUDGET} random executions for seeds 1..5, as ${bug.kinds.join(' or ')}`, () => {
        for (const seed of SEEDS) {
          const r = explore(tcpipJob, { variant: bug.variant, strategy: 'random', runs: BUDGET, seed });
          expect(r.violation).toBeDefined();
          expect(bug.kinds).toContain(r.violation!.kind);
        }
      });

      it(`should fail as ${bug.story} in the comment story`, () => {
        const r = explore(tcpipJob, { variant: bug.variant, strategy: 'random', runs: BUDGET, seed: 1, params: STORY });
        expect(r.violation?.kind).toBe(bug.story);
        expect(r.violation!.message).toMatch(bug.says);
      });

      it('should replay its violation to the identical message and trace', () => {
        const v = explore(tcpipJob, { variant: bug.variant, strategy: 'random', runs: BUDGET, seed: 1 }).violation!;
        const again = replay(tcpipJob, v.schedule);
        expect(again.violation!.message).toBe(v.message);
        expect(again.trace).toEqual(v.trace);
      });
    });
  }

  describe('shared-flag', () => {
    it('should hold when the burst ends in Cancel (the shared flag only loses a Schedule)', () => {
      expect(explore(tcpipJob, { variant: 'shared-flag', runs: 2000, seed: 1, params: { last: 'cancel' } }).violation).toBeUndefined();
    });

    it("should read as the comment's T1..T5 story when every instance fires before T1 cancels it (hold), shrunk to no preemption", () => {
      const v = explore(tcpipJob, { variant: 'shared-flag', strategy: 'random', runs: 1, seed: 1, params: STORY }).violation!;
      expect(v.kind).toBe('at-end');
      // Shrunk: nothing is preempted; T1 only sleeps (works under L) while the timers fire.
      expect(v.shrink?.after.preemptions).toBe(0);
      const t = v.trace;
      const T1 = (effect: string, object: string, result?: string): StepPattern => ({ goroutine: 'T1', effect, object, ...(result !== undefined ? { result } : {}) });
      const fire = (x: string): StepPattern => ({ goroutine: `instance ${x}`, effect: 'fire', object: `timer "instance ${x}"` });
      const schedule = T1('load', 'shared "j.locker"'); // Schedule captures the locker
      const at = inOrder(t, [
        T1('lock', 'mutex "L"'), // T1: Obtain L
        schedule, // T1: Create a new Job w/ lock L (create instance A)
        fire('A'), // T2: instance A fires, blocked trying to obtain L.
        T1('stop', 'timer "instance A"', 'false'), // T1: Attempt to stop instance A (set earlyReturn = true)
        schedule, // T1: Schedule timer (create instance B)
        fire('B'), // T3: instance B fires, blocked trying to obtain L.
        T1('stop', 'timer "instance B"', 'false'), // T1: Attempt to stop instance B (set earlyReturn = true)
        schedule, // T1: Schedule timer (create instance C)
        fire('C'), // T4: instance C fires, blocked trying to obtain L.
        T1('stop', 'timer "instance C"', 'false'), // T1: Attempt to stop instance C (set earlyReturn = true)
        schedule, // T1: Schedule timer (create instance D)
        fire('D'), // T5: instance D fires, blocked trying to obtain L.
        T1('unlock', 'mutex "L"'), // T1: Release L
      ]);
      const unlock = at[at.length - 1]!;
      // While T1 holds L, the instances only fire and start (each then waits for L) …
      expect(t.slice(0, unlock).filter((s) => s.goroutine.startsWith('instance')).map((s) => s.effect)).toEqual(['fire', 'start', 'fire', 'start', 'fire', 'start', 'fire', 'start']);
      expect(t[at[2]! + 1]!.note).toContain('"instance A" waits: mutex "L" held by "T1"');
      // … D is scheduled with the flag C's Cancel set …
      expect(t[at[10]!]!.note).toContain("Schedule: instance D in 1ms, sharing the Job's earlyReturn (true)");
      // … and once T1 releases L, each takes L, sees the one flag and returns early: A, B, C, D in turn, nothing else.
      const after = t.slice(unlock + 1);
      expect(after.map((s) => `${s.goroutine} ${s.effect}`)).toEqual(['A', 'B', 'C', 'D'].flatMap((x) => [`instance ${x} lock`, `instance ${x} unlock`]));
      for (const s of after.filter((x) => x.effect === 'lock')) expect(s.note).toContain('earlyReturn is true: returns early');
      expect(t.filter((s) => s.object === 'shared "work"' && s.goroutine !== 'T1')).toEqual([]);
      expect(v.message).toContain('fn ran 0 times, want exactly once (the last call was Schedule)');
      expect(v.message).toContain('D: fired, returned early');
    });

    it('should shrink, at the defaults, to a simpler story: every Stop succeeds and the last instance, never cancelled, sees the shared flag', () => {
      const v = explore(tcpipJob, { variant: 'shared-flag', strategy: 'dfs', runs: 5 }).violation!;
      expect(v.kind).toBe('at-end');
      expect(v.shrink?.after).toEqual({ preemptions: 0, steps: 16 });
      const t = v.trace;
      const unlock = indexOf(t, { goroutine: 'T1', effect: 'unlock', object: 'mutex "L"' });
      // T1 cancels A, B and C before they fire (Stop true: nothing is left to return early) …
      expect(t.filter((s) => s.goroutine === 'T1' && s.effect === 'stop').map((s) => `${s.object} → ${s.result}`)).toEqual(
        ['A', 'B', 'C'].map((x) => `timer "instance ${x}" → true`),
      );
      // … but the Job's one flag stays set: D fires after T1 released L and returns early, so fn never runs.
      expect(t.slice(0, unlock).some((s) => s.goroutine !== 'T1')).toBe(false);
      expect(t.slice(unlock + 1).map((s) => `${s.goroutine} ${s.effect}`)).toEqual(['instance D fire', 'instance D start', 'instance D lock', 'instance D unlock']);
      expect(t[unlock + 3]!.note).toContain('earlyReturn is true: returns early');
      expect(v.message).toContain('A: cancelled before it fired (Stop true); B: cancelled before it fired (Stop true); C: cancelled before it fired (Stop true); D: fired, returned early');
    });
  });

  describe('locker-read-at-fire', () => {
    it('should hold when T1 never reassigns the Job (the read races only with that write)', () => {
      expect(explore(tcpipJob, { variant: 'locker-read-at-fire', runs: 2000, seed: 1, params: { reassign: false } }).violation).toBeUndefined();
    });
  });

  describe('params', () => {
    it('should refuse a last call other than schedule or cancel', () => {
      expect(() => explore(tcpipJob, { params: { last: 'reset' }, runs: 1 })).toThrow(/parameter "last" must be "schedule" or "cancel"/);
    });
  });
});

describe('Ledger', () => {
  describe('checkInstances', () => {
    it('should hold while no instance ran fn after it was cancelled', () => {
      const l = new Ledger();
      const a = l.scheduled();
      a.cancelled = true;
      a.stopResult = true;
      l.running = l.scheduled();
      l.fnCalled();
      expect(l.checkInstances()).toBe(true);
      expect(l.fnRuns).toBe(1);
      expect(l.summary()).toBe('instances: A: cancelled before it fired (Stop true); B: never fired, ran fn');
    });

    it('should report an instance that ran fn after it was cancelled, or twice', () => {
      const l = new Ledger();
      const a = l.scheduled();
      a.fired = true;
      a.cancelled = true;
      a.stopResult = false;
      l.running = a;
      l.fnCalled();
      expect(l.checkInstances()).toMatch(/^instance A ran fn after T1 cancelled it .*; instances: A: fired, cancelled \(Stop false\), ran fn$/);
      const m = new Ledger();
      m.running = m.scheduled();
      m.fnCalled();
      m.fnCalled();
      expect(m.checkInstances()).toMatch(/^instance A ran fn 2 times/);
    });
  });
});
