/**
 * A task and its stops: gVisor's `Task` as `task_stop.go` sees it, its interrupts and
 * blocking (`task_block.go`), the task goroutine's loop and `doStop` (`task_run.go`), and
 * `killLocked` (`task_exit.go`).
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_stop.go` lines 99–185
 * (`beginInternalStop` … `endStopLocked`), `task_run.go` lines 58–132 (`run`, `doStop`),
 * `task_block.go` lines 164–212 and 251–281 (`block`, `interrupted`, `interrupt`,
 * `interruptSelf`), `task_exit.go` lines 90–127 (`killLocked`, `killedLocked`).
 *
 * `stopCount` counts the stops that apply to the task — its internal stop `stop` (at most
 * one) and any number of external ones — and changes only under the thread group's signal
 * mutex; `doStop` blocks on `endStopCond` (whose locker is that mutex) until it is zero.
 * A stop begun by another goroutine reaches a task blocked in a syscall only through
 * `interrupt()`, which wakes `block`.
 */
import type { Atomic, Chan, Cond, Routine } from '../../sim';
import { enqueue, panic, type Ctx, type RunState, type SignalQueue, type TaskExitState, type TaskGoroutineState, type TaskStop } from './model';
export { groupStop, type RunState, type TaskExitState, type TaskStop } from './model';
import type { TaskSet } from './task-set';
import type { ThreadGroup } from './thread-group';
import { runInterrupt } from './run-interrupt';
import { runExit, runExitMain, runExitNotify } from './task-exit';
import { structFields, type StructFields } from './fields';

/** The keys of `Task`'s race-checked struct, in its order. */
const TASK_FIELDS = ['stop', 'pendingSignals', 'signalMaskAll', 'groupStopPending', 'groupStopAcknowledged', 'exitState'] as const;

export class Task {
  /**
   * Stops that apply: external ones (`Task.BeginExternalStop`, the TaskSet's) + 1 if `stop`
   * is set. Invariant: ≥ 0 (endStopLocked panics). Changed under the signal mutex; read
   * without it by `doStop`'s fast path.
   */
  readonly stopCount: Atomic<number>;
  /** Signalled when `stopCount` drops to 0; its locker is the signal mutex. */
  readonly endStopCond: Cond;
  /** `interruptChan` (capacity 1): an interrupt is pending while it holds a value. */
  readonly interruptChan: Chan<true>;

  /**
   * The fields other goroutines touch, race-checked (`struct "t0"`; the properties below
   * read and write it, see `fields.ts`): each is protected by the signal mutex, and
   * `exitState` also by the TaskSet mutex held for writing, as upstream documents them; the
   * race detector checks that every access holds one.
   */
  protected readonly f: StructFields<Task, (typeof TASK_FIELDS)[number]>;
  /** The internal stop, or null. Invariant: at most one (beginInternalStopLocked panics). */
  declare stop: TaskStop | null;
  /** Task-private pending signals; only SIGKILL (`killLocked`) is ever queued here. */
  declare pendingSignals: SignalQueue;
  /** Every signal is blocked: set by `exitThreadGroup` (`setSignalMaskLocked(^0)`). */
  declare signalMaskAll: boolean;
  /** The task must acknowledge an initiated group stop at its next interrupt check. */
  declare groupStopPending: boolean;
  /** It did (so `groupStopPendingCount` counted it down). */
  declare groupStopAcknowledged: boolean;
  /** `exitState`: how far the task is through exiting. */
  declare exitState: TaskExitState;

  // The task goroutine's own state.
  /** `gosched.State`, written by the task goroutine only (`accountTaskGoroutineEnter`/`Leave`). */
  goschedState: TaskGoroutineState = 'Nonexistent';
  /** A syscall returned ERESTARTNOHAND (pause(2) interrupted) and must be restarted. */
  haveSyscallReturn = false;

  constructor(
    readonly m: Ctx,
    readonly name: string,
    readonly tg: ThreadGroup,
    readonly ts: TaskSet,
    /** `t.stopCount = ts.stopCount` in `newTask` (task_start.go line 435). */
    inheritedStops: number,
  ) {
    this.f = m.sim.struct(name, {
      stop: null,
      pendingSignals: [],
      signalMaskAll: false,
      groupStopPending: false,
      groupStopAcknowledged: false,
      exitState: 'TaskExitNone',
    });
    this.stopCount = m.sim.atomic(`${name}.stopCount`, inheritedStops);
    this.endStopCond = m.sim.cond(`${name}.endStopCond`, tg.signalMu);
    this.interruptChan = m.sim.chan<true>(`${name}.interruptChan`, 1);
  }

  /** Begins an internal stop. Preconditions: on the task goroutine; no internal stop. */
  *beginInternalStop(s: TaskStop): Routine<void> {
    yield* this.tg.signalLock();
    yield* this.beginInternalStopLocked(s);
    yield* this.tg.signalMu.unlock();
  }

  /** Preconditions: the signal mutex is locked; the task is in no internal stop. */
  *beginInternalStopLocked(s: TaskStop): Routine<void> {
    if (this.stop !== null) panic(`Attempting to enter internal stop ${s.name} when already in internal stop ${this.stop.name}`);
    this.stop = s;
    yield* this.beginStopLocked();
  }

  /** Ends the internal stop; does not wait for the task to resume. Precondition: the signal mutex is locked. */
  *endInternalStopLocked(): Routine<void> {
    if (this.stop === null) panic('Attempting to leave non-existent internal stop');
    this.stop = null;
    // t.canReceiveSignalLocked() skips stopped tasks, so we may need to handle
    // signals that were sent while we were stopped (63d8c3537, 2026-01-05).
    if (!this.signalMaskAll && (this.pendingSignals.length > 0 || this.tg.pendingSignals.length > 0)) yield* this.interrupt();
    yield* this.endStopLocked();
  }

  /** Begins an external stop; does not wait for the task goroutine to stop. */
  *BeginExternalStop(): Routine<void> {
    yield* this.tg.signalLock();
    yield* this.beginStopLocked();
    yield* this.interrupt(); // under the signal mutex: its unlock is deferred
    yield* this.tg.signalMu.unlock();
  }

  /** Ends an external stop begun by `BeginExternalStop`; does not wait for the task to resume. */
  *EndExternalStop(): Routine<void> {
    yield* this.tg.signalLock();
    yield* this.endStopLocked();
    yield* this.tg.signalMu.unlock();
  }

  /** One more stop applies. Precondition: the signal mutex is locked. */
  *beginStopLocked(): Routine<void> {
    const newval = yield* this.stopCount.add(1);
    if (newval <= 0) panic(`Invalid stopCount: ${newval} (${this.stopCount.name})`); // Most likely overflow.
  }

  /** One stop no longer applies; at zero, wakes the task goroutine. Precondition: the signal mutex is locked. */
  *endStopLocked(): Routine<void> {
    const newval = yield* this.stopCount.add(-1);
    if (newval < 0) {
      panic(`Invalid stopCount: ${newval} (${this.stopCount.name})`);
    } else if (newval === 0) {
      yield* this.endStopCond.signal();
    }
  }

  /** SIGKILL pending (`killedLocked`). Precondition: the signal mutex is locked. */
  killedLocked(): boolean {
    return this.pendingSignals.some((i) => i.signo === 'SIGKILL');
  }

  /** Marks the task killed: ends a killable internal stop, queues SIGKILL, interrupts. Precondition: the signal mutex is locked. */
  *killLocked(seq: number): Routine<void> {
    if (this.stop !== null && this.stop.Killable()) yield* this.endInternalStopLocked(); // Clear killable stops.
    this.pendingSignals = enqueue(this.pendingSignals, { signo: 'SIGKILL', seq }) ?? this.pendingSignals;
    yield* this.interrupt();
  }

  /** `interrupt`: `interruptSelf` plus a kick of the platform (the model's application never runs long). */
  *interrupt(): Routine<void> {
    yield* this.interruptSelf();
  }

  /** `interruptSelf`: `select { case t.interruptChan <- struct{}{}: default: }`. */
  *interruptSelf(): Routine<void> {
    yield* this.m.sim.select([this.interruptChan.send(true)], { default: true });
  }

  /** `unsetInterrupted`: `select { case <-t.interruptChan: default: }`. */
  *unsetInterrupted(): Routine<void> {
    yield* this.m.sim.select([this.interruptChan.recv()], { default: true });
  }

  /**
   * `interrupted`: `len(t.interruptChan) != 0`. The length is read by a receive that puts
   * the value back (`interruptSelf`) so that the read is a step of its own; only the task
   * goroutine receives, so no interrupt is lost or made up in between.
   */
  *interrupted(): Routine<boolean> {
    const r = yield* this.m.sim.select([this.interruptChan.recv()], { default: true });
    if (r.index !== 0) return false;
    yield* this.interruptSelf();
    return true;
  }

  /**
   * `block(nil, nil)`, as `pause(2)` calls it: sleeps until interrupted, then re-arms the
   * interrupt for the run loop and returns ErrInterrupted.
   */
  *block(): Routine<'ErrInterrupted'> {
    this.goschedState = 'BlockedInterruptible'; // prepareSleep
    yield* this.interruptChan.recv(); // select { case <-C (nil): case <-t.interruptChan: }
    yield* this.interruptSelf();
    this.goschedState = 'RunningSys'; // completeSleep
    return 'ErrInterrupted';
  }

  /**
   * Blocks until no stop applies. The fast path reads `stopCount` without the lock; the
   * slow path leaves `runningGoroutines` (so `Pause` can return) and waits in a `for`.
   */
  *doStop(): Routine<void> {
    if ((yield* this.stopCount.load()) === 0) return;
    this.goschedState = 'Stopped'; // accountTaskGoroutineEnter(TaskGoroutineStopped)
    yield* this.tg.signalMu.lock();
    yield* this.ts.runningGoroutines.add(-1);
    if (this.m.variant === 'dostop-if') {
      if (this.stopCount.value > 0) yield* this.endStopCond.wait();
    } else {
      while (this.stopCount.value > 0) yield* this.endStopCond.wait(); // RacyLoad: under the lock
    }
    // What the `for` guarantees (dostop-if breaks it): the task leaves doStop with no stop applying.
    this.m.sim.assert(this.stopCount.value === 0, `${this.name} leaves doStop with ${this.stopCount.name} ${this.stopCount.value}: it runs under a stop it did not wait out`);
    yield* this.ts.runningGoroutines.add(1);
    yield* this.tg.signalMu.unlock();
    this.goschedState = 'RunningSys'; // accountTaskGoroutineLeave
  }

  /** `Task.Start`: counts the task goroutine as running, then starts it (a daemon: see README). */
  *Start(): Routine<void> {
    yield* this.ts.runningGoroutines.add(1);
    this.m.sim.go(this.name, () => this.run(), { daemon: true });
  }

  /**
   * `Task.Start` for a task of the initial process, in setup: its `runningGoroutines.Add(1)`
   * is the WaitGroup's initial count (`TaskSet` is made with the number of boot tasks).
   */
  Boot(): void {
    this.m.sim.go(this.name, () => this.run(), { daemon: true });
  }

  /** The task goroutine (`Task.run`): `doStop` before every state, until a state returns nil. */
  private *run(): Routine<void> {
    this.goschedState = 'RunningSys'; // accountTaskGoroutineLeave(TaskGoroutineNonexistent)
    yield* this.interruptSelf();
    let state: RunState = 'runApp';
    while (state !== null) {
      yield* this.doStop();
      state = yield* this.execute(state);
    }
    this.goschedState = 'Nonexistent';
    yield* this.ts.mu.lock();
    this.ts.liveTasks--;
    yield* this.ts.mu.unlock();
    yield* this.ts.runningGoroutines.done();
  }

  /** `t.runState.execute(t)`. */
  private *execute(state: Exclude<RunState, null>): Routine<RunState> {
    switch (state) {
      case 'runApp':
        return yield* this.runApp();
      case 'runInterrupt':
        return yield* runInterrupt(this);
      case 'runExit':
        return runExit();
      case 'runExitMain':
        return yield* runExitMain(this);
      case 'runExitNotify':
        return yield* runExitNotify(this);
    }
  }

  /**
   * `runApp.execute` for the application of gVisor's regression test (f7324fa,
   * `test/syscalls/linux/sigstop.cc`): `while (true) pause();`. An interrupt goes to
   * `runInterrupt` first; pause(2) restarts (ERESTARTNOHAND, no handler) after it.
   */
  private *runApp(): Routine<RunState> {
    if (yield* this.interrupted()) return 'runInterrupt';
    this.haveSyscallReturn = false; // RestartSyscall: not interrupted by a handled signal
    // t.p.Switch: the application runs and enters pause(2), which blocks until interrupted.
    yield* this.block();
    this.haveSyscallReturn = true; // ERESTARTNOHAND
    return 'runApp';
  }
}
structFields(Task, TASK_FIELDS);
