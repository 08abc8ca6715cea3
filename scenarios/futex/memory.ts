/**
 * Simulated user memory: the futex words (one `sim.atomic` each), the mappings they live
 * in, and the `MappingIdentity` of a shared mapping. Not part of futex.go.
 *
 * gVisor reads task memory through the MemoryManager: `LoadUint32`, `SwapUint32` and
 * `CompareAndSwapUint32` are atomic (google/gvisor@3c5eee17dc45
 * pkg/sentry/kernel/task_futex.go, lines 33–51), and `GetSharedFutexKey` gives a
 * `KindSharedPrivate` key for a word in a private mapping and a `KindSharedMappable` one,
 * holding a reference on the mapping's `MappingIdentity`, for a word in a shared mapping
 * (pkg/sentry/mm/syscalls.go at the same commit, lines 1433–1464). User code and the
 * `Target` both go through these operations, so every write bumps the word's ghost
 * version in the same step: the no-lost-wakeup check compares the version a waiter saw
 * with the version when a waker scans the bucket.
 */
import type { Atomic, Routine, Sim } from '../../sim';
import { EFAULT, Key, type Errno } from './key';

/** Where a word lives: a private anonymous mapping, or the shared mapping `shm` at `SHM_BASE`. */
export type Mapping = 'private' | 'shm';

/** The address the shared mapping `shm` is mapped at, in every process (offsets are relative to it). */
export const SHM_BASE = 0x1000;

/**
 * `memmap.MappingIdentity` of a shared mapping: its reference count, which futex keys
 * take (`GetSharedKey`, `clone`) and drop (`release`). Ghost: `IncRef`/`DecRef` are
 * atomic in gVisor and decide nothing here, so they are not scheduling points.
 */
export class MappingIdentity {
  /** References held by keys. Invariant: never negative; 0 when no key is alive. */
  refs = 0;
  /** The first time it went negative (a reference dropped twice), for the checks. */
  underflow: string | null = null;

  constructor(readonly name: string) {}

  IncRef(): void {
    this.refs++;
  }

  DecRef(): void {
    this.refs--;
    if (this.refs < 0 && this.underflow === null) this.underflow = `a key dropped a reference on MappingIdentity "${this.name}" that it did not hold (refs ${this.refs})`;
  }
}

/** The futex words of the simulated address space(s). */
export class Memory {
  private readonly words = new Map<number, Atomic<number>>();
  private readonly mappings = new Map<number, Mapping>();
  /** ghost: writes to each word so far. Invariant: only grows. */
  private readonly versions = new Map<number, number>();
  /** The identity of `shm`. */
  readonly shm = new MappingIdentity('shm');

  constructor(private readonly sim: Sim) {}

  /** Maps a word at `addr` holding `init` in `mapping`; its atomic is named `name@0x1000`. */
  map(addr: number, name: string, init: number, mapping: Mapping = 'private'): void {
    if (this.words.has(addr)) throw new Error(`memory: 0x${addr.toString(16)} is mapped twice`);
    if (mapping === 'shm' && addr < SHM_BASE) throw new Error(`memory: 0x${addr.toString(16)} is below shm at 0x${SHM_BASE.toString(16)}`);
    this.words.set(addr, this.sim.atomic(`${name}@0x${addr.toString(16)}`, init));
    this.mappings.set(addr, mapping);
    this.versions.set(addr, 0);
  }

  /** The word at `addr` (an unmapped address is a bug of the scenario). */
  word(addr: number): Atomic<number> {
    const w = this.words.get(addr);
    if (w === undefined) throw new Error(`memory: nothing is mapped at 0x${addr.toString(16)}`);
    return w;
  }

  /** `GetSharedFutexKey`: KindSharedPrivate in a private mapping; KindSharedMappable (with a reference) in shm. */
  sharedKey(addr: number): [Key, Errno | null] {
    const m = this.mappings.get(addr);
    if (m === undefined) return [new Key('KindPrivate', null, null, 0), EFAULT];
    if (m === 'private') return [new Key('KindSharedPrivate', null, null, addr), null];
    this.shm.IncRef();
    return [new Key('KindSharedMappable', 'shm', this.shm, addr - SHM_BASE), null];
  }

  /** ghost: how many times the word at `addr` has been written. */
  version(addr: number): number {
    return this.versions.get(addr) ?? 0;
  }

  /** The address of the word a key names (inverse of `sharedKey`), for the checks. */
  addrOf(k: Key): number {
    return k.Kind === 'KindSharedMappable' ? SHM_BASE + k.Offset : k.Offset;
  }

  *load(addr: number): Routine<number> {
    return yield* this.word(addr).load();
  }

  *store(addr: number, v: number): Routine<void> {
    yield* this.word(addr).store(v);
    this.written(addr);
  }

  /** `CompareAndSwapUint32`: returns the previous value; stores `v` if it was `old`. */
  *compareAndSwap(addr: number, old: number, v: number): Routine<number> {
    const w = this.word(addr);
    // A failed cas is still one atomic access; its result tells whether the value was old.
    if (yield* w.cas(old, v)) {
      this.written(addr);
      return old;
    }
    return w.value;
  }

  /** Compare-and-swap: true if the word held `old` and now holds `v`. */
  *cas(addr: number, old: number, v: number): Routine<boolean> {
    const ok = yield* this.word(addr).cas(old, v);
    if (ok) this.written(addr);
    return ok;
  }

  /** Exchange: stores `v`, returns the old value. */
  *swap(addr: number, v: number): Routine<number> {
    const old = yield* this.word(addr).swap(v);
    this.written(addr);
    return old;
  }

  /** Adds `d`, returns the new value. */
  *add(addr: number, d: number): Routine<number> {
    const v = yield* this.word(addr).add(d);
    this.written(addr);
    return v;
  }

  private written(addr: number): void {
    this.versions.set(addr, this.version(addr) + 1);
  }
}
