/**
 * `tcpip-job`: gVisor's `tcpip.Job` (google/gvisor@3c5eee17dc45 pkg/tcpip/timer.go), driven
 * by one of three callers (`driver`):
 *
 * - `t1` (default): the T1..T5 story of the comment on `jobInstance` (timer.go 30–47),
 *   `driver-t1.ts`. T1 obtains L, creates a Job with lock L and schedules it (instance A),
 *   then does `rounds` rounds of Cancel + Schedule (instances B, C, D…) while earlier
 *   instances fire and block on L; it ends with Schedule or Cancel (`last`) and releases L.
 * - `slaac`: two Jobs sharing one lock, whose fns cancel each other, as ndp.go's SLAAC
 *   prefix jobs (`driver-slaac.ts`).
 * - `fragmentation`: a Job scheduled while still scheduled, as IP reassembly's release job
 *   (`driver-fragmentation.ts`).
 *
 * The model is in `job.ts`; README.md maps it to the original line by line.
 */
import { defineScenario, Millisecond } from '../../sim';
import { MutexLocker } from './clock';
import { driveFragmentation } from './driver-fragmentation';
import { driveSlaac } from './driver-slaac';
import { driveT1 } from './driver-t1';

export default defineScenario({
  name: 'tcpip-job',
  description: "gVisor's tcpip.Job: T1 cancels and reschedules a timer under lock L while earlier instances fire and block on L",
  variants: {
    correct: 'one earlyReturn per instance (the fix): a cancelled instance returns early, the last one runs fn',
    'shared-flag': { description: 'one earlyReturn for all instances, the callback only checks it: fn runs 0 times', expect: 'fail' },
    'shared-flag-reset-in-callback': { description: 'one earlyReturn, reset by the callback that sees it (ndp.go before the Job): cancelled instances run fn', expect: 'fail' },
    'shared-flag-reset-in-schedule': { description: 'one earlyReturn, reset by Schedule: every instance that fired runs fn', expect: 'fail' },
    'no-flag': { description: 'no earlyReturn: a cancelled instance that fired and was blocked on L runs fn', expect: 'fail' },
    'locker-read-at-fire': { description: 'the callback reads j.locker when it fires (before gvisor 782041509), racing with T1 reassigning the Job', expect: 'fail' },
    'no-lock': { description: 'the callback never takes the locker (a bare AfterFunc): fn runs while T1 holds L', expect: 'fail' },
    'schedule-without-cancel': { description: 'the caller schedules a Job that is still scheduled: the old instance cannot be cancelled and runs fn', expect: 'fail' },
  },
  params: { driver: 't1', rounds: 3, delay: 1 * Millisecond, hold: 0, last: 'schedule', reassign: true },
  setup(sim, { variant, params }) {
    const { driver, rounds, delay, hold, last, reassign } = params;
    if (last !== 'schedule' && last !== 'cancel') throw new Error(`parameter "last" must be "schedule" or "cancel", got "${last}"`);
    if (!(Number.isSafeInteger(rounds) && rounds >= 0)) throw new Error(`parameter "rounds" must be a non-negative integer, got ${rounds}`);
    if (!(delay >= 0 && hold >= 0)) throw new Error(`parameters "delay" and "hold" must not be negative`);
    switch (driver) {
      case 't1':
        driveT1(sim, variant, { rounds, delay, hold, last, reassign }, new MutexLocker(sim.mutex('L')));
        return;
      case 'slaac':
        driveSlaac(sim, variant, { rounds, delay }, new MutexLocker(sim.mutex('ndp.ep.mu')));
        return;
      case 'fragmentation':
        driveFragmentation(sim, variant, { rounds, delay, hold }, new MutexLocker(sim.mutex('f.mu')));
        return;
      default:
        throw new Error(`parameter "driver" must be "t1", "slaac" or "fragmentation", got "${driver}"`);
    }
  },
});
