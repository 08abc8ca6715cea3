import { defineScenario, explore, replay, type ExploreResult, type Routine, type ViolationKind } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import taskStop from '.';
import { groupStop, type Task } from './task';
import { Kernel } from './task-set';
import { inOrder, matches } from '../test-helpers/trace';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * Each buggy variant: the kind and message it is found with; the random executions within
 * which it is found for each of SEEDS (measured, see README.md); the executions within
 * which exhaustive `dfs` finds it at its defaults (measured: 60, 48, 44, 1, 55); and the
 * `pct` (depth 3) executions within which seed `pct.seed` finds it (measured: 8, 59, 1, 3).
 * `dostop-if` is beyond depth 3 (see its own tests). Random exploration needs up to 36,899
 * executions for `dostop-if` at the defaults (seeds 1..5), so it is checked for every seed
 * with a second task (at most 1,852 for seeds 1..5) and at the defaults for seed 4 (7,352).
 */
const BUGS: readonly { variant: string; kind: ViolationKind; says: RegExp; budget: number; params?: Record<string, unknown>; dfs: number; pct: { seed: number; runs: number } | null }[] = [
  {
    variant: 'dostop-if',
    kind: 'invariant',
    says: /"no run step while stopCount > 0" violated: t\d left doStop and runs with t\d\.stopCount 1/,
    budget: 5_000,
    params: { tasks: 2 },
    dfs: 200,
    pct: null,
  },
  {
    variant: 'sigcont-lost',
    kind: 'at-end',
    says: /"after kill\(SIGCONT\) returns no earlier stop signal leaves the group stopped" failed: t0 is left group-stopped by SIGSTOP #1, sent before kill\(SIGCONT\) #2 returned/,
    budget: 200,
    dfs: 200,
    pct: { seed: 1, runs: 20 },
  },
  {
    variant: 'ack-window',
    kind: 'invariant',
    says: /"a task is group-stopped only during a group stop" violated: t0 is in groupStop, but tg0 has no group stop in progress/,
    budget: 2_000,
    dfs: 200,
    pct: { seed: 4, runs: 100 },
  },
  { variant: 'unbalanced-end', kind: 'panic', says: /"stopper" threw panic: Invalid stopCount: -1 \(ts\.stopCount\)/, budget: 1, dfs: 1, pct: { seed: 1, runs: 1 } },
  {
    variant: 'new-task-misses-pause',
    kind: 'invariant',
    says: /"new tasks inherit the TaskSet stopCount" violated: p0 is under 0 of the TaskSet's 1 external stops/,
    budget: 20,
    dfs: 200,
    pct: { seed: 5, runs: 20 },
  },
];

/** Explorations are shared by the tests below (each runs once). */
const found = new Map<string, ExploreResult>();
function hunt(bug: (typeof BUGS)[number], seed: number): ExploreResult {
  const key = `${bug.variant}/${seed}`;
  let r = found.get(key);
  if (r === undefined) {
    r = explore(taskStop, { variant: bug.variant, strategy: 'random', runs: bug.budget, seed, ...(bug.params !== undefined ? { params: bug.params } : {}) });
    found.set(key, r);
  }
  return r;
}

const SIGNAL_MU = 'mutex "tg0.signalHandlers.mu"';
const DEQUEUED = 'shared "tg0.groupStopDequeued"';

/** A one-goroutine scenario over a bare kernel with one task `t0` (for the model's own panics). */
function onTask(name: string, body: (t: Task) => Routine<void>) {
  return defineScenario({
    name,
    description: 'a unit of the task-stop model',
    variants: { correct: 'as modelled' },
    setup(sim) {
      const k = new Kernel({ sim, variant: 'correct', rounds: 1 });
      const t = k.tasks.bootTask('t0', k.newThreadGroup(null));
      sim.go('caller', () => body(t));
    },
  });
}

describe('task-stop', () => {
  describe('variants', () => {
    it('should list the correct variant first and every other as expected to fail', () => {
      expect(taskStop.variants.map((v) => [v.name, v.expect])).toEqual([['correct', 'pass'], ...BUGS.map((b) => [b.variant, 'fail'])]);
    });

    it('should keep each description to one line', () => {
      for (const v of taskStop.variants) expect(v.description).not.toMatch(/\n/);
    });
  });

  describe('correct', () => {
    itHolds(taskStop, 'correct', {
      dfsRuns: 3_000,
      measured: 184,
      exhaustive: [
        { params: { signals: '', newTasks: 1 }, why: 'a new process during the checkpoint (277)' },
        { params: { signals: 'SIGSTOP,SIGCONT,SIGKILL' }, why: 'SIGKILL after SIGCONT (685)' },
        { params: { rounds: 2 }, why: 'two run steps (393)' },
      ],
    });

    it('should hold with more tasks, rounds, pauses, new processes, external stops and SIGKILL', () => {
      for (const params of [
        { tasks: 2 },
        { tasks: 2, signals: 'SIGSTOP,SIGKILL' },
        { tasks: 2, signals: 'SIGSTOP' }, // the group legitimately stays stopped
        { tasks: 2, rounds: 2, signals: 'SIGSTOP,SIGCONT,SIGSTOP,SIGCONT' },
        { tasks: 3, rounds: 2, pauses: 2, newTasks: 2, externalStops: 2, signals: 'SIGSTOP,SIGSTOP,SIGCONT,SIGKILL' },
      ]) {
        const r = explore(taskStop, { variant: 'correct', strategy: 'random', runs: 1_000, seed: 2, params });
        expect([params, r.violation?.message]).toEqual([params, undefined]);
      }
    });

    it('should reject an unknown signal', () => {
      expect(() => explore(taskStop, { runs: 1, params: { signals: 'SIGSTOP,SIGTERM' } })).toThrow(/unknown signal "SIGTERM"/);
    });
  });

  describe('explore', () => {
    for (const bug of BUGS) {
      it(`should find ${bug.variant} as ${bug.kind} by exhaustive dfs at its defaults within ${bug.dfs} executions`, () => {
        const r = explore(taskStop, { variant: bug.variant, strategy: 'dfs', runs: bug.dfs });
        expect(r.violation?.kind).toBe(bug.kind);
        expect(r.violation!.message).toMatch(bug.says);
      });

      const pct = bug.pct;
      if (pct !== null) {
        it(`should find ${bug.variant} as ${bug.kind} by pct (depth 3) within ${pct.runs} executions (seed ${pct.seed})`, () => {
          const r = explore(taskStop, { variant: bug.variant, strategy: 'pct', runs: pct.runs, seed: pct.seed });
          expect(r.violation?.kind).toBe(bug.kind);
          expect(r.violation!.message).toMatch(bug.says);
        });
      }
    }

    for (const bug of BUGS) {
      it(`should find ${bug.variant} as ${bug.kind} within ${bug.budget} random executions for each seed`, () => {
        for (const seed of SEEDS) {
          const r = hunt(bug, seed);
          expect([seed, r.violation?.kind]).toEqual([seed, bug.kind]);
          expect(r.violation!.message).toMatch(bug.says);
        }
      });
    }

    it('should find dostop-if at the defaults too (seed 4, within 10,000 random executions)', () => {
      const r = explore(taskStop, { variant: 'dostop-if', strategy: 'random', runs: 10_000, seed: 4 });
      expect(r.violation?.kind).toBe('invariant');
      expect(r.violation!.message).toMatch(BUGS[0]!.says);
    });

    it('should need pct depth 4 or more for dostop-if: found at depth 6 with two tasks (seed 2, within 1,000 executions)', () => {
      // At depth 3 pct did not find it for seeds 1..5, at the defaults in 100,000 executions
      // nor with two tasks in 20,000: the task must be parked, woken by SIGCONT, and
      // overtaken by the checkpointer's BeginExternalStop before it re-takes the signal mutex.
      // (Depths 4 and 5 missed it in 5,000 executions for seeds 1..8, depth 6 found it for
      // seeds 2, 4 and 7, since pct stopped demoting a goroutine at each yield: issue 13.)
      const r = explore(taskStop, { variant: 'dostop-if', strategy: 'pct', depth: 6, runs: 1_000, seed: 2, params: { tasks: 2 } });
      expect(r.violation?.kind).toBe('invariant');
      expect(r.violation!.message).toMatch(BUGS[0]!.says);
    });
  });

  describe('replay', () => {
    it('should reproduce each variant violation message exactly from its schedule', () => {
      for (const bug of BUGS) {
        const v = hunt(bug, 1).violation!;
        const again = replay(taskStop, v.schedule);
        expect(again.violation?.message).toBe(v.message);
        expect(again.trace).toEqual(v.trace);
      }
    });
  });

  describe('sigcont-lost', () => {
    it('should show SIGCONT returning early and a racing SIGSTOP leaving the group stopped', () => {
      for (const seed of SEEDS) {
        const v = hunt(BUGS[1]!, seed).violation!;
        const trace = v.trace;
        // kill(SIGSTOP) queues the stop signal; kill(SIGCONT) later drops queued stop signals (none left).
        const cont = inOrder(trace, [
          { goroutine: 'sender', effect: 'store([{signo: "SIGSTOP", seq: 1}])', object: 'shared "tg0.pendingSignals"' },
          { goroutine: 'sender', effect: 'store([])', object: 'shared "tg0.pendingSignals"' },
        ])[1]!;
        // Before that, a task dequeued SIGSTOP, set groupStopDequeued and dropped the signal mutex…
        let di = cont - 1;
        while (di >= 0 && !matches(trace[di]!, { effect: 'store(true)', object: DEQUEUED })) di--;
        expect(di).toBeGreaterThanOrEqual(0);
        const task = trace[di]!.goroutine;
        expect(inOrder(trace, [{ goroutine: task, effect: 'unlock', object: SIGNAL_MU }], di)[0]).toBeLessThan(cont);
        // …SIGCONT returned without clearing groupStopDequeued (the early return)…
        const ret = inOrder(trace, [{ goroutine: 'sender', effect: 'unlock', object: SIGNAL_MU }], cont)[0]!;
        expect(trace.slice(cont, ret).filter((s) => s.object === DEQUEUED)).toEqual([]);
        expect(trace[di]!.note).toContain(`${task} dequeued SIGSTOP #1`);
        expect(trace[cont]!.note).toContain('endGroupStopLocked: no group stop in progress, returns early (groupStopDequeued still set)');
        expect(trace[ret]!.note).toContain('kill(SIGCONT) #2 returns');
        expect(trace[ret]!.note).toContain('"sender" exited');
        // …so initiateGroupStop still sees it set: the task enters the group stop and is never woken.
        const park = inOrder(
          trace,
          [
            { goroutine: task, effect: 'load', object: DEQUEUED, result: 'true' },
            { goroutine: task, effect: 'add(1)', object: `atomic "${task}.stopCount"` }, // beginInternalStopLocked(groupStop)
            { goroutine: task, effect: 'wait', object: `cond "${task}.endStopCond"` },
          ],
          ret,
        )[2]!;
        expect(trace.slice(park + 1).filter((s) => s.goroutine === task)).toEqual([]);
        expect(trace.find((s) => s.goroutine === task && s.object === DEQUEUED && s.effect === 'load')!.note).toContain(
          'initiateGroupStop(SIGSTOP #1): groupStopDequeued is still set, the group stops',
        );
        expect(v.kind).toBe('at-end');
        expect(v.message).toContain(`${task} is left group-stopped by SIGSTOP #1, sent before kill(SIGCONT) #2 returned`);
      }
    });

    it('should shrink the violation exhaustive search finds to at most three preemptions', () => {
      // The sender after SIGSTOP (so the task can dequeue it), the task after dequeuing (so
      // SIGCONT runs before initiateGroupStop), and whoever runs the checkpoint meanwhile.
      const v = explore(taskStop, { variant: 'sigcont-lost', strategy: 'dfs', runs: BUGS[1]!.dfs }).violation!;
      expect(v.kind).toBe('at-end');
      expect(v.shrink!.after.preemptions).toBeLessThanOrEqual(3);
      expect(v.shrink!.after.preemptions).toBeLessThanOrEqual(v.shrink!.before.preemptions);
    });
  });

  describe('Task', () => {
    describe('beginInternalStopLocked', () => {
      it('should panic with gVisor message when the task is already in an internal stop', () => {
        const s = onTask('task-stop-two-internal-stops', function* (t) {
          yield* t.beginInternalStop(groupStop);
          yield* t.beginInternalStop(groupStop);
        });
        const v = explore(s, { runs: 1 }).violation;
        expect(v?.kind).toBe('panic');
        expect(v?.message).toContain('"caller" threw panic: Attempting to enter internal stop groupStop when already in internal stop groupStop');
      });
    });

    describe('endInternalStopLocked', () => {
      it('should panic when the task is in no internal stop', () => {
        const s = onTask('task-stop-end-no-internal-stop', function* (t) {
          yield* t.tg.lock();
          yield* t.endInternalStopLocked();
        });
        expect(explore(s, { runs: 1 }).violation?.message).toContain('threw panic: Attempting to leave non-existent internal stop');
      });
    });

    describe('EndExternalStop', () => {
      it('should panic on a negative stopCount without a matching BeginExternalStop', () => {
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
});
