/**
 * The futex scenarios: gVisor's futex manager (pkg/sentry/kernel/futex) under four
 * workloads, one scenario each. See README.md.
 */
import type { Scenario } from '../../sim';
import futex from './futex';
import futexCondvar from './futex-condvar';
import futexRequeueCross from './futex-requeue-cross';
import futexWakeop from './futex-wakeop';

export { futex, futexCondvar, futexRequeueCross, futexWakeop };

/** Every futex scenario, in the order `interleave list` should show them. */
export const futexScenarios: readonly Scenario[] = [futex, futexCondvar, futexRequeueCross, futexWakeop];
