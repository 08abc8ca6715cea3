/**
 * A task (thread) of the futex scenarios: its futex Manager, its `FutexWaiter`, and its
 * implementation of `futex.Target` over the simulated memory.
 *
 * Original: gVisor's `kernel.Task`, which owns one reusable `FutexWaiter` and implements
 * `futex.Target` (google/gvisor@3c5eee17dc45 pkg/sentry/kernel/task_futex.go, lines
 * 25–51): `Futex`, `SwapUint32`, `CompareAndSwapUint32`, `LoadUint32`, `GetSharedKey`.
 */
import type { Routine, Sim } from '../../sim';
import type { Errno, Key } from './key';
import type { Manager } from './manager';
import type { Memory } from './memory';
import type { Target } from './target';
import { Waiter } from './waiter';
import type { World } from './world';

/** A task: its Manager (its address space's), its FutexWaiter, and the Target methods. */
export class Task implements Target {
  /** Reused by every wait of this task. */
  private readonly waiter: Waiter;

  constructor(
    readonly sim: Sim,
    /** The task's name, which is also the name of the goroutine that runs it. */
    readonly name: string,
    private readonly futex: Manager,
    readonly world: World,
  ) {
    this.waiter = new Waiter(sim, name);
    world.waiters.push(this.waiter); // ghost
  }

  /** `t.Futex()`: the Manager of the task's address space. */
  Futex(): Manager {
    return this.futex;
  }

  /** `t.FutexWaiter()`. */
  FutexWaiter(): Waiter {
    return this.waiter;
  }

  /** User memory, for the task's own atomic operations. */
  get mem(): Memory {
    return this.world.memory;
  }

  SwapUint32(addr: number, v: number): Routine<number> {
    return this.mem.swap(addr, v);
  }

  CompareAndSwapUint32(addr: number, old: number, v: number): Routine<number> {
    return this.mem.compareAndSwap(addr, old, v);
  }

  LoadUint32(addr: number): Routine<number> {
    return this.mem.load(addr);
  }

  GetSharedKey(addr: number): [Key, Errno | null] {
    return this.mem.sharedKey(addr);
  }
}
