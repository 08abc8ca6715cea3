/**
 * Visible steps: what keeps the exhaustive search with DPOR sound for invariants.
 *
 * DPOR explores one execution of each class of executions that differ only in the order
 * of independent steps. Such executions end in the same state, but pass through
 * different states on the way — and an invariant is checked at every state. Two steps
 * that write different objects commute, yet if the invariant reads both, the state
 * between them (one written, not the other) is a different state in each order, and only
 * one of them would be checked: `x = 1 ‖ y = 1` with the invariant `!(y == 1 && x == 0)`.
 *
 * The remedy is the visibility condition of partial-order reduction for state properties
 * (Peled, "All from one, one for all: on model checking using representatives", CAV
 * 1993; Godefroid's thesis, LNCS 1032, 1996, where such transitions are "visible"): the
 * steps that write what an invariant reads are mutually dependent. Then every execution
 * of a class writes those objects in one order, passes through the same sequence of
 * values of them, and the invariant — a deterministic function of what it reads — gives
 * the same verdicts along it. Each invariant is its own property: a step visible to
 * invariant i gets a write of virtual object i, so steps visible only to different
 * invariants still commute.
 *
 * What the invariants read is learnt while the search runs (the kernel reports each
 * object an invariant reads: `Strategy.observe`). The set only grows. When it grows by
 * an object that a step already analysed had written, that step was taken for invisible
 * and the search so far may have missed classes: it is `stale`, and the search starts
 * again with what it now knows (dfs.ts). The set is kept in checkpoints and handed to the
 * parts of a split search.
 *
 * The invariants can read only what the kernel sees: `.value`, `sim.struct` fields,
 * `len`, `locked`, the clock. A plain JavaScript variable that goroutines change and an
 * invariant reads is invisible to the search, as it is to the race detector (README,
 * "Three mistakes that hide bugs").
 */
import { OpKind } from '../effect';
import { CLOCK_KEY, freedKey, type Access, type StepInfo } from './strategy';

/** Ids of the virtual objects are at most this (real objects' ids are 0 and up, the clock's -1). */
export const VISIBLE_ID = -2;

/** The virtual object that steps visible to invariant `i` write. */
export function visibleTo(i: number): Access {
  let a = VISIBLE[i];
  if (a === undefined) {
    a = { id: VISIBLE_ID - i, key: `\u0000visible${i}`, kind: 'atomic', write: true, op: -1 };
    VISIBLE[i] = a;
  }
  return a;
}
const VISIBLE: Access[] = [];

/**
 * The one virtual object of a `merged` classification (a split search's: split.ts), which
 * every step that writes what any invariant reads writes.
 */
const VISIBLE_ANY: Access = { id: VISIBLE_ID - 1_000_000, key: '\u0000visible*', kind: 'atomic', write: true, op: -1 };

/** Whether `a` is one of the invariants' virtual objects (not a kernel pseudo-object in the same id range). */
export function isVirtualAccess(a: Access): boolean {
  return a.id <= VISIBLE_ID && (a === VISIBLE_ANY || a === VISIBLE[VISIBLE_ID - a.id]);
}

export class Visibility {
  /** For each key an invariant read, which invariants read it. */
  private readonly readers = new Map<string, number[]>();
  /** Keys written by the steps classified so far. */
  private readonly written = new Set<string>();
  /** An object was observed after a step that writes it was classified. */
  stale = false;
  /** Objects first seen read (by any invariant) after construction. */
  readonly fresh = new Set<string>();
  private constructing = true;

  /**
   * `observed`: as `observed` lists them (a snapshot's, or a split pre-pass's); `written`:
   * a snapshot's `written` (what the search so far classified), so that a resumed search
   * goes stale exactly where the uninterrupted one does. `merged`: the invariants are
   * taken as one — a step that writes what any of them reads writes one virtual object —
   * so that what matters is which objects are read, not by which invariant (split.ts).
   */
  constructor(
    observed: readonly string[] = [],
    written: readonly string[] = [],
    readonly merged = false,
  ) {
    for (const o of observed) {
      const at = o.indexOf(':');
      const i = Number(o.slice(0, at));
      if (at > 0 && Number.isSafeInteger(i) && i >= 0) this.observe(o.slice(at + 1), i);
    }
    for (const k of written) this.written.add(k);
    this.constructing = false;
  }

  /** What the invariants read, as `check:key` (for snapshots). */
  get observed(): string[] {
    const out: string[] = [];
    for (const [k, is] of this.readers) for (const i of is) out.push(`${i}:${k}`);
    return out;
  }

  /** Some invariant has read something. */
  get any(): boolean {
    return this.readers.size > 0;
  }

  /** Keys written by the steps classified so far (for snapshots). */
  get writtenKeys(): string[] {
    return [...this.written];
  }

  /** Invariant number `check` read `key`. */
  observe(key: string, check: number): void {
    let is = this.readers.get(key);
    if (is === undefined) {
      is = [];
      this.readers.set(key, is);
    }
    if (is.indexOf(check) >= 0) return;
    is.push(check);
    if (this.merged && is.length > 1) return; // merged: the object was already visible
    if (!this.constructing) this.fresh.add(key);
    if (this.written.has(key)) this.stale = true;
  }

  /** `fp` as the search must see it: with a write of `visibleTo(i)` for each invariant i that reads what it writes (`merged`: of one object). */
  classify(fp: StepInfo): StepInfo {
    let extra: Access[] | null = null;
    const add = (key: string): void => {
      this.written.add(key);
      const is = this.readers.get(key);
      if (is === undefined) return;
      if (this.merged) {
        extra = [VISIBLE_ANY];
        return;
      }
      for (const i of is) {
        const v = visibleTo(i);
        if (extra === null) extra = [v];
        else if (extra.indexOf(v) < 0) extra.push(v);
      }
    };
    for (const a of fp.accesses) {
      if (!a.write) continue;
      add(a.key);
      if (a.op === OpKind.Free) add(freedKey(a.key));
    }
    if (fp.clockWrite) add(CLOCK_KEY);
    return extra === null ? fp : { ...fp, accesses: [...fp.accesses, ...(extra as Access[])] };
  }

  /** Starts again (the search restarts): what was observed is kept. */
  restart(): void {
    this.written.clear();
    this.stale = false;
  }
}
