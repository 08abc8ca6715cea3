/**
 * SCTBench CS/twostage and CS/twostage_100: `iTThreads` threads run `funcA`, which sets
 * `data1Value = 1` under `data1Lock` and then, in a second critical section under
 * `data2Lock`, `data2Value = data1Value + 1`; `iRThreads` threads run `funcB`, which
 * reads `data1Value` and, if it is set, `data2Value`, and asserts `t2 == t1 + 1`. It
 * fails when a reader runs between some `funcA`'s two stages, before any `funcA` has
 * done its second. twostage has 1 + 1 threads, twostage_100 has 99 + 1.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/twostage_bad.c (twostage_100_bad.c differs
 * only in `iTThreads`). No `_ok` file upstream; the `fixed` variant (of twostage) is
 * ours: `funcA` keeps `data1Lock` until its second stage is done.
 *
 * `data1Value` is written under `data1Lock` but read by `funcA` under `data2Lock` only:
 * `atomic`. `data2Value` is only touched under `data2Lock`: a race-checked `shared`. The
 * locks are `pthread_mutex_t *` globals that `main` mallocs and every lock and unlock
 * call loads: `MutexPtr` (`mutex-ptr.ts`) makes those loads effects too.
 */
import { defineScenario, type Scenario, type VariantSpec } from '../../sim';
import { MutexPtr } from './mutex-ptr';
import { Pthreads, type PthreadT } from './pthread';

/**
 * The twostage scenario with `iTThreads` two-stage writers and `iRThreads` readers by
 * default; with the `fixed` variant when `withFixed` (only twostage has it: the fix is the
 * same at every size, `--param iTThreads=99` runs it larger, and `explore --all` stays fast).
 */
export function twostage(published: string, iTThreads: number, iRThreads: number, withFixed: boolean): Scenario {
  const variants: Record<string, VariantSpec> = {
    bug: { description: `${published}_bad.c: funcA releases data1Lock between its two stages`, expect: 'fail' },
  };
  if (withFixed) variants['fixed'] = 'ours: funcA holds data1Lock until data2Value is set';
  return defineScenario<{ spawnYield: boolean; iTThreads: number; iRThreads: number }, string>({
    name: `sctbench-${published.replace(/_/g, '-')}`,
    description: `SCTBench CS/${published}: a reader between a writer's two critical sections sees data1Value set and data2Value not (${iTThreads} writers, ${iRThreads} reader)`,
    variants,
    params: { spawnYield: true, iTThreads, iRThreads },
    setup(sim, { variant, params }) {
      const pt = new Pthreads(sim, params.spawnYield);
      const data1Value = sim.atomic('data1Value', 0);
      const data2Value = sim.shared('data2Value', 0);
      const data1Lock = new MutexPtr(sim, 'data1Lock');
      const data2Lock = new MutexPtr(sim, 'data2Lock');

      function* funcA() {
        yield* data1Lock.lock();
        yield* data1Value.store(1);
        if (variant === 'bug') yield* data1Lock.unlock();
        yield* data2Lock.lock();
        yield* data2Value.store((yield* data1Value.load()) + 1);
        yield* data2Lock.unlock();
        if (variant === 'fixed') yield* data1Lock.unlock();
      }
      function* funcB() {
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
        sim.assert(t2 === t1 + 1, `funcB: data1Value was ${t1} but data2Value is ${t2}`);
      }

      sim.go('main', function* () {
        yield* data1Lock.malloc();
        yield* data2Lock.malloc();
        yield* data1Lock.init();
        yield* data2Lock.init();
        const tPool: PthreadT[] = [];
        const rPool: PthreadT[] = [];
        for (let i = 0; i < params.iTThreads; i++) tPool.push(yield* pt.create(`funcA${i}`, funcA));
        for (let i = 0; i < params.iRThreads; i++) rPool.push(yield* pt.create(`funcB${i}`, funcB));
        for (const t of tPool) yield* pt.join(t);
        for (const t of rPool) yield* pt.join(t);
      });
    },
  });
}

/** twostage_bad.c: iTThreads 1, iRThreads 1. */
export const twostage1 = twostage('twostage', 1, 1, true);
/** twostage_100_bad.c: iTThreads 99, iRThreads 1. */
export const twostage100 = twostage('twostage_100', 99, 1, false);
