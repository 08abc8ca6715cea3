/**
 * The races of the peer comparison, interleave side. Each mirrors, scheduling point for
 * scheduling point, its promise version in `peer-promises.ts` (the fast-check side):
 * where the promise code awaits `s.schedule(...)` before an access, the goroutine
 * `yield*`s an effect that does the access.
 *
 * - `lostUpdateRace`: two tasks each increment a counter by load-then-store.
 * - `multiStepRace`: `tasks` tasks × `steps` steps (load/store pairs on one counter):
 *   the throughput workload (4 × 10 by default).
 * - `tcpipJobRace`: gVisor's `tcpip.Job` stop/reset race (pkg/tcpip/timer.go, the
 *   comment on `jobInstance`): T1 holds L, schedules instance A, then `rounds` times
 *   cancels and reschedules; the instances that fire block on L. With one `earlyReturn`
 *   shared by all instances and the original callback (which resets it), a cancelled
 *   instance runs fn, or fn never runs. The full model is `scenarios/tcpip-job`
 *   (variant `shared-flag-reset-in-callback`).
 *
 * The counters are `atomic`, not `shared`: with `shared`, interleave's race detector
 * reports the unsynchronised accesses in the first execution whatever the order, and the
 * comparison would not measure exploration. Parameter `check: false` drops the final
 * check (the throughput runs measure the same executions without ever stopping).
 */
import { defineScenario, Millisecond, type Timer } from '../sim';

/** Two tasks, one load-then-store increment each, on an atomic counter. */
export const lostUpdateRace = defineScenario({
  name: 'bench-lost-update',
  description: 'two tasks increment a counter by load-then-store',
  variants: { racy: { description: 'no lock: an increment may be lost', expect: 'fail' } },
  params: { tasks: 2, check: true },
  setup(sim, { params }) {
    const n = sim.atomic('n', 0);
    for (let t = 0; t < params.tasks; t++) {
      sim.go(`t${t}`, function* () {
        const v = yield* n.load();
        yield* n.store(v + 1);
      });
    }
    if (params.check) sim.atEnd('every increment lands', () => n.value === params.tasks || `n is ${n.value}, want ${params.tasks}`);
  },
});

/** `tasks` tasks, each `steps` steps: alternately a load and a store (+1) of one counter. */
export const multiStepRace = defineScenario({
  name: 'bench-multi-step',
  description: 'tasks × steps load/store increments of one counter',
  variants: { racy: { description: 'no lock: increments may be lost', expect: 'fail' } },
  params: { tasks: 4, steps: 10, check: true },
  setup(sim, { params }) {
    const n = sim.atomic('n', 0);
    for (let t = 0; t < params.tasks; t++) {
      sim.go(`t${t}`, function* () {
        let v = 0;
        for (let i = 0; i < params.steps; i++) {
          if (i % 2 === 0) v = yield* n.load();
          else yield* n.store(v + 1);
        }
      });
    }
    const want = params.tasks * (params.steps >> 1);
    if (params.check) sim.atEnd('every increment lands', () => n.value === want || `n is ${n.value}, want ${want}`);
  },
});

/** A scheduled instance of the Job: its timer, its earlyReturn flag, its ghost record. */
interface Instance {
  readonly timer: Timer;
  readonly earlyReturn: { value: boolean };
  readonly id: number;
}

/** What the check knows about instance `id`. */
interface Ghost {
  cancelled: boolean;
  ranFn: boolean;
}

/**
 * gVisor's `tcpip.Job` stop/reset race, reduced to its scheduling points: T1's
 * `L.Lock`, each `Cancel` (`timer.Stop`, then `*earlyReturn = true`), each `Schedule`
 * (`AfterFunc(d, callback)`; not a scheduling point), `L.Unlock`; each callback's
 * `L.Lock`, the flag check, fn, `L.Unlock`. Timer expiries are scheduling choices.
 *
 * Variant `shared-flag` (the bug the per-instance flag fixed): one flag for all
 * instances, reset by the callback that sees it. `per-instance` is the fix.
 */
export const tcpipJobRace = defineScenario({
  name: 'bench-tcpip-job',
  description: "gVisor tcpip.Job: cancel/reschedule under L while earlier instances fire and block on L",
  variants: {
    'shared-flag': { description: 'one earlyReturn shared by all instances, reset in the callback', expect: 'fail' },
    'per-instance': 'one earlyReturn per instance (the fix)',
  },
  params: { rounds: 3, check: true },
  setup(sim, { variant, params }) {
    const L = sim.mutex('L');
    let work = 0; // fn's work: plain memory, only touched under L
    const sharedFlag = { value: false };
    const ghosts: Ghost[] = [];
    let instance: Instance | null = null;

    function schedule(): void {
      const earlyReturn = variant === 'shared-flag' ? sharedFlag : { value: false };
      const id = ghosts.length;
      const ghost: Ghost = { cancelled: false, ranFn: false };
      ghosts.push(ghost);
      const timer = sim.afterFunc(Millisecond, `instance ${id}`, function* () {
        yield* L.lock();
        if (earlyReturn.value) {
          earlyReturn.value = false;
          yield* L.unlock();
          return;
        }
        ghost.ranFn = true;
        work++;
        yield* L.unlock();
      });
      instance = { timer, earlyReturn, id };
    }

    sim.go('T1', function* () {
      yield* L.lock();
      schedule();
      for (let r = 0; r < params.rounds; r++) {
        const inst: Instance = instance!;
        yield* inst.timer.stop();
        inst.earlyReturn.value = true;
        ghosts[inst.id]!.cancelled = true;
        schedule();
      }
      yield* L.unlock();
    });

    if (params.check) sim.atEnd('no cancelled instance runs fn, and fn runs once', () => tcpipVerdict(ghosts, work));
  },
});

/** The check both sides apply: true, or what went wrong. */
export function tcpipVerdict(ghosts: readonly { readonly cancelled: boolean; readonly ranFn: boolean }[], work: number): true | string {
  const bad = ghosts.findIndex((g) => g.cancelled && g.ranFn);
  if (bad >= 0) return `cancelled instance ${bad} ran fn`;
  return work === 1 || `fn ran ${work} times, want once`;
}
