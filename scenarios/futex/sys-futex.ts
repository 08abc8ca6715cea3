/**
 * The futex(2) commands the workloads use, as gVisor's system call handler dispatches
 * them to the Manager.
 *
 * Original: google/gvisor@3c5eee17dc45 pkg/sentry/syscalls/linux/sys_futex.go:
 * `futexWaitAbsolute` (lines 47–71), `futexWaitDuration` (73–118) and the cases of
 * `Futex` (153–242). Each function here is one case of its `switch cmd`.
 *
 * Modelling choices: `t.Block(w.C)` is a receive on `w.C`; `t.BlockWithDeadline` and
 * `t.BlockWithTimeout` race `w.C` with a timer in a `select` (the timer's expiry is a
 * scheduling choice). Signals are not modelled, so a wait is never interrupted and the
 * restart paths (ERESTARTSYS, the restart block) never run. Timeouts are virtual
 * nanoseconds: relative for FUTEX_WAIT, an absolute time for FUTEX_WAIT_BITSET.
 */
import type { Routine } from '../../sim';
import { EINVAL, ETIMEDOUT, type Errno } from './key';
import { FUTEX_BITSET_MATCH_ANY } from './manager';
import type { Task } from './task';

/** Blocks on w.C, or until `deadline` (absolute virtual time; null: forever). ETIMEDOUT if the deadline passed first. */
function* block(t: Task, deadline: number | null): Routine<Errno | null> {
  const w = t.FutexWaiter();
  if (deadline === null) {
    yield* w.C.recv(); // t.Block(w.C)
    return null;
  }
  const timer = t.sim.newTimer(Math.max(0, deadline - t.sim.now()), `${t.name}.deadline`);
  const r = yield* t.sim.select([w.C.recv(), timer.C.recv()]);
  if (r.index === 0) {
    yield* timer.stop();
    return null;
  }
  return ETIMEDOUT;
}

/** `futexWaitAbsolute`: FUTEX_WAIT_BITSET, blocking until woken or until `deadline` (null: forever). */
export function* futexWaitAbsolute(t: Task, deadline: number | null, addr: number, priv: boolean, val: number, mask: number): Routine<Errno | null> {
  const w = t.FutexWaiter();
  const err = yield* t.Futex().WaitPrepare(w, t, addr, priv, val, mask);
  if (err !== null) return err;
  const berr = yield* block(t, deadline);
  yield* t.Futex().WaitComplete(w, t);
  return berr;
}

/** `futexWaitDuration`: FUTEX_WAIT, blocking until woken or for `duration` ns (null: forever). */
export function* futexWaitDuration(t: Task, duration: number | null, addr: number, priv: boolean, val: number, mask: number): Routine<Errno | null> {
  const w = t.FutexWaiter();
  const err = yield* t.Futex().WaitPrepare(w, t, addr, priv, val, mask);
  if (err !== null) return err;
  const berr = yield* block(t, duration === null ? null : t.sim.now() + duration);
  yield* t.Futex().WaitComplete(w, t);
  return berr;
}

/** FUTEX_WAIT: sleeps while addr holds val, for at most `timeout` ns (null: forever). null when woken. */
export function FUTEX_WAIT(t: Task, addr: number, priv: boolean, val: number, timeout: number | null = null): Routine<Errno | null> {
  // WAIT uses a relative timeout.
  return futexWaitDuration(t, timeout, addr, priv, val, FUTEX_BITSET_MATCH_ANY);
}

/** FUTEX_WAIT_BITSET: sleeps while addr holds val, until woken by a wake whose mask meets `mask`, or until `deadline`. */
export function* FUTEX_WAIT_BITSET(t: Task, addr: number, priv: boolean, val: number, mask: number, deadline: number | null = null): Routine<Errno | null> {
  if (mask === 0) return EINVAL;
  return yield* futexWaitAbsolute(t, deadline, addr, priv, val, mask);
}

/** FUTEX_WAKE: wakes up to val waiters on addr (at least one). */
export function FUTEX_WAKE(t: Task, addr: number, priv: boolean, val: number): Routine<[number, Errno | null]> {
  return FUTEX_WAKE_BITSET(t, addr, priv, val, FUTEX_BITSET_MATCH_ANY);
}

/** FUTEX_WAKE_BITSET: wakes up to val waiters on addr whose mask meets `mask` (at least one). */
export function* FUTEX_WAKE_BITSET(t: Task, addr: number, priv: boolean, val: number, mask: number): Routine<[number, Errno | null]> {
  if (mask === 0) return [0, EINVAL];
  // The Linux kernel wakes one waiter even if val is non-positive.
  if (val <= 0) val = 1;
  return yield* t.Futex().Wake(t, addr, priv, mask, val);
}

/** FUTEX_REQUEUE: wakes up to val waiters on addr and moves up to nreq of the rest to naddr. */
export function FUTEX_REQUEUE(t: Task, addr: number, priv: boolean, val: number, nreq: number, naddr: number): Routine<[number, Errno | null]> {
  return t.Futex().Requeue(t, addr, naddr, priv, val, nreq);
}

/** FUTEX_CMP_REQUEUE: as FUTEX_REQUEUE if addr holds val3 (checked under the bucket locks), else EAGAIN. */
export function FUTEX_CMP_REQUEUE(t: Task, addr: number, priv: boolean, val: number, nreq: number, naddr: number, val3: number): Routine<[number, Errno | null]> {
  return t.Futex().RequeueCmp(t, addr, naddr, priv, val3, val, nreq);
}

/** FUTEX_WAKE_OP: applies op (val3) to naddr, wakes up to val (at least one) on addr, and up to nreq on naddr if op's comparison held. */
export function* FUTEX_WAKE_OP(t: Task, addr: number, priv: boolean, val: number, nreq: number, naddr: number, val3: number): Routine<[number, Errno | null]> {
  // The Linux kernel wakes one waiter even if val is non-positive.
  if (val <= 0) val = 1;
  return yield* t.Futex().WakeOp(t, addr, naddr, priv, val, nreq, val3);
}
