/**
 * The TaskSet's external stops and the Kernel's `Pause`/`Unpause`/`CreateProcess` over
 * them: a stop of every current and future task, and a wait until no task goroutine runs.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/task_stop.go` lines 187–242
 * (`TaskSet.BeginExternalStop`, `TaskSet.EndExternalStop`), `task_start.go` lines 173–465
 * (`newTask`: "Propagate external TaskSet stops to the new task", line 434–435) and
 * 552–566 (`Task.Start`), `kernel.go` lines 1310–1473 (`CreateProcess`, `StartProcess`),
 * 1748–1754 (`Pause`) and 1772–1776 (`Unpause`).
 */
import type { Mutex, Routine, RWMutex, WaitGroup } from '../../sim';
import { panic, type Ctx } from './model';
import { Task } from './task';
import { ThreadGroup } from './thread-group';
import { structFields, type StructFields } from './fields';

/** The keys of `TaskSet`'s race-checked struct, in its order. */
const TASK_SET_FIELDS = ['stopCount', 'tasks', 'liveTasks'] as const;

export class TaskSet {
  /** `ts.mu` (every PID namespace's `owner.mu`): TaskSet stops, task creation and exit write-lock it; signal paths read-lock it. */
  readonly mu: RWMutex;
  /** The fields protected by `mu`, race-checked (`struct "ts"`; the properties below read and write it, see `fields.ts`). */
  protected readonly f: StructFields<TaskSet, (typeof TASK_SET_FIELDS)[number]>;
  /** External stops of every current and future task. Invariant: ≥ 0 (panics). */
  declare stopCount: number;
  /** `ts.Root.tids`: every task, in creation order (Go iterates the map in random order; see README). Written only by `add`. */
  declare readonly tasks: readonly Task[];
  /** Tasks that have not exited. */
  declare liveTasks: number;
  /** Every task, for the checks and the drivers: a plain copy of `tasks` that no model code reads (so no race is checked on it). */
  readonly all: Task[] = [];
  /** Task goroutines not parked in `doStop` and not exited; `Pause` waits for zero. */
  readonly runningGoroutines: WaitGroup;

  /** `bootTasks`: task goroutines of the initial process, started before anything else runs (`Task.Boot`). */
  constructor(
    private readonly m: Ctx,
    bootTasks: number,
  ) {
    this.mu = m.sim.rwmutex('ts.mu');
    this.f = m.sim.struct('ts', { stopCount: 0, tasks: [], liveTasks: 0 });
    this.runningGoroutines = m.sim.waitGroup('ts.runningGoroutines', bootTasks);
  }

  /** Begins an external stop of every current and future task; does not wait for them to stop. */
  *BeginExternalStop(): Routine<void> {
    yield* this.mu.lock();
    this.stopCount++;
    if (this.stopCount <= 0) panic(`Invalid stopCount: ${this.stopCount} (ts.stopCount)`);
    for (const t of this.tasks) {
      yield* t.tg.signalMu.lock();
      yield* t.beginStopLocked();
      yield* t.tg.signalMu.unlock();
      if (this.m.variant !== 'stop-without-interrupt') yield* t.interrupt();
    }
    yield* this.mu.unlock();
  }

  /** Ends an external stop begun by `BeginExternalStop`; does not wait for the tasks to resume. */
  *EndExternalStop(): Routine<void> {
    yield* this.mu.lock();
    this.stopCount--;
    if (this.stopCount < 0) panic(`Invalid stopCount: ${this.stopCount} (ts.stopCount)`);
    for (const t of this.tasks) {
      yield* t.tg.signalMu.lock();
      yield* t.endStopLocked();
      yield* t.tg.signalMu.unlock();
    }
    yield* this.mu.unlock();
  }

  /** A task of the initial process, made in setup before any goroutine runs (no stop is in force). */
  bootTask(name: string, tg: ThreadGroup): Task {
    const t = new Task(this.m, name, tg, this, 0);
    this.add(t);
    return t;
  }

  /** `newTask`: a task in `tg`, stopped by every external TaskSet stop in force. */
  *newTask(name: string, tg: ThreadGroup): Routine<Task> {
    yield* this.mu.lock();
    yield* tg.signalMu.lock();
    // Propagate external TaskSet stops to the new task.
    const t = new Task(this.m, name, tg, this, this.m.variant === 'new-task-misses-pause' ? 0 : this.stopCount);
    this.add(t);
    yield* tg.signalMu.unlock();
    yield* this.mu.unlock();
    return t;
  }

  /** Counts `t` in its thread group and in the TaskSet. Precondition: `mu` is locked for writing and `t.tg`'s signal mutex is locked (or setup). */
  private add(t: Task): void {
    this.f.tasks = [...this.f.tasks, t];
    this.all.push(t);
    this.liveTasks++;
    t.tg.tasks = [...t.tg.tasks, t];
    t.tg.activeTasks++;
  }
}

structFields(TaskSet, TASK_SET_FIELDS);

/** The parts of gVisor's `Kernel` that stop tasks from outside: checkpointing and `runsc exec`. */
export class Kernel {
  /** `k.extMu`: serializes Pause, Unpause and CreateProcess. */
  readonly extMu: Mutex;
  readonly tasks: TaskSet;
  /** Every thread group, in creation order. */
  readonly groups: ThreadGroup[] = [];

  /** `bootTasks`: how many tasks of the initial process `Boot` will start (0: none). */
  constructor(
    private readonly m: Ctx,
    bootTasks = 0,
  ) {
    this.extMu = m.sim.mutex('k.extMu');
    this.tasks = new TaskSet(m, bootTasks);
  }

  /** A thread group named `name` whose leader's parent is `parent` (null: none modelled). */
  newThreadGroup(name: string, parent: ThreadGroup | null): ThreadGroup {
    const tg = new ThreadGroup(this.m, name);
    tg.parent = parent;
    this.groups.push(tg);
    return tg;
  }

  /** Stops every task and waits until no task goroutine runs. Pauses nest. */
  *Pause(): Routine<void> {
    yield* this.extMu.lock();
    yield* this.tasks.BeginExternalStop();
    yield* this.extMu.unlock();
    yield* this.tasks.runningGoroutines.wait();
    // (k.tasks.aioGoroutines.Wait(): the model has no asynchronous I/O.)
  }

  /** Ends the effect of one `Pause`; without a matching `Pause` it may panic. */
  *Unpause(): Routine<void> {
    yield* this.extMu.lock();
    yield* this.tasks.EndExternalStop();
    yield* this.extMu.unlock();
  }

  /** `CreateProcess` + `StartProcess`: a new thread group `name` with one task `name`, started. */
  *CreateProcess(name: string): Routine<Task> {
    yield* this.extMu.lock();
    const t = yield* this.tasks.newTask(name, this.newThreadGroup(name, null));
    yield* this.extMu.unlock();
    yield* t.Start(); // StartProcess
    return t;
  }
}
