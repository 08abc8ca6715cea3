/**
 * The one small interface every exploration strategy implements (after shuttle's:
 * begin an execution, pick the next step, give a number).
 *
 * A strategy *chooses* and never mutates: it reads the choice point the kernel shows it
 * and returns an index. The kernel applies the choice and records it in the schedule.
 */
import type { Effect, ObjectKind, ObjectRef, OpKind } from '../effect';
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
  /** A name that does not depend on the interleaving (see the kernel's `G.key`). */
  readonly key: string;
  /** The step at which its pending effect became pending. */
  readonly pendingSince: number;
  /** Whether it can take a step now. */
  readonly runnable: boolean;
  /** Whether its body has returned. */
  readonly done: boolean;
  /** The step that completed its pending effect on its behalf (a partner's send or receive…), or -1. */
  readonly completedAt?: number;
}

/** A timer that may fire now: it is due at the earliest pending deadline. */
export interface TimerView {
  readonly id: ObjectId;
  readonly timerId: TimerId;
  readonly name: string;
  /** Virtual time (ns) the clock jumps to if it fires. */
  readonly deadline: number;
  /** A name that does not depend on the interleaving. */
  readonly key: string;
  /** For `newTimer`, `after` and tickers: the channel a firing sends on; null for afterFunc and sleep. */
  readonly chan: ObjectRef | null;
}

/** One object a step read or wrote. */
export interface Access {
  readonly id: number;
  /** The object's interleaving-independent key. */
  readonly key: string;
  readonly kind: ObjectKind;
  readonly write: boolean;
  /** The effect that touched it, or -1 for a registration or a timer firing. */
  readonly op: OpKind | -1;
}

/** What a step touched (recorded when the strategy sets `wantsFootprints`). */
export interface StepInfo {
  /** The goroutine that ran, or -1 for a timer firing. */
  readonly gid: number;
  /** The goroutine's or the timer's key. */
  readonly key: string;
  readonly accesses: readonly Access[];
  /** It read the virtual clock (now(), sleep, a timer armed or reset). */
  readonly clockRead: boolean;
  /** It advanced the virtual clock (a timer firing). */
  readonly clockWrite: boolean;
  /**
   * For a goroutine resuming after another step completed its effect (a partner's send
   * or receive, a timer waking a sleeper, an admitting unlock): that step; else -1.
   */
  readonly completedAt: number;
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
  /** Every goroutine of the execution, by id (runnable, blocked and finished). */
  readonly goroutines: readonly GoroutineView[];
  /** Every pending timer (armed and not fired), in no particular order. */
  readonly timers: readonly TimerView[];
  /**
   * What the pending step of goroutine `g`, or the firing of timer `t`, would touch (its
   * effect's objects, the clock), or null when it touches nothing. Keys are set only
   * when the strategy `wantsFootprints`.
   */
  footprintOf(x: GoroutineView | TimerView): StepInfo | null;
}

/** What `pick` may return besides an index: abandon this execution (it adds nothing new). */
export const PRUNE = -2;

/** How an execution ended, as reported to `Strategy.end`. */
export interface ExecutionOutcome {
  readonly steps: number;
  /** The violation kind, or null when the execution passed. */
  readonly violation: ViolationKind | null;
}

/**
 * How an exploration chooses: each execution starts with `begin`, then `pick` chooses the
 * next goroutine step or timer firing among the enabled ones, `choose` answers value
 * choices (`sim.random`, select), and `end` hears how it ended. Strategies are seeded and
 * deterministic; pass a name to `explore` (`strategyNames()`) or an object of your own.
 */
export interface Strategy {
  /** Short name (`random`, `replay`, `pct`…). */
  readonly name: string;
  /**
   * Prepare execution number `execution` (0-based). Returns false when the strategy has
   * nothing left to explore (an exhaustive search that finished).
   */
  begin(execution: number): boolean;
  /**
   * Choose the next step. Returns an index into runnable ++ fireable, -1 to abort the
   * execution (a replay that diverged; `divergence` says why), or `PRUNE` to abandon it
   * without a verdict (an exhaustive search that knows the rest is covered elsewhere).
   */
  pick(point: ChoicePoint): number;
  /** Choose a value in `0..n-1` (for `random(n)` and `select`), or -1 to abort. */
  choose(n: number, point: ChoicePoint): number;
  /** The execution ended. */
  end(outcome: ExecutionOutcome): void;
  /**
   * Why the last -1 was returned: the run differs from the recorded schedule, or (starting
   * with `SEARCH_REFUSES`) the search itself will not go on and says why.
   */
  readonly divergence?: string | undefined;
  /** True when every interleaving class has been checked (exhaustive strategies). */
  readonly exhausted?: boolean;
  /**
   * True for a strategy whose executions form one search (DFS) rather than independent
   * samples: the CLI runs it as one work unit per variant instead of splitting it by seed.
   */
  readonly exhaustive?: boolean;
  /**
   * Optional: called after every step, with the choice point as it stands after it (the
   * strategy remembers what it picked) and, when `wantsFootprints`, what the step
   * touched. For strategies that learn from what ran, such as POS or DPOR. The
   * invariants have been checked after the step by then (see `observe`).
   */
  afterStep?(point: ChoicePoint, step?: StepInfo): void;
  /** Ask the kernel to record each step's footprint (costs an allocation per step). */
  readonly wantsFootprints?: boolean;
  /**
   * Optional, with `wantsFootprints`: invariant number `check` (in the order they were
   * declared), checked after a step, read the object with this key (`CLOCK_KEY`: the
   * virtual clock). Steps that write what an invariant reads are visible to it: DPOR keeps
   * them in order (visibility.ts).
   */
  observe?(key: string, check: number): void;
}

/** The key an invariant reads when it asks only whether object `key` was freed (only a `free()` writes it). */
export function freedKey(key: string): string {
  return `${key}#freed`;
}

/** The key that stands for the virtual clock where an object key is expected. */
export const CLOCK_KEY = '\u0000clock';

/** Identifies one of a strategy's choices in a schedule. */
export type Choice =
  | { readonly type: 'goroutine'; readonly id: GoroutineId }
  | { readonly type: 'timer'; readonly id: TimerId }
  | { readonly type: 'value'; readonly value: number };

/** How a `divergence` begins when the search refuses to go on (not a difference from a recorded run). */
export const SEARCH_REFUSES = 'the search cannot go on: ';
