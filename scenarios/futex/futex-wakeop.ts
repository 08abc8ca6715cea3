/**
 * `futex-wakeop`: FUTEX_WAKE_OP as glibc's `pthread_cond_signal` used it before 2.25
 * (`lll_futex_wake_unlock`): in one call, release the condition's internal lock word L
 * (op: set L to 0, compare the old value > 1), wake one waiter on the sequence word S,
 * and wake one waiter on L if the lock was contended.
 *
 * By default the condition variable is process-shared (`keys: 'shared'`): the tasks live
 * in two processes (`m` and `m.Fork()`) mapping the same page, so every key is
 * KindSharedMappable and every operation goes through `sharedBucket` (WakeOp takes the
 * both-shared branch of lockBuckets). Waiters take one token each (`lock L; while tokens
 * == 0: read S, unlock L, FUTEX_WAIT(S), lock L; tokens--; unlock L`); the signaler gives
 * one token per waiter (`lock L; tokens++; S++; WakeOp`).
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go.
 */
import { defineScenario } from '../../sim';
import { lll_lock, lll_unlock } from './lowlevellock';
import { FUTEX_WAIT, FUTEX_WAKE_OP } from './sys-futex';
import { FutexSystem, WORD_A, WORD_B } from './system';
import { FUTEX_OP, FUTEX_OP_CMP_GT, FUTEX_OP_SET } from './target';
import { futexVariants } from './variants';

const L = WORD_A;
const S = WORD_B;
/** Unlock L (set it to 0) and report whether it was contended (old value > 1). */
const UNLOCK_L = FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1);

export default defineScenario({
  name: 'futex-wakeop',
  description: "gVisor's futex manager under FUTEX_WAKE_OP: a process-shared condition signal that releases its lock word and wakes in one call",
  variants: futexVariants('correct', 'check-outside-lock', 'shared-pair-unlocked'),
  // One waiter: exhaustive search finishes; more for random and pct.
  params: { waiters: 1, buckets: 2, keys: 'shared' },
  setup(sim, { variant, params }) {
    const sys = new FutexSystem(sim, variant, params);
    const priv = sys.priv;
    sys.map(L, 'lock', 0);
    sys.map(S, 'seq', 0);
    // A waiter that never gets its token leaves every goroutine blocked (a deadlock).
    const tokens = sim.shared('tokens', 0);
    for (let i = 0; i < params.waiters; i++) {
      const t = sys.task(`w${i}`, i);
      sim.go(t.name, function* () {
        yield* lll_lock(t, L, priv);
        while ((yield* tokens.load()) === 0) {
          const seq = yield* t.mem.load(S);
          yield* lll_unlock(t, L, priv);
          yield* FUTEX_WAIT(t, S, priv, seq);
          yield* lll_lock(t, L, priv);
        }
        yield* tokens.store((yield* tokens.load()) - 1);
        yield* lll_unlock(t, L, priv);
      });
    }
    const s = sys.task('signaler', params.waiters);
    sim.go(s.name, function* () {
      for (let i = 0; i < params.waiters; i++) {
        yield* lll_lock(s, L, priv);
        yield* tokens.store((yield* tokens.load()) + 1);
        yield* s.mem.add(S, 1);
        // pthread_cond_signal's lll_futex_wake_unlock: unlock L, wake one on S, and one on L if contended.
        yield* FUTEX_WAKE_OP(s, S, priv, 1, 1, L, UNLOCK_L);
      }
    });
    sys.install();
  },
});
