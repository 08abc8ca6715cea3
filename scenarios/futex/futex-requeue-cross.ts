/**
 * `futex-requeue-cross`: two FUTEX_REQUEUEs in opposite directions (A → B and B → A)
 * race while a task waits on A (with a deadline, so it may also give up and
 * WaitComplete while it is being moved). When both requeues are done, the first
 * requeuer sets both words and wakes every waiter on both.
 *
 * Original: gVisor `pkg/sentry/kernel/futex/futex.go` (seeds/gvisor-futex.go.txt).
 * A and B hash to different buckets unless `buckets` is 1.
 */
import { defineScenario } from '../../sim';
import { ETIMEDOUT } from './key';
import { FUTEX_BITSET_MATCH_ANY } from './manager';
import { FutexSystem, WORD_A, WORD_B } from './system';
import { futexWait, futexWake } from './task';
import { futexVariants } from './variants';

const INT_MAX = 0x7fffffff;

export default defineScenario({
  name: 'futex-requeue-cross',
  description: "gVisor's futex manager under two requeues in opposite directions (A → B, B → A) with a waiter in between",
  variants: futexVariants('correct', 'lock-in-argument-order', 'check-outside-lock', 'waitcomplete-no-recheck'),
  params: { timeout: 1000, buckets: 2, private: true },
  setup(sim, { variant, params }) {
    const sys = new FutexSystem(sim, variant, params);
    const priv = params.private;
    sys.map(WORD_A, 'A', 0);
    sys.map(WORD_B, 'B', 0);
    const r2done = sim.chan<void>('r2 done', 1);
    const waiter = sys.task('waiter', 0);
    const r1 = sys.task('r1', 1);
    const r2 = sys.task('r2', 2);
    const deadline = params.timeout > 0 ? params.timeout : null;
    sim.go(waiter.name, function* () {
      while ((yield* waiter.mem.load(WORD_A)) === 0) {
        const err = yield* futexWait(waiter, WORD_A, priv, 0, FUTEX_BITSET_MATCH_ANY, deadline);
        if (err === ETIMEDOUT) break;
      }
    });
    sim.go(r1.name, function* () {
      yield* r1.Futex().Requeue(r1.checker, WORD_A, WORD_B, priv, 0, INT_MAX);
      yield* r2done.recv();
      // Both requeues are done: release the waiter wherever it sleeps.
      yield* r1.mem.store(WORD_A, 1);
      yield* r1.mem.store(WORD_B, 1);
      yield* futexWake(r1, WORD_A, priv, FUTEX_BITSET_MATCH_ANY, INT_MAX);
      yield* futexWake(r1, WORD_B, priv, FUTEX_BITSET_MATCH_ANY, INT_MAX);
    });
    sim.go(r2.name, function* () {
      yield* r2.Futex().Requeue(r2.checker, WORD_B, WORD_A, priv, 0, INT_MAX);
      yield* r2done.send(undefined);
    });
    sys.install();
  },
});
