/**
 * SCTBench's `twostage` for the strategy tests: `t` threads each set `data1 = 1` under
 * `data1Lock`, then `data2 = data1 + 1` under `data2Lock`; `r` reader threads read
 * `data1` under `data1Lock` (and stop if it is 0), then `data2` under `data2Lock`, and
 * fail when `data2 !== data1 + 1` — a reader between some thread's two stages, before
 * any thread's second. Modelled on mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/twostage_100_bad.c (`funcA`, `funcB`,
 * `main`; twostage_100 has 99 `funcA` threads and one `funcB`).
 *
 * As in `reorder.ts`, the spawner marks each `pthread_create` with `yield*
 * sim.yieldNow()`; the ints are atomics (`funcA` reads `data1Value` under `data2Lock`
 * only, a race in C that is not the bug sought here); the final joins are left out.
 */
import type { Routine } from '../../effect';
import { defineScenario, type Scenario } from '../../scenario';

/**
 * The twostage program with `t` two-stage threads and `r` readers; `yields` (default
 * true) puts a `yieldNow` after each spawn.
 *
 * @example
 *   explore(twostage(99, 1), { strategy: 'surw', seed: 1, runs: 10_000 });   // twostage_100
 */
export function twostage(t: number, r: number, yields = true): Scenario {
  return defineScenario({
    name: `twostage-${t + r}${yields ? '' : '-no-yield'}`,
    description: `${t} two-stage threads and ${r} readers (SCTBench twostage)`,
    variants: { bad: { description: 'a reader can see data1 set and data2 not yet', expect: 'fail' } },
    setup(sim) {
      const data1Lock = sim.mutex('data1Lock');
      const data2Lock = sim.mutex('data2Lock');
      const data1Value = sim.atomic('data1Value', 0);
      const data2Value = sim.atomic('data2Value', 0);
      function* funcA(): Routine<void> {
        yield* data1Lock.lock();
        yield* data1Value.store(1);
        yield* data1Lock.unlock();
        yield* data2Lock.lock();
        yield* data2Value.store((yield* data1Value.load()) + 1);
        yield* data2Lock.unlock();
      }
      function* funcB(): Routine<void> {
        yield* data1Lock.lock();
        if ((yield* data1Value.load()) === 0) {
          yield* data1Lock.unlock();
          return;
        }
        const t1 = yield* data1Value.load();
        yield* data1Lock.unlock();
        yield* data2Lock.lock();
        const t2 = yield* data2Value.load();
        yield* data2Lock.unlock();
        sim.assert(t2 === t1 + 1, `the reader saw data1 = ${t1} and data2 = ${t2}`);
      }
      sim.go('main', function* () {
        for (let i = 0; i < t; i++) {
          sim.go('funcA', funcA);
          if (yields) yield* sim.yieldNow();
        }
        for (let i = 0; i < r; i++) {
          sim.go('funcB', funcB);
          if (yields) yield* sim.yieldNow();
        }
      });
    },
  });
}
