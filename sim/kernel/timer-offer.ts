/**
 * The pending timers and which of them the strategy may fire at a scheduling point.
 */
import type { Execution } from './execution';
import type { Kernel } from './kernel';
import type { TimerObj } from './ops/timer';

/**
 * Whether the earliest timers may fire now. With goroutines runnable: unless timers
 * wait for idle points, and within the quantum of the longest-waiting goroutine. At an
 * idle point: if some pending timer can make progress (spawn a goroutine, wake a
 * sleeper, send to a channel someone waits on) and something keeps the run alive.
 */
export function timersMayFire(k: Kernel, nR: number): boolean {
  if (nR > 0) {
    if (k.idleTimers) return false;
    if (k.quantum === Infinity) return true;
    let oldest = Infinity;
    for (let i = 0; i < nR; i++) {
      const r = k.runnable[i]!.readyAt;
      if (r < oldest) oldest = r;
    }
    return k.heap.peek()!.deadline <= oldest + k.quantum;
  }
  if (k.live === 0 && k.nonDaemonTimers === 0) return false;
  const all = k.heap.all();
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (t.chan === null || t.chan.waiters.length > 0) return true;
  }
  return false; // only tickers and timer channels nobody waits on: firing changes nothing
}

/** Shows the timers due at the earliest deadline (cached per heap version); their count. */
export function offerFireable(k: Execution): number {
  if (k.fireableVersion !== k.heap.version) {
    k.heap.earliest(k.fireable);
    k.fireableVersion = k.heap.version;
  }
  return k.fireable.length;
}

/** Shows no timer at this point. */
export function offerNone(k: Execution): number {
  if (k.fireable.length > 0) {
    k.fireable.length = 0;
    k.fireableVersion = -1;
  }
  return 0;
}

/** Arms: puts `t` in the heap (non-daemon timers keep the run alive). */
export function heapPush(k: Execution, t: TimerObj): void {
  k.heap.push(t);
  if (!t.daemon) k.nonDaemonTimers++;
}

/** Disarms: takes `t` out of the heap if it is there. */
export function heapRemove(k: Execution, t: TimerObj): void {
  if (t.heapIndex < 0) return;
  k.heap.remove(t);
  if (!t.daemon) k.nonDaemonTimers--;
}
