/**
 * For the futex tests: run a body on a futex system in one goroutine, and read it back.
 * Not part of the model.
 */
import { defineScenario, explore, type Routine, type Violation } from '../../sim';
import type { bucket } from './bucket';
import { FutexSystem, WORD_A, WORD_B, type Keys } from './system';
import type { Task } from './task';
import type { FutexVariant } from './variants';
import type { Waiter } from './waiter';

/** The system a test body runs on: its tasks (t0…), and `g`, the task the goroutine itself is (the waker). */
export interface Kit {
  readonly sys: FutexSystem;
  /** The task whose name is the goroutine's ("g"): it calls Wake, Requeue, WakeOp. */
  readonly g: Task;
  /** Tasks t0, t1, … whose FutexWaiters the body queues. */
  readonly t: readonly Task[];
}

export interface KitOptions {
  readonly keys?: Keys;
  readonly buckets?: number;
  readonly tasks?: number;
  readonly variant?: FutexVariant;
  /** Initial values of words A and B. */
  readonly init?: readonly [number, number];
  /** The step limit of the execution (explore's default otherwise). */
  readonly maxSteps?: number;
}

/**
 * Runs `body` once in one goroutine "g" on a futex system (default: private keys, 2
 * buckets, words A and B holding 0, 4 tasks), with the futex checks installed; returns
 * the execution's violation.
 */
export function onSystem(name: string, o: KitOptions, body: (k: Kit) => Routine<void>): Violation | undefined {
  const s = defineScenario({
    name: `futex-unit-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
    description: 'a unit of the futex model',
    variants: { v: 'test' },
    setup(sim) {
      const sys = new FutexSystem(sim, o.variant ?? 'correct', { buckets: o.buckets ?? 2, keys: o.keys ?? 'private' });
      sys.map(WORD_A, 'A', o.init?.[0] ?? 0);
      sys.map(WORD_B, 'B', o.init?.[1] ?? 0);
      const g = sys.task('g', 0);
      const t = Array.from({ length: o.tasks ?? 4 }, (_, i) => sys.task(`t${i}`, 0));
      sim.go('g', () => body({ sys, g, t }));
      sys.install();
    },
  });
  return explore(s, { runs: 1, ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }) }).violation;
}

/** The bucket of `sys` called `name`. */
export function bucketNamed(sys: FutexSystem, name: string): bucket {
  const b = sys.world.buckets.find((x) => x.name === name);
  if (b === undefined) throw new Error(`no bucket ${name}`);
  return b;
}

/** The names of the waiters in b's list, head to tail. */
export function listed(sys: FutexSystem, b: bucket): string[] {
  return sys.world.listOf(b).map((w: Waiter) => w.name);
}

/** Queues t's FutexWaiter on addr (WaitPrepare with g as the Target, as gVisor's tests do); throws if the check fails. */
export function* prepare(k: Kit, t: Task, addr: number, val = 0, bitmask = 0xffffffff): Routine<Waiter> {
  const w = t.FutexWaiter();
  const err = yield* t.Futex().WaitPrepare(w, k.g, addr, k.sys.priv, val, bitmask);
  if (err !== null) throw new Error(`WaitPrepare(${t.name}, 0x${addr.toString(16)}) failed: ${err}`);
  return w;
}
