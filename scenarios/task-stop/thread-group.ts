/**
 * A thread group's signals and group stop: gVisor's `ThreadGroup` and the parts of
 * `task_signals.go` (`SendSignal`, `applySignalSideEffectsLocked`, `runInterrupt`,
 * `initiateGroupStop`, `endGroupStopLocked`, `participateGroupStopLocked`) and
 * `task_exit.go` (`exitThreadGroup`) that group stop needs, cut down to SIGSTOP, SIGCONT
 * and SIGKILL with their default actions, no ptrace, and no continue notification.
 *
 * Original: gVisor `pkg/sentry/kernel/task_signals.go` as SCENARIOS.md section 3 describes
 * it; the stop counting it relies on is task_stop.go (/work/shared/seeds/gvisor-kernel-task_stop.go.txt).
 *
 * Lines marked `// ghost:` keep state for the checks (checks.ts); they are not in gVisor.
 */
import type { Chan, Effect, Mutex, Routine, Shared } from '../../sim';
import { assertNever } from '../../sim/assert-never';
import type { Ctx } from './model';
import { groupStop, type RunState, type Task } from './task';

/** The signals the model sends. */
export type Signal = 'SIGSTOP' | 'SIGCONT' | 'SIGKILL';

/** A sent signal; `seq` numbers the thread group's `SendSignal` calls from 1. */
export interface SignalInfo {
  readonly signo: Signal;
  readonly seq: number;
}

export class ThreadGroup {
  /** `signalHandlers.mu`: protects everything below and its tasks' stop and group-stop fields. */
  readonly signalMu: Mutex;
  /** Its tasks, in creation order (exited ones stay; gVisor keeps them until reaped). */
  readonly tasks: Task[] = [];
  /** `tg.pendingSignals`: queued group signals. Only SIGSTOP is ever queued (at most one). */
  readonly pendingSignals: Shared<readonly SignalInfo[]>;
  /** Some task dequeued a stop signal and dropped the signal mutex before `initiateGroupStop`. */
  readonly groupStopDequeued: Shared<boolean>;
  /** The signal of the group stop in progress, or null. */
  groupStopSignal: SignalInfo | null = null;
  /** Tasks with `groupStopPending` that have not acknowledged it. Invariant: ≥ 0. */
  groupStopPendingCount = 0;
  /** Every task acknowledged the group stop, and the last one notified the parent. */
  groupStopComplete = false;
  /** SIGKILL ended the thread group (`tg.exiting`). */
  exiting = false;

  // ghost: what the checks need.
  /** `SendSignal` calls so far (the last `seq`). */
  sent = 0;
  /** The `seq` of the last `kill(SIGCONT)` that returned; 0 if none. */
  lastContSeq = 0;
  /** Group stops completed (`participateGroupStopLocked` returned true). */
  completedGroupStops = 0;
  /** Stop notifications the parent received. */
  notifiedGroupStops = 0;

  constructor(
    private readonly m: Ctx,
    readonly name: string,
    /** The parent's SIGCHLD, or null for a thread group whose parent the model leaves out. */
    private readonly parent: Chan<SignalInfo> | null,
  ) {
    this.signalMu = m.sim.mutex(`${name}.signalHandlers.mu`);
    this.pendingSignals = m.sim.shared<readonly SignalInfo[]>(`${name}.pendingSignals`, []);
    this.groupStopDequeued = m.sim.shared(`${name}.groupStopDequeued`, false);
  }

  lock(): Effect<void> {
    return this.signalMu.lock();
  }

  unlock(): Effect<void> {
    return this.signalMu.unlock();
  }

  /** `kill(2)` on the thread group: side effects first, then queue a stop signal. */
  *SendSignal(signo: Signal): Routine<void> {
    const info: SignalInfo = { signo, seq: ++this.sent };
    yield* this.lock();
    yield* this.applySignalSideEffectsLocked(signo);
    if (signo === 'SIGSTOP') {
      // SIGCONT is ignored by default and discarded unqueued; SIGKILL acts through its side effect.
      const q = yield* this.pendingSignals.load();
      if (!q.some((i) => i.signo === signo)) yield* this.pendingSignals.store([...q, info]); // standard signals do not queue twice
    }
    yield* this.unlock();
    this.m.sim.note(`kill(${signo}) #${info.seq} returns`);
    if (signo === 'SIGCONT') this.lastContSeq = info.seq; // ghost
  }

  /** Precondition: the signal mutex is locked. */
  private *applySignalSideEffectsLocked(signo: Signal): Routine<void> {
    switch (signo) {
      case 'SIGSTOP':
        return; // discards queued SIGCONTs, of which there are none
      case 'SIGCONT':
        yield* this.endGroupStopLocked();
        return;
      case 'SIGKILL':
        this.exiting = true;
        for (const t of this.tasks) yield* t.killLocked();
        return;
      default:
        assertNever(signo);
    }
  }

  /**
   * The task goroutine's interrupt check (`runInterrupt.execute`): acknowledge and enter a
   * pending group stop; else exit on SIGKILL; else dequeue a stop signal and try to
   * initiate a group stop; else run the application.
   */
  *runInterrupt(t: Task): Routine<RunState> {
    yield* this.lock();
    if (t.groupStopPending) {
      t.groupStopPending = false;
      const sig = this.groupStopSignal;
      const notifyParent = this.participateGroupStopLocked(t);
      if (this.m.variant === 'ack-window') {
        yield* this.unlock(); // the window: a SIGCONT here ends a group stop t has not entered yet
        yield* this.lock();
      }
      if (!t.killed) {
        yield* t.beginInternalStopLocked(groupStop);
        this.m.sim.note(`${t.name} enters groupStop${notifyParent ? ': the last to acknowledge, the group stop is complete' : ''}`);
      }
      yield* this.unlock();
      if (notifyParent) yield* this.notifyParent(sig);
      return 'runInterrupt';
    }
    if (t.killed) {
      yield* this.unlock(); // SIGKILL (task-private) is dequeued first: PrepareGroupExit
      return 'runExit';
    }
    const q = yield* this.pendingSignals.load();
    const info = q[0];
    if (info !== undefined) {
      yield* this.pendingSignals.store(q.slice(1));
      // Dequeued a stop signal: say so before dropping the signal mutex, so that
      // initiateGroupStop can tell whether a SIGCONT ran in between.
      yield* this.groupStopDequeued.store(true);
      this.m.sim.note(`${t.name} dequeued ${info.signo} #${info.seq}`);
      yield* this.unlock();
      yield* this.initiateGroupStop(t, info); // deliverSignal: SignalActionStop
      return 'runInterrupt';
    }
    yield* this.unlock();
    return 'runApp';
  }

  /** Initiates a group stop for a dequeued stop signal, unless a racing signal or exit got there first. */
  private *initiateGroupStop(t: Task, info: SignalInfo): Routine<void> {
    yield* this.lock();
    if (t.groupStopPending || !(yield* this.groupStopDequeued.load()) || this.exiting) {
      // lost to a racing stop signal, SIGCONT, or group exit
      this.m.sim.note(`initiateGroupStop(${info.signo} #${info.seq}): cancelled, no group stop`);
      yield* this.unlock();
      return;
    }
    this.m.sim.note(`initiateGroupStop(${info.signo} #${info.seq}): groupStopDequeued is still set, the group stops`);
    if (!this.groupStopComplete) this.groupStopSignal = info;
    this.groupStopPendingCount = 0;
    for (const t2 of this.tasks) {
      if (t2.killed || t2.exiting) {
        t2.groupStopPending = false;
        continue;
      }
      t2.groupStopPending = true;
      t2.groupStopAcknowledged = false;
      this.groupStopPendingCount++; // t2.interrupt()
    }
    yield* this.unlock();
  }

  /**
   * SIGCONT's side effect: drops queued stop signals, cancels a dequeued one, and ends the
   * group stop in progress. Precondition: the signal mutex is locked.
   */
  private *endGroupStopLocked(): Routine<void> {
    const q = yield* this.pendingSignals.load();
    yield* this.pendingSignals.store(q.filter((i) => i.signo !== 'SIGSTOP'));
    // Unsetting groupStopDequeued makes a racing initiateGroupStop see the cancellation.
    if (this.m.variant !== 'sigcont-lost') yield* this.groupStopDequeued.store(false);
    if (this.groupStopPendingCount === 0 && !this.groupStopComplete) {
      this.m.sim.note(`endGroupStopLocked: no group stop in progress, returns early${this.m.variant === 'sigcont-lost' ? ' (groupStopDequeued still set)' : ''}`);
      return;
    }
    for (const t of this.tasks) {
      t.groupStopPending = false;
      if (t.stop === groupStop) yield* t.endInternalStopLocked();
    }
    if (this.m.variant === 'sigcont-lost') yield* this.groupStopDequeued.store(false);
    this.groupStopSignal = null;
    this.groupStopPendingCount = 0;
    this.groupStopComplete = false;
  }

  /**
   * Counts `t`'s acknowledgement; true if it completed the group stop, and then the caller
   * must notify the parent. Preconditions: the signal mutex is locked; `t` just cleared
   * `groupStopPending`.
   */
  private participateGroupStopLocked(t: Task): boolean {
    if (t.groupStopAcknowledged) return false;
    t.groupStopAcknowledged = true;
    this.groupStopPendingCount--;
    if (this.groupStopPendingCount !== 0) return false;
    if (this.groupStopComplete) return false;
    this.groupStopComplete = true;
    this.completedGroupStops++; // ghost
    return true;
  }

  /** `signalStop(CLD_STOPPED, sig)` to the parent, without the signal mutex. */
  private *notifyParent(sig: SignalInfo | null): Routine<void> {
    if (this.parent !== null && sig !== null) yield* this.parent.send(sig);
  }

  /** The task leaves the thread group; a pending group stop counts it as acknowledged. */
  *exitThreadGroup(t: Task): Routine<void> {
    yield* this.lock();
    t.exiting = true;
    const sig = this.groupStopSignal;
    let notifyParent = false;
    if (t.groupStopPending) {
      t.groupStopPending = false;
      notifyParent = this.participateGroupStopLocked(t);
    }
    yield* this.unlock();
    if (notifyParent) yield* this.notifyParent(sig);
  }
}
