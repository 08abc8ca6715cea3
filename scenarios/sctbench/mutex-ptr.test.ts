import { explore } from '../../sim';
import { twostage1 } from './twostage';
import { wronglock3 } from './wronglock';

/*
 * twostage_bad.c and wronglock_bad.c (mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/) keep their mutexes behind `pthread_mutex_t *`
 * globals: main stores each pointer (malloc) and loads it (pthread_mutex_init), and every
 * lock and unlock call loads it again, a shared-memory access the binary instrumentation
 * of the schedulers we compare with sees.
 */
describe('MutexPtr', () => {
  for (const [scenario, locks] of [
    [twostage1, ['data1Lock', 'data2Lock']],
    [wronglock3, ['dataLock', 'thisLock']],
  ] as const) {
    it(`should load the pointer right before every lock and unlock in ${scenario.name}, after main stored it`, () => {
      const trace = explore(scenario, { variant: 'bug', strategy: 'random', seed: 1, runs: 10_000, shrink: false }).violation!.trace;
      for (const name of locks) {
        const ptr = `shared "${name}Ptr"`;
        const mine = trace.filter((e) => e.object === ptr || e.object === `mutex "${name}"`);
        // main: store, load (init); then, per goroutine, a load right before each mutex operation
        expect(mine.slice(0, 2).map((e) => [e.goroutine, e.effect])).toEqual([
          ['main', 'store(true)'],
          ['main', 'load'],
        ]);
        const ops = mine.filter((e) => e.object === `mutex "${name}"`);
        expect(ops.length).toBeGreaterThan(0);
        for (const op of ops) {
          const before = trace.filter((e) => e.gid === op.gid && e.step < op.step).at(-1);
          expect([op.goroutine, op.effect, before?.object, before?.effect]).toEqual([op.goroutine, op.effect, ptr, 'load']);
        }
      }
    });
  }
});
