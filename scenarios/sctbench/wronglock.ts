/**
 * SCTBench CS/wronglock and CS/wronglock_3: `iNum1` threads run `funcA`, which increments
 * `dataValue` under `dataLock` and asserts the increment was its own; `iNum2` threads run
 * `funcB`, which increments `dataValue` under the wrong lock, `thisLock`. It fails when a
 * `funcB` increments between `funcA`'s read and its check. wronglock has 1 + 7 threads,
 * wronglock_3 has 1 + 3.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/wronglock_bad.c (wronglock_3_bad.c differs
 * only in `iNum2`). No `_ok` file upstream; the `fixed` variant (of wronglock_3) is
 * ours: `funcB` takes `dataLock`.
 *
 * `dataValue` (volatile in the original) is touched under two different locks: `atomic`.
 * The locks are `pthread_mutex_t *` globals that `main` mallocs and `lock()`/`unlock()`
 * load: `MutexPtr` (`mutex-ptr.ts`) makes those loads effects too.
 */
import { defineScenario, type Scenario, type VariantSpec } from '../../sim';
import { MutexPtr } from './mutex-ptr';
import { Pthreads, type PthreadT } from './pthread';

/**
 * The wronglock scenario with `iNum1` checkers and `iNum2` wrong-lock incrementers by
 * default; with the `fixed` variant when `withFixed` (only wronglock_3 has it: the fix is
 * the same at every size, `--param iNum2=7` runs it larger, and `explore --all` stays fast).
 */
export function wronglock(published: string, iNum1: number, iNum2: number, withFixed: boolean): Scenario {
  const variants: Record<string, VariantSpec> = {
    bug: { description: `${published}_bad.c: funcB locks thisLock, not dataLock`, expect: 'fail' },
  };
  if (withFixed) variants['fixed'] = 'ours: funcB locks dataLock';
  return defineScenario<{ spawnYield: boolean; iNum1: number; iNum2: number }, string>({
    name: `sctbench-${published.replace(/_/g, '-')}`,
    description: `SCTBench CS/${published}: ${iNum2} threads increment dataValue under thisLock while funcA checks its increment under dataLock`,
    variants,
    params: { spawnYield: true, iNum1, iNum2 },
    setup(sim, { variant, params }) {
      const pt = new Pthreads(sim, params.spawnYield);
      const dataValue = sim.atomic('dataValue', 0);
      const dataLock = new MutexPtr(sim, 'dataLock');
      const thisLock = new MutexPtr(sim, 'thisLock');

      function* funcA() {
        yield* dataLock.lock();
        const x = yield* dataValue.load();
        yield* dataValue.store((yield* dataValue.load()) + 1);
        const now = yield* dataValue.load();
        sim.assert(now === x + 1, `funcA: dataValue went from ${x} to ${now} in one increment`);
        yield* dataLock.unlock();
      }
      function* funcB() {
        const lock = variant === 'bug' ? thisLock : dataLock;
        yield* lock.lock();
        yield* dataValue.store((yield* dataValue.load()) + 1);
        yield* lock.unlock();
      }

      sim.go('main', function* () {
        yield* dataLock.malloc();
        yield* thisLock.malloc();
        yield* dataLock.init();
        yield* thisLock.init();
        const num1Pool: PthreadT[] = [];
        const num2Pool: PthreadT[] = [];
        for (let i = 0; i < params.iNum1; i++) num1Pool.push(yield* pt.create(`funcA${i}`, funcA));
        for (let i = 0; i < params.iNum2; i++) num2Pool.push(yield* pt.create(`funcB${i}`, funcB));
        for (const t of num1Pool) yield* pt.join(t);
        for (const t of num2Pool) yield* pt.join(t);
      });
    },
  });
}

/** wronglock_bad.c: iNum1 1, iNum2 7. */
export const wronglock1 = wronglock('wronglock', 1, 7, false);
/** wronglock_3_bad.c: iNum1 1, iNum2 3. */
export const wronglock3 = wronglock('wronglock_3', 1, 3, true);
