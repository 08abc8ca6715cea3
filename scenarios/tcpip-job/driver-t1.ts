/**
 * The driver of the comment on `jobInstance` (google/gvisor@3c5eee17dc45
 * pkg/tcpip/timer.go, lines 30–47): T1 holds L and does rounds of Cancel + Schedule while
 * earlier instances fire and block on L.
 *
 * Variant `schedule-without-cancel` drops the Cancel: T1 calls Schedule on a Job that is
 * still scheduled, which timer.go 144–145 warns against ("Schedule should be invoked only
 * on unscheduled, cancelled, or completed Jobs. To be safe, callers should always call
 * Cancel before calling Schedule.").
 */
import type { Routine, Shared, Sim } from '../../sim';
import type { Locker } from './clock';
import { SimClock } from './clock';
import { instanceName, Ledger } from './ghost';
import { assign, NewJob, type JobVariant, type Package } from './job';
import type { MutexLocker } from './clock';

/** The T1 driver's parameters. */
export interface T1Params {
  /** Cancel + Schedule rounds (3 gives the comment's A..D). */
  readonly rounds: number;
  /** The Schedule duration, virtual ns. */
  readonly delay: number;
  /** Virtual ns T1 keeps working under L after each Schedule (above `delay`: every instance fires before T1 cancels it). */
  readonly hold: number;
  /** The final call: `schedule` or `cancel`. */
  readonly last: 'schedule' | 'cancel';
  /** In round 1, after Cancel, T1 re-creates the Job in place: `*j = *NewJob(clock, L, fn)`. */
  readonly reassign: boolean;
}

/**
 * `fn` of a Job whose lock is `L`: asserts L is held by the instance calling it, then adds
 * one to `work` (only fn writes it), so every run is a `store` to `shared "work"`.
 */
export function workFn(sim: Sim, L: MutexLocker, ghost: Ledger, work: Shared<number>): () => Routine<void> {
  return function* fn(): Routine<void> {
    const caller = ghost.running?.name ?? 'nobody';
    sim.assert(L.holder === caller, `fn runs without L held by its caller ${caller} (${L.name} is held by ${L.holder ?? 'nobody'})`);
    ghost.fnCalled();
    const n = yield* work.load();
    yield* work.store(n + 1);
  };
}

/** Spawns T1 and the checks of the comment's story. */
export function driveT1(sim: Sim, variant: JobVariant, p: T1Params, L: MutexLocker): void {
  const ghost = new Ledger();
  const pkg: Package = { sim, variant, ghost };
  const clock = new SimClock(sim, instanceName);
  /** fn's work: a counter only fn writes, guarded by L. */
  const work = sim.shared('work', 0);
  const fn = workFn(sim, L, ghost, work);
  const locker: Locker = L;

  sim.go('T1', function* () {
    yield* L.Lock(); // T1: Obtain L
    const j = NewJob(pkg, clock, locker, fn); // T1: Create a new Job w/ lock L
    yield* j.Schedule(p.delay); // (create instance A)
    if (p.hold > 0) yield* sim.sleep(p.hold); // T1 works on under L. T2: instance A fires, blocked trying to obtain L.
    for (let r = 1; r <= p.rounds; r++) {
      if (variant !== 'schedule-without-cancel') yield* j.Cancel(); // T1: Attempt to stop instance A (set earlyReturn = true)
      if (r === 1 && p.reassign) assign(j, NewJob(pkg, clock, locker, fn, 'j (new)')); // *j = *NewJob(clock, L, fn)
      yield* j.Schedule(p.delay); // T1: Schedule timer (create instance B)
      if (p.hold > 0) yield* sim.sleep(p.hold); // T1 works on. T3: instance B fires, blocked trying to obtain L.
    }
    if (p.last === 'cancel') yield* j.Cancel();
    // Related work under L: fn cannot have run while T1 holds L.
    const n = yield* work.load();
    sim.assert(n === 0, `fn ran ${n} time(s) while T1 held L`);
    yield* L.Unlock(); // T1: Release L
  });

  sim.invariant('an instance runs fn at most once, and never after it was cancelled', () => ghost.checkInstances());
  const want = p.last === 'schedule' ? 1 : 0;
  sim.atEnd('after the burst under L, fn runs exactly once if the last call was Schedule, never if it was Cancel', () => {
    const n = work.value;
    if (n === want) return true;
    const times = n === 1 ? 'once' : `${n} times`;
    return `fn ran ${times}, want ${want === 1 ? 'exactly once' : 'never'} (the last call was ${p.last === 'schedule' ? 'Schedule' : 'Cancel'}); ${ghost.summary()}`;
  });
}
