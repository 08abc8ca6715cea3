/**
 * The races of the peer comparison written with promises for fast-check's
 * `fc.scheduler()` (the fast-check side). Each mirrors its goroutine version in
 * `peer-races.ts`: every `yield*` of an effect there is an `await point(s)` here (a task
 * handed to the scheduler, which resolves the scheduled tasks in the order it picks),
 * followed by the same plain access. A timer expiry is a scheduled task too, so its
 * place among the other steps is the scheduler's choice.
 *
 * The semantics that differ, and how they are handled:
 * - A mutex: a task tries to lock only once the mutex looks free (as a goroutine blocked
 *   on a mutex is not runnable), and retries if another task took it first.
 * - Timers: fast-check cannot withdraw a scheduled task, so a stopped timer's task still
 *   resolves, as a no-op; fire order is free (interleave fires due timers in deadline
 *   order; in this race every deadline is the same 1 ms, so that is free too).
 */
import type { Scheduler } from 'fast-check';
import { tcpipVerdict } from './peer-races';

/** One execution of a race: whether every task finished, and the check's verdict. */
export interface PromiseRun {
  /** True when every task of the run has finished (the scheduler ran everything). */
  readonly complete: () => boolean;
  /** The check: true, or what went wrong. */
  readonly verdict: () => true | string;
}

/** Counts the scheduling points the scheduler resolved, over all runs. */
export const stepCounter = { steps: 0 };

/** A scheduling point: a task the scheduler resolves when it picks it. */
function point(s: Scheduler): Promise<void> {
  stepCounter.steps++;
  return s.schedule(Promise.resolve());
}

/** `tasks` tasks, one load-then-store increment each (see `lostUpdateRace`). */
export function promiseLostUpdate(s: Scheduler, tasks = 2): PromiseRun {
  return promiseMultiStep(s, tasks, 2);
}

/** `tasks` tasks × `steps` steps: alternately a load and a store (+1) (see `multiStepRace`). */
export function promiseMultiStep(s: Scheduler, tasks = 4, steps = 10): PromiseRun {
  let n = 0;
  let finished = 0;
  const task = async (): Promise<void> => {
    let v = 0;
    for (let i = 0; i < steps; i++) {
      await point(s);
      if (i % 2 === 0) v = n;
      else n = v + 1;
    }
    finished++;
  };
  for (let t = 0; t < tasks; t++) void task();
  const want = tasks * (steps >> 1);
  return { complete: () => finished === tasks, verdict: () => n === want || `n is ${n}, want ${want}` };
}

/** A mutex whose lock and unlock are scheduling points. */
class PromiseMutex {
  private locked = false;
  private waiters: (() => void)[] = [];
  constructor(private readonly s: Scheduler) {}

  async lock(): Promise<void> {
    for (;;) {
      while (this.locked) await new Promise<void>((r) => this.waiters.push(r));
      await point(this.s);
      if (!this.locked) {
        this.locked = true;
        return;
      }
    }
  }

  async unlock(): Promise<void> {
    await point(this.s);
    this.locked = false;
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
  }
}

/** `AfterFunc(d, body)`: its expiry is a scheduled task; `stop` is a scheduling point. */
class PromiseTimer {
  private fired = false;
  private stopped = false;
  constructor(
    private readonly s: Scheduler,
    body: () => Promise<void>,
  ) {
    void point(s).then(() => {
      if (this.stopped) return;
      this.fired = true;
      void body();
    });
  }

  /** Go's Stop: true if that prevented the fire. */
  async stop(): Promise<boolean> {
    await point(this.s);
    if (this.fired || this.stopped) return false;
    this.stopped = true;
    return true;
  }
}

/** The `tcpip.Job` stop/reset race (see `tcpipJobRace`): `shared-flag` or `per-instance`. */
export function promiseTcpipJob(s: Scheduler, variant: 'shared-flag' | 'per-instance', rounds = 3): PromiseRun {
  const L = new PromiseMutex(s);
  let work = 0;
  const sharedFlag = { value: false };
  /** `settled`: the timer was stopped before it fired, or its callback has returned. */
  const ghosts: { cancelled: boolean; ranFn: boolean; settled: boolean }[] = [];
  let instance: { timer: PromiseTimer; earlyReturn: { value: boolean }; id: number } | null = null;
  let t1Done = false;

  const schedule = (): void => {
    const earlyReturn = variant === 'shared-flag' ? sharedFlag : { value: false };
    const id = ghosts.length;
    const ghost = { cancelled: false, ranFn: false, settled: false };
    ghosts.push(ghost);
    const timer = new PromiseTimer(s, async () => {
      await L.lock();
      if (earlyReturn.value) {
        earlyReturn.value = false;
        await L.unlock();
        ghost.settled = true;
        return;
      }
      ghost.ranFn = true;
      work++;
      await L.unlock();
      ghost.settled = true;
    });
    instance = { timer, earlyReturn, id };
  };

  void (async (): Promise<void> => {
    await L.lock();
    schedule();
    for (let r = 0; r < rounds; r++) {
      const inst = instance!;
      if (await inst.timer.stop()) ghosts[inst.id]!.settled = true;
      inst.earlyReturn.value = true;
      ghosts[inst.id]!.cancelled = true;
      schedule();
    }
    await L.unlock();
    t1Done = true;
  })();

  return {
    complete: () => t1Done && ghosts.every((g) => g.settled),
    verdict: () => tcpipVerdict(ghosts, work),
  };
}
