/**
 * The checks of the `task-stop` scenario (SCENARIOS.md section 3), over the model's state
 * and its ghost fields. Each returns `true` or a message naming the task and the counts.
 */
import type { Sim } from '../../sim';
import { groupStop, type Task } from './task';
import type { Kernel } from './task-set';
import type { ThreadGroup } from './thread-group';

/** `t0.stopCount 1 (external 0, TaskSet 1, internal groupStop)`. */
function counts(t: Task): string {
  return `${t.name}.stopCount ${t.stopCount.value} (external ${t.externalStops}, TaskSet ${t.setStops}, internal ${t.stop?.name ?? 'none'})`;
}

/** The first message of `f` over `tasks`, or true. */
function every(tasks: readonly Task[], f: (t: Task) => string | null): true | string {
  for (const t of tasks) {
    const why = f(t);
    if (why !== null) return why;
  }
  return true;
}

/** The stop signal that keeps `tg` stopped although it was sent before the last SIGCONT returned, or null. */
function staleGroupStop(tg: ThreadGroup, t: Task): string | null {
  if (tg.lastContSeq === 0 || t.exited || (t.stop !== groupStop && !t.groupStopPending)) return null;
  const s = tg.groupStopSignal;
  if (s === null) return `${t.name} is left group-stopped although its group stop ended`;
  if (s.seq < tg.lastContSeq) return `${t.name} is left group-stopped by ${s.signo} #${s.seq}, sent before kill(SIGCONT) #${tg.lastContSeq} returned`;
  return null;
}

/** Registers the invariants and at-end checks over the kernel `k`, its tasks and thread groups. */
export function registerChecks(sim: Sim, k: Kernel): void {
  const tasks = k.tasks.tasks;
  const groups = k.groups;

  sim.invariant('counts never negative', () => {
    if (k.tasks.stopCount < 0) return `ts.stopCount is ${k.tasks.stopCount}`;
    for (const tg of groups) if (tg.groupStopPendingCount < 0) return `${tg.name}.groupStopPendingCount is ${tg.groupStopPendingCount}`;
    return every(tasks, (t) => (t.stopCount.value < 0 ? counts(t) : null));
  });

  // Checked while the task's signal mutex is free: every change to the counts holds it.
  sim.invariant('stopCount = external + set + (1 if stop set)', () =>
    every(tasks, (t) => (!t.tg.signalMu.locked && t.stopCount.value !== t.externalStops + t.setStops + (t.stop !== null ? 1 : 0) ? counts(t) : null)),
  );

  // Checked while ts.mu is not write-locked: TaskSet stops and task creation hold it.
  sim.invariant('new tasks inherit the TaskSet stopCount', () =>
    every(tasks, (t) =>
      k.tasks.mu.writer === null && t.setStops !== k.tasks.stopCount ? `${t.name} is under ${t.setStops} of the TaskSet's ${k.tasks.stopCount} external stops: ${counts(t)}` : null,
    ),
  );

  sim.invariant('no run step while stopCount > 0', () =>
    every(tasks, (t) =>
      t.running && t.stopCount.value > 0 && !t.stopBegunWhileRunning ? `${t.name} left doStop and runs with ${counts(t)}, a stop it did not wait out` : null,
    ),
  );

  sim.invariant('after Pause() returns no task runs', () =>
    k.paused === 0 ? true : every(tasks, (t) => (t.running ? `${t.name} runs after Pause() returned: ${counts(t)}` : null)),
  );

  sim.invariant('the wake at count 0 is never lost', () =>
    every(tasks, (t) => (t.waiting && t.stopCount.value === 0 && !t.wakeSent ? `${t.name} waits on endStopCond with stopCount 0 and no signal sent` : null)),
  );

  sim.invariant('a task is group-stopped only during a group stop', () =>
    every(tasks, (t) =>
      t.stop === groupStop && t.tg.groupStopPendingCount === 0 && !t.tg.groupStopComplete
        ? `${t.name} is in groupStop, but ${t.tg.name} has no group stop in progress (no pending task, not complete)`
        : null,
    ),
  );

  // Checked while the signal mutex is free; with it, a group stop completes when the last live task acknowledges.
  sim.invariant('groupStopPendingCount counts the live tasks yet to acknowledge', () => {
    for (const tg of groups) {
      if (tg.signalMu.locked) continue;
      const pending = tg.tasks.filter((t) => t.groupStopPending && !t.exiting);
      if (tg.groupStopPendingCount !== pending.length) {
        return `${tg.name}.groupStopPendingCount is ${tg.groupStopPendingCount}, but ${pending.length} live tasks have groupStopPending (${pending.map((t) => t.name).join(', ') || 'none'})`;
      }
    }
    return true;
  });

  sim.invariant('a killed task is in no killable stop', () =>
    every(tasks, (t) => (t.killed && t.stop !== null && t.stop.Killable() ? `${t.name} is killed but in ${t.stop.name}` : null)),
  );

  sim.invariant('at most one stop notification per completed group stop', () => {
    for (const tg of groups) {
      if (tg.notifiedGroupStops > tg.completedGroupStops) return `the parent of ${tg.name} got ${tg.notifiedGroupStops} stop notifications for ${tg.completedGroupStops} completed group stops`;
    }
    return true;
  });

  sim.atEnd('after kill(SIGCONT) returns no earlier stop signal leaves the group stopped', () => {
    for (const tg of groups) {
      const why = every(tg.tasks, (t) => staleGroupStop(tg, t));
      if (why !== true) return why;
    }
    return true;
  });

  sim.atEnd('exactly one stop notification per completed group stop', () => {
    for (const tg of groups) {
      if (tg.notifiedGroupStops !== tg.completedGroupStops) return `the parent of ${tg.name} got ${tg.notifiedGroupStops} stop notifications for ${tg.completedGroupStops} completed group stops`;
    }
    return true;
  });

  // Task goroutines are daemons (so a stopped group is reported here, not as a deadlock):
  // each must have exited, unless a stop signal sent after the last SIGCONT stops it.
  sim.atEnd('every task finishes unless a later stop signal stopped it', () =>
    every(tasks, (t) => {
      if (t.exited) return null;
      const s = t.tg.groupStopSignal;
      if (t.stop === groupStop && t.stopCount.value === 1 && s !== null && s.seq > t.tg.lastContSeq) return null;
      return `${t.name} never finished: ${t.waiting ? 'it waits in doStop with' : 'it is blocked outside doStop with'} ${counts(t)}`;
    }),
  );
}
