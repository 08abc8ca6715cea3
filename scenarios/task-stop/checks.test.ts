/**
 * Every check of the `task-stop` model can fail: each is shown firing on a state that breaks
 * what it says upstream guarantees, made by one goroutine that drives the model's own
 * functions (or sets a field as a broken implementation would) on a kernel with one task
 * `t0` in `tg0` (whose parent is `parent`), with the checks installed.
 */
import { defineScenario, explore, type Routine, type Violation } from '../../sim';
import { observed, registerChecks, type Observed } from './checks';
import { groupStop, type Task } from './task';
import { Kernel } from './task-set';
import type { ThreadGroup } from './thread-group';

interface World {
  readonly k: Kernel;
  readonly tg0: ThreadGroup;
  readonly t0: Task;
  readonly obs: Observed;
}

/** The one violation of a one-execution run in which goroutine "g" runs `body`. */
function onKernel(name: string, body: (w: World) => Routine<void>): Violation | undefined {
  const s = defineScenario({
    name,
    description: 'a unit of the task-stop checks',
    variants: { correct: 'as modelled' },
    setup(sim) {
      const k = new Kernel({ sim, variant: 'correct' });
      const parent = k.newThreadGroup('parent', null);
      const tg0 = k.newThreadGroup('tg0', parent);
      const t0 = k.tasks.bootTask('t0', tg0);
      const obs = observed();
      registerChecks(sim, k, obs);
      sim.go('g', () => body({ k, tg0, t0, obs }));
    },
  });
  return explore(s, { runs: 1 }).violation;
}

describe('task-stop checks', () => {
  it('should hold on a kernel nobody touches, and on balanced stops', () => {
    expect(
      onKernel('task-stop-check-quiet', function* ({ k, t0, obs }) {
        yield* k.tasks.BeginExternalStop();
        yield* t0.BeginExternalStop();
        obs.externalStops.set('t0', 1);
        yield* t0.EndExternalStop();
        obs.externalStops.set('t0', 0);
        yield* k.tasks.EndExternalStop();
      }),
    ).toBeUndefined();
  });

  it('should report a stopCount that counts a stop nobody began', () => {
    const v = onKernel('task-stop-check-count', function* ({ tg0, t0 }) {
      yield* tg0.signalMu.lock();
      yield* t0.beginStopLocked();
      yield* tg0.signalMu.unlock();
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toContain('"stopCount counts the stops that apply" violated: t0 has t0.stopCount 1 (TaskSet 0, Task.BeginExternalStop 0, internal none): want 0');
  });

  it('should report a task in groupStop while its group has no group stop in progress', () => {
    const v = onKernel('task-stop-check-group-stopped', function* ({ t0 }) {
      yield* t0.beginInternalStop(groupStop);
    });
    expect(v?.message).toContain('"a task is group-stopped only during a group stop" violated: t0 is in groupStop, but tg0 has no group stop in progress');
  });

  it('should report a groupStopPendingCount that does not count the pending tasks', () => {
    const v = onKernel('task-stop-check-pending', function* ({ tg0 }) {
      yield* tg0.signalMu.lock();
      tg0.groupStopPendingCount = 1;
      yield* tg0.signalMu.unlock();
    });
    expect(v?.message).toContain('"groupStopPendingCount counts the tasks yet to acknowledge" violated: tg0.groupStopPendingCount is 1, but 0 tasks have groupStopPending (none)');
  });

  it('should report a killed task in a killable stop', () => {
    const v = onKernel('task-stop-check-killed', function* ({ tg0, t0 }) {
      yield* tg0.signalMu.lock();
      tg0.groupStopComplete = true; // a completed group stop, so that only this check fails
      t0.pendingSignals = [{ signo: 'SIGKILL', seq: 1 }];
      yield* t0.beginInternalStopLocked(groupStop);
      yield* tg0.signalMu.unlock();
    });
    expect(v?.message).toContain('"a killed task is in no killable stop" violated: t0 has SIGKILL pending but is in groupStop');
  });

  it('should report a task that runs after Pause() returned', () => {
    const v = onKernel('task-stop-check-paused', function* ({ t0, obs }) {
      obs.pausedTasks = [t0]; // t0 was stopped when Pause returned …
      t0.goschedState = 'RunningSys'; // … and runs
      yield* t0.stopCount.load();
    });
    expect(v?.message).toContain('"after Pause() returns no task runs" violated: t0 is RunningSys after Pause() returned');
  });

  it('should report, at the end, a group left stopped by a stop signal sent before the last SIGCONT', () => {
    const v = onKernel('task-stop-check-stale', function* ({ tg0, t0, obs }) {
      yield* tg0.signalMu.lock();
      tg0.groupStopSignal = { signo: 'SIGSTOP', seq: 1 };
      tg0.groupStopComplete = true;
      yield* t0.beginInternalStopLocked(groupStop);
      yield* tg0.signalMu.unlock();
      obs.lastContSeq = 2;
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"after kill(SIGCONT) returns no earlier stop signal leaves the group stopped" failed: t0 is left group-stopped by SIGSTOP #1, sent before kill(SIGCONT) #2 returned');
  });

  it('should report, at the end, a task left in doStop with stopCount 0 (a lost wake)', () => {
    const v = onKernel('task-stop-check-lost-wake', function* ({ t0 }) {
      t0.goschedState = 'Stopped'; // as if parked in endStopCond.Wait when the count dropped to 0 without Signal
      yield* t0.stopCount.load();
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"the wake at count 0 is never lost" failed: t0 is left in doStop with t0.stopCount 0: the wake at 0 was lost');
  });

  it('should report, at the end, a completed group stop the parent was not told of', () => {
    const v = onKernel('task-stop-check-notify', function* ({ tg0 }) {
      yield* tg0.signalMu.lock();
      tg0.completedGroupStops = 1;
      yield* tg0.signalMu.unlock();
    });
    expect(v?.message).toContain('"exactly one stop notification per completed group stop" failed: the parent of tg0 got 0 stop notifications for 1 completed group stops');
  });

  it('should report, at the end, a task that neither exited nor sleeps in pause(2) nor is stopped by a later stop signal', () => {
    const v = onKernel('task-stop-check-settled', function* ({ t0 }) {
      t0.goschedState = 'RunningSys';
      yield* t0.stopCount.load();
    });
    expect(v?.message).toContain('"every task settles" failed: t0 never settled: it is RunningSys with t0.stopCount 0');
  });
});
