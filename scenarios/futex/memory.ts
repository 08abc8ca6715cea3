/**
 * Simulated user memory: the futex words, each a `sim.atomic`, by address.
 *
 * Not part of the original (gVisor reads task memory through `usermem`). User code and
 * the `Checker` both go through these operations, so every write bumps the word's ghost
 * version in the same step: the no-lost-wakeup check compares the version a waiter saw
 * with the version when a waker scans the bucket.
 */
import type { Atomic, Routine, Sim } from '../../sim';

/** The futex words of the simulated address space(s). */
export class Memory {
  private readonly words = new Map<number, Atomic<number>>();
  /** ghost: writes to each word so far. Invariant: only grows. */
  private readonly versions = new Map<number, number>();

  constructor(private readonly sim: Sim) {}

  /** Maps a word at `addr` holding `init`; its atomic is named `name@0x1000`. */
  map(addr: number, name: string, init: number): void {
    if (this.words.has(addr)) throw new Error(`memory: 0x${addr.toString(16)} is mapped twice`);
    this.words.set(addr, this.sim.atomic(`${name}@0x${addr.toString(16)}`, init));
    this.versions.set(addr, 0);
  }

  /** The word at `addr` (a mapping error, EFAULT in the kernel, is a bug of the scenario here). */
  word(addr: number): Atomic<number> {
    const w = this.words.get(addr);
    if (w === undefined) throw new Error(`memory: nothing is mapped at 0x${addr.toString(16)}`);
    return w;
  }

  /** ghost: how many times the word at `addr` has been written. */
  version(addr: number): number {
    return this.versions.get(addr) ?? 0;
  }

  *load(addr: number): Routine<number> {
    return yield* this.word(addr).load();
  }

  *store(addr: number, v: number): Routine<void> {
    yield* this.word(addr).store(v);
    this.written(addr);
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
