/**
 * A thread group's signals: sending (`kill(2)` → `SendGroupSignal` → `sendSignalLocked`),
 * their side effects (SIGCONT ends a group stop, SIGKILL kills every task), and the choice
 * of the task to interrupt.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_signals.go`:
 * `discardSpecificLocked` 140–145, `SendGroupSignal` 382–387, `sendSignalTimerLocked`
 * 404–477, `applySignalSideEffectsLocked` 480–512, `canReceiveSignalLocked` 519–541,
 * `findSignalReceiverLocked` 550–557, `setSignalMaskLocked` 603–631, `endGroupStopLocked`
 * 812–860; `thread_group.go` `signalLock` 335–346. Cut down to SIGSTOP, SIGCONT and SIGKILL
 * with their default actions, no ptrace, no signal handlers, and no continue notification.
 */
import type { Mutex, Routine } from '../../sim';
import { discard, enqueue, type Ctx, type Signal, type SignalInfo, type SignalQueue } from './model';
import { groupStop, type Task } from './task';
import { structFields, type StructFields } from './fields';

/** The keys of `ThreadGroup`'s race-checked struct, in its order. */
const THREAD_GROUP_FIELDS = ['tasks', 'pendingSignals', 'groupStopDequeued', 'groupStopSignal', 'groupStopPendingCount', 'groupStopComplete', 'exiting', 'activeTasks'] as const;

/** A stop notification the parent received (`signalStop(CLD_STOPPED)` + `EventChildGroupStop`). */
export interface StopNotification {
  readonly from: string;
  readonly sig: SignalInfo | null;
}

export class ThreadGroup {
  /** `signalHandlers.mu`: protects the fields below and its tasks' signal and group-stop fields. */
  readonly signalMu: Mutex;
  /** The parent of the leader, whose stop notifications it receives; null for none. */
  parent: ThreadGroup | null = null;

  /**
   * The fields tasks and senders share, race-checked (`struct "tg0"`; the properties below
   * read and write it, see `fields.ts`); protected by the signal mutex unless said
   * otherwise, as upstream documents them (threads.go lines 534–560, thread_group.go lines
   * 76–149).
   */
  protected readonly f: StructFields<ThreadGroup, (typeof THREAD_GROUP_FIELDS)[number]>;
  /** Its tasks, in creation order (exited ones stay until reaped, which the model never does). Changed under the TaskSet mutex held for writing and the signal mutex; read under either. */
  declare tasks: readonly Task[];
  /** `tg.pendingSignals`: group signals queued for any task to dequeue. */
  declare pendingSignals: SignalQueue;
  /** A task dequeued a stop signal and dropped the signal mutex before `initiateGroupStop`. */
  declare groupStopDequeued: boolean;
  /** The signal of the group stop in progress, or null (gVisor's 0). */
  declare groupStopSignal: SignalInfo | null;
  /** Tasks with `groupStopPending` that have not acknowledged it. */
  declare groupStopPendingCount: number;
  /** Every task acknowledged the group stop (`participateGroupStopLocked`). */
  declare groupStopComplete: boolean;
  /** The group is exiting (SIGKILL, or a group exit). */
  declare exiting: boolean;
  /** Tasks that have not called `exitThreadGroup`; changed under both mutexes, like `tasks`. */
  declare activeTasks: number;

  /** The stop notifications this (parent) thread group received, in order (its event queue). */
  readonly notifications: StopNotification[] = [];
  /** Group stops completed, counted where `participateGroupStopLocked` returns true (for the checks). */
  completedGroupStops = 0;

  constructor(
    readonly m: Ctx,
    readonly name: string,
  ) {
    this.signalMu = m.sim.mutex(`${name}.signalHandlers.mu`);
    this.f = m.sim.struct(name, {
      tasks: [],
      pendingSignals: [],
      groupStopDequeued: false,
      groupStopSignal: null,
      groupStopPendingCount: 0,
      groupStopComplete: false,
      exiting: false,
      activeTasks: 0,
    });
  }

  /** The leader: the first task. */
  get leader(): Task {
    const t = this.tasks[0];
    if (t === undefined) throw new Error(`${this.name} has no task`);
    return t;
  }

  /** `signalLock`: the signal handlers never change in the model, so its loop locks once. */
  *signalLock(): Routine<void> {
    yield* this.signalMu.lock();
  }

  /** `t.SendGroupSignal(info)` on the leader, as `kill(pid, sig)` does. */
  *SendGroupSignal(info: SignalInfo): Routine<void> {
    yield* this.signalLock();
    yield* this.sendSignalLocked(this.leader, info);
    yield* this.signalMu.unlock();
  }

  /** `t.sendSignalLocked(info, group=true)`. Precondition: the signal mutex is locked. */
  private *sendSignalLocked(t: Task, info: SignalInfo): Routine<void> {
    // (ESRCH once the leader is TaskExitDead: the model never reaps a task.)
    // Signal side effects apply even if the signal is ultimately discarded.
    yield* this.applySignalSideEffectsLocked(info);
    // Unmasked, ignored signals are discarded without being queued: SIGCONT's default action.
    if (info.signo === 'SIGCONT' && !t.signalMaskAll) return;
    const q = enqueue(this.pendingSignals, info);
    if (q === null) return; // Discarding duplicate signal.
    this.pendingSignals = q;
    if (yield* this.canReceiveSignalLocked(t, info.signo)) {
      yield* t.interrupt();
      return;
    }
    const nt = yield* this.findSignalReceiverLocked(info.signo);
    if (nt !== null) yield* nt.interrupt();
  }

  /** Precondition: the signal mutex is locked. */
  private *applySignalSideEffectsLocked(info: SignalInfo): Routine<void> {
    switch (info.signo) {
      case 'SIGSTOP':
        this.discardSpecificLocked('SIGCONT'); // Stop signals cause all prior SIGCONT to be discarded.
        return;
      case 'SIGCONT':
        yield* this.endGroupStopLocked();
        return;
      case 'SIGKILL':
        this.exiting = true;
        for (const t of this.tasks) yield* t.killLocked(info.seq);
        return;
    }
  }

  /** `canReceiveSignalLocked`: should `t` be interrupted for `sig`? Precondition: the signal mutex is locked. */
  *canReceiveSignalLocked(t: Task, _sig: Signal): Routine<boolean> {
    if (t.signalMaskAll) return false; // Do not choose tasks that are blocking the signal.
    if (t.stop !== null) return false; // Do not choose stopped tasks, which cannot handle signals.
    const r = yield* this.m.sim.select([t.interruptChan.recv()], { default: true }); // len(t.interruptChan) != 0
    if (r.index !== 0) return true;
    yield* t.interruptSelf();
    return false; // Do not choose tasks that have already been interrupted.
  }

  /** `findSignalReceiverLocked`: the first task that can receive `sig`, or null. Precondition: the signal mutex is locked. */
  *findSignalReceiverLocked(sig: Signal): Routine<Task | null> {
    for (const t of this.tasks) if (yield* this.canReceiveSignalLocked(t, sig)) return t;
    return null;
  }

  /** `discardSpecificLocked`: removes `sig` from every queue of the group. Precondition: the signal mutex is locked. */
  discardSpecificLocked(sig: Signal): void {
    this.pendingSignals = discard(this.pendingSignals, sig);
    for (const t of this.tasks) t.pendingSignals = discard(t.pendingSignals, sig);
  }

  /**
   * `endGroupStopLocked(true)`, SIGCONT's side effect: drops queued stop signals, cancels a
   * dequeued one, and ends the group stop in progress. Precondition: the signal mutex is locked.
   */
  *endGroupStopLocked(): Routine<void> {
    this.discardSpecificLocked('SIGSTOP'); // Discard all previously-queued stop signals.
    // Unsetting groupStopDequeued will cause racing calls to initiateGroupStop to recognize
    // that the group stop has been cancelled. (Before f7324fa it came after the early return.)
    if (this.m.variant !== 'sigcont-lost') this.groupStopDequeued = false;
    if (this.groupStopPendingCount === 0 && !this.groupStopComplete) {
      this.m.sim.note(`endGroupStopLocked: no group stop in progress, returns early${this.m.variant === 'sigcont-lost' ? ' (groupStopDequeued still set)' : ''}`);
      return;
    }
    for (const t of this.tasks) {
      t.groupStopPending = false;
      if (t.stop === groupStop) yield* t.endInternalStopLocked();
    }
    if (this.m.variant === 'sigcont-lost') this.groupStopDequeued = false;
    this.groupStopSignal = null;
    this.groupStopPendingCount = 0;
    this.groupStopComplete = false;
  }

  /**
   * `setSignalMaskLocked(^0)` as `exitThreadGroup` calls it: blocks every signal, and hands
   * the group signals `t` was interrupted for to another task. Precondition: the signal mutex is locked.
   */
  *maskAllSignalsLocked(t: Task): Routine<void> {
    const wasAll = t.signalMaskAll;
    t.signalMaskAll = true;
    if (wasAll || this.pendingSignals.length === 0) return;
    if (!(yield* t.interrupted())) return;
    for (const info of this.pendingSignals) {
      const nt = yield* this.findSignalReceiverLocked(info.signo);
      if (nt !== null) yield* nt.interrupt();
    }
  }
}
structFields(ThreadGroup, THREAD_GROUP_FIELDS);
