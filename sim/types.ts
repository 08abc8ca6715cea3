/**
 * Public result types: violations and trace steps.
 */

/** Every kind of violation the engine reports. */
export type ViolationKind =
  | 'assertion'
  | 'invariant'
  | 'at-end'
  | 'deadlock'
  | 'data-race'
  | 'use-after-free'
  | 'panic'
  | 'step-limit'
  | 'nondeterminism';

/** All violation kinds, in documentation order. */
export const VIOLATION_KINDS: readonly ViolationKind[] = [
  'assertion',
  'invariant',
  'at-end',
  'deadlock',
  'data-race',
  'use-after-free',
  'panic',
  'step-limit',
  'nondeterminism',
];

/**
 * One step of an execution, as recorded in a trace.
 *
 * A step is either a goroutine step (apply its pending effect, then run its code up to
 * the next effect) or a timer firing (the clock jumps to the timer's deadline).
 */
export interface TraceStep {
  /** 0-based index of the step in the execution. */
  readonly step: number;
  /** Virtual time in nanoseconds when the step ran. */
  readonly time: number;
  /** The goroutine that ran, or the timer's name for a firing. */
  readonly goroutine: string;
  /** The goroutine's id; -1 for a timer firing. */
  readonly gid: number;
  /** The effect applied: `lock`, `store(2)`, `send(1)`, `start`, `fire`… */
  readonly effect: string;
  /** The object it acted on, e.g. `mutex "m"`; `null` for objectless effects. */
  readonly object: string | null;
  /** What the effect returned to the goroutine, formatted; `null` when nothing. */
  readonly result: string | null;
  /** What else happened in the step: goroutines woken, spawned, exited… */
  readonly note: string | null;
}

/** A violation found in an execution. */
export interface Violation {
  /** What went wrong. */
  readonly kind: ViolationKind;
  /**
   * What happened, who was involved, where (step, virtual time), the likely cause, and a
   * last line `replay: …` with the command that replays it.
   */
  readonly message: string;
  /** 1-based number of the execution (within the exploration) that failed. */
  readonly execution: number;
  /** The schedule string that replays the failing execution exactly. */
  readonly schedule: string;
  /**
   * What happened, who was involved and the likely cause: `message` without its headline
   * (`kind at step N (t=…): `) and its replay line.
   */
  readonly detail: string;
  /** Every step of the failing execution. */
  readonly trace: readonly TraceStep[];
  /** The step at which the violation was detected. */
  readonly step: number;
  /** Virtual time (ns) at which the violation was detected. */
  readonly time: number;
  /** For `panic` from a thrown exception: the JavaScript stack (machine-specific). */
  readonly stack?: string;
  /** When the schedule was shrunk: its size before and after, and the executions it took. */
  readonly shrink?: {
    readonly before: { readonly preemptions: number; readonly steps: number };
    readonly after: { readonly preemptions: number; readonly steps: number };
    readonly attempts: number;
  };
}
