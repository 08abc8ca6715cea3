import { explore, Millisecond, replay, type TraceStep, type ViolationKind } from '../../sim';
import { Ledger } from './ghost';
import tcpipJob from '.';

/** Params of the comment's story: every instance fires (and blocks on L) before T1 cancels it. */
const STORY = { hold: 2 * Millisecond };
const SEEDS = [1, 2, 3, 4, 5];

/** A partial trace step to look for. */
type StepPattern = Partial<Pick<TraceStep, 'goroutine' | 'effect' | 'object' | 'result'>>;

function matches(s: TraceStep, p: StepPattern): boolean {
  return (Object.keys(p) as (keyof StepPattern)[]).every((k) => s[k] === p[k]);
}

function show(trace: readonly TraceStep[]): string {
  return trace.map((s) => `${s.step} ${s.goroutine}: ${s.effect} ${s.object ?? ''} → ${s.result ?? ''} ${s.note ?? ''}`).join('\n');
}

/**
 * The indices in `trace` of `patterns` found in that order (a subsequence, each after the
 * one before); fails the test naming the first pattern that is missing.
 */
function inOrder(trace: readonly TraceStep[], patterns: readonly StepPattern[]): number[] {
  const at: number[] = [];
  let i = 0;
  for (const p of patterns) {
    while (i < trace.length && !matches(trace[i]!, p)) i++;
    if (i === trace.length) throw new Error(`no step ${JSON.stringify(p)} after step ${at[at.length - 1] ?? -1} in\n${show(trace)}`);
    at.push(i++);
  }
  return at;
}

function indexOf(trace: readonly TraceStep[], p: StepPattern): number {
  const i = trace.findIndex((s) => matches(s, p));
  if (i < 0) throw new Error(`no step ${JSON.stringify(p)} in\n${show(trace)}`);
  return i;
}

/** Each buggy variant: the kinds it may fail with at the defaults and in the story, the budget, what the message says. */
const BUGS: readonly { variant: string; kinds: readonly ViolationKind[]; story: ViolationKind; says: RegExp }[] = [
  { variant: 'shared-flag', kinds: ['at-end'], story: 'at-end', says: /fn ran 0 times, want exactly once \(the last call was Schedule\)/ },
  // At the defaults it may also be that only D fired: it resets the flag C's Cancel set and returns (0 runs).
  { variant: 'shared-flag-reset-in-callback', kinds: ['invariant', 'at-end'], story: 'invariant', says: /ran fn after T1 cancelled it/ },
  { variant: 'shared-flag-reset-in-schedule', kinds: ['invariant'], story: 'invariant', says: /ran fn after T1 cancelled it/ },
  { variant: 'no-flag', kinds: ['invariant'], story: 'invariant', says: /ran fn after T1 cancelled it/ },
  { variant: 'locker-read-at-fire', kinds: ['data-race'], story: 'data-race', says: /"j\.locker" races with "(T1|instance A)"/ },
];
/** Executions within which every buggy variant is found, for each of SEEDS (measured: 1 or 2). */
const BUDGET = 50;

describe('tcpip-job', () => {
  it('should list the correct variant first and every other as expected to fail', () => {
    expect(tcpipJob.variants.map((v) => [v.name, v.expect])).toEqual([
      ['correct', 'pass'],
      ...BUGS.map((b) => [b.variant, 'fail']),
    ]);
  });

  describe('correct', () => {
    it('should hold under 10,000 random executions at the defaults', () => {
      const r = explore(tcpipJob, { variant: 'correct', strategy: 'random', runs: 10_000, seed: 1 });
      expect(r.violation?.message).toBeUndefined();
      expect(r.executions).toBe(10_000);
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

    it("should read as the comment's T1..T5 story: no instance runs fn", () => {
      const v = explore(tcpipJob, { variant: 'shared-flag', strategy: 'random', runs: 1, seed: 1, params: STORY }).violation!;
      expect(v.kind).toBe('at-end');
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
      // Each instance fired while T1 held L and took L only after T1 released it …
      for (const x of ['A', 'B', 'C', 'D']) {
        expect(indexOf(t, fire(x))).toBeLessThan(unlock);
        expect(indexOf(t, { goroutine: `instance ${x}`, effect: 'lock', object: 'mutex "L"' })).toBeGreaterThan(unlock);
      }
      // … and returned early: none ran fn (fn's work is the only writer of "work").
      expect(t.filter((s) => s.object === 'shared "work"' && s.goroutine !== 'T1')).toEqual([]);
      expect(v.message).toContain('fn ran 0 times, want exactly once (the last call was Schedule)');
      expect(v.message).toContain('D: fired, returned early');
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
