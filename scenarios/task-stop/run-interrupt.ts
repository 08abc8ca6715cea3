/**
 * Group stop, from the task goroutine's side: the interrupt check (`runInterrupt`), what a
 * dequeued signal does (`deliverSignal`), initiating a group stop and acknowledging it.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_signals.go`:
 * `dequeueSignalLocked` 129–134, `deliverSignal` 153–231, `initiateGroupStop` 763–805,
 * `participateGroupStopLocked` 869–887, `signalStop` 894–909, `runInterrupt.execute`
 * 916–1076 (its group-stop branch 973–1050, without a tracer); `task_exit.go`
 * `PrepareGroupExit` 155–187.
 *
 * `ack-window` is the group-stop branch before google/gvisor@f7324fa (2026-03-17), at its
 * parent 8baf482e, lines 977–1040: the signal mutex is dropped after
 * `participateGroupStopLocked` and taken again, under `pidns.owner.mu` read-locked, before
 * `beginInternalStopLocked`.
 */
import type { Routine } from '../../sim';
import type { SignalInfo } from './model';
import { groupStop, type RunState, type Task } from './task';
import type { ThreadGroup } from './thread-group';

/**
 * `runInterrupt.execute`: acknowledge and enter a pending group stop; else dequeue a signal
 * and act on it; else clear the interrupt and run the application.
 */
export function* runInterrupt(t: Task): Routine<RunState> {
  const tg = t.tg;
  const ts = t.ts;
  yield* tg.signalMu.lock();
  // (Did we just leave a group stop? The continue notification, groupContNotify, is left out.)

  // Do we need to enter a group stop?
  if (t.groupStopPending) {
    const sig = tg.groupStopSignal;
    t.groupStopPending = false;
    let notifyParent = participateGroupStopLocked(t);
    t.m.sim.note(`${t.name} acknowledges the group stop${notifyParent ? ', the last to: it is complete' : ''}`);
    if (t.m.variant === 'ack-window') {
      // Drop the signal mutex so we can take the TaskSet mutex.
      yield* tg.signalMu.unlock();
      yield* ts.mu.rlock();
      if (tg.parent === null) notifyParent = false;
      yield* tg.signalMu.lock(); // a SIGCONT in the window ended a group stop t has not entered yet
      if (!t.killedLocked()) yield* enter(t, notifyParent);
      yield* tg.signalMu.unlock();
    } else {
      if (!t.killedLocked()) yield* enter(t, notifyParent);
      // Drop the signal mutex so we can take the TaskSet mutex.
      yield* tg.signalMu.unlock();
      yield* ts.mu.rlock();
      if (tg.parent === null) notifyParent = false;
    }
    if (notifyParent && tg.parent !== null) yield* signalStop(tg.parent, tg.leader, sig);
    yield* ts.mu.runlock();
    return 'runInterrupt';
  }

  // Are there signals pending?
  const info = dequeueSignalLocked(t);
  if (info !== null) {
    if (info.signo === 'SIGSTOP') {
      // Indicate that we've dequeued a stop signal before unlocking the signal mutex;
      // initiateGroupStop will check for races with endGroupStopLocked after relocking it.
      tg.groupStopDequeued = true;
    }
    t.m.sim.note(`${t.name} dequeued ${info.signo} #${info.seq}`);
    yield* tg.signalMu.unlock();
    return yield* deliverSignal(t, info);
  }

  yield* t.unsetInterrupted();
  yield* tg.signalMu.unlock();
  return 'runApp';
}

/** `beginInternalStopLocked((*groupStop)(nil))`, with a note for traces. */
function* enter(t: Task, last: boolean): Routine<void> {
  yield* t.beginInternalStopLocked(groupStop);
  t.m.sim.note(`${t.name} enters groupStop${last ? ': the last to acknowledge, the group stop is complete' : ''}`);
}

/** `dequeueSignalLocked(mask)`: task-private signals first, lowest number first. Precondition: the signal mutex is locked. */
function dequeueSignalLocked(t: Task): SignalInfo | null {
  if (t.signalMaskAll) return null;
  const own = t.pendingSignals[0];
  if (own !== undefined) {
    t.pendingSignals = t.pendingSignals.slice(1);
    return own;
  }
  const group = t.tg.pendingSignals[0];
  if (group === undefined) return null;
  t.tg.pendingSignals = t.tg.pendingSignals.slice(1);
  return group;
}

/** `deliverSignal` with each signal's default action: terminate, stop, or ignore. */
export function* deliverSignal(t: Task, info: SignalInfo): Routine<RunState> {
  switch (info.signo) {
    case 'SIGKILL':
      yield* PrepareGroupExit(t); // SignalActionTerm
      return 'runExit';
    case 'SIGSTOP':
      yield* initiateGroupStop(t, info); // SignalActionStop
      return 'runInterrupt';
    case 'SIGCONT':
      return 'runInterrupt'; // SignalActionIgnore (queued only while the leader blocked every signal)
  }
}

/** `PrepareGroupExit`: the group exits; every other task is killed (SIGKILL already did both). */
function* PrepareGroupExit(t: Task): Routine<void> {
  yield* t.tg.signalMu.lock();
  if (!t.tg.exiting) {
    t.tg.exiting = true;
    for (const sibling of t.tg.tasks) if (sibling !== t) yield* sibling.killLocked(0);
  }
  yield* t.tg.signalMu.unlock();
}

/** `initiateGroupStop`: starts a group stop for a dequeued stop signal, unless a racing stop signal, SIGCONT or exit got there first. */
function* initiateGroupStop(t: Task, info: SignalInfo): Routine<void> {
  const tg = t.tg;
  yield* t.ts.mu.rlock();
  yield* tg.signalMu.lock();
  const lost = t.groupStopPending ? 'racing stop signal' : !tg.groupStopDequeued ? 'racing SIGCONT' : tg.exiting ? 'racing group exit' : null;
  if (lost !== null) {
    t.m.sim.note(`initiateGroupStop(${info.signo} #${info.seq}): not stopping thread group: lost to ${lost}`);
  } else {
    t.m.sim.note(`initiateGroupStop(${info.signo} #${info.seq}): groupStopDequeued is still set, the group stops`);
    if (!tg.groupStopComplete) tg.groupStopSignal = info;
    tg.groupStopPendingCount = 0;
    for (const t2 of tg.tasks) {
      if (t2.killedLocked() || t2.exitState !== 'TaskExitNone') {
        t2.groupStopPending = false;
        continue;
      }
      t2.groupStopPending = true;
      t2.groupStopAcknowledged = false;
      yield* t2.interrupt();
      tg.groupStopPendingCount++;
    }
  }
  yield* tg.signalMu.unlock();
  yield* t.ts.mu.runlock();
}

/**
 * `participateGroupStopLocked`: counts `t`'s acknowledgement; true if it completed the group
 * stop, and then the caller must notify the leader's parent. Preconditions: the signal mutex
 * is locked; `t` just cleared `groupStopPending`.
 */
export function participateGroupStopLocked(t: Task): boolean {
  const tg = t.tg;
  if (t.groupStopAcknowledged) return false;
  t.groupStopAcknowledged = true;
  tg.groupStopPendingCount--;
  if (tg.groupStopPendingCount !== 0) return false;
  if (tg.groupStopComplete) return false;
  tg.groupStopComplete = true;
  tg.completedGroupStops++;
  return true;
}

/**
 * `parent.signalStop(target, CLD_STOPPED, sig)` and `EventChildGroupStop`: the parent's
 * SIGCHLD is ignored by default and discarded under its signal mutex; its event queue
 * records the stop. Precondition: the TaskSet mutex is locked (for reading or writing).
 */
export function* signalStop(parent: ThreadGroup, target: Task, sig: SignalInfo | null): Routine<void> {
  yield* parent.signalMu.lock();
  yield* parent.signalMu.unlock();
  parent.notifications.push({ from: target.tg.name, sig });
}
