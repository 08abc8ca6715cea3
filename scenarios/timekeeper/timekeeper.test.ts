import { defineScenario, explore, Millisecond, replay, Second, type Routine, type Scenario, type Sim, type Violation, type ViolationKind } from '../../sim';
import { hostClocks } from './clocks';
import timekeeper from './timekeeper';
import { NewTimekeeper, save, type Timekeeper } from './timekeeper-model';
import { itHolds } from '../test-helpers/holds';
import { inOrder } from '../test-helpers/trace';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * The first violation of `variant` under the random strategy, asserting it was found within
 * `budget` executions; unshrunk unless `shrink` (shrinking a timekeeper schedule replays it
 * about a thousand times, and these tests are about finding the bug).
 */
function find(variant: string, seed: number, budget: number, params: Record<string, unknown> = {}, shrink = false): Violation {
  const r = explore(timekeeper, { variant, params, strategy: 'random', runs: budget, seed, shrink });
  if (r.violation === undefined) throw new Error(`${variant} (seed ${seed}): no violation in ${budget} executions`);
  return r.violation;
}

/**
 * Each buggy variant at its defaults: its kind, the executions within which exhaustive dfs
 * finds it (measured: 1, 223, 223, 13), and within which pct (depth 3) finds it for each
 * of SEEDS (measured: at most 1, 15, 15, 10).
 */
const BUGS: readonly { readonly variant: string; readonly kind: ViolationKind; readonly dfs: number; readonly pct: number }[] = [
  { variant: 'negative-gap-applied', kind: 'invariant', dfs: 5, pct: 5 },
  { variant: 'restored-never-closed', kind: 'deadlock', dfs: 500, pct: 20 },
  { variant: 'no-wait-before-setclocks', kind: 'panic', dfs: 500, pct: 20 },
  { variant: 'stop-without-wait', kind: 'invariant', dfs: 50, pct: 20 },
];

describe('timekeeper', () => {
  describe('scenario', () => {
    it('should give a runnable goroutine a 10ms quantum, so that the tickers cannot fire forever', () => {
      expect(timekeeper.quantum).toBe(10 * Millisecond);
    });
  });

  describe('correct', () => {
    itHolds(timekeeper, 'correct', { dfsRuns: 30_000, measured: 14_788, timeoutMs: 60_000 });

    it('should hold under 10,000 random executions when the new host is behind (a negative realtime gap)', () => {
      const r = explore(timekeeper, { variant: 'correct', params: { realtimeGap: -5 * Second }, strategy: 'random', runs: 10_000, seed: 2 });
      expect(r.violation).toBeUndefined();
    });

    it('should hold with two tasks and more ticks', () => {
      const r = explore(timekeeper, { variant: 'correct', params: { readers: 2, ticks: 3 }, strategy: 'random', runs: 2000, seed: 3 });
      expect(r.violation).toBeUndefined();
    });
  });

  describe('exhaustive search and pct', () => {
    for (const bug of BUGS) {
      it(`should find ${bug.variant} as ${bug.kind} by dfs within ${bug.dfs} executions at its defaults`, () => {
        const r = explore(timekeeper, { variant: bug.variant, strategy: 'dfs', runs: bug.dfs });
        expect(r.violation?.kind).toBe(bug.kind);
      });

      it(`should find ${bug.variant} as ${bug.kind} by pct within ${bug.pct} executions for seeds 1..5`, () => {
        for (const seed of SEEDS) {
          const r = explore(timekeeper, { variant: bug.variant, strategy: 'pct', runs: bug.pct, seed, shrink: false });
          expect([seed, r.violation?.kind]).toEqual([seed, bug.kind]);
        }
      });
    }
  });

  describe('negative-gap-applied', () => {
    it('should catch monotonic time jumping back on a host whose realtime is behind, within 5 executions', () => {
      for (const seed of SEEDS) {
        const v = find('negative-gap-applied', seed, 5, { realtimeGap: -5 * Second });
        expect(v.kind).toBe<ViolationKind>('invariant');
        expect(v.message).toContain('"after restore, monotonic resumes at the saved value, advanced by the realtime gap only if positive" violated');
        expect(v.message).toContain('realtime gap -5s');
      }
    });

    it('should hold when realtime moved forward (the default gap): the bug needs realtime to go backwards', () => {
      expect(explore(timekeeper, { variant: 'negative-gap-applied', params: { realtimeGap: 5 * Second }, strategy: 'random', runs: 500, seed: 1 }).violation).toBeUndefined();
    });
  });

  describe('restored-never-closed', () => {
    it('should deadlock a task waiting on restored, within 20 executions', () => {
      for (const seed of SEEDS) {
        const v = find('restored-never-closed', seed, 20);
        expect(v.kind).toBe<ViolationKind>('deadlock');
        expect(v.message).toMatch(/"task0" blocked on chan "restored" recv/);
      }
    });
  });

  describe('no-wait-before-setclocks', () => {
    it('should panic on a read of the unset clocks, within 20 executions', () => {
      for (const seed of SEEDS) {
        const v = find('no-wait-before-setclocks', seed, 20);
        expect(v.kind).toBe<ViolationKind>('panic');
        expect(v.message).toContain('"task0" threw panic: runtime error: invalid memory address or nil pointer dereference');
      }
    });
  });

  describe('stop-without-wait', () => {
    it('should catch a parameter write after PauseUpdates (or Destroy) returned, within 20 executions', () => {
      for (const seed of SEEDS) {
        const v = find('stop-without-wait', seed, 20);
        expect(v.kind).toBe<ViolationKind>('invariant');
        expect(v.message).toContain('"no parameter write after PauseUpdates or Destroy returned" violated');
        expect(v.message).toMatch(/"updater(#\d)?" wrote the VDSO parameter page \(seq \d+\) at t=\S+, after the (PauseUpdates|Destroy) that stopped it returned/);
      }
    });

    it('should tell the story on the shrunk trace: PauseUpdates closes stop and returns without waiting, then the updater, woken by a tick, writes', () => {
      const v = find('stop-without-wait', 8, 20, {}, true);
      expect(v.kind).toBe('invariant');
      // Shrunk: no preemption at all; the tick and the save land at the same instant (t=1s).
      expect(v.shrink!.after.preemptions).toBe(0);
      const at = inOrder(v.trace, [
        { goroutine: 'ticker', effect: 'fire' }, // the tick the updater will take
        { goroutine: 'kernel', effect: 'lock', object: 'rwmutex "tasks"' }, // Kernel.Pause: tasks stopped
        { goroutine: 'kernel', effect: 'lock', object: 'mutex "mu"' }, // PauseUpdates
        { goroutine: 'kernel', effect: 'close', object: 'chan "stop"' }, // stopUpdater
        { goroutine: 'kernel', effect: 'unlock', object: 'mutex "mu"' }, // PauseUpdates returns
        { goroutine: 'updater', effect: 'select' }, // both cases are ready: it takes the tick
        { goroutine: 'updater', effect: /^store\(/, object: 'shared "params"' }, // the late write
      ]);
      expect(at).toHaveLength(7);
      const [, , , close, unlock, select, write] = at;
      expect(v.trace[close!]!.note).toContain('stopUpdater: closed stop, returns without waiting for the updater');
      expect(v.trace[unlock!]!.note).toContain('PauseUpdates returns');
      expect(v.trace[select!]!.result).toMatch(/^case 0: /);
      // Nobody waited for the updater between closing stop and returning, nor did it run before its write...
      expect(v.trace.slice(close!, unlock!).some((s) => s.effect === 'wait' && s.object === 'waitGroup "wg"')).toBe(false);
      expect(v.trace.slice(unlock! + 1, select!).some((s) => s.goroutine === 'updater')).toBe(false);
      // ...and its write, the last step, is where the invariant fails.
      expect(write).toBe(v.trace.length - 1);
      expect(v.trace[write!]!.step).toBe(v.step);
      expect(v.message).toMatch(/"updater" wrote the VDSO parameter page \(seq 4\) at t=1s, after the PauseUpdates that stopped it returned \(t=1s\)/);
    });
  });

  describe('replay', () => {
    it('should reproduce every buggy variant\'s violation exactly from its schedule', () => {
      const cases: [string, Record<string, unknown>][] = [
        ['negative-gap-applied', { realtimeGap: -5 * Second }],
        ['restored-never-closed', {}],
        ['no-wait-before-setclocks', {}],
        ['stop-without-wait', {}],
      ];
      for (const [variant, params] of cases) {
        const v = find(variant, 1, 20, params);
        const again = replay(timekeeper, v.schedule);
        expect(again.violation?.message).toBe(v.message);
        expect(JSON.stringify(again.trace)).toBe(JSON.stringify(v.trace));
      }
    });

    it('should give the same trace for the same seed', () => {
      const a = find('stop-without-wait', 3, 20);
      const b = find('stop-without-wait', 3, 20);
      expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
    });
  });
});

/** A scenario whose one goroutine, "kernel", runs `body` on a fresh Timekeeper. */
function driving(name: string, body: (t: Timekeeper, sim: Sim) => Routine<unknown>): Scenario {
  return defineScenario({
    name,
    description: name,
    variants: { correct: 'the model as in gVisor' },
    setup(sim) {
      const t = NewTimekeeper(sim, 'correct', Second);
      sim.go('kernel', () => body(t, sim));
    },
  });
}

describe('Timekeeper', () => {
  describe('GetTime', () => {
    it('should panic before SetClocks in a fresh Timekeeper', () => {
      const s = driving('get-time-before-set-clocks', function* (t) {
        yield* t.GetTime('Monotonic');
      });
      const v = explore(s, { runs: 1 }).violation;
      expect(v?.kind).toBe<ViolationKind>('panic');
      expect(v?.message).toContain('threw panic: Timekeeper used before initialized with SetClocks');
    });
  });

  describe('SetClocks', () => {
    it('should panic when called twice', () => {
      const s = driving('set-clocks-twice', function* (t, sim) {
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0));
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0));
      });
      const v = explore(s, { runs: 1 }).violation;
      expect(v?.kind).toBe<ViolationKind>('panic');
      expect(v?.message).toContain('SetClocks called on previously-initialized Timekeeper');
    });
  });

  describe('beforeSave', () => {
    it('should panic while the updater runs (no save without PauseUpdates)', () => {
      const s = driving('save-while-updating', function* (t, sim) {
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 0, 0));
        yield* save(t);
      });
      const v = explore(s, { runs: 1 }).violation;
      expect(v?.kind).toBe<ViolationKind>('panic');
      expect(v?.message).toContain('threw panic: pauseUpdates must be called before Save');
    });
  });

  describe('PauseUpdates, ResumeUpdates and Destroy', () => {
    it('should stop the page writes while paused, restart them on resume, and stop them for good on Destroy', () => {
      const s = driving('pause-resume-destroy', function* (t, sim) {
        yield* t.SetClocks(hostClocks(sim, 'host A', 0, 3600 * Second, 1000 * Second));
        yield* sim.sleep(2 * Second);
        yield* t.PauseUpdates();
        const paused = t.params.seq;
        yield* sim.sleep(3 * Second);
        sim.assert(t.params.seq === paused, `a write while paused: seq ${paused} → ${t.params.seq}`);
        yield* t.ResumeUpdates();
        yield* sim.sleep(2 * Second);
        yield* t.Destroy();
        // The resumed updater writes first thing, and Destroy waited for it to exit.
        sim.assert(t.params.seq > paused, 'ResumeUpdates restarted no updater');
        const destroyed = t.params.seq;
        yield* sim.sleep(3 * Second);
        sim.assert(t.params.seq === destroyed && t.stop === null, 'a write after Destroy');
      });
      const r = explore(s, { strategy: 'random', runs: 500, seed: 1 });
      expect(r.violation).toBeUndefined();
    });
  });
});
