/**
 * Shared memory: race-checked variables with `free()`, and atomics.
 */
import { Effect, issue, OpKind, type ObjectRef } from '../effect';
import type { Runtime } from '../runtime';

/**
 * A variable whose accesses are scheduling points and are checked for data races (a
 * `data-race` violation names both accesses) and for use after `free()`.
 *
 * `.value` reads or writes it directly: no scheduling point and no race check (for
 * setup, invariants and at-end checks); inside a goroutine, touching a freed variable
 * through `.value` is still a use-after-free.
 */
export class Shared<T> {
  /** @internal */
  constructor(
    private readonly rt: Runtime,
    readonly ref: ObjectRef,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  private eLoad: Effect<T> | undefined;
  load(): Effect<T> {
    return issue(this.eLoad ??= new Effect(OpKind.Load, this.ref));
  }
  store(v: T): Effect<void> {
    return issue(new Effect(OpKind.Store, this.ref, v));
  }
  /** Frees it: any later access, or a second free, is a `use-after-free` violation. */
  free(): Effect<void> {
    return issue(new Effect(OpKind.Free, this.ref));
  }
  get value(): T {
    return this.rt.peek(this.ref) as T;
  }
  set value(v: T) {
    this.rt.poke(this.ref, v);
  }
  get freed(): boolean {
    return this.rt.isFreed(this.ref);
  }
}

/**
 * An atomic variable (Go's `sync/atomic`): sequentially consistent, never a data race,
 * and every operation synchronizes (a store happens-before the loads that see it).
 */
export class Atomic<T = number> {
  /** @internal */
  constructor(
    private readonly rt: Runtime,
    readonly ref: ObjectRef,
  ) {}
  get name(): string {
    return this.ref.name;
  }
  private eLoad: Effect<T> | undefined;
  load(): Effect<T> {
    return issue(this.eLoad ??= new Effect(OpKind.ALoad, this.ref));
  }
  store(v: T): Effect<void> {
    return issue(new Effect(OpKind.AStore, this.ref, v));
  }
  /** Adds `d` and returns the new value (Go's `Add`). */
  add(this: Atomic<number>, d: number): Effect<number> {
    return issue(new Effect(OpKind.AAdd, this.ref, d));
  }
  /** Compare-and-swap (`===`): stores `next` and returns true if the value was `old`. */
  cas(old: T, next: T): Effect<boolean> {
    return issue(new Effect(OpKind.ACas, this.ref, old, next));
  }
  /** Stores `v` and returns the old value. */
  swap(v: T): Effect<T> {
    return issue(new Effect(OpKind.ASwap, this.ref, v));
  }
  /** The current value (not a scheduling point). */
  get value(): T {
    return this.rt.peek(this.ref) as T;
  }
}
