/**
 * `futex-condvar`: a condition variable in the style of glibc before 2.25, whose
 * broadcast requeues the waiters from the condition's word onto the mutex word
 * (FUTEX_CMP_REQUEUE: wake one, requeue the rest) so they do not all stampede the mutex.
 *
 * Waiters: lock the mutex; while not `ready`: read the sequence word, unlock, FUTEX_WAIT
 * on it, re-lock with `lll_cond_lock` (marking the mutex contended, so that the unlock
 * wakes the requeued ones). The first `timedWaiters` use a timeout and give up when it
 * passes, which is how a requeued waiter reaches WaitComplete without being woken.
 * Broadcasters: set `ready` under the mutex, bump the sequence word, then
 * FUTEX_CMP_REQUEUE it (with the bumped value) onto the mutex word; on EAGAIN (another
 * broadcast bumped it first) they fall back to waking everyone, as glibc did.
 *
 * With `keys: 'mixed'` the mutex word (A) is in a private mapping and the condition's (B)
 * in a shared one: the requeue takes the `k2.Kind != KindSharedMappable` branch of
 * lockBuckets (the private bucket, then sharedBucket).
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go.
 */
import { defineScenario } from '../../sim';
import { EAGAIN, ETIMEDOUT } from './key';
import { lll_cond_lock, lll_lock, lll_unlock } from './lowlevellock';
import { FUTEX_CMP_REQUEUE, FUTEX_WAIT, FUTEX_WAKE } from './sys-futex';
import { FutexSystem, WORD_A, WORD_B } from './system';
import { futexVariant, futexVariants } from './variants';

const MUTEX = WORD_A;
const COND = WORD_B;
const INT_MAX = 0x7fffffff;

export default defineScenario({
  name: 'futex-condvar',
  description: "gVisor's futex manager under a condition variable whose broadcast requeues the waiters onto the mutex word (RequeueCmp)",
  variants: {
    ...futexVariants('correct', 'check-outside-lock'),
    // A requeue moves a waiter only when the broadcast wakes one and finds a second.
    'waitcomplete-no-recheck': { ...futexVariant('waitcomplete-no-recheck'), params: { waiters: 2 } },
  },
  // One (timed) waiter: exhaustive search finishes; with two, the broadcast also
  // requeues, and the space is for random and pct (see README.md).
  params: { waiters: 1, timedWaiters: 1, timeout: 1000, broadcasters: 1, broadcastLocked: true, buckets: 2, keys: 'private' },
  setup(sim, { variant, params }) {
    const sys = new FutexSystem(sim, variant, params);
    const priv = sys.priv;
    sys.map(MUTEX, 'mutex', 0);
    sys.map(COND, 'cond', 0);
    const ready = sim.shared('ready', false);
    let n = 0;
    for (let i = 0; i < params.waiters; i++) {
      const t = sys.task(`w${i}`, n++);
      const timeout = i >= params.waiters - params.timedWaiters ? params.timeout : null;
      sim.go(t.name, function* () {
        // pthread_mutex_lock; while (!ready) pthread_cond_(timed)wait; pthread_mutex_unlock
        yield* lll_lock(t, MUTEX, priv);
        while (!(yield* ready.load())) {
          const seq = yield* t.mem.load(COND);
          yield* lll_unlock(t, MUTEX, priv);
          const err = yield* FUTEX_WAIT(t, COND, priv, seq, timeout);
          yield* lll_cond_lock(t, MUTEX, priv);
          if (err === ETIMEDOUT) break;
        }
        yield* lll_unlock(t, MUTEX, priv);
      });
    }
    for (let i = 0; i < params.broadcasters; i++) {
      const t = sys.task(`b${i}`, n++);
      sim.go(t.name, function* () {
        yield* lll_lock(t, MUTEX, priv);
        yield* ready.store(true);
        if (!params.broadcastLocked) yield* lll_unlock(t, MUTEX, priv);
        // pthread_cond_broadcast
        const seq = yield* t.mem.add(COND, 1);
        const [, err] = yield* FUTEX_CMP_REQUEUE(t, COND, priv, 1, INT_MAX, MUTEX, seq);
        if (err === EAGAIN) yield* FUTEX_WAKE(t, COND, priv, INT_MAX);
        if (params.broadcastLocked) yield* lll_unlock(t, MUTEX, priv);
      });
    }
    sys.install();
  },
});
