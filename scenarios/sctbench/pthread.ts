/**
 * The pthread vocabulary of the SCTBench ports: `pthread_create` and `pthread_join`. One
 * object per execution, made in `setup`.
 *
 * - `create` spawns the thread as a goroutine and then, when `spawnYield` is on (the
 *   default of every port), yields in the creator: `pthread_create` is a visible
 *   operation of the original (a scheduling point of SCTBench's, SURW's and RFF's
 *   schedulers), and this is how a user of interleave marks one. With `spawnYield: false`
 *   the creator goes on to its next effect in the same step.
 * - Every thread ends with one more effect, its exit (the `WaitGroup` that `join` waits
 *   on): thread exit is visible to those schedulers too.
 * - `main` returning does not end the other threads: they run to their end, as under the
 *   schedulers whose figures we compare with (in RFF's artifact POS finds CS/account's
 *   bug, whose `main` joins nothing, in the first schedule of every trial; see the README).
 *
 * @example
 *   const pt = new Pthreads(sim, params.spawnYield);
 *   sim.go('main', function* () {
 *     const t1 = yield* pt.create('thread1', thread1);
 *     yield* pt.join(t1);
 *   });
 */
import type { Effect, Routine, Sim, WaitGroup } from '../../sim';

/** The parameter every SCTBench port takes. */
export interface SpawnParams {
  /** A scheduling point in the creator after each `pthread_create` (default true). */
  readonly spawnYield: boolean;
}

/** A thread made by `Pthreads.create`. */
export interface PthreadT {
  /** The goroutine's name. */
  readonly name: string;
  /** Counts 1 until the thread's body returned and its exit step ran. */
  readonly exited: WaitGroup;
}

/** `pthread_create` and `pthread_join` over one execution's `Sim`. */
export class Pthreads {
  constructor(
    private readonly sim: Sim,
    private readonly spawnYield: boolean,
  ) {}

  /**
   * `pthread_create(&t, 0, start, 0)`: spawns goroutine `name` running `start`, followed by
   * its exit step; then, with `spawnYield`, a scheduling point in the creator.
   */
  *create(name: string, start: () => Routine<unknown>): Routine<PthreadT> {
    const exited = this.sim.waitGroup(`${name}.exit`, 1);
    this.sim.go(name, function* () {
      yield* start();
      yield* exited.done();
    });
    if (this.spawnYield) yield* this.sim.yieldNow();
    return { name, exited };
  }

  /** `pthread_join(t, 0)`: blocks until `t` exited. */
  join(t: PthreadT): Effect<void> {
    return t.exited.wait();
  }
}
