/**
 * SCTBench's `reorder` for the strategy tests: `set` setter threads each store `a = 1`
 * then `b = -1`; `check` checker threads read `a` and `b` as C's short-circuit
 * `(a == 0 && b == 0) || (a == 1 && b == -1)` does, and fail when neither holds — a
 * checker that reads `a` after some setter's first store and `b` before every setter's
 * second. Modelled on mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/reorder_10_bad.c (`setThread`,
 * `checkThread`, `main`; reorder_N has N − 1 setters and one checker, reorder_20 ten of
 * each).
 *
 * The C `main` creates every thread with `pthread_create`, a visible operation; here the
 * spawner marks it with `yield* sim.yieldNow()` after each `sim.go`, the way a user marks
 * a scheduling point between plain statements. That is the shape that blinded PCT and
 * SURW when they demoted every goroutine that yields (issue 13): the spawner then ran
 * last and the checker was never created while a setter was between its two stores.
 * `a` and `b` are atomics (the C ints race; a race report is not the bug sought here).
 * The final joins are left out: they order nothing the checker reads.
 *
 * Only for the strategy tests and measurements; the SCTBench port proper lives in
 * `scenarios/sctbench/`.
 */
import type { Routine } from '../../effect';
import { defineScenario, type Scenario } from '../../scenario';

/**
 * The reorder program with `set` setters and `check` checkers; `yields` (default true)
 * puts a `yieldNow` after each spawn.
 *
 * @example
 *   explore(reorder(9, 1), { strategy: 'pct', seed: 1, runs: 10_000 });   // reorder_10
 */
export function reorder(set: number, check: number, yields = true): Scenario {
  return defineScenario({
    name: `reorder-${set + check}${yields ? '' : '-no-yield'}`,
    description: `${set} setters and ${check} checkers (SCTBench reorder)`,
    variants: { bad: { description: 'a checker can see a = 1 with b = 0', expect: 'fail' } },
    setup(sim) {
      const a = sim.atomic('a', 0);
      const b = sim.atomic('b', 0);
      function* setThread(): Routine<void> {
        yield* a.store(1);
        yield* b.store(-1);
      }
      function* checkThread(): Routine<void> {
        let ok = false;
        if ((yield* a.load()) === 0 && (yield* b.load()) === 0) ok = true;
        else if ((yield* a.load()) === 1 && (yield* b.load()) === -1) ok = true;
        sim.assert(ok, 'the checker saw a and b half set');
      }
      sim.go('main', function* () {
        for (let i = 0; i < set; i++) {
          sim.go('set', setThread);
          if (yields) yield* sim.yieldNow();
        }
        for (let i = 0; i < check; i++) {
          sim.go('check', checkThread);
          if (yields) yield* sim.yieldNow();
        }
      });
    },
  });
}
