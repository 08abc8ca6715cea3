/**
 * The task exit path, as far as stops and group stops see it: `runExit` → `runExitMain`
 * (`exitThreadGroup`) → `runExitNotify`, with `doStop` between the states.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_exit.go`: `advanceExitStateLocked`
 * 220–231, `runExit` 235–238, `runExitMain` 243–358, `exitThreadGroup` 364–392,
 * `runExitNotify` 633–652. Left out: ptrace, cleartid and robust futexes, releasing the
 * MM, children and reaping; a task stays a zombie in its thread group.
 */
import type { Routine } from '../../sim';
import { panic } from './model';
import { participateGroupStopLocked, signalStop } from './run-interrupt';
import type { RunState, Task, TaskExitState } from './task';

/** `advanceExitStateLocked`: panics unless the task is in `from`. Precondition: the TaskSet mutex is locked for writing. */
function advanceExitStateLocked(t: Task, from: TaskExitState, to: TaskExitState): void {
  if (t.exitState !== from) panic(`Transitioning from exit state ${from} to ${to}: unexpected preceding state ${t.exitState}`);
  t.exitState = to;
}

/** `runExit.execute`: `ptraceExit` (nothing to do without a tracer). */
export function runExit(): RunState {
  return 'runExitMain';
}

/** `runExitMain.execute`: leaves the thread group's activities (the rest of it touches no stop state). */
export function* runExitMain(t: Task): Routine<RunState> {
  yield* exitThreadGroup(t);
  return 'runExitNotify';
}

/** `runExitNotify.execute`: becomes a zombie under the TaskSet mutex (no parent to notify of the exit in the model). */
export function* runExitNotify(t: Task): Routine<RunState> {
  yield* t.ts.mu.lock();
  advanceExitStateLocked(t, 'TaskExitInitiated', 'TaskExitZombie');
  yield* t.ts.mu.unlock();
  return null;
}

/**
 * `exitThreadGroup`: the task is no longer eligible to take part in group activities; if a
 * group stop is pending for it, its exit counts as the acknowledgement. True if it is the
 * last active task of its thread group.
 */
export function* exitThreadGroup(t: Task): Routine<boolean> {
  const tg = t.tg;
  yield* t.ts.mu.lock();
  yield* tg.signalMu.lock();
  advanceExitStateLocked(t, 'TaskExitNone', 'TaskExitInitiated');
  tg.activeTasks--;
  const last = tg.activeTasks === 0;
  // Ensure that someone will handle the signals we can't.
  yield* tg.maskAllSignalsLocked(t);
  // Check if this task's exit interacts with an initiated group stop.
  if (!t.groupStopPending) {
    yield* tg.signalMu.unlock();
    yield* t.ts.mu.unlock();
    return last;
  }
  t.groupStopPending = false;
  const sig = tg.groupStopSignal;
  const notifyParent = participateGroupStopLocked(t);
  // signalStop must be called with t's signal mutex unlocked.
  yield* tg.signalMu.unlock();
  if (notifyParent && tg.parent !== null) yield* signalStop(tg.parent, t, sig);
  yield* t.ts.mu.unlock();
  return last;
}
