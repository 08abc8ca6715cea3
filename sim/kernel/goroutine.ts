/**
 * The kernel's record of one goroutine.
 */
import { Effect, OpKind } from '../effect';
import type { GoroutineId } from '../ids';
import type { Obj } from './objects';
import type { Op } from './op';
import type { VC } from './vclock';
import type { WriteBuffer } from './ops/struct';

/**
 * Where a goroutine stands with its pending operation.
 *
 * `Fresh`: not yet applied; enabled iff its object allows it (the op module's `enabled`).
 * `Parked`: applied, waiting for another step to complete it (cond wait, sleep, a reader
 * behind a writer); never enabled. `Completed`: another step completed it; the next step
 * only resumes the goroutine with `result`. `Relock`: woken from a cond wait, it must take
 * the cond's locker through the locker's own `Lock`. `WaitReaders`: a writer that announced
 * itself on an rwmutex (by `Lock`, or by a cond's re-lock), waiting for the readers to leave.
 */
export enum Phase {
  Fresh = 0,
  Parked,
  Completed,
  Relock,
  WaitReaders,
}

/** The pending operation of a goroutine that has not started: its first step runs its code. */
export const START = new Effect(OpKind.Start, null) as Op;

export class G {
  /** The operation the goroutine will apply at its next step (START before its first). */
  pending: Op = START;
  phase: Phase = Phase.Completed;
  /** For `Completed`: the value the pending operation returns. */
  result: unknown = undefined;
  /** Invariant: `runnable` iff the goroutine is in `Kernel.runnable`, at index `runIdx` (else -1). */
  runnable = false;
  runIdx = -1;
  /** True once its body returned or threw. */
  done = false;
  /**
   * The objects whose state decides whether `pending` is enabled; the goroutine is in
   * their `waiters`. One slot covers every operation but `select`, which uses `watchMore`
   * for its other channels.
   */
  watch1: Obj | null = null;
  watchMore: Obj[] | null = null;
  /** Vector clock, when race detection is active; `vc[id]` is the goroutine's own epoch (≥ 1). */
  vc: VC | null = null;
  /**
   * The operation of its last step (null before its first), for messages. Kept here, not
   * on the kernel: the kernel lives long (V8's old generation) and effects are young, and
   * storing a young object into an old one at every step takes a write barrier's slow path.
   */
  ran: Op | null = null;
  /** Steps this goroutine has taken (for the trace and messages). */
  steps = 0;
  /** The step at which `pending` became its pending operation (-1 before its first step). */
  pendingSince = -1;
  /** The name as given to `go` (before a `#n` suffix made it unique). */
  baseName = '';
  /** Virtual time since which it has waited to run (set when it became runnable or last ran). */
  readyAt = 0;
  /** For `Completed`: the step that completed it (a partner's send, a timer's fire…). */
  completedAt = -1;
  /**
   * Yields (`yieldNow`, `sleep(0)`) it applied since another goroutine or a timer last took
   * a step: a goroutine that yields again with nothing else having run is spinning (see
   * `fairness.ts`). Invariant: ≥ 0; 0 right after any other goroutine's step.
   */
  spin = 0;
  /**
   * With `preemptAtAccesses`: the `sim.struct` writes of its running step, then the ones
   * still to publish, each a step of its own (see `ops/struct.ts`). Invariant: null when it
   * has none; never non-null while it waits on an effect.
   */
  wb: WriteBuffer | null = null;
  /** Goroutines, timers and objects it created so far (for the keys of the next ones). */
  children = 0;
  timers = 0;
  objects = 0;

  constructor(
    readonly id: GoroutineId,
    /** The name given to `go`, made unique within the execution (`worker`, `worker#2`). */
    readonly name: string,
    readonly daemon: boolean,
    readonly gen: Generator<unknown, unknown, unknown>,
    /**
     * `gen.next`, looked up once (spawn.ts): each inline body is a closure with a hidden
     * class of its own, so looking it up on the generator at every step is a megamorphic load.
     */
    readonly next: (this: Generator<unknown, unknown, unknown>, v: unknown) => IteratorResult<unknown, unknown>,
    /** The step at which it was spawned (-1 for setup). */
    readonly spawnStep: number,
    /**
     * A name for it that does not depend on the interleaving: `3` for the fourth goroutine
     * setup spawned, `3.0` for that one's first child, `t1#0` for the first body of timer
     * `t1`. Ids count spawns globally, so they depend on the order; keys do not (DPOR
     * needs that to compare executions).
     */
    readonly key: string,
  ) {}
}
