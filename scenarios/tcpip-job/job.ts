/**
 * Model of gVisor's `tcpip.Job`, statement by statement.
 *
 * Original: google/gvisor@3c5eee17dc45 (2026-08-21) pkg/tcpip/timer.go, lines 23–212
 * (Copyright 2020 The gVisor Authors, Apache 2.0): `jobInstance` (60–77), `stop` (79–87),
 * `Job` (89–123), `Cancel` (125–139), `Schedule` (141–172), `NewJob` (174–212). The file
 * has not changed in what it does since google/gvisor@782041509 (2020-04-20, "Prevent
 * race when reassigning CancellableTimer"); later commits renamed it (`CancellableTimer`
 * → `Job`, 82a5cada5), forbade copying it (`sync.NoCopy`, 1ceee0452) and marked it
 * savable. README.md maps every line.
 *
 * Statement granularity: every field the original reads or writes outside the locker
 * (`j.locker`, `j.instance`, `j.fn`, an instance's `earlyReturn`) is a race-checked field
 * (`sim.struct`), so the race detector sees every access, and with
 * `preemptAtAccesses` each write of one is a scheduling point. Each variant is one `variant === …`
 * test at the line that differs from the original.
 */
import { formatTime, type Routine, type Sim } from '../../sim';
import type { Clock, Locker, Timer } from './clock';
import type { Ledger } from './ghost';

/** The original and the designs the comment on `jobInstance` (and its history) rejects. */
export type JobVariant =
  | 'correct'
  | 'shared-flag'
  | 'shared-flag-reset-in-callback'
  | 'shared-flag-reset-in-schedule'
  | 'no-flag'
  | 'locker-read-at-fire'
  | 'no-lock'
  | 'schedule-without-cancel';

/** Go's `*bool`: a race-checked cell. */
export interface Flag {
  value: boolean;
}

/** What the model needs from its simulation: the sim, the variant, the Job's ghost ledger. */
export interface Package {
  readonly sim: Sim;
  readonly variant: JobVariant;
  readonly ghost: Ledger;
}

function sharesOneFlag(v: JobVariant): boolean {
  return v === 'shared-flag' || v === 'shared-flag-reset-in-callback' || v === 'shared-flag-reset-in-schedule';
}

/**
 * jobInstance is a specific instance of Job (timer.go 60–77). A value: `Cancel` replaces
 * the Job's instance with the zero `jobInstance{}` rather than changing it.
 */
export interface jobInstance {
  readonly timer: Timer | null;
  /** Used to inform the timer to early return when it gets stopped while the lock the timer tries to obtain when fired is held. */
  readonly earlyReturn: Flag | null;
  /** Ghost: the instance's index in the Job's ledger (-1 for the zero instance). */
  readonly id: number;
}

const zeroInstance: jobInstance = Object.freeze({ timer: null, earlyReturn: null, id: -1 });

/** The fields of `struct Job` (timer.go 100–123) the model touches. */
interface JobFields {
  /** The active instance of a cancellable timer. */
  instance: jobInstance;
  /** locker is the lock taken by the timer immediately after it fires and must be held when attempting to stop the timer. */
  locker: Locker;
  /** fn is the function that will be called when a timer fires and has not been signaled to early return. */
  fn: () => Routine<void>;
}

/**
 * stop stops the job instance j from firing if it hasn't fired already. If it has fired
 * and is blocked at obtaining the lock, earlyReturn will be set to true so that it will
 * early return when it obtains the lock (timer.go 79–87).
 */
function* stop(pkg: Package, j: jobInstance): Routine<void> {
  if (j.timer !== null) {
    const stopped = yield* j.timer.Stop(); // 84
    j.earlyReturn!.value = true; // 85
    pkg.ghost.cancelled(j.id, stopped); // ghost
  }
}

/**
 * Job represents some work that can be scheduled for execution. The work can be safely
 * cancelled when it fires at the same time some "related work" is being done.
 */
export class Job {
  /** The Job's race-checked fields. */
  readonly f: JobFields;
  /** Variants `shared-flag*` only: the one earlyReturn every instance shares, a field of the Job as before the fix. */
  readonly sharedFlag: Flag;

  constructor(
    private readonly pkg: Package,
    /** The clock used to schedule the backing timer (never reassigned). */
    readonly clock: Clock,
    l: Locker,
    fn: () => Routine<void>,
    /** Its name in messages and field names (`j`, `deprecationJob`…). */
    readonly name: string,
  ) {
    this.f = pkg.sim.struct(name, { instance: zeroInstance, locker: l, fn });
    this.sharedFlag = pkg.sim.struct(`${name}.earlyReturn`, { value: false });
  }

  /**
   * Cancel prevents the Job from executing if it has not executed already (timer.go
   * 125–139). j.locker MUST be locked.
   */
  *Cancel(): Routine<void> {
    const { sim, ghost } = this.pkg;
    const inst = this.f.instance; // 135: j.instance.stop()
    yield* stop(this.pkg, inst);
    if (inst.id >= 0) sim.note(`Cancel: ${ghost.describeStop(inst.id)}, earlyReturn = true`); // ghost
    // Nothing to do with the stopped instance anymore.
    this.f.instance = zeroInstance; // 138
  }

  /**
   * Schedule schedules the Job for execution after duration d (timer.go 141–172). It
   * "should be invoked only on unscheduled, cancelled, or completed Jobs": on a Job still
   * scheduled it overwrites the instance without stopping it.
   */
  *Schedule(d: number): Routine<void> {
    const { sim, variant, ghost } = this.pkg;
    // Create a new instance.
    const armed = ghost.instances.filter((g) => g.pending).map((g) => g.name); // ghost
    const id = ghost.scheduled();
    if (armed.length > 0) sim.note(`Schedule on a Job still scheduled: ${armed.join(', ')} stays armed and can no longer be cancelled`); // ghost
    const earlyReturn: Flag = sharesOneFlag(variant) ? this.sharedFlag : sim.struct(`earlyReturn ${ghost.name(id)}`, { value: false }); // 150
    // shared-flag-reset-in-schedule: "If Job resets earlyReturn when resetting".
    if (variant === 'shared-flag-reset-in-schedule') earlyReturn.value = false;

    // Capture the locker so that updating the timer does not cause a data race
    // when a timer fires and tries to obtain the lock (read the timer's locker).
    const locker = this.f.locker; // 154
    sim.note(`Schedule: ${ghost.name(id)} in ${formatTime(d)}, ${sharesOneFlag(variant) ? `sharing the Job's earlyReturn (${String(earlyReturn.value)})` : 'with a new earlyReturn (false)'}`); // ghost
    const f = this.f;
    const timer = this.clock.AfterFunc(d, function* () {
      ghost.fired(id); // ghost
      // locker-read-at-fire: reads j.locker now, as before google/gvisor@782041509.
      const l = variant === 'locker-read-at-fire' ? f.locker : locker;
      if (variant !== 'no-lock') yield* l.Lock(); // 157
      // defer locker.Unlock() (158): written out before each return.
      if (variant !== 'no-flag' && earlyReturn.value) {
        // 160
        // If we reach this point, it means that the timer fired while another goroutine
        // called Cancel while it had the lock. Simply return here and do nothing further.
        // shared-flag: only checks the flag, never resets it.
        if (variant !== 'shared-flag') earlyReturn.value = false; // 164
        ghost.returnedEarly(id); // ghost
        sim.note('earlyReturn is true: returns early'); // ghost
        if (variant !== 'no-lock') yield* l.Unlock();
        return;
      }
      sim.note(variant === 'no-flag' ? 'no earlyReturn to check: calls fn' : 'earlyReturn is false: calls fn'); // ghost
      const fn = f.fn; // 168: j.fn()
      ghost.enter(id); // ghost
      yield* fn();
      ghost.leave(id); // ghost
      if (variant !== 'no-lock') yield* l.Unlock();
    });
    this.f.instance = Object.freeze({ timer, earlyReturn, id }); // 155
  }
}

/**
 * NewJob returns a new Job that can be used to schedule f to run in its own goroutine.
 * l will be locked before calling f then unlocked after f returns (timer.go 174–212).
 * f MUST NOT attempt to lock l. l MUST be locked prior to calling the returned job's Cancel().
 */
export function NewJob(pkg: Package, c: Clock, l: Locker, f: () => Routine<void>, name = 'j'): Job {
  return new Job(pkg, c, l, f, name);
}

/**
 * `*dst = *src`: Go's struct assignment, which writes every field of `dst`: an owner
 * re-creating its Job in place, as ndp.go did with its timers before
 * google/gvisor@1ceee0452 made the type `NoCopy` (since then `go vet` rejects it, and
 * timer.go says `locker` "Must never change after being assigned"). The callbacks of
 * `dst`'s earlier instances still refer to `dst`.
 */
export function assign(dst: Job, src: Job): void {
  dst.f.instance = src.f.instance;
  dst.f.locker = src.f.locker;
  dst.f.fn = src.f.fn;
  dst.sharedFlag.value = src.sharedFlag.value;
}
