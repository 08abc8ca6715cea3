/**
 * What every futex scenario starts with: the ghost world, a Manager (and its fork, for
 * process-shared workloads), and tasks. Not part of the original.
 */
import type { Sim } from '../../sim';
import { NewManager, type Manager } from './manager';
import { Task } from './task';
import type { FutexVariant } from './variants';
import { World } from './world';

/** Futex words of the workloads: adjacent, so they hash to adjacent buckets (collide with 1 bucket). */
export const WORD_A = 0x1000;
export const WORD_B = 0x1004;

/** Parameters every futex scenario has. */
export interface SystemParams {
  /** Private buckets per Manager. */
  readonly buckets: number;
  /** FUTEX_PRIVATE_FLAG: one process (threads share `m`); false: a shared mapping between two processes (`m` and `m.Fork()`). */
  readonly private: boolean;
}

/** A simulated kernel with one address space (private) or two sharing a mapping. */
export class FutexSystem {
  readonly world: World;
  private readonly managers: readonly Manager[];

  constructor(
    private readonly sim: Sim,
    variant: FutexVariant,
    params: SystemParams,
  ) {
    if (!(Number.isSafeInteger(params.buckets) && params.buckets >= 1)) throw new Error(`buckets must be a positive integer, got ${params.buckets}`);
    this.world = new World(sim);
    const m = NewManager(sim, this.world, { bucketCount: params.buckets, variant });
    this.managers = params.private ? [m] : [m, m.Fork()];
  }

  /** Maps a futex word. */
  map(addr: number, name: string, init: number): void {
    this.world.memory.map(addr, name, init);
  }

  /** The n-th task (0-based): with two processes, even ones in the first, odd ones in the fork. */
  task(name: string, n: number): Task {
    return new Task(this.sim, name, this.managers[n % this.managers.length]!, this.world);
  }

  /** Registers the futex checks: call after the workload's own. */
  install(): void {
    this.world.install();
  }
}
