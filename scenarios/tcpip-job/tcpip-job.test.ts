import { explore, Millisecond, replay, type ViolationKind } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import tcpipJob from '.';
import { indexOf, type StepPattern } from '../test-helpers/trace';

/** Params of the comment's story: every instance fires (and blocks on L) before T1 cancels it. */
const STORY = { hold: 2 * Millisecond };
const SEEDS = [1, 2, 3, 4, 5];

/**
 * Each buggy variant: the kinds it may fail with at the defaults and in the story, what the
 * message says, and the executions within which `dfs` finds it at the defaults (measured:
 * 1, 1, 2, 2, 15, 1 and 1).
 */
const BUGS: readonly { variant: string; kinds: readonly ViolationKind[]; story: ViolationKind; says: RegExp; dfs: number }[] = [
  { variant: 'shared-flag', kinds: ['at-end'], story: 'at-end', says: /fn ran 0 times, want exactly once \(the last call was Schedule\)/, dfs: 5 },
  // At the defaults it may also be that only D fired: it resets the flag C's Cancel set and returns (0 runs).
  { variant: 'shared-flag-reset-in-callback', kinds: ['invariant', 'at-end'], story: 'invariant', says: /ran fn after it was cancelled/, dfs: 5 },
  { variant: 'shared-flag-reset-in-schedule', kinds: ['invariant'], story: 'invariant', says: /ran fn after it was cancelled/, dfs: 5 },
  { variant: 'no-flag', kinds: ['invariant'], story: 'invariant', says: /ran fn after it was cancelled/, dfs: 5 },
  { variant: 'locker-read-at-fire', kinds: ['data-race'], story: 'data-race', says: /"instance A" read of struct "j"\.locker races with "T1" write|"T1" write of struct "j"\.locker races with "instance A" read/, dfs: 50 },
  // In the story, instance A runs fn while T1 sleeps under L: T1's read of fn's work sees it. Unlocked, the
  // callback's read of its earlyReturn also races with Cancel's write (a data race, when Cancel ran).
  { variant: 'no-lock', kinds: ['assertion', 'data-race'], story: 'assertion', says: /fn ran 1 time\(s\) while T1 held L|fn runs without L held by its caller/, dfs: 5 },
  { variant: 'schedule-without-cancel', kinds: ['at-end'], story: 'at-end', says: /fn ran 4 times, want exactly once/, dfs: 5 },
];
/** Executions within which every buggy variant is found by random and by pct, for each of SEEDS (measured: 1 to 4). */
const BUDGET = 50;

describe('tcpip-job', () => {
  it('should list the correct variant first and every other as expected to fail', () => {
    expect(tcpipJob.variants.map((v) => [v.name, v.expect])).toEqual([['correct', 'pass'], ...BUGS.map((b) => [b.variant, 'fail'])]);
  });

  describe('correct', () => {
    itHolds(tcpipJob, 'correct', {
      dfsRuns: 2_000,
      measured: 56,
      preemptAtAccesses: { params: {}, why: 'the defaults (56)' },
      exhaustive: [
        { params: { last: 'cancel' }, why: 'the burst ending in Cancel (80)' },
        { params: { rounds: 4 }, why: '4 rounds (276)' },
        { params: STORY, why: 'the comment story (384)' },
        { params: { driver: 'slaac', rounds: 1 }, why: "two Jobs sharing ndp's lock, one lifetime refresh (334)" },
        { params: { driver: 'fragmentation', rounds: 2 }, why: "IP reassembly's release job, two packets (77)" },
      ],
    });

    it('should hold with more rounds, and with timers and T1 due at the same instant', () => {
      for (const params of [
        { rounds: 6, last: 'cancel' },
        { rounds: 6, hold: 1 * Millisecond },
        { rounds: 5, hold: 1 * Millisecond, delay: 1 * Millisecond, last: 'cancel' },
        { driver: 'slaac', rounds: 3 },
        { driver: 'fragmentation', rounds: 4, hold: 2 * Millisecond },
      ]) {
        const r = explore(tcpipJob, { variant: 'correct', strategy: 'random', runs: 3_000, seed: 3, params });
        expect([params, r.violation?.message]).toEqual([params, undefined]);
      }
    });
  });

  for (const bug of BUGS) {
    describe(bug.variant, () => {
      it(`should be found by dfs within ${bug.dfs} executions, as ${bug.kinds.join(' or ')}`, () => {
        const r = explore(tcpipJob, { variant: bug.variant, strategy: 'dfs', runs: bug.dfs });
        expect(bug.kinds).toContain(r.violation?.kind);
      });

      for (const strategy of ['pct', 'random'] as const) {
        it(`should be found by ${strategy} within ${BUDGET} executions for seeds 1..5, as ${bug.kinds.join(' or ')}`, () => {
          for (const seed of SEEDS) {
            const r = explore(tcpipJob, { variant: bug.variant, strategy, runs: BUDGET, seed, shrink: false });
            expect([seed, bug.kinds.includes(r.violation?.kind ?? 'step-limit')]).toEqual([seed, true]);
          }
        });
      }

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
      expect(v.shrink?.after.preemptions).toBe(0);
      const t = v.trace;
      const noted = (text: string): number => t.findIndex((s) => (s.note ?? '').includes(text));
      const fire = (x: string): number => indexOf(t, { goroutine: `instance ${x}`, effect: 'fire' });
      const stop = (x: string): number => indexOf(t, { goroutine: 'T1', effect: 'stop', object: `timer "instance ${x}"`, result: 'false' });
      const unlock = indexOf(t, { goroutine: 'T1', effect: 'unlock', object: 'mutex "L"' } satisfies StepPattern);
      // T1: Obtain L; create instance A; T2: A fires and blocks on L; T1 stops A (too late) and schedules B; … D.
      const order = [
        indexOf(t, { goroutine: 'T1', effect: 'lock', object: 'mutex "L"' }),
        noted('Schedule: instance A'),
        fire('A'),
        stop('A'),
        fire('B'),
        stop('B'),
        fire('C'),
        stop('C'),
        noted("Schedule: instance D in 1ms, sharing the Job's earlyReturn (true)"),
        fire('D'),
        unlock,
      ];
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(t[fire('A') + 1]!.note).toContain('"instance A" waits: mutex "L" held by "T1"');
      // Once T1 releases L, each instance takes L, sees the one flag and returns early: A, B, C, D in turn.
      const after = t.slice(unlock + 1);
      expect(after.map((s) => `${s.goroutine} ${s.effect}`)).toEqual(['A', 'B', 'C', 'D'].flatMap((x) => [`instance ${x} lock`, `instance ${x} unlock`]));
      for (const s of after.filter((x) => x.effect === 'lock')) expect(s.note).toContain('earlyReturn is true: returns early');
      expect(v.message).toContain('D: fired, returned early');
    });

    it('should shrink, at the defaults, to a simpler story: every Stop succeeds and the last instance, never cancelled, sees the shared flag', () => {
      const v = explore(tcpipJob, { variant: 'shared-flag', strategy: 'dfs', runs: 5 }).violation!;
      expect(v.kind).toBe('at-end');
      expect(v.shrink?.after.preemptions).toBe(0);
      const t = v.trace;
      const unlock = indexOf(t, { goroutine: 'T1', effect: 'unlock', object: 'mutex "L"' });
      expect(t.filter((s) => s.goroutine === 'T1' && s.effect === 'stop').map((s) => `${s.object} → ${s.result}`)).toEqual(['A', 'B', 'C'].map((x) => `timer "instance ${x}" → true`));
      expect(t.slice(0, unlock).some((s) => s.goroutine !== 'T1')).toBe(false);
      expect(t.slice(unlock + 1).map((s) => `${s.goroutine} ${s.effect}`)).toEqual(['instance D fire', 'instance D start', 'instance D lock', 'instance D unlock']);
      expect(v.message).toContain('A: cancelled before it fired (Stop true); B: cancelled before it fired (Stop true); C: cancelled before it fired (Stop true); D: fired, returned early');
    });
  });

  describe('schedule-without-cancel', () => {
    it('should note each instance left armed, and every one of them runs fn', () => {
      const v = explore(tcpipJob, { variant: 'schedule-without-cancel', strategy: 'dfs', runs: 5 }).violation!;
      expect(v.trace.map((s) => s.note ?? '').join('; ')).toContain('Schedule on a Job still scheduled: instance A stays armed and can no longer be cancelled');
      expect(v.message).toContain('A: fired, ran fn; B: fired, ran fn; C: fired, ran fn; D: fired, ran fn');
    });
  });

  describe('locker-read-at-fire', () => {
    it('should hold when T1 never reassigns the Job (the read races only with that write)', () => {
      expect(explore(tcpipJob, { variant: 'locker-read-at-fire', runs: 2000, seed: 1, params: { reassign: false } }).violation).toBeUndefined();
    });
  });

  describe('params', () => {
    it('should refuse a last call other than schedule or cancel, and an unknown driver', () => {
      expect(() => explore(tcpipJob, { params: { last: 'reset' }, runs: 1 })).toThrow(/parameter "last" must be "schedule" or "cancel"/);
      expect(() => explore(tcpipJob, { params: { driver: 'tcp' }, runs: 1 })).toThrow(/parameter "driver" must be "t1", "slaac" or "fragmentation"/);
    });
  });
});
