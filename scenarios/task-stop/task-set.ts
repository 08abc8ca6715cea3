/**
 * The TaskSet's external stops and the Kernel's `Pause`/`Unpause`/`CreateProcess` over
 * them: a stop of every current and future task, and a wait until no task goroutine runs.
 *
 * Original: gVisor `pkg/sentry/kernel/task_stop.go` (`TaskSet.BeginExternalStop`,
 * `TaskSet.EndExternalStop`; /work/shared/seeds/gvisor-kernel-task_stop.go.txt), with
 * `Kernel.Pause`/`Unpause` from `kernel.go` and `newTask`'s "Propagate external TaskSet
 * stops to the new task" from `task_start.go`.
 *
 * Lines marked `// ghost:` keep state for the checks (checks.ts); they are not in gVisor.
 */
import type { Chan, Mutex, RWMutex, Routine, WaitGroup } from '../../sim';
import { panic, type Ctx } from './model';
import { Task } from './task';
import { ThreadGroup, type SignalInfo } from './thread-group';

export class TaskSet {
  /** `ts.mu` (`pidns.owner.mu`): written by TaskSet stops and task creation, read by task stops. */
  readonly mu: RWMutex;
  /** External stops of every current and future task. Protected by `mu`. Invariant: ≥ 0 (panics). */
  stopCount = 0;
  /** `ts.Root.tids`: every task, in creation order (exited ones stay, as zombies do until reaped). */
  readonly tasks: Task[] = [];
  /** Task goroutines not parked in `doStop` and not exited; `Pause` waits for zero. */
  readonly runningGoroutines: WaitGroup;

  /** `bootTasks`: task goroutines of the initial process, started before anything else runs (`Task.Boot`). */
  constructor(
    private readonly m: Ctx,
    bootTasks: number,
  ) {
    this.mu = m.sim.rwmutex('ts.mu');
    this.runningGoroutines = m.sim.waitGroup('ts.runningGoroutines', bootTasks);
  }

  /** Begins an external stop of every current and future task; does not wait for them to stop. */
  *BeginExternalStop(): Routine<void> {
    yield* this.mu.lock();
    this.stopCount++;
    if (this.stopCount <= 0) panic(`Invalid stopCount: ${this.stopCount} (ts.stopCount)`);
    for (const t of this.tasks) {
      yield* t.tg.lock();
      t.setStops++; // ghost
      yield* t.beginStopLocked();
      yield* t.tg.unlock(); // t.interrupt()
    }
    yield* this.mu.unlock();
  }

  /** Ends an external stop begun by `BeginExternalStop`; does not wait for the tasks to resume. */
  *EndExternalStop(): Routine<void> {
    yield* this.mu.lock();
    this.stopCount--;
    if (this.stopCount < 0) panic(`Invalid stopCount: ${this.stopCount} (ts.stopCount)`);
    for (const t of this.tasks) {
      yield* t.tg.lock();
      t.setStops--; // ghost
      yield* t.endStopLocked();
      yield* t.tg.unlock();
    }
    yield* this.mu.unlock();
  }

  /** A task of the initial process, made in setup before any goroutine runs (no stop is in force). */
  bootTask(name: string, tg: ThreadGroup): Task {
    const t = new Task(this.m, name, tg, this, 0);
    tg.tasks.push(t);
    this.tasks.push(t);
    return t;
  }

  /** `newTask`: a task in `tg`, stopped by every external TaskSet stop in force. */
  *NewTask(name: string, tg: ThreadGroup): Routine<Task> {
    yield* this.mu.lock();
    // Propagate external TaskSet stops to the new task.
    const t = new Task(this.m, name, tg, this, this.m.variant === 'new-task-misses-pause' ? 0 : this.stopCount);
    tg.tasks.push(t);
    this.tasks.push(t);
    yield* this.mu.unlock();
    return t;
  }
}

/** The parts of gVisor's `Kernel` that stop tasks from outside: checkpointing and `runsc exec`. */
export class Kernel {
  /** `k.extMu`: serializes Pause, Unpause and CreateProcess. */
  readonly extMu: Mutex;
  readonly tasks: TaskSet;
  /** Every thread group, in creation order (`tg0` is the initial one). */
  readonly groups: ThreadGroup[] = [];
  /** ghost: Pauses that returned and are not yet Unpaused. */
  paused = 0;

  /** `bootTasks`: how many tasks of the initial process `Boot` will start (0: none). */
  constructor(
    private readonly m: Ctx,
    bootTasks = 0,
  ) {
    this.extMu = m.sim.mutex('k.extMu');
    this.tasks = new TaskSet(m, bootTasks);
  }

  /** A thread group named `tg0`, `tg1`…; `parent` receives its stop notifications. */
  newThreadGroup(parent: Chan<SignalInfo> | null): ThreadGroup {
    const tg = new ThreadGroup(this.m, `tg${this.groups.length}`, parent);
    this.groups.push(tg);
    return tg;
  }

  /** Stops every task and waits until no task goroutine runs. Pauses nest. */
  *Pause(): Routine<void> {
    yield* this.extMu.lock();
    yield* this.tasks.BeginExternalStop();
    yield* this.extMu.unlock();
    yield* this.tasks.runningGoroutines.wait();
    this.paused++; // ghost
  }

  /** Ends the effect of one `Pause`; without a matching `Pause` it may panic. */
  *Unpause(): Routine<void> {
    yield* this.extMu.lock();
    if (this.paused > 0) this.paused--; // ghost
    yield* this.tasks.EndExternalStop();
    yield* this.extMu.unlock();
  }

  /** A new process (a thread group with one task named `name`), started. */
  *CreateProcess(name: string): Routine<Task> {
    yield* this.extMu.lock();
    const t = yield* this.tasks.NewTask(name, this.newThreadGroup(null));
    yield* this.extMu.unlock();
    yield* t.Start(); // StartProcess
    return t;
  }
}
