/**
 * SCTBench CS/reorder_N: `iSet` threads run `setThread` (`a = 1; b = -1;`) and `iCheck`
 * threads run `checkThread`, which asserts that it sees `a` and `b` both unset or both
 * set. It fails when a checker reads between some setter's two stores. The sizes SCTBench
 * publishes are registered as their own scenarios: reorder_3, _4, _5 and _10 have one
 * checker and 2, 3, 4 and 9 setters; reorder_20 has 10 setters and 10 checkers.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/reorder_3_bad.c (reorder_4_bad.c,
 * reorder_5_bad.c, reorder_10_bad.c, reorder_20_bad.c differ only in `iSet` and
 * `iCheck`). No `_ok` file upstream; the `fixed` variant (of reorder_3) is ours: one
 * mutex `m` around each setter's two stores and each checker's reads.
 *
 * `a` and `b` are read and written without a lock: `atomic`. The checker evaluates the
 * original's condition `(a == 0 && b == 0) || (a == 1 && b == -1)` with its
 * short-circuit reads, one effect per read.
 */
import { defineScenario, type Scenario, type VariantSpec } from '../../sim';
import { Pthreads, type PthreadT } from './pthread';

/**
 * The reorder scenario with `iSet` setters and `iCheck` checkers by default; with the
 * `fixed` variant when `withFixed` (only the smallest size has it: the fix is the same at
 * every size, `--param iSet=9` runs it larger, and `explore --all` stays fast).
 */
export function reorder(published: string, iSet: number, iCheck: number, withFixed: boolean): Scenario {
  const variants: Record<string, VariantSpec> = {
    bug: { description: `${published}_bad.c: the setters' two stores are not atomic`, expect: 'fail' },
  };
  if (withFixed) variants['fixed'] = "ours: a mutex around each setter's stores and each checker's reads";
  return defineScenario<{ spawnYield: boolean; iSet: number; iCheck: number }, string>({
    name: `sctbench-${published.replace(/_/g, '-')}`,
    description: `SCTBench CS/${published}: ${iCheck} checker(s) must see a and b both unset or both set while ${iSet} setters store a = 1 then b = -1`,
    variants,
    params: { spawnYield: true, iSet, iCheck },
    setup(sim, { variant, params }) {
      const pt = new Pthreads(sim, params.spawnYield);
      const a = sim.atomic('a', 0);
      const b = sim.atomic('b', 0);
      const m = variant === 'fixed' ? sim.mutex('m') : undefined;

      function* setThread() {
        if (m !== undefined) yield* m.lock();
        yield* a.store(1);
        yield* b.store(-1);
        if (m !== undefined) yield* m.unlock();
      }
      function* checkThread() {
        if (m !== undefined) yield* m.lock();
        let ok = false;
        let seen = '';
        const a1 = yield* a.load();
        if (a1 === 0) {
          const b1 = yield* b.load();
          ok = b1 === 0;
          seen = `a == 0, b == ${b1}`;
        }
        if (!ok) {
          const a2 = yield* a.load();
          const b2 = a2 === 1 ? yield* b.load() : undefined;
          ok = a2 === 1 && b2 === -1;
          if (!ok) seen += `${seen === '' ? '' : '; then '}a == ${a2}${b2 === undefined ? '' : `, b == ${b2}`}`;
        }
        sim.assert(ok, `checkThread: saw ${seen}`);
        if (m !== undefined) yield* m.unlock();
      }

      sim.go('main', function* () {
        const setPool: PthreadT[] = [];
        const checkPool: PthreadT[] = [];
        for (let i = 0; i < params.iSet; i++) setPool.push(yield* pt.create(`setThread${i}`, setThread));
        for (let i = 0; i < params.iCheck; i++) checkPool.push(yield* pt.create(`checkThread${i}`, checkThread));
        for (const t of setPool) yield* pt.join(t);
        for (const t of checkPool) yield* pt.join(t);
      });
    },
  });
}

/** reorder_3_bad.c: iSet 2, iCheck 1. */
export const reorder3 = reorder('reorder_3', 2, 1, true);
/** reorder_4_bad.c: iSet 3, iCheck 1. */
export const reorder4 = reorder('reorder_4', 3, 1, false);
/** reorder_5_bad.c: iSet 4, iCheck 1. */
export const reorder5 = reorder('reorder_5', 4, 1, false);
/** reorder_10_bad.c: iSet 9, iCheck 1. */
export const reorder10 = reorder('reorder_10', 9, 1, false);
/** reorder_20_bad.c: iSet 10, iCheck 10. */
export const reorder20 = reorder('reorder_20', 10, 10, false);
