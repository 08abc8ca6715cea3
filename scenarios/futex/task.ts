/**
 * A task (thread) of the futex scenarios and the futex system calls it makes.
 *
 * Not in the seed: after gVisor's `kernel.Task` (which implements `futex.Checker` and
 * owns one reusable `FutexWaiter`) and `syscalls/linux/sys_futex.go`, whose
 * FUTEX_WAIT is `WaitPrepare`, then `t.Block(w.C)` or `t.BlockWithDeadline(w.C, …)`,
 * then `WaitComplete` whatever happened.
 */
import type { Routine, Sim } from '../../sim';
import { TaskChecker } from './checker';
import { ETIMEDOUT, type Errno } from './key';
import type { Manager } from './manager';
import type { Memory } from './memory';
import { Waiter } from './waiter';
import type { World } from './world';

/** A task: its futex Manager (its address space's), its Checker and its FutexWaiter. */
export class Task {
  /** Reused by every wait of this task. */
  readonly FutexWaiter: Waiter;
  /** The task as a `futex.Checker`. */
  readonly checker: TaskChecker;

  constructor(
    readonly sim: Sim,
    readonly name: string,
    private readonly futex: Manager,
    readonly world: World,
  ) {
    this.FutexWaiter = new Waiter(sim, name);
    world.waiters.push(this.FutexWaiter); // ghost
    this.checker = new TaskChecker(name, world.memory);
  }

  /** `t.Futex()`: the Manager of the task's address space. */
  Futex(): Manager {
    return this.futex;
  }

  /** User memory, for the task's own atomic operations. */
  get mem(): Memory {
    return this.world.memory;
  }
}

/**
 * FUTEX_WAIT(_BITSET): sleeps until woken if addr holds val. Returns null when woken,
 * EAGAIN when the word differed, ETIMEDOUT when the absolute virtual-time `deadline`
 * (null: none) passed first.
 */
export function* futexWait(t: Task, addr: number, priv: boolean, val: number, mask: number, deadline: number | null): Routine<Errno | null> {
  const w = t.FutexWaiter;
  const err = yield* t.Futex().WaitPrepare(w, t.checker, addr, priv, val, mask);
  if (err !== null) return err;
  let result: Errno | null = null;
  if (deadline === null) {
    yield* w.C.recv(); // t.Block(w.C)
  } else {
    // t.BlockWithDeadline(w.C, true, deadline)
    const timer = t.sim.newTimer(Math.max(0, deadline - t.sim.now()), `${t.name}.deadline`);
    const r = yield* t.sim.select([w.C.recv(), timer.C.recv()]);
    if (r.index === 0) yield* timer.stop();
    else result = ETIMEDOUT;
  }
  yield* t.Futex().WaitComplete(w);
  return result;
}

/** FUTEX_WAKE(_BITSET): wakes up to n waiters on addr; returns how many. */
export function* futexWake(t: Task, addr: number, priv: boolean, mask: number, n: number): Routine<number> {
  const [r] = yield* t.Futex().Wake(t.checker, addr, priv, mask, n);
  return r;
}
