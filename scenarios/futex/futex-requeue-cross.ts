/**
 * `futex-requeue-cross`: two FUTEX_REQUEUEs in opposite directions (A → B and B → A)
 * race while a task waits on A (with a timeout, so it may also give up and WaitComplete
 * while it is being moved). When both requeues are done, the first requeuer sets both
 * words and wakes every waiter on both.
 *
 * A and B hash to different buckets unless `buckets` is 1. With `keys: 'mixed'`, A is in
 * a private mapping and B in a shared one, so the requeues take the two mixed branches of
 * lockBuckets (A's private bucket, then sharedBucket, in both directions).
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go.
 */
import { defineScenario } from '../../sim';
import { ETIMEDOUT } from './key';
import { FUTEX_REQUEUE, FUTEX_WAIT, FUTEX_WAKE } from './sys-futex';
import { FutexSystem, WORD_A, WORD_B } from './system';
import { futexVariants } from './variants';

const INT_MAX = 0x7fffffff;

export default defineScenario({
  name: 'futex-requeue-cross',
  description: "gVisor's futex manager under two requeues in opposite directions (A → B, B → A) with a waiter in between",
  variants: futexVariants('correct', 'lock-in-argument-order', 'check-outside-lock', 'waitcomplete-no-recheck'),
  params: { timeout: 1000, buckets: 2, keys: 'private' },
  setup(sim, { variant, params }) {
    const sys = new FutexSystem(sim, variant, params);
    const priv = sys.priv;
    sys.map(WORD_A, 'A', 0);
    sys.map(WORD_B, 'B', 0);
    const r2done = sim.chan<void>('r2 done', 1);
    const waiter = sys.task('waiter', 0);
    const r1 = sys.task('r1', 1);
    const r2 = sys.task('r2', 2);
    const timeout = params.timeout > 0 ? params.timeout : null;
    sim.go(waiter.name, function* () {
      while ((yield* waiter.mem.load(WORD_A)) === 0) {
        const err = yield* FUTEX_WAIT(waiter, WORD_A, priv, 0, timeout);
        if (err === ETIMEDOUT) break;
      }
    });
    sim.go(r1.name, function* () {
      yield* FUTEX_REQUEUE(r1, WORD_A, priv, 0, INT_MAX, WORD_B);
      yield* r2done.recv();
      // Both requeues are done: release the waiter wherever it sleeps.
      yield* r1.mem.store(WORD_A, 1);
      yield* r1.mem.store(WORD_B, 1);
      yield* FUTEX_WAKE(r1, WORD_A, priv, INT_MAX);
      yield* FUTEX_WAKE(r1, WORD_B, priv, INT_MAX);
    });
    sim.go(r2.name, function* () {
      yield* FUTEX_REQUEUE(r2, WORD_B, priv, 0, INT_MAX, WORD_A);
      yield* r2done.send(undefined);
    });
    sys.install();
  },
});
