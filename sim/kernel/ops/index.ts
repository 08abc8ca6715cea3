/**
 * The operations' router: for a goroutine's pending operation (in its phase), the one op
 * module that owns it answers whether it is enabled, what it waits on, what it does, what
 * it touches and how it reads. A new primitive adds a module and its lines here.
 */
import { OpKind } from '../../effect';
import { assertNever } from '../../assert-never';
import type { Footprint } from '../footprint';
import { Phase, START, type G } from '../goroutine';
import type { Op, OpWith } from '../op';
import type { Rt } from '../rt';
import * as chan from './chan';
import * as cond from './cond';
import * as memory from './memory';
import * as mutex from './mutex';
import * as once from './once';
import * as rwmutex from './rwmutex';
import * as sched from './sched';
import * as select from './select';
import * as struct from './struct';
import * as timer from './timer';
import * as waitgroup from './waitgroup';
import type { RWMutexObj } from './rwmutex';

/** The rwmutex a goroutine in the `WaitReaders` phase waits on (its own Lock's, or its cond's locker). */
function writerLock(op: Op): RWMutexObj {
  return (op.kind === OpKind.CondWait ? op.obj.locker : op.obj) as RWMutexObj;
}

/** Whether `g` can take a step now. */
export function isEnabled(g: G): boolean {
  const op = g.pending;
  switch (g.phase) {
    case Phase.Completed:
      return true;
    case Phase.Parked:
      return false;
    case Phase.Relock:
      return cond.canRelock((op as OpWith<OpKind.CondWait>).obj);
    case Phase.WaitReaders:
      return rwmutex.readersLeft(writerLock(op));
    case Phase.Fresh:
      return freshEnabled(g, op);
  }
}

function freshEnabled(g: G, op: Op): boolean {
  switch (op.kind) {
    case OpKind.Lock:
      return op.obj.owner === null;
    case OpKind.WLock:
      return rwmutex.enabled(op);
    case OpKind.WgWait:
      return waitgroup.enabled(op);
    case OpKind.OnceEnter:
      return once.enabled(op);
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
      return chan.enabled(g, op);
    case OpKind.Select:
      return select.enabled(g, op);
    default:
      return true;
  }
}

/** Registers `g`'s fresh pending operation with the objects it waits on; true if it can run now. */
export function watchPending(rt: Rt, g: G): boolean {
  const op = g.pending;
  switch (op.kind) {
    case OpKind.Lock:
      rt.watch(g, op.obj);
      return op.obj.owner === null;
    case OpKind.WLock:
      rwmutex.watch(rt, g, op);
      break;
    case OpKind.WgWait:
      waitgroup.watch(rt, g, op);
      break;
    case OpKind.OnceEnter:
      once.watch(rt, g, op);
      break;
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
      chan.watch(rt, g, op);
      break;
    case OpKind.Select:
      select.watch(rt, g, op);
      break;
    default:
      return true;
  }
  return freshEnabled(g, op);
}

/** Applies `g`'s pending operation (which is enabled, not `Completed`): its result, or PARK. */
export function apply(rt: Rt, g: G): unknown {
  const op = g.pending;
  if (g.phase !== Phase.Fresh) return applyPhase(rt, g, op);
  switch (op.kind) {
    case OpKind.Lock:
      return mutex.lock(rt, g, op.obj);
    case OpKind.Unlock:
      return mutex.unlockOp(rt, g, op);
    case OpKind.TryLock:
      return mutex.tryLock(rt, g, op.obj);
    case OpKind.RLock:
    case OpKind.RUnlock:
    case OpKind.WLock:
    case OpKind.WUnlock:
    case OpKind.TryWLock:
    case OpKind.TryRLock:
      return rwmutex.apply(rt, g, op);
    case OpKind.CondWait:
    case OpKind.CondSignal:
    case OpKind.CondBroadcast:
      return cond.apply(rt, g, op);
    case OpKind.WgAdd:
    case OpKind.WgWait:
      return waitgroup.apply(rt, g, op);
    case OpKind.OnceEnter:
    case OpKind.OnceDone:
      return once.apply(rt, g, op);
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
    case OpKind.Close:
      return chan.apply(rt, g, op);
    case OpKind.Select:
      return select.apply(rt, g, op);
    case OpKind.Load:
    case OpKind.Store:
    case OpKind.Free:
      return memory.applyShared(rt, g, op);
    case OpKind.ALoad:
    case OpKind.AStore:
    case OpKind.AAdd:
    case OpKind.ACas:
    case OpKind.ASwap:
      return memory.applyAtomic(rt, g, op);
    case OpKind.Sleep:
    case OpKind.TimerStop:
    case OpKind.TimerReset:
      return timer.apply(rt, g, op);
    case OpKind.Start:
    case OpKind.Yield:
    case OpKind.Random:
      return sched.apply(rt, g, op);
    case OpKind.StructWrite:
      return struct.publish(rt, g, op);
    default:
      return assertNever(op);
  }
}

/** The step of a goroutine in a later phase of its operation (a cond's re-lock, a writer's entry). */
function applyPhase(rt: Rt, g: G, op: Op): unknown {
  if (g.phase === Phase.Relock) return cond.relock(rt, g, (op as OpWith<OpKind.CondWait>).obj);
  g.phase = Phase.Fresh;
  return rwmutex.enter(rt, g, writerLock(op));
}

/** The accesses of `op` applied fresh (what a goroutine about to apply it would touch). */
export function opFootprint(fp: Footprint, op: Op): void {
  switch (op.kind) {
    case OpKind.Lock:
    case OpKind.Unlock:
    case OpKind.TryLock:
      return mutex.footprint(fp, op);
    case OpKind.RLock:
    case OpKind.RUnlock:
    case OpKind.WLock:
    case OpKind.WUnlock:
    case OpKind.TryWLock:
    case OpKind.TryRLock:
      return rwmutex.footprint(fp, op);
    case OpKind.CondWait:
    case OpKind.CondSignal:
    case OpKind.CondBroadcast:
      return cond.footprint(fp, op);
    case OpKind.WgAdd:
    case OpKind.WgWait:
      return waitgroup.footprint(fp, op);
    case OpKind.OnceEnter:
    case OpKind.OnceDone:
      return once.footprint(fp, op);
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
    case OpKind.Close:
      return chan.footprint(fp, op);
    case OpKind.Select:
      return select.footprint(fp, op);
    case OpKind.Load:
    case OpKind.Store:
    case OpKind.Free:
    case OpKind.ALoad:
    case OpKind.AStore:
    case OpKind.AAdd:
    case OpKind.ACas:
    case OpKind.ASwap:
      return memory.footprint(fp, op);
    case OpKind.Sleep:
    case OpKind.TimerStop:
    case OpKind.TimerReset:
      return timer.footprint(fp, op);
    case OpKind.Start:
    case OpKind.Yield:
    case OpKind.Random:
      return;
    case OpKind.StructWrite:
      return struct.footprint(fp, op);
    default:
      return assertNever(op);
  }
}

/**
 * The accesses of `g`'s next step in its phase (added to `fp`): a resumption touches
 * nothing itself (its effect happened in the step that completed it, `completedAt`).
 */
export function stepFootprint(fp: Footprint, g: G): void {
  const op = g.pending;
  switch (g.phase) {
    case Phase.Completed:
      if (op !== START) fp.completedAt = g.completedAt;
      return;
    case Phase.Relock:
      fp.completedAt = g.completedAt;
      cond.relockFootprint(fp, (op as OpWith<OpKind.CondWait>).obj);
      return;
    case Phase.WaitReaders:
      fp.add(writerLock(op), true, OpKind.WriterEnter);
      return;
    default:
      opFootprint(fp, op);
  }
}

/** The accesses a step makes when it completes `g`'s waiting operation: that operation's own. */
export function completionFootprint(fp: Footprint, g: G): void {
  const op = g.pending;
  if (op.kind === OpKind.RLock) fp.add(op.obj, true, OpKind.RLock); // admitted by the writer's unlock
  else opFootprint(fp, op);
}

/** Whether applying `op` is a bare yield (`yieldNow`, `sleep(0)`): see the DFS's fairness. */
export function isYield(op: Op): boolean {
  return op.kind === OpKind.Yield || (op.kind === OpKind.Sleep && timer.isZeroSleep(op));
}

/** The name of an operation in a trace: `lock`, `send(1)`, `store(2)`… */
export function text(op: Op): string {
  switch (op.kind) {
    case OpKind.Lock:
    case OpKind.Unlock:
    case OpKind.TryLock:
      return mutex.text(op);
    case OpKind.RLock:
    case OpKind.RUnlock:
    case OpKind.WLock:
    case OpKind.WUnlock:
    case OpKind.TryWLock:
    case OpKind.TryRLock:
      return rwmutex.text(op);
    case OpKind.CondWait:
    case OpKind.CondSignal:
    case OpKind.CondBroadcast:
      return cond.text(op);
    case OpKind.WgAdd:
    case OpKind.WgWait:
      return waitgroup.text(op);
    case OpKind.OnceEnter:
    case OpKind.OnceDone:
      return once.text(op);
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
    case OpKind.Close:
      return chan.text(op);
    case OpKind.Select:
      return 'select';
    case OpKind.Load:
    case OpKind.Store:
    case OpKind.Free:
    case OpKind.ALoad:
    case OpKind.AStore:
    case OpKind.AAdd:
    case OpKind.ACas:
    case OpKind.ASwap:
      return memory.text(op);
    case OpKind.Sleep:
    case OpKind.TimerStop:
    case OpKind.TimerReset:
      return timer.text(op);
    case OpKind.Start:
    case OpKind.Yield:
    case OpKind.Random:
      return sched.text(op);
    case OpKind.StructWrite:
      return struct.text(op);
    default:
      return assertNever(op);
  }
}

/** What an operation acted on in a trace: `mutex "m"`, a select's cases, or null. */
export function objectText(op: Op): string | null {
  if (op.kind === OpKind.Select) return select.cases(op);
  const o = op.obj;
  return o === null ? null : `${o.kind} "${o.name}"`;
}

/** What an operation returned, for a trace (null when it returns nothing worth showing). */
export function resultText(op: Op, v: unknown): string | null {
  switch (op.kind) {
    case OpKind.TryLock:
      return mutex.result(op, v);
    case OpKind.TryWLock:
    case OpKind.TryRLock:
      return rwmutex.result(op, v);
    case OpKind.OnceEnter:
      return once.result(op, v);
    case OpKind.Recv:
    case OpKind.RecvOk:
      return chan.result(op, v);
    case OpKind.Select:
      return select.result(op, v);
    case OpKind.Load:
    case OpKind.ALoad:
    case OpKind.AAdd:
    case OpKind.ACas:
    case OpKind.ASwap:
      return memory.result(op, v);
    case OpKind.TimerStop:
    case OpKind.TimerReset:
      return timer.result(op, v);
    case OpKind.Random:
      return sched.result(op, v);
    default:
      return null;
  }
}

/** What a goroutine that cannot run waits for: `mutex "m" held by "a"`. */
export function blockedOn(g: G): string {
  const op = g.pending;
  if (g.phase === Phase.WaitReaders && op.kind !== OpKind.CondWait) return rwmutex.blockedOn(g, op as OpWith<OpKind.WLock>);
  switch (op.kind) {
    case OpKind.Lock:
      return mutex.blockedOn(op);
    case OpKind.RLock:
    case OpKind.WLock:
      return rwmutex.blockedOn(g, op);
    case OpKind.CondWait:
      return cond.blockedOn(g, op);
    case OpKind.WgWait:
      return waitgroup.blockedOn(op);
    case OpKind.OnceEnter:
      return once.blockedOn(op);
    case OpKind.Send:
    case OpKind.Recv:
    case OpKind.RecvOk:
      return chan.blockedOn(op);
    case OpKind.Select:
      return select.blockedOn(op);
    default:
      return text(op);
  }
}

