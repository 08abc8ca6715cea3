/**
 * The futex scenarios: gVisor's futex manager (pkg/sentry/kernel/futex) under five
 * workloads, one scenario each. See README.md.
 */
import type { Scenario } from '../../sim';
import futex from './futex';
import futexBitset from './futex-bitset';
import futexCondvar from './futex-condvar';
import futexRequeueCross from './futex-requeue-cross';
import futexWakeop from './futex-wakeop';

export { futex, futexBitset, futexCondvar, futexRequeueCross, futexWakeop };

/** Every futex scenario, in the order `interleave list` should show them. */
export const futexScenarios: readonly Scenario[] = [futex, futexCondvar, futexRequeueCross, futexWakeop, futexBitset];
