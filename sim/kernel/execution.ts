/**
 * The state of one execution and the kernel's vocabulary over it (`Rt`): what op modules
 * may do — touch, watch, park, complete, access, fail, choose, note, acquire/release, arm,
 * spawn. `Kernel` (kernel.ts) adds the step loop on top.
 */
import type { OpKind } from '../effect';
import type { TimerId } from '../ids';
import { CLOCK_KEY, freedKey, SEARCH_REFUSES, type ChoicePoint, type StepInfo, type Strategy } from '../strategy/strategy';
import type { TraceStep, ViolationKind } from '../types';
import { describeStep } from './describe';
import { Footprint } from './footprint';
import type { G } from './goroutine';
import type { Obj } from './objects';
import type { Op } from './op';
import { completionFootprint, stepFootprint } from './ops';
import type { ChanObj } from './ops/chan';
import { fireFootprint, TimerObj, type TimerKind } from './ops/timer';
import { raceRead, raceWrite, type RaceCell } from './race';
import { PARK, type AccessTarget, type Park, type Rt, type TimerSemantics } from './rt';
import { spawn } from './spawn';
import { heapPush, heapRemove } from './timer-offer';
import { TimerHeap } from './timer-heap';
import { vcJoin, type VC } from './vclock';
import { addWaiter, setRunnable, touch, unwatchAll } from './waiters';
import { Phase } from './goroutine';

/** The likely cause of a nondeterministic scenario. */
export const NONDETERMINISM_HINT = 'does it draw its own random numbers, read the wall clock, or keep state between executions?';
/** What a diverging replay means. */
export const DIVERGED = `The scenario did not do the same thing as when the schedule was recorded: ${NONDETERMINISM_HINT}`;

/** A violation as the kernel records it; `explore` adds the schedule and replay line. */
export interface RawViolation {
  readonly kind: ViolationKind;
  /** What happened, without the `kind at step N (t=…):` prefix. */
  readonly detail: string;
  readonly step: number;
  readonly time: number;
  readonly stack?: string;
  /**
   * An un-yielded effect's panic in a run that did not name the call (an exploring run):
   * the re-run that records the trace names it (run.ts `finishViolation`).
   */
  readonly unnamed?: true;
}

export interface NamedCheck {
  readonly name: string;
  readonly check: () => boolean | string;
}

export abstract class Execution implements Rt, ChoicePoint {
  /** Every goroutine ever spawned in this execution, by id. */
  readonly gs: G[] = [];
  /** Enabled goroutines (order: see setRunnable). Invariant: exactly those with `g.runnable`. */
  readonly runnable: G[] = [];
  /** Bumped whenever a goroutine joins or leaves `runnable` (see `Kernel.gate`). */
  runVersion = 0;
  /** Timers the strategy may fire at this point (cached per heap version). */
  readonly fireable: TimerObj[] = [];
  /** The heap version `fireable` was collected at. */
  fireableVersion = -1;
  readonly heap = new TimerHeap();
  now = 0;
  step = 0;
  lastGid = -1;
  /** The timer of the last step (null: a goroutine's, see `G.ran`), for messages. */
  lastTimer: TimerObj | null = null;
  /** Non-daemon goroutines not finished. */
  live = 0;
  /** Pending timers that keep the run alive (not daemon). */
  nonDaemonTimers = 0;
  nextObjectId = 0;
  nextTimerId = 0;
  timerSeq = 0;
  /** Goroutines, timers and objects created by setup (for their keys). */
  setupChildren = 0;
  setupTimers = 0;
  setupObjects = 0;
  /**
   * The current step's footprint, when the strategy wants footprints. Asked again at
   * each `reset` (after the strategy's `begin`), so a portfolio member that wants them
   * gets them for its own executions only.
   */
  fp: Footprint | null;
  /** The strategy abandoned this execution (PRUNE): no verdict. */
  pruned = false;
  /**
   * Steps that switched away from a goroutine that could have continued (a timer firing
   * counts too): the schedule's preemptions.
   */
  preemptions = 0;
  /** The choices made so far: the schedule (see schedule.ts for the codes). */
  readonly choices: number[] = [];
  violation: RawViolation | null = null;
  /** The goroutine whose code is running (null in setup, checks and timer firings). */
  current: G | null = null;
  /** Race detection is active once a race-checked location exists (see race.ts). */
  raceOn = false;
  readonly trace: TraceStep[] | null;
  /** Notes for the current step's trace entry. */
  notes: string[] | null = null;
  /** Objects changed in this step, to recheck at its end: `dirty[0..dirtyN)`. */
  readonly dirty: Obj[] = [];
  dirtyN = 0;
  readonly invariants: NamedCheck[] = [];
  readonly atEnds: NamedCheck[] = [];
  /** Index of the invariant being checked (what it reads is reported: `plainRead`), or -1. */
  observing = -1;
  /** Counts of goroutine names, once one repeats (see spawn.ts). */
  names: Map<string, number> | null = null;
  readonly strategy: Strategy;
  readonly timerSemantics: TimerSemantics;
  /** Every `sim.struct` write is a scheduling point (see ops/struct.ts). */
  readonly preemptAtAccesses: boolean;

  constructor(strategy: Strategy, trace: boolean, timers: TimerSemantics, preemptAtAccesses = false) {
    this.preemptAtAccesses = preemptAtAccesses;
    this.strategy = strategy;
    this.trace = trace ? [] : null;
    this.timerSemantics = timers;
    this.fp = strategy.wantsFootprints === true ? new Footprint() : null;
  }

  /**
   * Makes the kernel ready for another execution, reusing its arrays (exploration runs
   * millions of short executions; allocating a kernel for each was most of their cost).
   * Every field that an execution changes is reset; a violation found on a reused kernel
   * is re-run on a fresh one, so a missed field shows as nondeterminism.
   */
  reset(): void {
    empty(this.gs);
    empty(this.runnable);
    empty(this.fireable);
    this.fireableVersion = -1;
    this.runVersion = 0; // compared within a step only; kept small (a Smi) over millions of executions
    this.heap.clear();
    this.now = 0;
    this.step = 0;
    this.lastGid = -1;
    this.lastTimer = null;
    this.live = 0;
    this.nonDaemonTimers = 0;
    this.nextObjectId = 0;
    this.nextTimerId = 0;
    this.timerSeq = 0;
    this.setupChildren = 0;
    this.setupTimers = 0;
    this.setupObjects = 0;
    this.pruned = false;
    this.preemptions = 0;
    this.choices.length = 0;
    this.violation = null;
    this.current = null;
    this.raceOn = false;
    if (this.trace !== null) this.trace.length = 0;
    this.notes = null;
    for (let i = 0; i < this.dirtyN; i++) this.dirty[i] = undefined as unknown as Obj;
    this.dirtyN = 0;
    empty(this.invariants);
    empty(this.atEnds);
    if (this.names !== null) this.names.clear();
    const fp = this.strategy.wantsFootprints === true;
    if (fp !== (this.fp !== null)) this.fp = fp ? new Footprint() : null;
  }

  /** Every goroutine of the execution, by id. */
  get goroutines(): readonly G[] {
    return this.gs;
  }

  /** Every pending timer. */
  get timers(): readonly TimerObj[] {
    return this.heap.all();
  }

  /** The footprint of a goroutine's pending step or a timer's firing (see ChoicePoint). */
  footprintOf(x: G | TimerObj): StepInfo | null {
    const fp = new Footprint();
    if (x instanceof TimerObj) {
      if (x.heapIndex < 0) return null;
      fireFootprint(fp, x, this.now);
    } else {
      if (x.done) return null;
      fp.reset(x.id, x.key);
      stepFootprint(fp, x);
      if (x.phase === Phase.Parked) return null; // waits for another step to complete it
    }
    return fp.accesses.length === 0 && !fp.clockRead && !fp.clockWrite ? null : fp.snapshot();
  }

  get tracing(): boolean {
    return this.notes !== null;
  }

  touch(obj: Obj): void {
    touch(this, obj);
  }

  watch(g: G, obj: Obj): void {
    addWaiter(g, obj);
    if (obj.rendezvous) {
      // who waits on an unbuffered channel decides what its partners may do
      touch(this, obj);
      if (this.fp !== null) this.fp.add(obj, true, -1);
    }
  }

  park(g: G): Park {
    g.phase = Phase.Parked;
    return PARK;
  }

  complete(g: G, v: unknown): void {
    if (this.fp !== null) completionFootprint(this.fp, g);
    g.phase = Phase.Completed;
    g.result = v;
    g.completedAt = this.step;
    if (g.watch1 !== null) unwatchAll(this, g);
    if (!g.runnable) setRunnable(this, g, true);
  }

  access(t: AccessTarget, write: boolean, op: OpKind | -1): void {
    if (this.fp !== null) this.fp.add(t, write, op);
  }

  readClock(): void {
    if (this.fp !== null) this.fp.clockRead = true;
  }

  plainRead(t: AccessTarget | null, write = false, freed = false): void {
    if (this.fp === null) return;
    if (this.current !== null) {
      if (t === null) this.fp.clockRead = true;
      else this.fp.add(t, write, -1);
    } else if (this.observing >= 0) this.strategy.observe?.(t === null ? CLOCK_KEY : freed ? freedKey(t.key) : t.key, this.observing);
  }

  /** Records the first violation of the execution. */
  fail(kind: ViolationKind, detail: string, error?: unknown, step = this.step): void {
    if (this.violation !== null) return;
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
    this.violation = stack === undefined ? { kind, detail, step, time: this.now } : { kind, detail, step, time: this.now, stack };
  }

  misuse(g: G, op: Op, goMessage: string): undefined {
    const d = describeStep.effect(op);
    this.fail('panic', `"${g.name}" ${d.effect}${d.object !== null ? ` of ${d.object}` : ''}: ${goMessage}`);
    return undefined;
  }

  /** Asks the strategy for a value in 0..n-1 and records it (no choice when n is 1). */
  choose(n: number): number {
    if (n <= 1) return 0;
    const v = this.strategy.choose(n, this);
    if (!(v >= 0 && v < n && Number.isInteger(v))) {
      this.badPick(v, n);
      return 0;
    }
    this.choices.push(v * 4 + 2);
    return v;
  }

  protected badPick(i: number, n: number): void {
    const why = this.strategy.divergence;
    if (why !== undefined) this.fail('nondeterminism', why.startsWith(SEARCH_REFUSES) ? why : `${why}. ${DIVERGED}`);
    else throw new Error(`internal error: strategy "${this.strategy.name}" returned ${i} for ${n} choices`);
  }

  note(text: string): void {
    if (this.notes !== null) this.notes.push(text);
  }

  raceRead(g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean {
    return raceRead(this, g, cell, owner, field, op);
  }

  raceWrite(g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean {
    return raceWrite(this, g, cell, owner, field, op);
  }

  acquire(g: G, vc: VC | null): void {
    if (vc !== null && g.vc !== null) vcJoin(g.vc, vc);
  }

  release(g: G, into: VC | null): VC | null {
    const gv = g.vc;
    if (gv === null) return into;
    let out = into;
    if (out === null) out = gv.slice();
    else vcJoin(out, gv);
    gv[g.id]!++;
    return out;
  }

  syncPair(a: G, b: G): void {
    if (a.vc === null || b.vc === null) return;
    vcJoin(a.vc, b.vc);
    vcJoin(b.vc, a.vc);
    a.vc[a.id]!++;
    b.vc[b.id]!++;
  }

  newTimer(kind: TimerKind, name: string, daemon: boolean, body: (() => Generator<unknown, unknown, unknown>) | null, sleeper: G | null, chan: ChanObj | null, period: number): TimerObj {
    const creator = this.current;
    const key = creator === null ? `t${this.setupTimers++}` : `${creator.key}t${creator.timers++}`;
    return new TimerObj(this.nextObjectId++ as TimerObj['id'], name, this.nextTimerId++ as TimerId, kind, daemon, body, sleeper, chan, period, key);
  }

  arm(t: TimerObj, ns: number): void {
    if (t.heapIndex >= 0) heapRemove(this, t);
    t.deadline = this.now + (ns > 0 ? Math.floor(ns) : 0);
    t.seq = this.timerSeq++;
    const g = this.current;
    if (this.fp !== null && g !== null) {
      this.fp.clockRead = true;
      this.fp.add(t, true, -1);
    }
    if (this.raceOn && g !== null && g.vc !== null) {
      t.vc = g.vc.slice();
      g.vc[g.id]!++;
    }
    heapPush(this, t);
  }

  disarm(t: TimerObj): boolean {
    const was = t.heapIndex >= 0;
    if (was) heapRemove(this, t);
    return was;
  }

  spawn(name: string, body: unknown, daemon: boolean, vc: VC | null, key: string): G {
    return spawn(this, name, body, daemon, vc, key);
  }
}

/**
 * Empties `a`. Setting `length` is a call into V8's runtime even when it changes nothing
 * (`set length` was 1.6 % of the peer multi-step race's time, most of the arrays empty).
 */
function empty(a: unknown[]): void {
  if (a.length !== 0) a.length = 0;
}
