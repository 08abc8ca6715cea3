/**
 * The user side of the workloads: glibc's low-level lock on a futex word, the mutex of
 * Drepper's "Futexes Are Tricky" (2011), mutex 3. Not part of the original.
 *
 * The word is 0 (unlocked), 1 (locked) or 2 (locked, maybe with waiters): unlock wakes
 * one waiter only when it sees 2, so whoever sleeps on the word must first set it to 2.
 */
import type { Routine } from '../../sim';
import { FUTEX_WAIT, FUTEX_WAKE } from './sys-futex';
import type { Task } from './task';

/** `lll_lock`: take the lock, sleeping on the word while it is held. */
export function* lll_lock(t: Task, addr: number, priv: boolean): Routine<void> {
  if (yield* t.mem.cas(addr, 0, 1)) return;
  yield* lockWait(t, addr, priv);
}

/**
 * `lll_cond_lock`: take the lock marking it contended (2), as a waiter returning from a
 * condition variable must: others may have been requeued onto the word, and only an
 * unlock that sees 2 wakes them.
 */
export function* lll_cond_lock(t: Task, addr: number, priv: boolean): Routine<void> {
  if (yield* t.mem.cas(addr, 0, 2)) return;
  yield* lockWait(t, addr, priv);
}

/** `__lll_lock_wait`: mark the lock contended and sleep until we are the one who took it from 0. */
function* lockWait(t: Task, addr: number, priv: boolean): Routine<void> {
  while ((yield* t.mem.swap(addr, 2)) !== 0) {
    yield* FUTEX_WAIT(t, addr, priv, 2);
  }
}

/** `lll_unlock`: release the lock; wake one waiter if it was contended. */
export function* lll_unlock(t: Task, addr: number, priv: boolean): Routine<void> {
  if ((yield* t.mem.swap(addr, 0)) > 1) yield* FUTEX_WAKE(t, addr, priv, 1);
}
