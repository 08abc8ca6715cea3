/**
 * The checks of the `task-stop` scenario: what gVisor's stop and group-stop code guarantees,
 * stated over the model's real state (the fields upstream has) and over what the driver
 * goroutines know (the stops they began, the Pause that returned, the SIGCONT that returned).
 * Each check is a function returning `true` or a message, so that tests can feed it a broken
 * state (`checks.test.ts`); `registerChecks` installs them.
 */
import type { Sim } from '../../sim';
import { groupStop, type Task } from './task';
import type { Kernel } from './task-set';
import type { ThreadGroup } from './thread-group';

/** What the driver goroutines know, updated in the step in which each call returns (or begins). */
export interface Observed {
  /** `Task.BeginExternalStop` calls of the inspector not yet ended, by task name. */
  readonly externalStops: Map<string, number>;
  /** The tasks stopped in doStop when the last `Pause` returned, while it is not yet `Unpause`d; else null. */
  pausedTasks: readonly Task[] | null;
  /** The `seq` of the last `kill(SIGCONT)` that returned; 0 if none. */
  lastContSeq: number;
}

/** A fresh `Observed`. */
export function observed(): Observed {
  return { externalStops: new Map(), pausedTasks: null, lastContSeq: 0 };
}

/** `t0.stopCount 1 (TaskSet 1, Task.BeginExternalStop 0, internal none)`. */
function counts(t: Task, obs: Observed): string {
  return `${t.stopCount.name} ${t.stopCount.value} (TaskSet ${t.ts.stopCount}, Task.BeginExternalStop ${obs.externalStops.get(t.name) ?? 0}, internal ${t.stop?.name ?? 'none'})`;
}

/** The first message of `f` over `xs`, or true. */
function every<T>(xs: readonly T[], f: (x: T) => string | null): true | string {
  for (const x of xs) {
    const why = f(x);
    if (why !== null) return why;
  }
  return true;
}

/**
 * "stopCount counts the stops that apply": the TaskSet's, the inspector's, and 1 for an
 * internal stop (task_stop.go: every stop is one `beginStopLocked`; `newTask` copies
 * `ts.stopCount`). Judged while the task's signal mutex is free and `ts.mu` is not
 * write-locked, since every change holds one of them.
 */
export function stopCountCounts(k: Kernel, obs: Observed): true | string {
  if (k.tasks.mu.writer !== null) return true;
  return every(k.tasks.all, (t) => {
    if (t.tg.signalMu.locked) return null;
    const want = k.tasks.stopCount + (obs.externalStops.get(t.name) ?? 0) + (t.stop !== null ? 1 : 0);
    return t.stopCount.value === want ? null : `${t.name} has ${counts(t, obs)}: want ${want}`;
  });
}

/** "a task is group-stopped only during a group stop": in `groupStop` only while its group's stop is pending or complete. */
export function groupStoppedOnlyDuringGroupStop(tasks: readonly Task[]): true | string {
  return every(tasks, (t) =>
    t.stop === groupStop && t.tg.groupStopPendingCount === 0 && !t.tg.groupStopComplete
      ? `${t.name} is in groupStop, but ${t.tg.name} has no group stop in progress (no pending task, not complete)`
      : null,
  );
}

/** "groupStopPendingCount counts the tasks yet to acknowledge", so the last one completes the stop. Judged while the signal mutex is free. */
export function pendingCountCounts(groups: readonly ThreadGroup[]): true | string {
  return every(groups, (tg) => {
    if (tg.signalMu.locked) return null;
    const pending = tg.tasks.filter((t) => t.groupStopPending);
    return tg.groupStopPendingCount === pending.length
      ? null
      : `${tg.name}.groupStopPendingCount is ${tg.groupStopPendingCount}, but ${pending.length} tasks have groupStopPending (${pending.map((t) => t.name).join(', ') || 'none'})`;
  });
}

/** "a killed task is in no killable stop": `killLocked` ends them and `runInterrupt` enters none once SIGKILL is pending. */
export function killedInNoKillableStop(tasks: readonly Task[]): true | string {
  return every(tasks, (t) => (t.killedLocked() && t.stop !== null && t.stop.Killable() ? `${t.name} has SIGKILL pending but is in ${t.stop.name}` : null));
}

/**
 * "after Pause() returns no task runs": a task stopped in doStop when it returned stays
 * there until Unpause. (A task goroutine that `StartProcess` starts while `Pause` returns
 * runs until its first doStop: see FINDINGS.md.)
 */
export function pausedTasksStay(obs: Observed): true | string {
  if (obs.pausedTasks === null) return true;
  return every(obs.pausedTasks, (t) => (t.goschedState === 'Stopped' ? null : `${t.name} is ${t.goschedState} after Pause() returned (${t.stopCount.name} ${t.stopCount.value})`));
}

/** The stop signal that keeps `t` stopped although it was sent before the last SIGCONT returned, or null. */
function staleGroupStop(t: Task, obs: Observed): string | null {
  if (obs.lastContSeq === 0 || t.exitState !== 'TaskExitNone' || (t.stop !== groupStop && !t.groupStopPending)) return null;
  const s = t.tg.groupStopSignal;
  if (s === null) return `${t.name} is left group-stopped although its group stop ended`;
  if (s.seq < obs.lastContSeq) return `${t.name} is left group-stopped by ${s.signo} #${s.seq}, sent before kill(SIGCONT) #${obs.lastContSeq} returned`;
  return null;
}

/** At the end: "after kill(SIGCONT) returns no earlier stop signal leaves the group stopped" (gVisor's sigstop.cc, f7324fa). */
export function noStaleGroupStop(tasks: readonly Task[], obs: Observed): true | string {
  return every(tasks, (t) => staleGroupStop(t, obs));
}

/** At the end: "the wake at count 0 is never lost": no task is left in doStop with no stop applying. */
export function noTaskLeftStoppedAtZero(tasks: readonly Task[]): true | string {
  return every(tasks, (t) => (t.goschedState === 'Stopped' && t.stopCount.value === 0 ? `${t.name} is left in doStop with ${t.stopCount.name} 0: the wake at 0 was lost` : null));
}

/** At the end: "exactly one stop notification per completed group stop". */
export function oneNotificationPerGroupStop(groups: readonly ThreadGroup[]): true | string {
  return every(groups, (tg) => {
    if (tg.parent === null) return null;
    const got = tg.parent.notifications.filter((n) => n.from === tg.name).length;
    return got === tg.completedGroupStops ? null : `the parent of ${tg.name} got ${got} stop notifications for ${tg.completedGroupStops} completed group stops`;
  });
}

/** At the end: "every task exited, sleeps in pause(2) with no stop applying, or is group-stopped by a stop signal sent after the last SIGCONT". */
export function everyTaskSettled(tasks: readonly Task[], obs: Observed): true | string {
  return every(tasks, (t) => {
    if (t.goschedState === 'Nonexistent') return null;
    if (t.goschedState === 'BlockedInterruptible' && t.stopCount.value === 0) return null;
    const s = t.tg.groupStopSignal;
    if (t.goschedState === 'Stopped' && t.stop === groupStop && t.stopCount.value === 1 && s !== null && s.seq > obs.lastContSeq) return null;
    return `${t.name} never settled: it is ${t.goschedState} with ${counts(t, obs)}`;
  });
}

/** Registers the invariants and at-end checks over the kernel `k` and what the drivers observed. */
export function registerChecks(sim: Sim, k: Kernel, obs: Observed): void {
  const tasks = k.tasks.all;
  const groups = k.groups;
  sim.invariant('stopCount counts the stops that apply', () => stopCountCounts(k, obs));
  sim.invariant('a task is group-stopped only during a group stop', () => groupStoppedOnlyDuringGroupStop(tasks));
  sim.invariant('groupStopPendingCount counts the tasks yet to acknowledge', () => pendingCountCounts(groups));
  sim.invariant('a killed task is in no killable stop', () => killedInNoKillableStop(tasks));
  sim.invariant('after Pause() returns no task runs', () => pausedTasksStay(obs));
  sim.atEnd('after kill(SIGCONT) returns no earlier stop signal leaves the group stopped', () => noStaleGroupStop(tasks, obs));
  sim.atEnd('the wake at count 0 is never lost', () => noTaskLeftStoppedAtZero(tasks));
  sim.atEnd('exactly one stop notification per completed group stop', () => oneNotificationPerGroupStop(groups));
  sim.atEnd('every task settles', () => everyTaskSettled(tasks, obs));
}
