/**
 * shuttle's `tests/basic/dfs.rs`: programs whose exhaustive search shuttle counts exactly
 * (1, 2, 15, 6, 252, 50050 executions). Each is rebuilt here with shuttle's scheduling
 * points made explicit, and asserts the counts our `dfs` gives with and without DPOR.
 *
 * Where shuttle switches, and how these ports match it (shuttle-engine at the cited commit):
 * - `thread::spawn` switches *before* the new thread exists (`ExecutionState::spawn_thread`
 *   calls `thread::switch()` first), so the first spawn is no choice; a later spawn is one
 *   (the main thread against the threads already running). Our `sim.go` is no scheduling
 *   point, so a later spawn is preceded by one step of the main goroutine's own.
 * - The main thread's exit is a switch (`exit_current_truncates_execution` is always true
 *   for task 0, and `thread_fn` then switches). Our goroutines end without a step, so the
 *   main goroutine ends with one step of its own.
 * - `yield_now` is a switch. Ported two ways: `/independent`, a step on an atomic only that
 *   goroutine touches (a scheduling point that is nothing else, as `yield_now` is to
 *   shuttle's DFS, which has no fairness and no partial-order reduction); and `/yieldNow`,
 *   our `yieldNow`, which DFS treats fairly (`sim/strategy/fairness.ts`): a goroutine that
 *   yielded is not picked at its next yield while another goroutine can run.
 *
 * So `/independent` has shuttle's exact shape and plain DFS (`dpor: false`, every
 * interleaving) must give shuttle's count; DPOR gives 1 (every step commutes with every
 * other). `/yieldNow` gives fewer plain executions — fairness prunes the schedules where a
 * goroutine yields twice in a row while another could run — and DPOR more than 1 (a
 * counted yield is dependent with every other goroutine's step: fairness reads it).
 * `shuttle.test.ts` recomputes every plain count with an independent enumerator of the
 * same step sequences (`countSchedules`).
 */
import type { Atomic, Routine, Sim } from '..';
import type { ConformanceCase } from './harness';
import { shuttleSource } from './shuttle-thread';

/** How a port writes shuttle's `yield_now`. */
export type YieldForm = 'independent' | 'yieldNow';

/** `yield_loop_*`: the main thread spawns `threadYields.length` threads; each loops over `yield_now`. */
export interface YieldLoop {
  /** Yields of the main thread after its spawns. */
  readonly mainYields: number;
  /** Yields of each spawned thread. */
  readonly threadYields: readonly number[];
}

/** Builds a `yield_loop` program in `form` (see the module comment for the shape). */
export function yieldLoop(sim: Sim, loop: YieldLoop, form: YieldForm): void {
  sim.go('main', function* () {
    const own = sim.atomic('main.steps', 0);
    function* step(a: typeof own): Routine<void> {
      if (form === 'yieldNow') yield* sim.yieldNow();
      else yield* a.add(1);
    }
    for (let i = 0; i < loop.threadYields.length; i++) {
      if (i > 0) yield* own.add(1); // shuttle's switch before a spawn (before the first, nothing else can run)
      spawnYielder(sim, `thread${i + 1}`, loop.threadYields[i]!, step);
    }
    for (let j = 0; j < loop.mainYields; j++) yield* step(own);
    yield* own.add(1); // shuttle's switch at the main thread's exit
  });
}

function spawnYielder(sim: Sim, name: string, k: number, step: (a: Atomic<number>) => Routine<void>): void {
  const own = sim.atomic(`${name}.steps`, 0);
  sim.go(name, function* () {
    for (let j = 0; j < k; j++) yield* step(own);
  });
}

/** The shuttle test, its loop shape, its asserted count, and our counts per form. */
interface CountedLoop {
  readonly test: string;
  readonly loop: YieldLoop;
  readonly shuttle: number;
  /** Our [plain, DPOR] counts for `/yieldNow`, as measured (see the module comment for why). */
  readonly yieldNow: readonly [number, number];
}

/** The `yield_loop` tests of dfs.rs whose counts we reproduce. */
export const countedLoops: readonly CountedLoop[] = [
  // "6 places we can run thread 0: before thread 1 starts, before each of the 4 yields, or last"
  { test: 'yield_loop_one_thread', loop: { mainYields: 0, threadYields: [4] }, shuttle: 6, yieldNow: [3, 2] },
  // "2 threads, 5 operations each (thread start + 4 yields); 2*5 choose 5 = 252"
  { test: 'yield_loop_two_threads', loop: { mainYields: 4, threadYields: [4] }, shuttle: 252, yieldNow: [15, 11] },
  { test: 'yield_loop_three_threads', loop: { mainYields: 3, threadYields: [3, 3] }, shuttle: 50050, yieldNow: [9410, 3658] },
];

const dfsRs = (test: string, note?: string): string => shuttleSource('dfs', test, note);

/** The cases of `dfs.rs`. */
export const shuttleDfsCases: readonly ConformanceCase[] = [
  {
    name: 'dfs/trivial_one_thread',
    source: dfsRs('trivial_one_thread', 'one thread, no scheduling point: 1 execution'),
    expect: { holds: true },
    executions: 1,
    plainExecutions: 1,
    setup(sim) {
      let iterations = 0;
      sim.go('main', function* () {
        iterations++;
      });
      sim.atEnd('main ran once', () => iterations === 1 || `main ran ${iterations} times`);
    },
  },
  {
    name: 'dfs/trivial_two_threads',
    source: dfsRs('trivial_two_threads', 'shuttle counts 2: the empty thread runs before or after the main thread\'s exit switch; DPOR: they commute, 1'),
    expect: { holds: true },
    executions: 1,
    plainExecutions: 2,
    setup(sim) {
      sim.go('main', function* () {
        const exit = sim.atomic('main.exit', 0);
        sim.go('thread', function* () {});
        yield* exit.add(1); // shuttle's switch at the main thread's exit
      });
    },
  },
  {
    name: 'dfs/two_threads',
    source: dfsRs('two_threads', 'shuttle counts 15; its doc comment lists them, and 4 of the 15 repeat an acquire ("T0 and T1 may block before acquiring the lock, which show up as duplicate acquires"). Here a goroutine blocked on a mutex is not runnable, so no acquire is retried: plain DFS runs the other 11 exactly; DPOR 2 (who locks first)'),
    expect: { holds: true },
    executions: 2,
    plainExecutions: 11,
    setup(sim) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const exit = sim.atomic('main.exit', 0);
        sim.go('thread', function* () {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        });
        yield* lock.lock();
        value += 1;
        yield* lock.unlock();
        yield* exit.add(1); // shuttle's switch at the main thread's exit
      });
      sim.atEnd('both increments', () => value === 2 || `value is ${value}`);
    },
  },
  ...countedLoops.flatMap(({ test, loop, shuttle, yieldNow }): ConformanceCase[] => [
    {
      name: `dfs/${test}/independent`,
      source: dfsRs(test, `shuttle counts ${shuttle}; yield_now as a step on the goroutine's own atomic: plain DFS must count the same, DPOR 1`),
      expect: { holds: true },
      executions: 1,
      plainExecutions: shuttle,
      setup(sim) {
        yieldLoop(sim, loop, 'independent');
      },
    },
    {
      name: `dfs/${test}/yieldNow`,
      source: dfsRs(test, `shuttle counts ${shuttle}; with yieldNow, DFS's fairness leaves ${yieldNow[0]} (plain) and ${yieldNow[1]} (DPOR)`),
      expect: { holds: true },
      plainExecutions: yieldNow[0],
      executions: yieldNow[1],
      setup(sim) {
        yieldLoop(sim, loop, 'yieldNow');
      },
    },
  ]),
];
