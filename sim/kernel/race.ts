/**
 * Happens-before bookkeeping and data-race checks on race-checked memory — `shared`
 * variables and `sim.struct` fields — with FastTrack-style epochs: the last write, and one
 * epoch per goroutine for the reads since it.
 *
 * Detection is lazy: it turns on when the first race-checked location is created, since
 * an execution without one has nothing to check. That is sound: any happens-before path
 * between two accesses to a location runs forward in time from its creation, so edges
 * before it never matter.
 */
import type { G } from './goroutine';
import type { Kernel } from './kernel';
import type { Access, Obj } from './objects';
import { vcFor, vcGet, vcJoin, type VC } from './vclock';

/** One race-checked memory location: a `shared` variable, or one field of a `sim.struct`. */
export interface RaceCell {
  /** The last write, or null. */
  lastWrite: Access | null;
  /** The reads since the last write, at most one per goroutine (its latest). */
  readonly reads: Access[];
}

/** Turns race detection on: every goroutine gets a fresh clock. */
export function activateRace(k: Kernel): void {
  if (k.raceOn) return;
  k.raceOn = true;
  for (const g of k.gs) g.vc = vcFor(g.id, null);
}

/** `g` acquires what `vc` released. */
export function acquire(g: G, vc: VC | null): void {
  if (vc !== null && g.vc !== null) vcJoin(g.vc, vc);
}

/** `g` releases into `into` (joined, or a copy when null); returns the object's new clock. */
export function release(g: G, into: VC | null): VC | null {
  const gv = g.vc;
  if (gv === null) return into;
  let out = into;
  if (out === null) out = gv.slice();
  else vcJoin(out, gv);
  gv[g.id]!++;
  return out;
}

/** Both goroutines acquire each other's history (an unbuffered channel rendezvous). */
export function syncPair(a: G, b: G): void {
  if (a.vc === null || b.vc === null) return;
  vcJoin(a.vc, b.vc);
  vcJoin(b.vc, a.vc);
  a.vc[a.id]!++;
  b.vc[b.id]!++;
}

/**
 * `g` reads `cell`, which is `owner` itself or its field `field` (for the report:
 * `shared "n"`, `struct "tk".clocks`); `op` names the access (`load`, `read`). False when
 * it races (the violation is recorded).
 */
export function raceRead(k: Kernel, g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean {
  const vc = g.vc!;
  const w = cell.lastWrite;
  if (w !== null && w.gid !== g.id && w.clock > vcGet(vc, w.gid)) {
    report(k, g, owner, field, op, w);
    return false;
  }
  const own = vc[g.id]!;
  const reads = cell.reads;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    if (r.gid === g.id) {
      r.clock = own;
      r.step = k.step;
      r.op = op;
      return true;
    }
  }
  reads.push({ gid: g.id, clock: own, step: k.step, op });
  return true;
}

/** `g` writes `cell` (see `raceRead`). False when it races. */
export function raceWrite(k: Kernel, g: G, cell: RaceCell, owner: Obj, field: string | null, op: string): boolean {
  const vc = g.vc!;
  const w = cell.lastWrite;
  if (w !== null && w.gid !== g.id && w.clock > vcGet(vc, w.gid)) {
    report(k, g, owner, field, op, w);
    return false;
  }
  const reads = cell.reads;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    if (r.gid !== g.id && r.clock > vcGet(vc, r.gid)) {
      report(k, g, owner, field, op, r);
      return false;
    }
  }
  reads.length = 0;
  if (w === null) cell.lastWrite = { gid: g.id, clock: vc[g.id]!, step: k.step, op };
  else {
    w.gid = g.id;
    w.clock = vc[g.id]!;
    w.step = k.step;
    w.op = op;
  }
  return true;
}

/** How a report names a location: `shared "n"`, `struct "tk".clocks`. */
export function locationName(owner: Obj, field: string | null): string {
  return field === null ? `${owner.kind} "${owner.name}"` : `${owner.kind} "${owner.name}".${field}`;
}

function report(k: Kernel, g: G, owner: Obj, field: string | null, op: string, other: Access): void {
  const o = k.gs[other.gid]!;
  const what = locationName(owner, field);
  k.fail(
    'data-race',
    `"${g.name}" ${op} of ${what} races with "${o.name}" ${other.op} at step ${other.step}: ` +
      `no happens-before between them (no lock, channel, atomic, WaitGroup or Once orders them). ` +
      `Likely cause: ${what} is accessed without synchronization; protect it with a mutex or use an atomic`,
  );
}
