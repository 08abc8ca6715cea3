import { explore, Millisecond, replay, Second, type ExploreResult, type ViolationKind } from '../../sim';
import timekeeper from './timekeeper';
import { indexOf, inOrder } from '../test-helpers/trace';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * Each buggy variant at its defaults: the kind and message it is found with, and the
 * executions within which exhaustive dfs, pct (depth 3) and random find it for every seed
 * of SEEDS (measured, see README.md).
 */
const BUGS: readonly { variant: string; kind: ViolationKind; says: RegExp; dfs: number | null; pct: number; random: number }[] = [
  {
    variant: 'negative-gap-applied',
    kind: 'assertion',
    says: /task0 read monotonic \S+ via .* want \d+s\.\.\d+s: after a restore monotonic time resumes at the saved value, advanced by the realtime gap \(-5s\) only if positive/,
    dfs: 5,
    pct: 5,
    random: 5,
  },
  { variant: 'restored-never-closed', kind: 'deadlock', says: /"restorer0" blocked on chan "restored Timekeeper\.restored" recv/, dfs: null, pct: 50, random: 20 },
  { variant: 'no-wait-before-setclocks', kind: 'panic', says: /"restorer0" threw panic: Timekeeper used before initialized with SetClocks/, dfs: null, pct: 50, random: 20 },
  {
    variant: 'stop-without-wait',
    kind: 'data-race',
    says: /struct "Timekeeper"\.\w+ races with "updater"|"updater" \w+ of struct "Timekeeper"\.\w+ races/,
    dfs: 50,
    pct: 50,
    random: 20,
  },
  {
    variant: 'wake-without-update',
    kind: 'assertion',
    says: /task0 read the vDSO parameters of t=\S+ at t=\S+ \(page seq \d+\): \S+ old, more than an update interval \(1s\) while it runs/,
    dfs: 50,
    pct: 50,
    random: 20,
  },
];

/** Explorations shared by the tests below (each runs once). */
const found = new Map<string, ExploreResult>();
function hunt(variant: string, strategy: 'dfs' | 'pct' | 'random', runs: number, seed = 1, params: Record<string, unknown> = {}): ExploreResult {
  const key = `${variant}/${strategy}/${runs}/${seed}/${JSON.stringify(params)}`;
  let r = found.get(key);
  if (r === undefined) {
    r = explore(timekeeper, { variant, strategy, runs, seed, params, shrink: strategy === 'dfs' });
    found.set(key, r);
  }
  return r;
}

describe('timekeeper', () => {
  describe('scenario', () => {
    it('should give a runnable goroutine a 10ms quantum, so that timers cannot fire forever ahead of it', () => {
      expect(timekeeper.quantum).toBe(10 * Millisecond);
    });

    it('should list the correct variant first and every other as expected to fail', () => {
      expect(timekeeper.variants.map((v) => [v.name, v.expect])).toEqual([['correct', 'pass'], ...BUGS.map((b) => [b.variant, 'fail'])]);
    });
  });

  describe('correct', () => {
    // The defaults take exhaustive search 37,048 executions (3 to 12 minutes on this
    // machine): README.md records that run and its command. Here, a read every 10 s, so the
    // updater parks between reads and each read wakes it, with the save and the restore.
    it('should hold under exhaustive dfs with a read every 10s (320 executions)', () => {
      const r = explore(timekeeper, { variant: 'correct', strategy: 'dfs', runs: 2_000, params: { readInterval: 10 * Second } });
      expect(r.violation?.message).toBeUndefined();
      expect(r.exhausted).toBe(true);
    }, 60_000);

    it('should hold under exhaustive dfs at statement granularity (preemptAtAccesses) with a read every 10s (360 executions)', () => {
      const r = explore(timekeeper, { variant: 'correct', strategy: 'dfs', runs: 2_000, params: { readInterval: 10 * Second }, preemptAtAccesses: true });
      expect([r.violation?.message, r.exhausted, r.preemptAtAccesses]).toEqual([undefined, true, true]);
    }, 60_000);

    for (const strategy of ['pct', 'random'] as const) {
      it(`should hold under 2,000 ${strategy} executions`, () => {
        const r = explore(timekeeper, { variant: 'correct', strategy, runs: 2_000, seed: 1 });
        expect(r.violation?.message).toBeUndefined();
        expect(r.executions).toBe(2_000);
      }, 60_000);
    }

    it('should hold with two tasks reading both clocks, more ticks, and a host whose realtime is behind', () => {
      for (const params of [
        { readers: 2, realtime: 1, ticks: 3 },
        { readInterval: Second, realtime: 1 },
        { realtimeGap: -5 * Second, realtime: 1 },
      ]) {
        const r = explore(timekeeper, { variant: 'correct', strategy: 'random', runs: 300, seed: 3, params });
        expect([params, r.violation?.message]).toEqual([params, undefined]);
      }
    }, 60_000);
  });

  describe('explore', () => {
    for (const bug of BUGS) {
      const dfs = bug.dfs;
      if (dfs !== null) {
        it(`should find ${bug.variant} as ${bug.kind} by exhaustive dfs within ${dfs} executions`, () => {
          const r = hunt(bug.variant, 'dfs', dfs);
          expect(r.violation?.kind).toBe(bug.kind);
          expect(r.violation!.message).toMatch(bug.says);
        });
      }

      for (const strategy of ['pct', 'random'] as const) {
        it(`should find ${bug.variant} as ${bug.kind} by ${strategy} within ${bug[strategy]} executions for each seed`, () => {
          for (const seed of SEEDS) {
            const r = hunt(bug.variant, strategy, bug[strategy], seed);
            expect([seed, r.violation?.kind]).toEqual([seed, bug.kind]);
            expect(r.violation!.message).toMatch(bug.says);
          }
        });
      }
    }

    it('should need a negative realtime gap for negative-gap-applied: with the default gap it holds', () => {
      expect(hunt('negative-gap-applied', 'random', 300, 1, { realtimeGap: 5 * Second }).violation).toBeUndefined();
    });
  });

  describe('stories (the shrunk dfs violations)', () => {
    it('stop-without-wait: PauseUpdates closes stop and returns at once; its t.stop = nil races with the updater still reading t.stop', () => {
      const v = hunt('stop-without-wait', 'dfs', 50).violation!;
      expect(v.message).toMatch(/"kernel" write of struct "Timekeeper"\.stop races with "updater" read at step \d+/);
      const close = indexOf(v.trace, { goroutine: 'kernel', effect: 'close', object: 'chan "Timekeeper.stop"' });
      expect(v.trace[close]!.note).toContain('stopUpdater: closed stop, returns without waiting for the updater');
      // The race is reported in that very step (the kernel's t.stop = nil after close), with no wg.Wait before it.
      expect(v.trace[close]!.step).toBe(v.step);
      expect(v.trace.some((s) => s.goroutine === 'kernel' && s.effect === 'wait' && s.object === 'waitGroup "Timekeeper.wg"')).toBe(false);
    });

    it('wake-without-update: the updater parks, a task wakes it without a page write, and reads the old parameters', () => {
      const v = hunt('wake-without-update', 'dfs', 50).violation!;
      const [park, wake] = inOrder(v.trace, [
        { goroutine: 'updater', effect: 'store("updaterParked")', object: 'atomic "Timekeeper.updaterState"' },
        { goroutine: 'task0', effect: 'load', object: 'atomic "Timekeeper.updaterState"', result: '"updaterParked"' },
      ]);
      // Between the wake and the read, nobody writes the page.
      expect(v.trace.slice(wake!).some((s) => s.object === 'atomic "params.seq_count"' && s.effect.startsWith('swap'))).toBe(false);
      expect(park).toBeLessThan(wake!);
    });
  });

  describe('findings (FINDINGS.md)', () => {
    it('TK-1: upstream code, with a GetTime on the restored Timekeeper during SetClocks: the fast path reads monotonicOffset before SetClocks publishes it', () => {
      const r = hunt('correct', 'random', 200, 1, { earlyReaders: 1 });
      expect(r.violation?.kind).toBe('data-race');
      expect(r.violation!.message).toMatch(/"restorer0" read of struct "restored Timekeeper"\.monotonicOffset races with "kernel" write/);
    });
  });

  describe('replay', () => {
    it("should reproduce every buggy variant's violation exactly from its schedule", () => {
      for (const bug of BUGS) {
        const v = hunt(bug.variant, 'pct', bug.pct, 1).violation!;
        const again = replay(timekeeper, v.schedule);
        expect(again.violation?.message).toBe(v.message);
        expect(JSON.stringify(again.trace)).toBe(JSON.stringify(v.trace));
      }
    });
  });
});
