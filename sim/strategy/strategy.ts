/**
 * The one small interface every exploration strategy implements (after shuttle's:
 * begin an execution, pick the next step, give a number).
 *
 * A strategy *chooses* and never mutates: it reads the choice point the kernel shows it
 * and returns an index. The kernel applies the choice and records it in the schedule.
 */
import type { Effect } from '../effect';
import type { GoroutineId, ObjectId, TimerId } from '../ids';
import type { ViolationKind } from '../types';

/** A runnable goroutine as a strategy sees it: its pending effect is enabled. */
export interface GoroutineView {
  readonly id: GoroutineId;
  readonly name: string;
  readonly daemon: boolean;
  /** The effect it will apply if picked (`START`'s kind is Yield before its first step). */
  readonly pending: Effect;
  /** Steps it has taken so far in this execution. */
  readonly steps: number;
}

/** A timer that may fire now: it is due at the earliest pending deadline. */
export interface TimerView {
  readonly id: ObjectId;
  readonly timerId: TimerId;
  readonly name: string;
  /** Virtual time (ns) the clock jumps to if it fires. */
  readonly deadline: number;
}

/**
 * What a strategy sees at each scheduling point. The choices are the runnable
 * goroutines (in a deterministic order, not sorted) followed by the fireable timers (in
 * arming order): a pick
 * returns an index in `[0, runnable.length + fireable.length)`.
 */
export interface ChoicePoint {
  readonly runnable: readonly GoroutineView[];
  readonly fireable: readonly TimerView[];
  /** Index of the step about to run. */
  readonly step: number;
  /** Virtual time (ns). */
  readonly now: number;
  /** Id of the goroutine that ran the previous step; -1 after a timer or at the start. */
  readonly lastGid: number;
}

/** How an execution ended, as reported to `Strategy.end`. */
export interface ExecutionOutcome {
  readonly steps: number;
  /** The violation kind, or null when the execution passed. */
  readonly violation: ViolationKind | null;
}

export interface Strategy {
  /** Short name (`random`, `replay`, `pct`…). */
  readonly name: string;
  /**
   * Prepare execution number `execution` (0-based). Returns false when the strategy has
   * nothing left to explore (an exhaustive search that finished).
   */
  begin(execution: number): boolean;
  /**
   * Choose the next step. Returns an index into runnable ++ fireable, or -1 to abort the
   * execution (a replay that diverged; `divergence` says why).
   */
  pick(point: ChoicePoint): number;
  /** Choose a value in `0..n-1` (for `random(n)` and `select`), or -1 to abort. */
  choose(n: number, point: ChoicePoint): number;
  /** The execution ended. */
  end(outcome: ExecutionOutcome): void;
  /** Why the last -1 was returned. */
  readonly divergence?: string | undefined;
  /** True when every interleaving class has been checked (exhaustive strategies). */
  readonly exhausted?: boolean;
  /**
   * Optional: called after every step, with the choice point as it stands after it (the
   * strategy remembers what it picked). For strategies that learn from what ran, such as
   * POS or DPOR.
   */
  afterStep?(point: ChoicePoint): void;
}

/** Identifies one of a strategy's choices in a schedule. */
export type Choice =
  | { readonly type: 'goroutine'; readonly id: GoroutineId }
  | { readonly type: 'timer'; readonly id: TimerId }
  | { readonly type: 'value'; readonly value: number };
