/**
 * `futex-bitset`: FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET on one word, as an event-flags
 * object uses them: each waiter sleeps on the word until its own bit is set, waiting
 * with that bit as its mask; the setter sets each bit in turn and wakes one waiter whose
 * mask contains it. Every waiter is on the same key, so only the bitmask test of
 * `wakeLocked` (`w.bitmask&bitmask == 0`) tells them apart: a wake that ignores it wakes
 * the first waiter in the list, whose bit is not set, and the one it was for sleeps on.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go (`wakeLocked`,
 * lines 259–279) and pkg/sentry/syscalls/linux/sys_futex.go at google/gvisor@3c5eee17dc45
 * (FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET, lines 195–221).
 */
import { defineScenario } from '../../sim';
import { FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET } from './sys-futex';
import { FutexSystem, WORD_A } from './system';
import { futexVariants } from './variants';

const E = WORD_A;

export default defineScenario({
  name: 'futex-bitset',
  description: "gVisor's futex manager under FUTEX_WAIT_BITSET/FUTEX_WAKE_BITSET: waiters for different bits of one word, each wake for one bit",
  variants: futexVariants('correct', 'bitmask-ignored', 'check-outside-lock'),
  params: { waiters: 2, buckets: 2, keys: 'private' },
  setup(sim, { variant, params }) {
    if (!(Number.isSafeInteger(params.waiters) && params.waiters >= 1 && params.waiters <= 31)) throw new Error(`waiters must be 1..31, got ${params.waiters}`);
    const sys = new FutexSystem(sim, variant, params);
    const priv = sys.priv;
    sys.map(E, 'events', 0);
    for (let i = 0; i < params.waiters; i++) {
      const t = sys.task(`w${i}`, i);
      const bit = 1 << i;
      sim.go(t.name, function* () {
        for (;;) {
          const v = yield* t.mem.load(E);
          if ((v & bit) !== 0) break;
          yield* FUTEX_WAIT_BITSET(t, E, priv, v, bit);
        }
      });
    }
    const s = sys.task('setter', params.waiters);
    sim.go(s.name, function* () {
      for (let i = 0; i < params.waiters; i++) {
        const bit = 1 << i;
        yield* s.mem.add(E, bit); // the bits are distinct: E |= bit
        yield* FUTEX_WAKE_BITSET(s, E, priv, 1, bit);
      }
    });
    // A waiter whose wake was lost sleeps for good: every goroutine is blocked (a deadlock).
    sys.install();
  },
});
