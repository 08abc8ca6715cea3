/**
 * What every futex scenario starts with: the ghost world, a Manager (and its fork, for
 * process-shared workloads), the futex words, and tasks. Not part of the original.
 */
import type { Sim } from '../../sim';
import { NewManager, type Manager } from './manager';
import type { Mapping } from './memory';
import { SHM_BASE } from './memory';
import { Task } from './task';
import type { FutexVariant } from './variants';
import { World } from './world';

/** Futex words of the workloads: adjacent, so they hash to adjacent buckets (and collide with 1 bucket). */
export const WORD_A = SHM_BASE;
export const WORD_B = SHM_BASE + 4;

/**
 * What kind of keys the workload's futexes get (the `keys` parameter):
 * - `private`: FUTEX_PRIVATE_FLAG, one process: every key is KindPrivate (private buckets);
 * - `shared`: no flag, both words in a shared mapping, two processes (`m` and `m.Fork()`):
 *   every key is KindSharedMappable (`sharedBucket`);
 * - `mixed`: no flag, one process, word A in a private mapping (KindSharedPrivate, a
 *   private bucket) and word B in a shared one (KindSharedMappable): the two mixed
 *   branches of `lockBuckets`.
 */
export type Keys = 'private' | 'shared' | 'mixed';

/** Parameters every futex scenario has. */
export interface SystemParams {
  /** Private buckets per Manager. */
  readonly buckets: number;
  readonly keys: string;
}

/** A simulated kernel with one address space, or two sharing a mapping. */
export class FutexSystem {
  readonly world: World;
  /** FUTEX_PRIVATE_FLAG of every futex call. */
  readonly priv: boolean;
  readonly keys: Keys;
  private readonly managers: readonly Manager[];

  constructor(
    private readonly sim: Sim,
    variant: FutexVariant,
    params: SystemParams,
  ) {
    if (!(Number.isSafeInteger(params.buckets) && params.buckets >= 1)) throw new Error(`buckets must be a positive integer, got ${params.buckets}`);
    if (params.keys !== 'private' && params.keys !== 'shared' && params.keys !== 'mixed') throw new Error(`keys must be private, shared or mixed, got ${params.keys}`);
    this.keys = params.keys;
    this.priv = this.keys === 'private';
    this.world = new World(sim);
    const m = NewManager(sim, this.world, { bucketCount: params.buckets, variant });
    this.managers = this.keys === 'shared' ? [m, m.Fork()] : [m];
  }

  /** Maps a futex word (A or B) in the mapping its `keys` setting puts it in. */
  map(addr: number, name: string, init: number): void {
    const mapping: Mapping = this.keys === 'shared' || (this.keys === 'mixed' && addr !== WORD_A) ? 'shm' : 'private';
    this.world.memory.map(addr, name, init, mapping);
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
