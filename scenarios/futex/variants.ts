/**
 * The variants of the futex model: the correct one and four bugs, each one small
 * difference in `manager.ts` marked `// VARIANT`. Each scenario lists the ones its
 * workload can show.
 */
import type { VariantSpec } from '../../sim';

const ALL = {
  correct: 'the futex manager as gVisor has it',
  'lock-in-argument-order': {
    description: 'lockBuckets locks the two private buckets in argument order, not by index: opposite requeues deadlock (ABBA)',
    expect: 'fail',
  },
  'check-outside-lock': {
    description: "WaitPrepare checks the word before it takes the bucket lock: a wake between check and enqueue is lost",
    expect: 'fail',
  },
  'waitcomplete-no-recheck': {
    description: 'WaitComplete does not recheck w.bucket under the lock: a waiter requeued meanwhile stays queued after it returns',
    expect: 'fail',
  },
  'shared-pair-unlocked': {
    description: 'lockBuckets locks nothing when both keys are shared (the gVisor regression of 2022 to 2024): the shared list races',
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
