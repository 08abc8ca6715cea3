/**
 * The classic bug suite: small programs with one classic concurrency bug each, in a
 * correct variant (expected to hold, small enough for an exhaustive search) and one or
 * more buggy variants (`expect: 'fail'`). They measure the exploration strategies (see
 * `bench/strategy-bench.ts`) and document the bug patterns.
 */
import type { Scenario } from '../../sim';
import abaStack from './aba-stack';
import abbaDeadlock from './abba-deadlock';
import checkThenAct from './check-then-act';
import depth3 from './depth3';
import doubleCheckedLocking from './double-checked-locking';
import lostUpdate from './lost-update';
import lostWakeup from './lost-wakeup';
import missingUnlock from './missing-unlock';
import narrowWindow from './narrow-window';
import recursiveRlock from './recursive-rlock';
import selectTimeoutLeak from './select-timeout-leak';
import sendOnClosed from './send-on-closed';
import timerRace from './timer-race';
import twoPreemptions from './two-preemptions';
import useBeforeInit from './use-before-init';
import waitgroupMisuse from './waitgroup-misuse';

/** Every scenario of the bug suite, in the order the benchmark prints them. */
export const bugSuite: readonly Scenario[] = [
  lostUpdate,
  abbaDeadlock,
  checkThenAct,
  useBeforeInit,
  twoPreemptions,
  narrowWindow,
  lostWakeup,
  timerRace,
  doubleCheckedLocking,
  sendOnClosed,
  waitgroupMisuse,
  depth3,
  recursiveRlock,
  abaStack,
  missingUnlock,
  selectTimeoutLeak,
];

export {
  abaStack,
  abbaDeadlock,
  checkThenAct,
  depth3,
  doubleCheckedLocking,
  lostUpdate,
  lostWakeup,
  missingUnlock,
  narrowWindow,
  recursiveRlock,
  selectTimeoutLeak,
  sendOnClosed,
  timerRace,
  twoPreemptions,
  useBeforeInit,
  waitgroupMisuse,
};
