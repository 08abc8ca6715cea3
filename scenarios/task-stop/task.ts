/**
 * A task and its stops: gVisor's `Task` as `task_stop.go` sees it, plus the task
 * goroutine's loop (`Task.run`, `doStop`, from `task_run.go`) and `killLocked`.
 *
 * Original: gVisor `pkg/sentry/kernel/task_stop.go` (/work/shared/seeds/gvisor-kernel-task_stop.go.txt);
 * `doStop`, `run` and `killLocked` follow `task_run.go` and `task_exit.go`. `stopCount`
 * counts the stops that apply to the task — its internal stop `stop` (at most one) and
 * any number of external ones — and changes only under the thread group's signal mutex;
 * `doStop` blocks on `endStopCond` (whose locker is that mutex) until it is zero.
 *
 * Lines marked `// ghost:` keep state for the checks (checks.ts); they are not in gVisor.
 */
import type { Atomic, Cond, Routine } from '../../sim';
import { panic, type Ctx } from './model';
import type { TaskSet } from './task-set';
import type { ThreadGroup } from './thread-group';

/**
 * A condition that keeps a task in an internal stop. `Killable` is Linux's TASK_WAKEKILL:
 * whether SIGKILL (`killLocked`) ends the stop prematurely.
 */
export interface TaskStop {
  readonly name: string;
  Killable(): boolean;
}

/** The stop of a task that acknowledged a group stop: gVisor's `(*groupStop)(nil)`. */
export const groupStop: TaskStop = Object.freeze({ name: 'groupStop', Killable: (): boolean => true });

/** The task goroutine's next state, as `taskRunState.execute` returns it. */
export type RunState = 'runInterrupt' | 'runApp' | 'runExit';

export class Task {
  /** The internal stop, or null. Protected by the signal mutex. Invariant: at most one (beginInternalStopLocked panics). */
  stop: TaskStop | null = null;
  /**
   * Stops that apply: external ones + the TaskSet's + (1 if `stop` is set). Invariant: ≥ 0
   * (endStopLocked panics). Changed under the signal mutex; read racily by `doStop`.
   */
  readonly stopCount: Atomic<number>;
  /** Signalled when `stopCount` drops to 0; its locker is the signal mutex. */
  readonly endStopCond: Cond;

  // task_signals.go, protected by the signal mutex.
  /** The task must acknowledge an initiated group stop at its next interrupt check. */
  groupStopPending = false;
  /** It did (so `groupStopPendingCount` counted it down). */
  groupStopAcknowledged = false;
  /** SIGKILL is pending: gVisor's `killedLocked()`. */
  killed = false;
  /** `exitState >= TaskExitInitiated`. */
  exiting = false;

  // ghost: what the checks need.
  /** Stops begun by `BeginExternalStop` and not yet ended. */
  externalStops = 0;
  /** TaskSet stops applied to this task (or inherited at creation) and not yet ended. */
  setStops: number;
  /** Out of `doStop`: from its return to its next call (or exit). */
  running = false;
  /** A stop began while the task was running (allowed: it stops at its next `doStop`). */
  stopBegunWhileRunning = false;
  /** Parked in `endStopCond.Wait()`. */
  waiting = false;
  /** `endStopLocked` signalled `endStopCond` since the task last began waiting. */
  wakeSent = false;
  /** The task goroutine has exited. */
  exited = false;
  /** `runApp` steps taken. */
  private appSteps = 0;

  constructor(
    private readonly m: Ctx,
    readonly name: string,
    readonly tg: ThreadGroup,
    readonly ts: TaskSet,
    /** The TaskSet's stops it starts with (`t.stopCount = ts.stopCount` in `newTask`). */
    inheritedStops: number,
  ) {
    this.stopCount = m.sim.atomic(`${name}.stopCount`, inheritedStops);
    this.endStopCond = m.sim.cond(`${name}.endStopCond`, tg.signalMu);
    this.setStops = inheritedStops; // ghost
  }

  /** Begins an internal stop; the caller runs on the task goroutine and holds no lock. */
  *beginInternalStop(s: TaskStop): Routine<void> {
    yield* this.ts.mu.rlock();
    yield* this.tg.lock();
    yield* this.beginInternalStopLocked(s);
    yield* this.tg.unlock();
    yield* this.ts.mu.runlock();
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
    yield* this.endStopLocked();
  }

  /** Begins an external stop; does not wait for the task goroutine to stop. */
  *BeginExternalStop(): Routine<void> {
    yield* this.ts.mu.rlock();
    yield* this.tg.lock();
    this.externalStops++; // ghost
    yield* this.beginStopLocked();
    yield* this.tg.unlock();
    yield* this.ts.mu.runlock();
    // t.interrupt(): the model's task goroutine checks for stops at every loop anyway.
  }

  /** Ends an external stop begun by `BeginExternalStop`; does not wait for the task to resume. */
  *EndExternalStop(): Routine<void> {
    yield* this.ts.mu.rlock();
    yield* this.tg.lock();
    this.externalStops--; // ghost
    yield* this.endStopLocked();
    yield* this.tg.unlock();
    yield* this.ts.mu.runlock();
  }

  /** One more stop applies. Precondition: the signal mutex is locked. */
  *beginStopLocked(): Routine<void> {
    const newval = yield* this.stopCount.add(1);
    if (this.running) this.stopBegunWhileRunning = true; // ghost
    if (newval <= 0) panic(`Invalid stopCount: ${newval} (${this.stopCount.name})`); // Most likely overflow.
  }

  /** One stop no longer applies; at zero, wakes the task goroutine. Precondition: the signal mutex is locked. */
  *endStopLocked(): Routine<void> {
    const newval = yield* this.stopCount.add(-1);
    if (newval < 0) {
      panic(`Invalid stopCount: ${newval} (${this.stopCount.name})`);
    } else if (newval === 0) {
      this.wakeSent = true; // ghost
      yield* this.endStopCond.signal();
    }
  }

  /** SIGKILL's side effect: ends a killable internal stop and marks SIGKILL pending. Precondition: the signal mutex is locked. */
  *killLocked(): Routine<void> {
    if (this.stop !== null && this.stop.Killable()) yield* this.endInternalStopLocked();
    this.killed = true; // t.pendingSignals.enqueue(SIGKILL); t.interrupt()
  }

  /**
   * Blocks until no stop applies. The fast path reads `stopCount` without the lock; the
   * slow path leaves `runningGoroutines` (so `Pause` can return) and waits in a `for`.
   */
  *doStop(): Routine<void> {
    this.running = false; // ghost
    this.stopBegunWhileRunning = false; // ghost
    if ((yield* this.stopCount.load()) === 0) {
      this.running = true; // ghost
      return;
    }
    yield* this.tg.lock();
    yield* this.ts.runningGoroutines.add(-1);
    if (this.m.variant === 'dostop-if') {
      if (this.stopCount.value > 0) yield* this.waitEndStop();
    } else {
      while (this.stopCount.value > 0) yield* this.waitEndStop(); // RacyLoad: under the lock
    }
    yield* this.ts.runningGoroutines.add(1);
    this.running = true; // ghost
    yield* this.tg.unlock();
  }

  /** `endStopCond.Wait()`: releases the signal mutex while parked. */
  private *waitEndStop(): Routine<void> {
    this.waiting = true; // ghost
    this.wakeSent = false; // ghost
    yield* this.endStopCond.wait();
    this.waiting = false; // ghost
  }

  /** `Task.Start`: counts the task goroutine as running, then starts it (a daemon: see README). */
  *Start(): Routine<void> {
    yield* this.ts.runningGoroutines.add(1);
    this.m.sim.go(this.name, () => this.run(), { daemon: true });
  }

  /**
   * `Task.Start` for a task of the initial process, called in setup: the kernel starts the
   * init process before anything else can happen, so its `runningGoroutines.Add(1)` is
   * the WaitGroup's initial count (`TaskSet` is made with `bootTasks`) and not a step.
   */
  Boot(): void {
    this.m.sim.go(this.name, () => this.run(), { daemon: true });
  }

  /**
   * The task goroutine (`Task.run`): `doStop`, then one state — handle interrupts (group
   * stop, signals) or run the application for one step — until `rounds` steps ran or a
   * SIGKILL arrived; then exit.
   */
  private *run(): Routine<void> {
    for (;;) {
      yield* this.doStop();
      const next = yield* this.tg.runInterrupt(this);
      if (next === 'runExit') break;
      if (next === 'runInterrupt') continue;
      yield* this.m.sim.yieldNow(); // runApp: application code until the next interrupt check
      if (++this.appSteps >= this.m.rounds) break;
    }
    yield* this.tg.exitThreadGroup(this);
    this.running = false; // ghost
    yield* this.ts.runningGoroutines.done();
    this.exited = true; // ghost
  }
}
