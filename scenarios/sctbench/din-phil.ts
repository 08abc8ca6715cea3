/**
 * SCTBench CS/din_philN_sat: N dining philosophers take their right and then their left
 * fork inside one global atomic section (so they cannot deadlock), and then count
 * themselves done with `++phil` outside it; the last to finish reaches `assert(0)`. It
 * fails in every schedule but those that lose an increment (two philosophers reading
 * the same `phil`). SCTBench has N = 2 to 7, each registered here.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/din_phil2_sat.c (din_phil3_sat.c,
 * din_phil4_sat.c, din_phil5_sat.c, din_phil6_sat.c and din_phil7_sat.c differ only in
 * `N`; the `ok` variant of din_phil2: din_phil2_unsat.c, without `phil` and its
 * assertion: what it checks is that the forks never deadlock).
 *
 * `__ESBMC_atomic_begin/end` lock the global `esbmc_mutex` (the original's `common.inc`).
 * `phil` is read and written without a lock: `atomic`, one effect per access of `++phil`
 * and of the comparison. `arg[i]`, main's array of ids, is read by each philosopher
 * through its pointer: a `shared` cell each.
 */
import { defineScenario, type Scenario, type VariantSpec } from '../../sim';
import { Pthreads, type PthreadT } from './pthread';

/**
 * The dining philosophers with `N` philosophers; with the `ok` variant when `withOk` (only
 * din_phil2 has it: the _unsat programs differ only in `N`, `--param N=7` runs one larger,
 * and `explore --all` stays fast).
 */
export function dinPhil(N: number, withOk: boolean): Scenario {
  const variants: Record<string, VariantSpec> = { bug: { description: `din_phil${N}_sat.c: ++phil; if (phil == N) assert(0)`, expect: 'fail' } };
  if (withOk) variants['ok'] = `din_phil${N}_unsat.c: no phil counter; the forks must not deadlock`;
  return defineScenario<{ spawnYield: boolean; N: number }, string>({
    name: `sctbench-din-phil${N}`,
    description: `SCTBench CS/din_phil${N}_sat: ${N} philosophers eat, then the last to count itself done reaches assert(0)`,
    variants,
    params: { spawnYield: true, N },
    setup(sim, { variant, params }) {
      const pt = new Pthreads(sim, params.spawnYield);
      const n = params.N;
      const esbmc_mutex = sim.mutex('esbmc_mutex');
      const x = Array.from({ length: n }, (_, k) => sim.mutex(`x[${k}]`));
      const phil = sim.atomic('phil', 0);
      const arg = Array.from({ length: n }, (_, k) => sim.shared(`arg[${k}]`, 0));

      const thread1 = (k: number) =>
        function* () {
          const id = yield* arg[k]!.load();
          const left = id;
          const right = (id + 1) % n;
          yield* esbmc_mutex.lock();
          yield* x[right]!.lock();
          yield* x[left]!.lock();
          yield* x[left]!.unlock();
          yield* x[right]!.unlock();
          yield* esbmc_mutex.unlock();
          if (variant === 'bug') {
            yield* phil.store((yield* phil.load()) + 1);
            if ((yield* phil.load()) === n) sim.assert(false, `philosopher ${id}: phil reached ${n}`);
          }
        };

      sim.go('main', function* () {
        const trd_id: PthreadT[] = [];
        for (let i = 0; i < n; i++) {
          yield* arg[i]!.store(i);
          trd_id.push(yield* pt.create(`thread1_${i}`, thread1(i)));
        }
        for (const t of trd_id) yield* pt.join(t);
      });
    },
  });
}

export const dinPhil2 = dinPhil(2, true);
export const dinPhil3 = dinPhil(3, false);
export const dinPhil4 = dinPhil(4, false);
export const dinPhil5 = dinPhil(5, false);
export const dinPhil6 = dinPhil(6, false);
export const dinPhil7 = dinPhil(7, false);
