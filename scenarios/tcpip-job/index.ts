/**
 * `tcpip-job`: gVisor's `tcpip.Job` (pkg/tcpip/timer.go), driven by the T1..T5 story of
 * the comment on `jobInstance`.
 *
 * Original: /work/shared/seeds/gvisor-tcpip-timer.go.txt (gVisor `pkg/tcpip/timer.go`,
 * via github.com/nicocha30/gvisor-ligolo@v0.0.0-20230726075806-989fa2c0a413). The model
 * is in `job.ts`; `README.md` maps it to the original line by line.
 *
 * T1 obtains L, creates a Job with lock L and schedules it (instance A), then does
 * `rounds` rounds of Cancel + Schedule (instances B, C, D…) while earlier instances fire
 * and block on L; it ends with Schedule or Cancel (`last`) and releases L.
 *
 * Parameters: `rounds` (Cancel + Schedule rounds; 3 gives the comment's A..D), `delay`
 * (the Schedule duration, virtual ns), `hold` (virtual ns T1 keeps working under L after
 * each Schedule; above `delay`, every instance fires before T1 cancels it), `last`
 * (`schedule` or `cancel`: the final call), `reassign` (in round 1, after Cancel, T1
 * re-creates the Job in place: `*j = *NewJob(clock, L, fn)`).
 */
import { defineScenario, Millisecond, type Routine } from '../../sim';
import { MutexLocker, SimClock } from './clock';
import { instanceName, Ledger } from './ghost';
import { assign, NewJob, type Package } from './job';

export default defineScenario({
  name: 'tcpip-job',
  description: "gVisor's tcpip.Job: T1 cancels and reschedules a timer under lock L while earlier instances fire and block on L",
  variants: {
    correct: 'one earlyReturn per instance (the fix): a cancelled instance returns early, the last one runs fn',
    'shared-flag': { description: 'one earlyReturn for all instances, the callback only checks it: fn runs 0 times', expect: 'fail' },
    'shared-flag-reset-in-callback': { description: 'one earlyReturn, reset by the callback that sees it: cancelled instances run fn', expect: 'fail' },
    'shared-flag-reset-in-schedule': { description: 'one earlyReturn, reset by Schedule: every instance that fired runs fn', expect: 'fail' },
    'no-flag': { description: 'no earlyReturn: a cancelled instance that fired and was blocked on L runs fn', expect: 'fail' },
    'locker-read-at-fire': { description: 'the callback reads j.locker when it fires, racing with T1 reassigning the Job', expect: 'fail' },
  },
  params: { rounds: 3, delay: 1 * Millisecond, hold: 0, last: 'schedule', reassign: true },
  setup(sim, { variant, params }) {
    const { rounds, delay, hold, last, reassign } = params;
    if (last !== 'schedule' && last !== 'cancel') throw new Error(`parameter "last" must be "schedule" or "cancel", got "${last}"`);
    if (!(Number.isSafeInteger(rounds) && rounds >= 0)) throw new Error(`parameter "rounds" must be a non-negative integer, got ${rounds}`);
    if (!(delay >= 0 && hold >= 0)) throw new Error(`parameters "delay" and "hold" must not be negative`);

    const ghost = new Ledger();
    const pkg: Package = { sim, variant, ghost };
    const L = new MutexLocker(sim.mutex('L'));
    const clock = new SimClock(sim, instanceName);
    /** fn's work: a counter only fn writes, guarded by L. */
    const work = sim.shared('work', 0);
    function* fn(): Routine<void> {
      const caller = ghost.running?.name ?? 'nobody';
      sim.assert(L.holder === caller, `fn runs without L held by its caller ${caller} (L is held by ${L.holder ?? 'nobody'})`);
      ghost.fnCalled();
      const n = yield* work.load();
      yield* work.store(n + 1);
    }

    sim.go('T1', function* () {
      yield* L.Lock(); // T1: Obtain L
      const j = NewJob(pkg, clock, L, fn); // T1: Create a new Job w/ lock L
      yield* j.Schedule(delay); // (create instance A)
      if (hold > 0) yield* sim.sleep(hold); // T1 works on under L. T2: instance A fires, blocked trying to obtain L.
      for (let r = 1; r <= rounds; r++) {
        yield* j.Cancel(); // T1: Attempt to stop instance A (set earlyReturn = true)
        if (r === 1 && reassign) yield* assign(j, NewJob(pkg, clock, L, fn)); // *j = *NewJob(clock, L, fn)
        yield* j.Schedule(delay); // T1: Schedule timer (create instance B)
        if (hold > 0) yield* sim.sleep(hold); // T1 works on. T3: instance B fires, blocked trying to obtain L.
      }
      if (last === 'cancel') yield* j.Cancel();
      // Related work under L: fn cannot have run while T1 holds L.
      const n = yield* work.load();
      sim.assert(n === 0, `fn ran ${n} time(s) while T1 held L`);
      yield* L.Unlock(); // T1: Release L
    });

    sim.invariant('an instance runs fn at most once, and never after it was cancelled', () => ghost.checkInstances());
    const want = last === 'schedule' ? 1 : 0;
    sim.atEnd('after the burst under L, fn runs exactly once if the last call was Schedule, never if it was Cancel', () => {
      const n = work.value;
      if (n === want) return true;
      const times = n === 1 ? 'once' : `${n} times`;
      return `fn ran ${times}, want ${want === 1 ? 'exactly once' : 'never'} (the last call was ${last === 'schedule' ? 'Schedule' : 'Cancel'}); ${ghost.summary()}`;
    });
  },
});
