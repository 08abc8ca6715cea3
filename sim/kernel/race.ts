/**
 * Happens-before bookkeeping and data-race checks on `shared` variables (FastTrack-style
 * epochs for writes, one epoch per goroutine for reads since the last write).
 *
 * Detection is lazy: it turns on when the first shared variable is created, since an
 * execution without one has nothing to check. That is sound: any happens-before path
 * between two accesses to a variable runs forward in time from its creation, so edges
 * before it never matter.
 */
import type { G } from './goroutine';
import type { Kernel } from './kernel';
import type { Access, SharedObj } from './objects';
import { vcFor, vcGet, vcJoin, type VC } from './vclock';

/** Turns race detection on: every goroutine gets a fresh clock. */
export function activateRace(k: Kernel): void {
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

export function raceRead(k: Kernel, g: G, s: SharedObj, op: string): void {
  const vc = g.vc!;
  const w = s.lastWrite;
  if (w !== null && w.gid !== g.id && w.clock > vcGet(vc, w.gid)) {
    report(k, g, s, op, w);
    return;
  }
  const own = vc[g.id]!;
  const reads = s.reads;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    if (r.gid === g.id) {
      r.clock = own;
      r.step = k.step;
      r.op = op;
      return;
    }
  }
  reads.push({ gid: g.id, clock: own, step: k.step, op });
}

export function raceWrite(k: Kernel, g: G, s: SharedObj, op: string): void {
  const vc = g.vc!;
  const w = s.lastWrite;
  if (w !== null && w.gid !== g.id && w.clock > vcGet(vc, w.gid)) {
    report(k, g, s, op, w);
    return;
  }
  const reads = s.reads;
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i]!;
    if (r.gid !== g.id && r.clock > vcGet(vc, r.gid)) {
      report(k, g, s, op, r);
      return;
    }
  }
  reads.length = 0;
  if (w === null) s.lastWrite = { gid: g.id, clock: vc[g.id]!, step: k.step, op };
  else {
    w.gid = g.id;
    w.clock = vc[g.id]!;
    w.step = k.step;
    w.op = op;
  }
}

function report(k: Kernel, g: G, s: SharedObj, op: string, other: Access): void {
  const o = k.gs[other.gid]!;
  k.fail(
    'data-race',
    `"${g.name}" ${op} of shared "${s.name}" races with "${o.name}" ${other.op} at step ${other.step}: ` +
      `no happens-before between them (no lock, channel, atomic, WaitGroup or Once orders them). ` +
      `Likely cause: "${s.name}" is accessed without synchronization; protect it with a mutex or use an atomic`,
  );
}
