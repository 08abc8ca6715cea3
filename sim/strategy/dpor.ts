/**
 * Happens-before and race reversal for exhaustive search with dynamic partial-order
 * reduction: source-DPOR (Abdulla, Aronis, Jonsson and Sagonas, "Optimal dynamic partial
 * order reduction", POPL 2014), over the steps of one execution.
 *
 * Processes are goroutines and timers, named by their interleaving-independent keys.
 * Events are executed steps with their footprints (what they read and wrote, including
 * the virtual clock). Happens-before is program order, spawn, timer arming and the
 * completion of a waiting goroutine by another's step, plus every pair of conflicting
 * events in execution order (vector clocks per process).
 *
 * For an event e′ of process p, a *race* is an earlier conflicting event e of another
 * process that happens before e′ only through their conflict (no chain through other
 * events). To reverse it, the search must try, at the state before e, one of the
 * *initials* of v = notdep(e).e′ — the events after e that do not depend on e, then e′
 * — i.e. a process whose first event in v depends on nothing before it in v. If no
 * initial can run there (an event disabled at that state), every process that could run
 * is tried instead (Flanagan and Godefroid's fallback).
 *
 * Races are checked with the *executed* footprint of each step, so what a step's code
 * did after its effect (reading the clock, arming a timer) counts; the pending effects
 * of goroutines left waiting and the firings of pending timers are checked too, since
 * they may never run in this execution.
 */
import { OpKind } from '../effect';
import { footprintsConflict, neverCoEnabled, objectsConflict } from './dependency';
import { CLOCK_KEY, type Access, type StepInfo } from './strategy';
import { VISIBLE_ID } from './visibility';

/** What the search tree knows about the state before each step. */
export interface StepContext {
  /** Keys of the processes that could run at the state before step `i`. */
  options(i: number): readonly string[] | undefined;
}

/**
 * A request to try, at the state before `step`, one of `initials` (in order of
 * preference), or every option when `initials` is null.
 */
export type Backtrack = (step: number, initials: readonly string[] | null) => void;

interface Event {
  readonly proc: number;
  /** 1-based index of the event within its process. */
  readonly local: number;
  /** Its vector clock (including itself). */
  readonly vc: number[];
  readonly fp: StepInfo;
}

interface Access1 {
  readonly step: number;
  readonly proc: number;
  readonly write: boolean;
  readonly op: OpKind | -1;
}

interface ObjectHistory {
  readonly events: Access1[];
  /** The writes among `events` (all a read can race with). */
  readonly writes: Access1[];
  lastWrite: number[] | null;
  reads: number[] | null;
}

const CLOCK = CLOCK_KEY;
const CLOCK_READ: Access = { id: -1, key: CLOCK, kind: 'timer', write: false, op: -1 };
const CLOCK_WRITE: Access = { ...CLOCK_READ, write: true };

export class HappensBefore {
  private readonly procIndex = new Map<string, number>();
  private readonly procKeys: string[] = [];
  private vcs: (number[] | undefined)[] = [];
  private counts: number[] = [];
  /** Vector clock a process starts from (its spawner's or armer's, at that moment). */
  private initial = new Map<string, number[]>();
  private objects = new Map<string, ObjectHistory>();
  /** The executed events, by step. */
  private events: Event[] = [];
  /** Order-independent hash of the execution's partial order (its Mazurkiewicz class). */
  private classHash = 0;

  /** Forget the previous execution (process numbering is kept: keys are stable). */
  reset(): void {
    this.vcs = [];
    this.counts = [];
    this.initial = new Map();
    this.objects = new Map();
    this.events = [];
    this.classHash = 0;
  }

  /** The hash of this execution's Mazurkiewicz trace (equal for equivalent executions). */
  get traceClass(): number {
    return this.classHash >>> 0;
  }

  private proc(key: string): number {
    let i = this.procIndex.get(key);
    if (i === undefined) {
      i = this.procKeys.length;
      this.procIndex.set(key, i);
      this.procKeys.push(key);
    }
    return i;
  }

  private vcOf(p: number): number[] {
    let vc = this.vcs[p];
    if (vc === undefined) {
      const init = this.initial.get(this.procKeys[p]!);
      vc = init !== undefined ? init.slice() : [];
      this.vcs[p] = vc;
    }
    return vc;
  }

  /**
   * Finds the races of event `e` — executed at `step`, or pending after the last step when
   * `step` is past it — and asks `backtrack` to reverse each.
   */
  races(e: StepInfo, step: number, ctx: StepContext, backtrack: Backtrack): void {
    const p = this.proc(e.key);
    const pre = this.vcOf(p).slice();
    if (e.completedAt >= 0) joinInto(pre, this.events[e.completedAt]?.vc ?? null);
    const candidates: number[] = [];
    for (const a of e.accesses) this.candidates(this.objects.get(a.key), a, p, pre, step, candidates, a.id <= VISIBLE_ID ? e : null);
    if (e.clockRead || e.clockWrite) this.candidates(this.objects.get(CLOCK), e.clockWrite ? CLOCK_WRITE : CLOCK_READ, p, pre, step, candidates);
    if (candidates.length === 0) return;
    candidates.sort((x, y) => y - x);
    const direct: number[] = [];
    for (const i of candidates) {
      if (direct.length > 0 && direct[direct.length - 1] === i) continue;
      // e_i races with e directly unless it happens before a later candidate
      if (direct.some((j) => this.hb(i, j))) continue;
      direct.push(i);
    }
    for (const i of direct) this.reverse(i, e, p, pre, step, ctx, backtrack);
  }

  /** Conflicting events of other processes that do not happen before p's state. */
  private candidates(h: ObjectHistory | undefined, a: Access, p: number, pre: number[], step: number, out: number[], visible: StepInfo | null = null): void {
    if (h === undefined) return;
    const evs = a.write ? h.events : h.writes;
    for (let j = evs.length - 1; j >= 0; j--) {
      const x = evs[j]!;
      if (x.step >= step) continue;
      const before = x.proc === p || (pre[x.proc] ?? 0) >= this.events[x.step]!.local;
      if (before) {
        if (x.write) return; // everything earlier that conflicts happens before this write
        continue;
      }
      if (!a.write && !x.write) continue;
      // co-enabledness: a blocking acquire never races with the release that enabled it
      if (neverCoEnabled(a, x)) continue;
      // a visible pair that also conflicts on a real object is that object's race (or not a
      // race at all: a Lock never runs beside the Unlock that enabled it)
      if (visible !== null && objectsConflict(this.events[x.step]!.fp, visible)) continue;
      out.push(x.step);
    }
  }

  /** Event at step `a` happens before the event at step `b`. */
  private hb(a: number, b: number): boolean {
    const ea = this.events[a]!;
    const eb = this.events[b]!;
    return (eb.vc[ea.proc] ?? 0) >= ea.local;
  }

  /** Asks to reverse the race between the event at step `i` and `e` (of process `p`). */
  private reverse(i: number, e: StepInfo, p: number, pre: number[], step: number, ctx: StepContext, backtrack: Backtrack): void {
    const opts = ctx.options(i);
    if (opts === undefined) return;
    const ei = this.events[i]!;
    // v = notdep(e_i, E) . e
    const v: number[] = [];
    const last = Math.min(step, this.events.length);
    for (let k = i + 1; k < last; k++) {
      const ek = this.events[k];
      if (ek !== undefined && (ek.vc[ei.proc] ?? 0) < ei.local) v.push(k);
    }
    const initials: string[] = [];
    const seen = new Set<number>();
    for (let a = 0; a < v.length; a++) {
      const k = v[a]!;
      const pk = this.events[k]!.proc;
      if (seen.has(pk)) continue;
      seen.add(pk);
      let free = true;
      for (let b = 0; b < a && free; b++) if (this.hb(v[b]!, k)) free = false;
      if (free) initials.push(this.procKeys[pk]!);
    }
    if (!seen.has(p)) {
      let free = true;
      for (const k of v) {
        const ek = this.events[k]!;
        if ((pre[ek.proc] ?? 0) >= ek.local || footprintsConflict(ek.fp, e)) {
          free = false;
          break;
        }
      }
      if (free) initials.push(e.key);
    }
    const runnable = initials.filter((k) => opts.indexOf(k) >= 0);
    backtrack(i, runnable.length > 0 ? runnable : null);
  }

  /** Adds event `e` (executed at `step`) to the partial order. `spawned` lists the goroutines it created. */
  record(e: StepInfo, step: number, spawned: readonly string[]): void {
    const p = this.proc(e.key);
    const vc = this.vcOf(p);
    for (const a of e.accesses) this.join(vc, this.objects.get(a.key), a.write);
    if (e.clockRead || e.clockWrite) this.join(vc, this.objects.get(CLOCK), e.clockWrite);
    if (e.completedAt >= 0) joinInto(vc, this.events[e.completedAt]?.vc ?? null);
    const local = (this.counts[p] ?? 0) + 1;
    this.counts[p] = local;
    while (vc.length <= p) vc.push(0);
    vc[p] = local;
    this.events[step] = { proc: p, local, vc: vc.slice(), fp: e };
    for (const a of e.accesses) {
      this.update(a.key, a.write, a.op, p, vc, step);
      if (a.kind === 'timer' && e.gid >= 0 && (a.op === -1 || a.op === OpKind.TimerReset)) {
        // armed (or re-armed) by this event: the timer's fire happens after it
        this.initial.set(a.key, vc.slice());
      }
    }
    if (e.clockRead || e.clockWrite) this.update(CLOCK, e.clockWrite, -1, p, vc, step);
    for (const k of spawned) this.initial.set(k, vc.slice());
    this.classHash = (this.classHash + eventHash(e.key, local, vc, this.procKeys)) | 0;
  }

  private join(vc: number[], h: ObjectHistory | undefined, write: boolean): void {
    if (h === undefined) return;
    joinInto(vc, h.lastWrite);
    if (write) joinInto(vc, h.reads);
  }

  private update(key: string, write: boolean, op: OpKind | -1, p: number, vc: number[], step: number): void {
    let h = this.objects.get(key);
    if (h === undefined) {
      h = { events: [], writes: [], lastWrite: null, reads: null };
      this.objects.set(key, h);
    }
    const ev: Access1 = { step, proc: p, write, op };
    h.events.push(ev);
    if (write) {
      h.writes.push(ev);
      h.lastWrite = vc.slice();
      h.reads = null;
    } else {
      if (h.reads === null) h.reads = [];
      joinInto(h.reads, vc);
    }
  }
}

function joinInto(into: number[], from: number[] | null): void {
  if (from === null) return;
  while (into.length < from.length) into.push(0);
  for (let i = 0; i < from.length; i++) if (from[i]! > into[i]!) into[i] = from[i]!;
}


/** A hash of one event with its causal past, keyed by process names (FNV-1a). */
function eventHash(key: string, local: number, vc: readonly number[], procKeys: readonly string[]): number {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  mix(key);
  mix(`#${local}|`);
  const parts: string[] = [];
  for (let i = 0; i < vc.length; i++) if (vc[i]! > 0) parts.push(`${procKeys[i]}=${vc[i]}`);
  parts.sort();
  mix(parts.join(','));
  return h;
}

export type { Access };
