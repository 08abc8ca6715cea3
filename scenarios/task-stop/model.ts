/**
 * What every part of the `task-stop` model shares: the variant, the parameters the task
 * goroutines need, and Go's `panic`.
 *
 * Original: gVisor `pkg/sentry/kernel/task_stop.go` (/work/shared/seeds/gvisor-kernel-task_stop.go.txt).
 */
import type { Sim } from '../../sim';

/** The variants, correct first; each buggy one is one small difference (see README.md). */
export type TaskStopVariant = 'correct' | 'dostop-if' | 'sigcont-lost' | 'ack-window' | 'unbalanced-end' | 'new-task-misses-pause';

/** One execution's model context. */
export interface Ctx {
  readonly sim: Sim;
  readonly variant: TaskStopVariant;
  /** Run steps (`runApp`) each task goroutine takes before it exits. */
  readonly rounds: number;
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
