/**
 * Model of gVisor's `tcpip.Job`, line by line.
 *
 * Original: gVisor `pkg/tcpip/timer.go` (Copyright 2020 The gVisor Authors, Apache 2.0),
 * as vendored in github.com/nicocha30/gvisor-ligolo@v0.0.0-20230726075806-989fa2c0a413;
 * copy at /work/shared/seeds/gvisor-tcpip-timer.go.txt. The Go comments quoted here are
 * abridged from it.
 *
 * Modelling choices:
 * - Methods that reach a scheduling point are generators: `yield* j.Schedule(d)`.
 * - `*bool` is a `Ref<boolean>`; plain memory, as it is only touched under the locker.
 * - `j.locker` is a race-checked `sim.shared`, so reading it when a timer fires while
 *   the Job is reassigned (`*j = *NewJob(...)`) is a `data-race`.
 * - `fn` is a generator too (its work is shared memory the race detector watches).
 * - Each variant is one `variant === …` test at the line that differs from the original.
 */
import { formatTime, type Routine, type Shared, type Sim } from '../../sim';
import type { Clock, Locker, Timer } from './clock';
import type { InstanceGhost, Ledger } from './ghost';

/** The correct model and the designs the comment on `jobInstance` rejects. */
export type JobVariant =
  | 'correct'
  | 'shared-flag'
  | 'shared-flag-reset-in-callback'
  | 'shared-flag-reset-in-schedule'
  | 'no-flag'
  | 'locker-read-at-fire';

/** Go's `*T`. */
export interface Ref<T> {
  value: T;
}

/** What the model needs from its simulation: the sim, the variant, the ghost ledger. */
export interface Package {
  readonly sim: Sim;
  readonly variant: JobVariant;
  readonly ghost: Ledger;
}

function sharesOneFlag(v: JobVariant): boolean {
  return v === 'shared-flag' || v === 'shared-flag-reset-in-callback' || v === 'shared-flag-reset-in-schedule';
}

/**
 * jobInstance is a specific instance of Job.
 *
 * Different instances are created each time Job is scheduled so each timer has its own
 * earlyReturn signal.
 */
export class jobInstance {
  constructor(
    readonly timer: Timer | null = null,
    /** Used to inform the timer to early return when it gets stopped while the lock the timer tries to obtain when fired is held. */
    readonly earlyReturn: Ref<boolean> | null = null,
    /** Ghost: what the checks know about this instance. */
    readonly ghost: InstanceGhost | null = null,
  ) {}

  /**
   * stop stops the job instance j from firing if it hasn't fired already. If it has fired
   * and is blocked at obtaining the lock, earlyReturn will be set to true so that it will
   * early return when it obtains the lock.
   */
  *stop(): Routine<void> {
    if (this.timer !== null) {
      const stopped = yield* this.timer.Stop();
      this.earlyReturn!.value = true;
      // ghost: the instance is cancelled
      this.ghost!.cancelled = true;
      this.ghost!.stopResult = stopped;
    }
  }
}

/**
 * Job represents some work that can be scheduled for execution. The work can be safely
 * cancelled when it fires at the same time some "related work" is being done.
 */
export class Job {
  /** The clock used to schedule the backing timer. */
  clock: Clock;
  /** The active instance of a cancellable timer. */
  instance = new jobInstance();
  /** locker is the lock taken by the timer immediately after it fires and must be held when attempting to stop the timer. */
  readonly locker: Shared<Locker>;
  /** fn is the function that will be called when a timer fires and has not been signaled to early return. */
  fn: () => Routine<void>;
  /**
   * Variants `shared-flag*` only: the one earlyReturn every instance shares, a bool field
   * of the Job as before the fix. The Ref is the field's address (`&j.earlyReturn`).
   */
  readonly earlyReturn: Ref<boolean> = { value: false };

  constructor(
    private readonly pkg: Package,
    c: Clock,
    l: Locker,
    f: () => Routine<void>,
  ) {
    this.clock = c;
    this.locker = pkg.sim.shared('j.locker', l);
    this.fn = f;
  }

  /**
   * Cancel prevents the Job from executing if it has not executed already.
   *
   * j.locker MUST be locked.
   */
  *Cancel(): Routine<void> {
    const g = this.instance.ghost; // ghost
    yield* this.instance.stop();
    if (g !== null) this.pkg.sim.note(`Cancel: ${g.name} Stop() returned ${String(g.stopResult)}, earlyReturn = true`); // ghost

    // Nothing to do with the stopped instance anymore.
    this.instance = new jobInstance();
  }

  /**
   * Schedule schedules the Job for execution after duration d. This can be called on
   * cancelled or completed Jobs to schedule them again.
   */
  *Schedule(d: number): Routine<void> {
    const { sim, variant, ghost } = this.pkg;
    // Create a new instance.
    // shared-flag*: every instance gets the Job's one flag instead of a new one.
    const earlyReturn: Ref<boolean> = sharesOneFlag(variant) ? this.earlyReturn : { value: false };
    // shared-flag-reset-in-schedule: "If Job resets earlyReturn when resetting".
    if (variant === 'shared-flag-reset-in-schedule') earlyReturn.value = false;

    // Capture the locker so that updating the timer does not cause a data race
    // when a timer fires and tries to obtain the lock (read the timer's locker).
    const locker = yield* this.locker.load();
    const j = this;
    // ghost: a new instance
    const inst = ghost.scheduled();
    sim.note(`Schedule: ${inst.name} in ${formatTime(d)}, ${earlyReturn === this.earlyReturn ? `sharing the Job's earlyReturn (${String(earlyReturn.value)})` : 'with a new earlyReturn (false)'}`); // ghost
    this.instance = new jobInstance(
      this.clock.AfterFunc(d, function* () {
        inst.fired = true; // ghost
        // locker-read-at-fire: reads j.locker now, not the locker captured above.
        const l = variant === 'locker-read-at-fire' ? yield* j.locker.load() : locker;
        yield* l.Lock();
        // defer locker.Unlock()
        sim.note(variant === 'no-flag' ? 'no earlyReturn to check: calls fn' : earlyReturn.value ? 'earlyReturn is true: returns early' : 'earlyReturn is false: calls fn'); // ghost

        // no-flag: never checks earlyReturn.
        if (variant !== 'no-flag' && earlyReturn.value) {
          // If we reach this point, it means that the timer fired while another
          // goroutine called Cancel while it had the lock. Simply return here
          // and do nothing further.
          // shared-flag: only checks the flag, never resets it.
          if (variant !== 'shared-flag') earlyReturn.value = false;
          inst.returnedEarly = true; // ghost
          yield* l.Unlock();
          return;
        }

        ghost.running = inst; // ghost: inst calls fn
        yield* j.fn();
        ghost.running = null; // ghost
        yield* l.Unlock();
      }),
      earlyReturn,
      inst,
    );
  }
}

/**
 * NewJob returns a new Job that can be used to schedule f to run in its own goroutine.
 * l will be locked before calling f then unlocked after f returns.
 *
 * f MUST NOT attempt to lock l. l MUST be locked prior to calling the returned job's Cancel().
 */
export function NewJob(pkg: Package, c: Clock, l: Locker, f: () => Routine<void>): Job {
  return new Job(pkg, c, l, f);
}

/**
 * `*dst = *src`: Go's struct assignment, which writes every field of `dst` (an owner
 * re-creating its Job in place: `*j = *NewJob(c, l, f)`). `dst` keeps its address, so
 * the callbacks of its earlier instances still refer to it.
 */
export function* assign(dst: Job, src: Job): Routine<void> {
  dst.clock = src.clock;
  dst.instance = src.instance;
  dst.fn = src.fn;
  dst.earlyReturn.value = src.earlyReturn.value;
  yield* dst.locker.store(src.locker.value);
}
