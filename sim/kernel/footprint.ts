/**
 * What one step touched: the objects it read or wrote, and whether it read or advanced
 * the clock. Recorded only when the strategy asks for it (exhaustive search needs it to
 * decide which steps commute); exploration leaves it off and pays nothing.
 */
import { Effect, OpKind, type ObjectKind } from '../effect';
import type { Access, StepInfo } from '../strategy/strategy';
import { isRead } from '../strategy/dependency';
import { G, Phase, START } from './goroutine';
import { ChanObj, CondObj, Obj, RWMutexObj, TimerObj } from './objects';

export class Footprint implements StepInfo {
  gid = -1;
  key = '';
  accesses: Access[] = [];
  clockRead = false;
  clockWrite = false;
  completedAt = -1;

  reset(gid: number, key: string): void {
    this.gid = gid;
    this.key = key;
    this.accesses = [];
    this.clockRead = false;
    this.clockWrite = false;
    this.completedAt = -1;
  }

  add(obj: Obj, write: boolean, op: OpKind | -1): void {
    const as = this.accesses;
    for (let i = 0; i < as.length; i++) {
      const a = as[i]!;
      if (a.key === obj.key) {
        if (write && !a.write) as[i] = { id: obj.id, key: obj.key, kind: obj.kind, write, op };
        return;
      }
    }
    as.push({ id: obj.id, key: obj.key, kind: obj.kind, write, op });
  }

  /** Like `add`, for a location that is not an object of its own (a `sim.struct` field). */
  addKey(id: number, key: string, kind: ObjectKind, write: boolean): void {
    const as = this.accesses;
    for (let i = 0; i < as.length; i++) {
      const a = as[i]!;
      if (a.key === key) {
        if (write && !a.write) as[i] = { id, key, kind, write, op: -1 };
        return;
      }
    }
    as.push({ id, key, kind, write, op: -1 });
  }

  /** The accesses of applying `op` (a select touches every case's channel). */
  addEffect(op: Effect): void {
    if (op.kind === OpKind.Select) {
      for (const c of op.a as readonly Effect[]) this.add(c.obj as Obj, true, c.kind);
      return;
    }
    if (op.kind === OpKind.Sleep || op.kind === OpKind.TimerReset) this.clockRead = true;
    if (op.obj !== null) this.add(op.obj as Obj, !isRead(op), op.kind);
  }

  /** A frozen copy for the strategy to keep. */
  snapshot(): StepInfo {
    return { gid: this.gid, key: this.key, accesses: this.accesses, clockRead: this.clockRead, clockWrite: this.clockWrite, completedAt: this.completedAt };
  }
}

/** The footprint of applying `g`'s pending effect in its current phase. */
export function pendingFootprint(fp: Footprint, g: G): void {
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

/** The footprint of timer `t` firing at virtual time `now`. */
export function fireFootprint(fp: Footprint, t: TimerObj, now: number): void {
  fp.reset(-1, t.key);
  fp.add(t, true, -1);
  if (t.deadline > now) fp.clockWrite = true;
  if (t.chan !== null) fp.add(t.chan, true, -1);
}

/** Waiting on an unbuffered channel changes what others may do (a partner appears). */
export function registrationFootprint(fp: Footprint, g: G): void {
  const visit = (o: Obj): void => {
    if (o instanceof ChanObj && o.rendezvous) fp.add(o, true, -1);
  };
  if (g.watch1 !== null) visit(g.watch1);
  if (g.watchMore !== null) for (const o of g.watchMore) visit(o);
}
