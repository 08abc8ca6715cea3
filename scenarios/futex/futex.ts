/**
 * `futex`: gVisor's futex manager under its most common client, a mutex. Tasks lock a
 * futex word with glibc's low-level lock (FUTEX_WAIT when contended, FUTEX_WAKE of one
 * waiter on unlock), work on a race-checked counter, and unlock.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go; the model is in
 * manager.ts, bucket.ts, waiter.ts and waiter-list.ts.
 */
import { defineScenario } from '../../sim';
import { lll_lock, lll_unlock } from './lowlevellock';
import { FutexSystem, WORD_A } from './system';
import { futexVariants } from './variants';

export default defineScenario({
  name: 'futex',
  description: "gVisor's futex manager (pkg/sentry/kernel/futex) under a futex-based mutex: tasks lock, work, unlock",
  variants: futexVariants('correct', 'check-outside-lock'),
  params: { tasks: 2, rounds: 2, buckets: 2, keys: 'private' },
  setup(sim, { variant, params }) {
    const sys = new FutexSystem(sim, variant, params);
    const priv = sys.priv;
    sys.map(WORD_A, 'mutex', 0);
    // Race-checked: two tasks in the critical section at once is a data race on it, and a
    // task that never gets in leaves every goroutine blocked (a deadlock).
    const counter = sim.shared('counter', 0);
    // The tasks are interchangeable when they share one address space (private keys): the
    // same code on equal arguments, kept and checked alike (sim/strategy/symmetry.ts).
    const symmetric = params.keys === 'private' ? { symmetric: 'task' } : {};
    for (let i = 0; i < params.tasks; i++) {
      const t = sys.task(`t${i}`, i);
      sim.go(t.name, function* () {
        for (let r = 0; r < params.rounds; r++) {
          yield* lll_lock(t, WORD_A, priv);
          yield* counter.store((yield* counter.load()) + 1);
          yield* lll_unlock(t, WORD_A, priv);
        }
      }, symmetric);
    }
    sys.install();
  },
});
