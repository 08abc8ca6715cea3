/**
 * What every part of the `task-stop` model shares: the upstream version it follows, the
 * variants, the execution context, Go's `panic`, and the signals.
 *
 * Original: google/gvisor@3c5eee17dc45659fb86843531074f38e78e0cc35 (2026-08-21),
 * `pkg/sentry/kernel/task_stop.go`, `task_signals.go`, `task_run.go`, `task_block.go`,
 * `task_exit.go`, `task_start.go` and `kernel.go`; README.md maps each function to its lines.
 */
import type { Sim } from '../../sim';

/** The upstream commit `correct` follows (google/gvisor, 2026-08-21, after f7324fa). */
export const UPSTREAM = '3c5eee17dc45659fb86843531074f38e78e0cc35';

/**
 * The variants, correct first; each buggy one is one small difference (see README.md).
 * `sigcont-lost` and `ack-window` are google/gvisor@8baf482e (the parent of f7324fa).
 */
export type TaskStopVariant =
  | 'correct'
  | 'dostop-if'
  | 'sigcont-lost'
  | 'ack-window'
  | 'unbalanced-end'
  | 'new-task-misses-pause'
  | 'stop-without-interrupt';

/** One execution's model context. */
export interface Ctx {
  readonly sim: Sim;
  readonly variant: TaskStopVariant;
}

/**
 * Go's `panic(msg)`: throws an Error named `panic`, which the engine reports as a `panic`
 * violation: `"stopper" threw panic: Invalid stopCount: -1 (ts.stopCount)`.
 */
export function panic(message: string): never {
  const e = new Error(message);
  e.name = 'panic';
  throw e;
}

/** The signals the model sends (their Linux numbers order the queues, as `dequeue` does). */
export type Signal = 'SIGKILL' | 'SIGCONT' | 'SIGSTOP';

/** Linux's signal numbers on amd64: `dequeue` takes the lowest pending one first. */
export const SIGNO: { readonly [S in Signal]: number } = { SIGKILL: 9, SIGCONT: 18, SIGSTOP: 19 };

/** A sent signal (`linux.SignalInfo`); `seq` numbers the sender's `kill` calls from 1, for messages. */
export interface SignalInfo {
  readonly signo: Signal;
  readonly seq: number;
}

/**
 * A standard signal queue (`pendingSignals`): at most one of each signal (a second is
 * discarded, `enqueue` returns false), dequeued lowest number first. Values are frozen:
 * every change makes a new array.
 */
export type SignalQueue = readonly SignalInfo[];

/** `q.enqueue(info)`: the new queue, or null when `info.signo` is already pending (a duplicate). */
export function enqueue(q: SignalQueue, info: SignalInfo): SignalQueue | null {
  if (q.some((i) => i.signo === info.signo)) return null;
  return [...q, info].sort((a, b) => SIGNO[a.signo] - SIGNO[b.signo] || a.seq - b.seq);
}

/** `q.discardSpecific(sig)`. */
export function discard(q: SignalQueue, sig: Signal): SignalQueue {
  return q.some((i) => i.signo === sig) ? q.filter((i) => i.signo !== sig) : q;
}

/**
 * `TaskGoroutineState` (task_sched.go): what the task goroutine is doing, as
 * `accountTaskGoroutineEnter`/`Leave` record it. The checks read it: it is upstream state,
 * written only by the task goroutine.
 */
export type TaskGoroutineState = 'RunningSys' | 'RunningApp' | 'BlockedInterruptible' | 'Stopped' | 'Nonexistent';

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

/** The task goroutine's next state (`taskRunState`); null once the goroutine exits. */
export type RunState = 'runApp' | 'runInterrupt' | 'runExit' | 'runExitMain' | 'runExitNotify' | null;

/** `TaskExitState`: how far the task is through exiting. */
export type TaskExitState = 'TaskExitNone' | 'TaskExitInitiated' | 'TaskExitZombie';
