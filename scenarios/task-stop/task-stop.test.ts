import { defineScenario, explore, replay, type ExploreResult, type Routine, type ViolationKind } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import taskStop from '.';
import { groupStop, type Task } from './task';
import { Kernel } from './task-set';
import { indexOf, inOrder } from '../test-helpers/trace';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * Each buggy variant: the kind and message it is found with, and the executions within which
 * each strategy finds it at the variant's defaults (measured, see README.md): exhaustive `dfs`
 * (measured 37, 34, 1, 3,253; null: not within 30,000 executions since DPOR keeps the steps
 * the invariants see in order — sim/strategy/visibility.ts; before that, unsound for the
 * invariants, it took 2,030 and 412), `pct` at depth 3 for every seed of SEEDS (measured at
 * most 3,310, 33, 89, 1, 6, 44), and random for every seed of SEEDS (measured at most 18, 1,
 * 3, 14; null: see the variant's own test).
 */
const BUGS: readonly { variant: string; kind: ViolationKind; says: RegExp; dfs: number | null; pct: number; random: number | null }[] = [
  { variant: 'dostop-if', kind: 'assertion', says: /"t0" failed: t0 leaves doStop with t0\.stopCount 1: it runs under a stop it did not wait out/, dfs: null, pct: 4_000, random: null },
  {
    variant: 'sigcont-lost',
    kind: 'at-end',
    says: /"after kill\(SIGCONT\) returns no earlier stop signal leaves the group stopped" failed: t0 is left group-stopped by SIGSTOP #1, sent before kill\(SIGCONT\) #2 returned/,
    dfs: 60,
    pct: 100,
    random: 50,
  },
  {
    variant: 'ack-window',
    kind: 'invariant',
    says: /"a task is group-stopped only during a group stop" violated: t0 is in groupStop, but tg0 has no group stop in progress/,
    dfs: 60,
    pct: 200,
    random: null,
  },
  { variant: 'unbalanced-end', kind: 'panic', says: /"stopper" threw panic: Invalid stopCount: -1 \(ts\.stopCount\)/, dfs: 1, pct: 1, random: 1 },
  {
    variant: 'new-task-misses-pause',
    kind: 'invariant',
    says: /"stopCount counts the stops that apply" violated: p0 has p0\.stopCount 0 \(TaskSet 1, Task\.BeginExternalStop 0, internal none\): want 1/,
    dfs: null,
    pct: 10,
    random: 10,
  },
  {
    variant: 'stop-without-interrupt',
    kind: 'deadlock',
    says: /"stopper" blocked on waitGroup "ts\.runningGoroutines" wait \(counter 1\)/,
    dfs: 4_000,
    pct: 50,
    random: 50,
  },
];

/** Explorations shared by the tests below (each runs once). */
const found = new Map<string, ExploreResult>();
function hunt(variant: string, strategy: 'dfs' | 'pct' | 'random', runs: number, seed = 1): ExploreResult {
  const key = `${variant}/${strategy}/${runs}/${seed}`;
  let r = found.get(key);
  if (r === undefined) {
    r = explore(taskStop, { variant, strategy, runs, seed, shrink: strategy === 'dfs' });
    found.set(key, r);
  }
  return r;
}

const SIGNAL_MU = 'mutex "tg0.signalHandlers.mu"';

/** A one-goroutine scenario over a bare kernel with one task `t0` (for the model's own panics). */
function onTask(name: string, body: (t: Task) => Routine<void>) {
  return defineScenario({
    name,
    description: 'a unit of the task-stop model',
    variants: { correct: 'as modelled' },
    setup(sim) {
      const k = new Kernel({ sim, variant: 'correct' });
      const t = k.tasks.bootTask('t0', k.newThreadGroup('tg0', null));
      sim.go('caller', () => body(t));
    },
  });
}

describe('task-stop', () => {
  describe('variants', () => {
    it('should list the correct variant first and every other as expected to fail', () => {
      expect(taskStop.variants.map((v) => [v.name, v.expect])).toEqual([['correct', 'pass'], ...BUGS.map((b) => [b.variant, 'fail'])]);
    });
  });

  describe('correct', () => {
    // The defaults (29,583 executions before DPOR kept the invariants' steps in order; not
    // exhausted within 600 s since) and the larger settings are measured in README.md, with
    // the commands that reproduce them.
    itHolds(taskStop, 'correct', {
      dfsRuns: 2_000,
      defaults: 'readme',
      exhaustive: [
        { params: { pauses: 0 }, why: "SIGSTOP and SIGCONT racing the task's group stop, the races of f7324fa (877)" },
        { params: { signals: '' }, why: "a checkpoint's Pause and Unpause alone (595)" },
      ],
      preemptAtAccesses: { params: { pauses: 0 }, why: 'the races of f7324fa (1,920)' },
      timeoutMs: 120_000,
    });

    it('should hold with more tasks, pauses, new processes, external stops, repeated stop signals and SIGKILL', () => {
      for (const params of [
        { tasks: 2 },
        { tasks: 2, signals: 'SIGSTOP,SIGKILL' },
        { tasks: 2, signals: 'SIGSTOP' }, // the group legitimately stays stopped
        { tasks: 2, signals: 'SIGSTOP,SIGCONT,SIGSTOP,SIGCONT' },
        { tasks: 3, pauses: 2, newTasks: 2, externalStops: 2, signals: 'SIGSTOP,SIGSTOP,SIGCONT,SIGKILL' },
      ]) {
        const r = explore(taskStop, { variant: 'correct', strategy: 'random', runs: 500, seed: 2, params });
        expect([params, r.violation?.message]).toEqual([params, undefined]);
      }
    }, 60_000);

    it('should reject an unknown signal', () => {
      expect(() => explore(taskStop, { runs: 1, params: { signals: 'SIGSTOP,SIGTERM' } })).toThrow(/unknown signal "SIGTERM"/);
    });
  });

  describe('explore', () => {
    for (const bug of BUGS) {
      const dfs = bug.dfs;
      if (dfs !== null)
      it(`should find ${bug.variant} as ${bug.kind} by exhaustive dfs within ${dfs} executions`, () => {
        const r = hunt(bug.variant, 'dfs', dfs);
        expect(r.violation?.kind).toBe(bug.kind);
        expect(r.violation!.message).toMatch(bug.says);
      });

      it(`should find ${bug.variant} as ${bug.kind} by pct (depth 3) within ${bug.pct} executions for each seed`, () => {
        for (const seed of SEEDS) {
          const r = hunt(bug.variant, 'pct', bug.pct, seed);
          expect([seed, r.violation?.kind]).toEqual([seed, bug.kind]);
          expect(r.violation!.message).toMatch(bug.says);
        }
      });

      const random = bug.random;
      if (random !== null) {
        it(`should find ${bug.variant} as ${bug.kind} within ${random} random executions for each seed`, () => {
          for (const seed of SEEDS) {
            const r = hunt(bug.variant, 'random', random, seed);
            expect([seed, r.violation?.kind]).toEqual([seed, bug.kind]);
            expect(r.violation!.message).toMatch(bug.says);
          }
        });
      }
    }

    it('should find ack-window by random exploration too (seed 2, within 1,000 executions; up to 8,445 for seeds 1..5)', () => {
      const r = hunt('ack-window', 'random', 1_000, 2);
      expect(r.violation?.kind).toBe('invariant');
    });
  });

  describe('replay', () => {
    it('should reproduce each variant violation message and trace exactly from its schedule', () => {
      for (const bug of BUGS) {
        const v = hunt(bug.variant, 'pct', bug.pct, 1).violation!;
        const again = replay(taskStop, v.schedule);
        expect(again.violation?.message).toBe(v.message);
        expect(again.trace).toEqual(v.trace);
      }
    });
  });

  describe('stories (the shrunk dfs violations)', () => {
    it('sigcont-lost: SIGCONT returns early while t0 is between dequeuing SIGSTOP and initiateGroupStop, which still sees it dequeued', () => {
      const v = hunt('sigcont-lost', 'dfs', 60).violation!;
      const trace = v.trace;
      const deq = trace.findIndex((s) => s.goroutine === 't0' && (s.note ?? '').includes('t0 dequeued SIGSTOP #1')); // runInterrupt: sets groupStopDequeued
      const [unlock, cont, ret, init] = inOrder(
        trace,
        [
          { goroutine: 't0', effect: 'unlock', object: SIGNAL_MU }, // … and drops the signal mutex before initiateGroupStop
          { goroutine: 'sender', effect: 'lock', object: SIGNAL_MU }, // kill(SIGCONT): endGroupStopLocked
          { goroutine: 'sender', effect: 'unlock', object: SIGNAL_MU },
          { goroutine: 't0', effect: 'lock', object: SIGNAL_MU }, // initiateGroupStop
        ],
        deq,
      );
      expect(trace[deq]!.effect).toBe('lock');
      expect(unlock).toBe(deq + 1);
      expect(trace[cont!]!.note).toContain('endGroupStopLocked: no group stop in progress, returns early (groupStopDequeued still set)');
      expect(trace[ret!]!.note).toContain('kill(SIGCONT) #2 returns');
      expect(trace[init!]!.note).toContain('initiateGroupStop(SIGSTOP #1): groupStopDequeued is still set, the group stops');
      // t0 acknowledges, enters groupStop, and parks in doStop for good.
      const [enter, park] = inOrder(
        trace,
        [
          { goroutine: 't0', effect: 'add(1)', object: 'atomic "t0.stopCount"' },
          { goroutine: 't0', effect: 'wait', object: 'cond "t0.endStopCond"' },
        ],
        init!,
      );
      expect(trace[enter!]!.note).toContain('t0 enters groupStop');
      expect(trace.slice(park! + 1).filter((s) => s.goroutine === 't0')).toEqual([]);
      expect(v.shrink!.after.preemptions).toBeLessThanOrEqual(3);
    });

    it('ack-window: t0 completes the group stop and drops the signal mutex; the SIGCONT ends it; t0 then enters groupStop', () => {
      const v = hunt('ack-window', 'dfs', 60).violation!;
      const trace = v.trace;
      const init = trace.findIndex((s) => (s.note ?? '').includes('initiateGroupStop(SIGSTOP #1): groupStopDequeued is still set, the group stops'));
      expect(init).toBeGreaterThan(0);
      const [ack, drop, rlock, cont, ret, relock] = inOrder(trace, [
        { goroutine: 't0', effect: 'lock', object: SIGNAL_MU }, // runInterrupt with groupStopPending
        { goroutine: 't0', effect: 'unlock', object: SIGNAL_MU }, // the window opens (before f7324fa)
        { goroutine: 't0', effect: 'rlock', object: 'rwmutex "ts.mu"' },
        { goroutine: 'sender', effect: 'lock', object: SIGNAL_MU }, // kill(SIGCONT): ends the complete group stop
        { goroutine: 'sender', effect: 'unlock', object: SIGNAL_MU },
        { goroutine: 't0', effect: 'lock', object: SIGNAL_MU }, // beginInternalStopLocked(groupStop)
      ], init + 1);
      expect(trace[ack!]!.note).toContain('t0 acknowledges the group stop, the last to: it is complete');
      expect(drop).toBe(ack! + 1);
      expect(rlock).toBe(drop! + 1);
      expect(trace[cont!]!.note ?? '').not.toContain('returns early');
      expect(trace[ret!]!.note).toContain('kill(SIGCONT) #2 returns');
      expect(relock).toBe(trace.length - 1);
      expect(v.step).toBe(trace[relock!]!.step);
    });

    it('stop-without-interrupt: Pause begins the stop, but t0 sleeps on in pause(2) and Pause waits for it for good', () => {
      const v = hunt('stop-without-interrupt', 'dfs', 4_000).violation!;
      expect(v.message).toContain('"every task settles" failed: t0 never settled: it is BlockedInterruptible with t0.stopCount 1 (TaskSet 1');
      const begin = indexOf(v.trace, { goroutine: 'stopper', effect: 'add(1)', object: 'atomic "t0.stopCount"' });
      expect(v.trace.slice(begin).some((s) => s.object === 'chan "t0.interruptChan"' && s.goroutine === 'stopper')).toBe(false);
    });
  });

  describe('findings (FINDINGS.md)', () => {
    it('a task that StartProcess starts while Pause returns runs in the sentry during the pause, until its first doStop', () => {
      // The correct model, with a stricter check than upstream promises: no task goroutine
      // runs between Pause's return and Unpause. CreateProcess runs before Pause's
      // BeginExternalStop; StartProcess's runningGoroutines.Add(1) comes after the counter
      // reached 0, which releases Pause.
      const s = defineScenario({
        name: 'task-stop-start-during-pause',
        description: 'runsc exec racing a checkpoint',
        variants: { correct: 'as google/gvisor@3c5eee17' },
        setup(sim) {
          const k = new Kernel({ sim, variant: 'correct' }, 1);
          const t0 = k.tasks.bootTask('t0', k.newThreadGroup('tg0', null));
          t0.Boot();
          let paused = false;
          sim.invariant('no task runs while paused', () => {
            const running = k.tasks.all.filter((t) => t.goschedState === 'RunningSys' || t.goschedState === 'RunningApp');
            return !paused || running.length === 0 || `${running.map((t) => t.name).join(', ')} runs while the kernel is paused`;
          });
          sim.go('kernel', () => k.CreateProcess('p0'));
          sim.go('stopper', function* () {
            yield* k.Pause();
            paused = true;
            yield* sim.yieldNow(); // Kernel.SaveTo
            paused = false;
            yield* k.Unpause();
          });
        },
      });
      // Random finds it (seeds 1..5: executions 155, 10, 10, 5, 55). Exhaustive dfs reaches it
      // at execution 179 on this engine, but nothing guarantees that: the check reads plain
      // fields that two goroutines write, which DPOR does not order (README.md).
      const v = explore(s, { strategy: 'random', seed: 4, runs: 20 }).violation;
      expect(v?.message).toContain('"no task runs while paused" violated: p0 runs while the kernel is paused');
      // p0 was created (under ts.mu, with the TaskSet's stop) before Pause returned, and
      // started after the counter Pause waits on reached 0: it stops at its first doStop.
      const created = indexOf(v!.trace, { goroutine: 'kernel', effect: 'unlock', object: 'rwmutex "ts.mu"' });
      const released = indexOf(v!.trace, { goroutine: 'stopper', effect: 'wait', object: 'waitGroup "ts.runningGoroutines"' });
      expect(created).toBeLessThan(released);
    });
  });

  describe('Task', () => {
    it('should panic with gVisor message when the task is already in an internal stop', () => {
      const s = onTask('task-stop-two-internal-stops', function* (t) {
        yield* t.beginInternalStop(groupStop);
        yield* t.beginInternalStop(groupStop);
      });
      const v = explore(s, { runs: 1 }).violation;
      expect(v?.kind).toBe('panic');
      expect(v?.message).toContain('"caller" threw panic: Attempting to enter internal stop groupStop when already in internal stop groupStop');
    });

    it('should panic when an internal stop that does not exist is ended', () => {
      const s = onTask('task-stop-end-no-internal-stop', function* (t) {
        yield* t.tg.signalMu.lock();
        yield* t.endInternalStopLocked();
      });
      expect(explore(s, { runs: 1 }).violation?.message).toContain('threw panic: Attempting to leave non-existent internal stop');
    });

    it('should panic on a negative stopCount: EndExternalStop without a matching BeginExternalStop', () => {
      const s = onTask('task-stop-unbalanced-task-end', function* (t) {
        yield* t.BeginExternalStop();
        yield* t.EndExternalStop();
        yield* t.EndExternalStop();
      });
      const v = explore(s, { runs: 1 }).violation;
      expect(v?.kind).toBe('panic');
      expect(v?.message).toContain('"caller" threw panic: Invalid stopCount: -1 (t0.stopCount)');
    });
  });
});
