/**
 * The kernel's vocabulary: the few verbs through which the op modules (`ops/*.ts`) act on
 * an execution, as loom's `rt` is for its `sync` types. An op module keeps its object's
 * state and its goroutines' phases; everything else — the runnable set, the waiter lists,
 * the clock, the trace, the footprint the search reads, the happens-before clocks — it
 * reaches through these, never through the kernel's fields.
 */
import type { ViolationKind } from '../types';
import type { ObjectKind, OpKind } from '../effect';
import type { G } from './goroutine';
import type { Obj } from './objects';
import type { Op } from './op';
import type { ChanObj } from './ops/chan';
import type { TimerKind, TimerObj } from './ops/timer';
import type { RaceCell } from './race';
import type { VC } from './vclock';

/** Returned by an op's `apply` when the goroutine waits for another step to complete it. */
export const PARK: unique symbol = Symbol('park');
export type Park = typeof PARK;

/** Thrown through user code to stop it once a violation is recorded (a failed assert). */
export const STOP: { readonly stop: true } = Object.freeze({ stop: true as const });

/** Which of Go's timer semantics an execution follows (see `ops/timer.ts`). */
export type TimerSemantics = 'go1.23' | 'go1.22';

/** What an access is to: an object, or a part of one with a key of its own (a struct field). */
export interface AccessTarget {
  readonly id: number;
  readonly key: string;
  readonly kind: ObjectKind;
}

export interface Rt {
  /** Virtual time (ns). */
  readonly now: number;
  /** Index of the step being applied. */
  readonly step: number;
  /** Whether this step's trace notes are kept (build a note's text only when true). */
  readonly tracing: boolean;
  /** Whether happens-before clocks are kept (some race-checked location exists). */
  readonly raceOn: boolean;
  /** The goroutine whose step is running, or null (setup, checks, a timer firing). */
  readonly current: G | null;
  /** Go's timer semantics for this execution. */
  readonly timerSemantics: TimerSemantics;
  /** Every `sim.struct` write is a scheduling point (see `ops/struct.ts`). */
  readonly preemptAtAccesses: boolean;

  /** `obj` changed: its waiters are rechecked at the end of the step. */
  touch(obj: Obj): void;
  /** `g` waits on `obj`: rechecked whenever `obj` changes. */
  watch(g: G, obj: Obj): void;
  /** `g` waits until another step completes its operation: its `apply` returns this. */
  park(g: G): Park;
  /**
   * Another goroutine's parked (or rendezvous-waiting) operation is done with result `v`:
   * it resumes at its next step. The step doing this also makes that operation's accesses
   * (they are recorded in its footprint).
   */
  complete(g: G, v: unknown): void;
  /**
   * Records the step's access to `target` (an object, or a `sim.struct` field) for the
   * exhaustive search (`op`: the operation, or -1). Cheap when nobody records footprints.
   */
  access(target: AccessTarget, write: boolean, op: OpKind | -1): void;
  /** Records that the step read the clock. */
  readClock(): void;
  /**
   * A plain read (`.value`, a field, `len`; `write`: a plain write) of `target`, or of the
   * clock when null: inside a goroutine it is the step's access; while the invariants
   * are checked it is reported to the strategy (`Strategy.observe`). `freed`: only whether
   * it was freed is read (what only a `free()` changes).
   */
  plainRead(target: AccessTarget | null, write?: boolean, freed?: boolean): void;

  /** Records the first violation of the execution. */
  fail(kind: ViolationKind, detail: string): void;
  /** A `panic` for misuse of a primitive by `g`, with Go's message. */
  misuse(g: G, op: Op, goMessage: string): undefined;
  /** A value in `0..n-1` chosen by the strategy and recorded (no choice when n ≤ 1). */
  choose(n: number): number;
  /** Adds a note to the step's trace entry (call only when `tracing`). */
  note(text: string): void;

  /** A new timer (armed by `arm`); its key and ids come from the execution's counters. */
  newTimer(kind: TimerKind, name: string, daemon: boolean, body: (() => Generator<unknown, unknown, unknown>) | null, sleeper: G | null, chan: ChanObj | null, period: number): TimerObj;
  /** Arms (or re-arms) `t` to fire `ns` from now: the arming goroutine's clock is its fire's past. */
  arm(t: TimerObj, ns: number): void;
  /** Takes `t` out of the pending timers; true if it was pending. */
  disarm(t: TimerObj): boolean;
  /** Spawns `body` as a new goroutine (a timer's afterFunc body), inheriting `vc`. */
  spawn(name: string, body: unknown, daemon: boolean, vc: VC | null, key: string): G;

  /**
   * `g` reads race-checked memory `cell` (`owner` itself, or its field `field`); false
   * when it races with an earlier access (the `data-race` violation is recorded).
   * Call only when `raceOn`.
   */
  raceRead(g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean;
  /** `g` writes race-checked memory (see `raceRead`). */
  raceWrite(g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean;

  /** `g` acquires what `vc` released (no-op without race detection). */
  acquire(g: G, vc: VC | null): void;
  /** `g` releases into `into`; returns the object's new clock. */
  release(g: G, into: VC | null): VC | null;
  /** Both goroutines acquire each other's history (a rendezvous). */
  syncPair(a: G, b: G): void;
}
