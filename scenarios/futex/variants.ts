/**
 * The variants of the futex model: the correct one and five bugs, each one small
 * difference in `manager.ts` or `bucket.ts` marked `// VARIANT`. Each scenario lists the
 * ones its workload can show. History (google/gvisor, pkg/sentry/kernel/futex/futex.go):
 *
 * - `shared-pair-unlocked` is upstream's code from 445fa6f (2022-11-28, "Lockdep: Print
 *   more info in the "unbalanced unlock" case.") to b58e8a1 (2024-06-07, "futex: add
 *   missing locking in lockBuckets()"): 445fa6f made `lockBuckets` return which buckets
 *   it locked and gave the both-shared case `return b1, b2, nil, nil` (futex.go line 456
 *   at 445fa6f; `unlockBuckets`, lines 462–470, then unlocks nothing for it), dropping
 *   the `m.sharedBucket.mu.Lock()` (line 446 at 445fa6f^) every shared case had before;
 *   b58e8a1 restored `b1.mu.Lock(); return b1, b2, b1, nil` (lines 456–457) and made
 *   `unlockBuckets` unlock `lockedFirst` unconditionally (lines 463–468).
 * - The other four break a rule upstream has kept since its first version, d02b74a
 *   (2018-04-27), and states in a comment: buckets are locked in index order
 *   (`lockBuckets`; extended in e9e8be6, 2018-10-08, "Implement shared futexes", to put
 *   every private bucket before `sharedBucket`); `WaitPrepare` checks the word under the
 *   bucket lock ("Perform our atomic check"); `WaitComplete` rechecks the waiter's bucket
 *   once it holds the lock (`addr == atomic.LoadUintptr(&w.addr)` in d02b74a,
 *   `b != w.bucket.Load()` since e9e8be6); `wakeLocked` skips waiters whose bitmask does
 *   not intersect the wake's (`w.bitmask&bitmask == 0`). No upstream version broke them;
 *   each variant shows the bug the rule prevents.
 */
import type { VariantSpec } from '../../sim';

const ALL = {
  correct: "the futex manager as gVisor has it (google/gvisor 1864d9d, futex.go)",
  'lock-in-argument-order': {
    description: "lockBuckets locks k1's bucket before k2's, not private buckets by index and all before sharedBucket: opposite requeues deadlock (ABBA)",
    expect: 'fail',
  },
  'check-outside-lock': {
    description: 'WaitPrepare checks the word before it takes the bucket lock: a wake between check and enqueue is lost',
    expect: 'fail',
  },
  'waitcomplete-no-recheck': {
    description: 'WaitComplete does not recheck w.bucket under the lock: a waiter requeued meanwhile stays queued after it returns',
    expect: 'fail',
  },
  'shared-pair-unlocked': {
    description: 'lockBuckets locks nothing when both keys are shared (google/gvisor 445fa6f, fixed in b58e8a1): the shared list races',
    expect: 'fail',
  },
  'bitmask-ignored': {
    description: "wakeLocked ignores the waiters' bitmasks: FUTEX_WAKE_BITSET wakes a waiter of another bit, whose own wake is lost",
    expect: 'fail',
  },
} as const satisfies Record<string, VariantSpec>;

/** A variant of the futex model. */
export type FutexVariant = keyof typeof ALL;

/** The spec of one variant (to give it its own parameter defaults: `{ ...futexVariant(v), params }`). */
export function futexVariant(name: Exclude<FutexVariant, 'correct'>): { readonly description: string; readonly expect: 'fail' } {
  return ALL[name];
}

/**
 * The specs of the named variants, in the order given (`correct` first, so it is the
 * default).
 *
 * @example
 *   variants: futexVariants('correct', 'check-outside-lock'),
 */
export function futexVariants<V extends FutexVariant>(...names: readonly V[]): { readonly [K in V]: VariantSpec } {
  const out = {} as { [K in V]: VariantSpec };
  for (const n of names) out[n] = ALL[n];
  return out;
}
