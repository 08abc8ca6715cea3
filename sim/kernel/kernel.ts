/**
 * The kernel: one execution of a scenario. It keeps the goroutines, the runnable set,
 * the timers and the clock; at each scheduling point it shows the strategy the choices,
 * applies the one picked (a goroutine step or a timer firing), and records it.
 * It never chooses: mechanism here, policy in the strategy.
 */
import { Effect, OpKind } from '../effect';
import type { ObjectId } from '../ids';
import { PRUNE, type ChoicePoint, type StepInfo, type Strategy } from '../strategy/strategy';
import type { TraceStep, ViolationKind } from '../types';
import { applyEffect } from './apply';
import { PARK, STOP } from './apply-common';
import { blockedOn, describeStep, errorText } from './describe';
import { isEnabled, watchPending } from './enabled';
import { G, Phase, START } from './goroutine';
import { ChanObj, CondObj, MutexObj, Obj, RWMutexObj, TimerObj } from './objects';
import { Footprint } from './footprint';
import { TimerHeap } from './timer-heap';
import { vcFor } from './vclock';
import { fireTimer } from './apply-time';
import { endOfRun, stepLimitDetail } from './end';

export { STOP };

/** The likely cause of a nondeterministic scenario. */
export const NONDETERMINISM_HINT = 'does it draw its own random numbers, read the wall clock, or keep state between executions?';
/** What a diverging replay means. */
export const DIVERGED = `The scenario did not do the same thing as when the schedule was recorded: ${NONDETERMINISM_HINT}`;

export interface KernelOptions {
  readonly strategy: Strategy;
  readonly maxSteps: number;
  /** Timers fire only when no goroutine is runnable. */
  readonly idleTimers: boolean;
  /** A runnable goroutine never waits longer than this (virtual ns) while timers fire; Infinity: no limit. */
  readonly quantum: number;
  /** Record a full trace (the failing re-run); exploration leaves it off. */
  readonly trace: boolean;
}

/** A violation as the kernel records it; `explore` adds the schedule and replay line. */
export interface RawViolation {
  readonly kind: ViolationKind;
  /** What happened, without the `kind at step N (t=…):` prefix. */
  readonly detail: string;
  readonly step: number;
  readonly time: number;
  readonly stack?: string;
}

export interface NamedCheck {
  readonly name: string;
  readonly check: () => boolean | string;
}

export class Kernel implements ChoicePoint {
  /** Every goroutine ever spawned in this execution, by id. */
  readonly gs: G[] = [];
  /** Enabled goroutines (order: see setRunnable). Invariant: exactly those with `g.runnable`. */
  readonly runnable: G[] = [];
  /** Timers the strategy may fire at this point (cached per heap version). */
  readonly fireable: TimerObj[] = [];
  private fireableVersion = -1;
  readonly heap = new TimerHeap();
  now = 0;
  step = 0;
  lastGid = -1;
  /** The effect (or timer) of the last step, for messages. */
  lastOp: Effect | null = null;
  lastTimer: TimerObj | null = null;
  /** Non-daemon goroutines not finished. */
  live = 0;
  /** Pending timers that keep the run alive (not daemon). */
  nonDaemonTimers = 0;
  nextObjectId = 0;
  nextTimerId = 0;
  timerSeq = 0;
  /** Goroutines and timers created by setup (for their keys). */
  setupChildren = 0;
  setupTimers = 0;
  setupObjects = 0;
  /** The current step's footprint, when the strategy wants footprints. */
  readonly fp: Footprint | null;
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
  /** Race detection is active once a shared variable exists (see race.ts). */
  raceOn = false;
  readonly trace: TraceStep[] | null;
  /** Notes for the current step's trace entry. */
  notes: string[] | null = null;
  /** Objects changed in this step, to recheck at its end: `dirty[0..dirtyN)`. */
  private readonly dirty: Obj[] = [];
  private dirtyN = 0;
  readonly invariants: NamedCheck[] = [];
  readonly atEnds: NamedCheck[] = [];
  private names: Map<string, number> | null = null;
  readonly strategy: Strategy;
  readonly maxSteps: number;
  readonly idleTimers: boolean;
  readonly quantum: number;
  private readonly observe: boolean;

  constructor(opts: KernelOptions) {
    this.strategy = opts.strategy;
    this.maxSteps = opts.maxSteps;
    this.idleTimers = opts.idleTimers;
    this.quantum = opts.quantum;
    this.trace = opts.trace ? [] : null;
    this.observe = typeof opts.strategy.afterStep === 'function';
    this.fp = opts.strategy.wantsFootprints === true ? new Footprint() : null;
  }

  /**
   * Makes the kernel ready for another execution, reusing its arrays (exploration runs
   * millions of short executions; allocating a kernel for each was most of their cost).
   * Every field that an execution changes is reset here; a violation found on a reused
   * kernel is re-run on a fresh one, so a missed field shows as nondeterminism.
   */
  reset(): void {
    this.gs.length = 0;
    this.runnable.length = 0;
    this.fireable.length = 0;
    this.fireableVersion = -1;
    this.heap.clear();
    this.now = 0;
    this.step = 0;
    this.lastGid = -1;
    this.lastOp = null;
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
    this.invariants.length = 0;
    this.atEnds.length = 0;
    if (this.names !== null) this.names.clear();
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
      this.fireFootprint(fp, x);
    } else {
      if (x.done) return null;
      this.appliedFootprint(fp, x);
      if (x.phase === Phase.Parked) return null; // waits for another step to complete it
    }
    return fp.accesses.length === 0 && !fp.clockRead && !fp.clockWrite ? null : fp.snapshot();
  }

  /** Runs the execution to its end or its first violation. */
  run(): void {
    const strategy = this.strategy;
    const runnable = this.runnable;
    for (;;) {
      if (this.violation !== null) return;
      const nR = runnable.length;
      const nT = this.heap.size > 0 && this.timersMayFire(nR) ? this.collectFireable() : this.noFireable();
      if (nR + nT === 0) {
        endOfRun(this);
        return;
      }
      if (this.step >= this.maxSteps) {
        this.fail('step-limit', stepLimitDetail(this));
        return;
      }
      const i = strategy.pick(this);
      if (!(i >= 0 && i < nR + nT)) {
        if (i === PRUNE) {
          this.pruned = true;
          return;
        }
        this.badPick(i, nR + nT);
        return;
      }
      const last = this.lastGid;
      this.lastTimer = null;
      if (i < nR) {
        const g = runnable[i]!;
        if (last >= 0 && last !== g.id && this.gs[last]!.runnable) this.preemptions++;
        this.choices.push(g.id * 4);
        this.execute(g);
      } else {
        const t = this.fireable[i - nR]!;
        if (last >= 0 && this.gs[last]!.runnable) this.preemptions++;
        this.choices.push(t.timerId * 4 + 1);
        this.fire(t);
      }
      if (this.dirtyN > 0) this.flushDirty();
      if (this.observe) this.strategy.afterStep!(this, this.fp !== null ? this.fp.snapshot() : undefined);
      this.step++;
      if (this.invariants.length > 0 && this.violation === null) this.checkInvariants();
    }
  }

  /** A goroutine step: apply its pending effect, then run its code to the next effect. */
  private execute(g: G): void {
    if (this.trace === null && this.fp === null) {
      this.executeLean(g);
      return;
    }
    const op = g.pending;
    const entry = this.trace !== null ? this.beginEntry(g.name, g.id, g, null) : null;
    g.steps++;
    g.readyAt = this.now;
    this.lastOp = op;
    if (this.fp !== null) this.recordApplied(g);
    if (g.watch1 !== null) this.unwatchAll(g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = applyEffect(this, g, op);
      this.current = null;
      if (entry !== null) entry.result = v === PARK ? null : describeStep.result(op, v);
      if (this.violation !== null) {
        if (entry !== null) this.endEntry(entry);
        return;
      }
      if (v === PARK) {
        const en = isEnabled(g);
        if (en !== g.runnable) this.setRunnable(g, en);
        this.lastGid = g.id;
        if (entry !== null) this.endEntry(entry);
        return;
      }
    }
    this.resume(g, v);
    this.lastGid = g.id;
    if (entry !== null) this.endEntry(entry);
  }

  /** `execute` without a trace or footprints: the exploration hot path. */
  private executeLean(g: G): void {
    const op = g.pending;
    g.steps++;
    g.readyAt = this.now;
    this.lastOp = op;
    if (g.watch1 !== null) this.unwatchAll(g);
    let v: unknown;
    if (g.phase === Phase.Completed) {
      v = g.result;
      g.result = undefined;
    } else {
      this.current = g;
      v = applyEffect(this, g, op);
      if (v === PARK || this.violation !== null) {
        this.current = null;
        if (v === PARK && this.violation === null) {
          const en = isEnabled(g);
          if (en !== g.runnable) this.setRunnable(g, en);
        }
        this.lastGid = g.id;
        return;
      }
    }
    this.resume(g, v);
    this.lastGid = g.id;
  }

  /** Runs `g`'s code with `v` as the result of its pending effect, up to its next effect. */
  private resume(g: G, v: unknown): void {
    this.current = g;
    let r: IteratorResult<unknown, unknown>;
    try {
      r = g.gen.next(v);
    } catch (e) {
      this.current = null;
      this.exit(g);
      if (e !== STOP) this.fail('panic', `"${g.name}" threw ${errorText(e)}`, e);
      return;
    }
    this.current = null;
    if (r instanceof Effect) {
      this.setPending(g, r);
    } else if (r.done === true) {
      this.exit(g);
    } else if (r.value instanceof Effect) {
      this.setPending(g, r.value);
    } else {
      this.exit(g);
      this.fail('panic', `"${g.name}" yielded ${describeStep.value(r.value)}, not an effect: use yield* with an effect (yield* m.lock())`);
    }
  }

  private setPending(g: G, op: Effect): void {
    g.pending = op;
    g.phase = Phase.Fresh;
    g.pendingSince = this.step;
    const en = watchPending(this, g, op);
    if (en !== g.runnable) this.setRunnable(g, en);
    if (this.fp !== null && g.watch1 !== null) this.recordRegistration(g);
    if (!en && this.notes !== null) this.notes.push(`"${g.name}" waits: ${blockedOn(g)}`);
  }

  /** Footprint of applying `g`'s pending effect in its current phase. */
  private recordApplied(g: G): void {
    this.appliedFootprint(this.fp!, g);
  }

  private appliedFootprint(fp: Footprint, g: G): void {
    fp.reset(g.id, g.key);
    const op = g.pending;
    switch (g.phase) {
      case Phase.Completed:
        // a resumption: the effect already happened in the step that completed it
        if (op !== START) fp.completedAt = g.completedAt;
        return;
      case Phase.Relock:
        fp.add((op.obj as CondObj).locker, true, OpKind.Lock);
        return;
      case Phase.WaitReaders:
        fp.add(op.obj as RWMutexObj, true, OpKind.WLock);
        return;
      default:
        fp.addEffect(op);
        if (op.kind === OpKind.CondWait) fp.add((op.obj as CondObj).locker, true, OpKind.Unlock);
    }
  }

  private fireFootprint(fp: Footprint, t: TimerObj): void {
    fp.reset(-1, t.key);
    fp.add(t, true, -1);
    if (t.deadline > this.now) fp.clockWrite = true;
    if (t.chan !== null) fp.add(t.chan, true, -1);
  }

  /** Waiting on an unbuffered channel changes what others may do (a partner appears). */
  private recordRegistration(g: G): void {
    const fp = this.fp!;
    const visit = (o: Obj): void => {
      if (o instanceof ChanObj && o.rendezvous) fp.add(o, true, -1);
    };
    visit(g.watch1!);
    if (g.watchMore !== null) for (const o of g.watchMore) visit(o);
  }

  private exit(g: G): void {
    g.done = true;
    if (g.watch1 !== null) this.unwatchAll(g);
    if (g.runnable) this.setRunnable(g, false);
    if (!g.daemon) this.live--;
    if (this.notes !== null) this.notes.push(`"${g.name}" exited`);
  }

  /** A timer firing: the clock jumps to its deadline and it does its work. */
  private fire(t: TimerObj): void {
    const entry = this.trace !== null ? this.beginEntry(t.name, -1, null, t) : null;
    if (this.fp !== null) this.fireFootprint(this.fp, t);
    this.heapRemove(t);
    if (t.deadline > this.now) this.now = t.deadline;
    if (entry !== null) (entry as { time: number }).time = this.now;
    t.fired++;
    this.lastOp = null;
    this.lastTimer = t;
    this.lastGid = -1;
    fireTimer(this, t);
    if (entry !== null) this.endEntry(entry);
  }

  /** Spawns a goroutine; its first step runs its body up to the first effect. */
  spawnG(name: string, body: unknown, daemon: boolean, parentVC: number[] | null, timerKey?: string): G {
    if (typeof body !== 'function') throw new TypeError(`go("${name}", body): body must be a generator function, got ${typeof body}`);
    const gen = (body as () => unknown)() as Generator<unknown, unknown, unknown>;
    if (gen === null || typeof gen !== 'object' || typeof gen.next !== 'function') {
      throw new TypeError(`go("${name}", body): body must be a generator function (function* () { … })`);
    }
    const p = this.current;
    const key = timerKey ?? (p === null ? String(this.setupChildren++) : `${p.key}.${p.children++}`);
    const base = String(name);
    const g = new G(this.gs.length as G['id'], this.uniqueName(base), daemon, gen, this.step, key);
    g.baseName = base;
    this.gs.push(g);
    g.pendingSince = this.step;
    if (!daemon) this.live++;
    if (this.raceOn) {
      g.vc = vcFor(g.id, parentVC);
      if (p !== null && p.vc !== null && parentVC === p.vc) p.vc[p.id]!++;
    }
    this.setRunnable(g, true);
    if (this.notes !== null) this.notes.push(`spawned "${g.name}"`);
    return g;
  }

  private uniqueName(name: string): string {
    if (this.names === null) {
      // few goroutines: look for the name among them (no map to allocate)
      const gs = this.gs;
      if (gs.length < 16) {
        let taken = false;
        for (let i = 0; i < gs.length; i++) {
          if (gs[i]!.baseName === name) {
            taken = true;
            break;
          }
        }
        if (!taken) return name;
      }
      this.names = new Map();
      for (const g of gs) this.names.set(g.baseName, (this.names.get(g.baseName) ?? 0) + 1);
    }
    const n = this.names.get(name);
    if (n === undefined) {
      this.names.set(name, 1);
      return name;
    }
    this.names.set(name, n + 1);
    return `${name}#${n + 1}`;
  }

  /**
   * Adds or removes `g` from the runnable set in O(1): appended, or swapped with the last.
   * The order is a function of the execution's history, hence deterministic; strategies
   * that need a canonical order sort by id (replay works by id).
   */
  setRunnable(g: G, on: boolean): void {
    const r = this.runnable;
    if (on) {
      g.runnable = true;
      g.readyAt = this.now;
      g.runIdx = r.length;
      r.push(g);
    } else {
      g.runnable = false;
      const i = g.runIdx;
      const last = r.pop()!;
      if (last !== g) {
        r[i] = last;
        last.runIdx = i;
      }
      g.runIdx = -1;
    }
  }

  /** Registers `g` as waiting on `obj`: it is rechecked whenever `obj` changes. */
  watch(g: G, obj: Obj): void {
    obj.waiters.push(g);
    if (g.watch1 === null) g.watch1 = obj;
    else (g.watchMore ??= []).push(obj);
    if (obj.rendezvous) this.touch(obj);
  }

  /** Whether `g` already waits on `obj`. */
  watches(g: G, obj: Obj): boolean {
    return g.watch1 === obj || (g.watchMore !== null && g.watchMore.indexOf(obj) >= 0);
  }

  unwatchAll(g: G): void {
    if (g.watch1 !== null) {
      this.removeWaiter(g.watch1, g);
      g.watch1 = null;
    }
    const more = g.watchMore;
    if (more !== null) {
      for (let i = 0; i < more.length; i++) this.removeWaiter(more[i]!, g);
      g.watchMore = null;
    }
  }

  /** Removes `g` from `obj.waiters`, keeping the others in arrival order (FIFO partners). */
  private removeWaiter(obj: Obj, g: G): void {
    const list = obj.waiters;
    const n = list.length;
    let i = 0;
    while (i < n && list[i] !== g) i++;
    if (i === n) return;
    for (; i < n - 1; i++) list[i] = list[i + 1]!;
    list.pop();
    if (obj.rendezvous) this.touch(obj);
  }

  /** Queues `obj` for a recheck of its waiters at the end of the step. */
  touch(obj: Obj): void {
    if (!obj.dirty) {
      obj.dirty = true;
      this.dirty[this.dirtyN++] = obj;
    }
  }

  private flushDirty(): void {
    const d = this.dirty;
    const n = this.dirtyN;
    for (let i = 0; i < n; i++) {
      const obj = d[i]!;
      obj.dirty = false;
      const ws = obj.waiters;
      if (obj instanceof MutexObj) {
        // Fast path: a plain lock on a mutex is enabled exactly when the mutex is free.
        const free = obj.owner === null;
        for (let j = 0; j < ws.length; j++) {
          const w = ws[j]!;
          const en = w.phase === Phase.Fresh ? free : isEnabled(w);
          if (en !== w.runnable) this.setRunnable(w, en);
        }
        continue;
      }
      for (let j = 0; j < ws.length; j++) {
        const w = ws[j]!;
        const en = isEnabled(w);
        if (en !== w.runnable) this.setRunnable(w, en);
      }
    }
    this.dirtyN = 0;
  }

  /** Marks `g`'s pending effect as completed by another step, with result `v`. */
  complete(g: G, v: unknown): void {
    g.phase = Phase.Completed;
    g.result = v;
    g.completedAt = this.step;
    if (g.watch1 !== null) this.unwatchAll(g);
    if (!g.runnable) this.setRunnable(g, true);
  }

  /** Records the first violation of the execution. */
  fail(kind: ViolationKind, detail: string, error?: unknown, step = this.step): void {
    if (this.violation !== null) return;
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
    this.violation = stack === undefined ? { kind, detail, step, time: this.now } : { kind, detail, step, time: this.now, stack };
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

  private badPick(i: number, n: number): void {
    const why = this.strategy.divergence;
    if (why !== undefined) this.fail('nondeterminism', `${why}. ${DIVERGED}`);
    else throw new Error(`internal error: strategy "${this.strategy.name}" returned ${i} for ${n} choices`);
  }

  /**
   * Whether the earliest timers may fire now. With goroutines runnable: unless timers
   * wait for idle points, and within the quantum of the longest-waiting goroutine. At an
   * idle point: if some pending timer can make progress (spawn a goroutine, wake a
   * sleeper, send to a channel someone waits on) and something keeps the run alive.
   */
  private timersMayFire(nR: number): boolean {
    if (nR > 0) {
      if (this.idleTimers) return false;
      if (this.quantum === Infinity) return true;
      let oldest = Infinity;
      for (let i = 0; i < nR; i++) {
        const r = this.runnable[i]!.readyAt;
        if (r < oldest) oldest = r;
      }
      return this.heap.peek()!.deadline <= oldest + this.quantum;
    }
    if (this.live === 0 && this.nonDaemonTimers === 0) return false;
    const all = this.heap.all();
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!;
      if (t.chan === null || t.chan.waiters.length > 0) return true;
    }
    return false; // only tickers and timer channels nobody waits on: firing changes nothing
  }

  /** Shows no timer to the strategy at this point. */
  private noFireable(): number {
    if (this.fireable.length > 0) {
      this.fireable.length = 0;
      this.fireableVersion = -1;
    }
    return 0;
  }

  private collectFireable(): number {
    if (this.fireableVersion !== this.heap.version) {
      this.heap.earliest(this.fireable);
      this.fireableVersion = this.heap.version;
    }
    return this.fireable.length;
  }

  heapPush(t: TimerObj): void {
    this.heap.push(t);
    if (!t.daemon) this.nonDaemonTimers++;
  }

  heapRemove(t: TimerObj): void {
    if (t.heapIndex < 0) return;
    this.heap.remove(t);
    if (!t.daemon) this.nonDaemonTimers--;
  }

  private checkInvariants(): void {
    const step = this.step - 1;
    for (const inv of this.invariants) {
      let r: boolean | string;
      try {
        r = inv.check();
      } catch (e) {
        if (e === STOP) return;
        r = `the check threw ${errorText(e)}`;
      }
      if (r !== true) {
        const why = r === false ? '' : `: ${String(r)}`;
        this.fail('invariant', `"${inv.name}" violated${why} (after ${describeStep.last(this)})`, undefined, step);
        return;
      }
    }
  }

  private beginEntry(name: string, gid: number, g: G | null, t: TimerObj | null): { -readonly [K in keyof TraceStep]: TraceStep[K] } {
    this.notes = [];
    const d = g !== null ? describeStep.pending(g) : { effect: 'fire', object: `timer "${t!.name}"` };
    return { step: this.step, time: this.now, goroutine: name, gid, effect: d.effect, object: d.object, result: null, note: null };
  }

  private endEntry(entry: TraceStep): void {
    const notes = this.notes!;
    (entry as { note: string | null }).note = notes.length > 0 ? notes.join('; ') : null;
    this.notes = null;
    this.trace!.push(entry);
  }

  /** The object with id `id` — for tests and diagnostics. */
  objectCount(): ObjectId {
    return this.nextObjectId as ObjectId;
  }
}
