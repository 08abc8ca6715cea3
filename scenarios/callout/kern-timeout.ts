/**
 * FreeBSD's callout subsystem, after sys/kern/kern_timeout.c (FreeBSD 12, where the RFC's
 * drain callback had landed as callout_async_drain): callout_lock, callout_cpu_switch,
 * callout_cc_add, callout_process, softclock, softclock_call_cc, callout_reset_sbt_on,
 * _callout_stop_safe, callout_init and _callout_init_lock keep their names and, where
 * it matters, their statements and comments. Left out: direct (C_DIRECT_EXEC) callouts,
 * Giant, shared locks, timeout(9)'s preallocated callouts, precision, callwheel hashing.
 *
 * On the simulator (see README.md):
 *   - each CPU's `cc_lock` is a sim mutex; code between two effects is atomic.
 *   - each CPU has a one-shot event timer (a sim timer, `hardclock<n>`) programmed for the
 *     earliest deadline on its wheel (`cpu_new_callout`). When it fires, the CPU's softclock
 *     goroutine (a daemon) does hardclock's part (`callout_process`: move what expired to
 *     `cc_expireq`) and then softclock's (run the handlers). So every expiry is a scheduling
 *     choice the strategy makes between any two steps.
 *   - callout_drain sleeps on a sim cond on `cc_lock` (sleepq_wait / wakeup).
 *   - `CalloutContract` checks callout(9)'s promises as the code runs.
 */
import type { Effect, Mutex, Routine, Sim } from '../../sim';
import { CalloutContract, type StopCall } from './callout-contract';
import {
  CALLOUT_ACTIVE, CALLOUT_DFRMIGRATION, CALLOUT_PENDING, CALLOUT_PROCESSED, CALLOUT_RETURNUNLOCKED, CPUBLOCK, CS_DRAIN,
  callout_active, callout_deactivate, callout_migrating, callout_pending, newCallout, tick, touch,
  type KernTimeout, type KernTimeoutOptions, type callout, type callout_cpu, type callout_func_t, type cc_exec,
} from './sys-callout';

/** The CPU that callout_init puts a callout on. */
const timeout_cpu = 0;

function noMigration(): Pick<cc_exec, 'ce_migration_cpu' | 'ce_migration_time' | 'ce_migration_func' | 'ce_migration_arg'> {
  return { ce_migration_cpu: CPUBLOCK, ce_migration_time: 0, ce_migration_func: null, ce_migration_arg: null };
}

/**
 * Boots the callout subsystem on `sim` (call it in `setup`): per-CPU state and event
 * timers, one softclock goroutine per CPU (daemons) and the contract checks.
 */
export function kern_timeout(sim: Sim, opts: KernTimeoutOptions): KernTimeout {
  const cc_cpu: callout_cpu[] = [];
  for (let cpu = 0; cpu < opts.ncpus; cpu++) {
    const cc_lock = sim.mutex(`cc_lock${cpu}`);
    cc_cpu.push({
      cpu,
      cc_lock,
      cc_exec: { cc_curr: null, cc_drain: null, cc_cancel: false, cc_waiting: false, ...noMigration() },
      cc_callwheel: [],
      cc_expireq: [],
      // ENGINE: a timer is always created armed (there is no stopped timer). So each CPU's
      // event timer is created here in setup, armed for the first tick; firing with nothing
      // due is a no-op (a spurious interrupt). Created in setup, it is not a daemon timer, so
      // a callout that softclock (a daemon) re-arms keeps the run alive until it fires.
      cc_firstevent: tick,
      cc_et: sim.newTimer(tick, `hardclock${cpu}`),
      cc_waiting_cv: sim.cond(`cc_waiting${cpu}`, cc_lock),
    });
  }
  const contract = new CalloutContract(sim, cc_cpu);
  const CC_CPU = (cpu: number): callout_cpu => cc_cpu[cpu]!;

  function CC_LOCK(cc: callout_cpu): Effect<void> {
    return cc.cc_lock.lock();
  }
  function CC_UNLOCK(cc: callout_cpu): Effect<void> {
    return cc.cc_lock.unlock();
  }

  /** cc_cce_cleanup: forgets the current callout and its deferred migration. */
  function cc_cce_cleanup(cc: callout_cpu): void {
    Object.assign(cc.cc_exec, { cc_curr: null, cc_cancel: false, cc_waiting: false }, noMigration());
  }

  function cc_cce_migrating(cc: callout_cpu): boolean {
    return cc.cc_exec.ce_migration_cpu !== CPUBLOCK;
  }

  // ENGINE: while callout_cpu_switch moves a callout (c_cpu == CPUBLOCK), the kernel spins
  // in callout_lock (cpu_spinwait). A spin on sim.yieldNow() is an unbounded loop for an
  // exhaustive search and a livelock under priority schedulers (PCT), so the switcher holds
  // this per-callout mutex for the duration of the move and callout_lock blocks on it.
  const cpublock = new Map<callout, Mutex>();

  /** callout_lock: locks the CPU that owns `c`, following `c` if it moves meanwhile. */
  function* callout_lock(c: callout): Routine<callout_cpu> {
    for (;;) {
      touch(c);
      const cpu = c.c_cpu;
      if (cpu === CPUBLOCK) {
        // while (c->c_cpu == CPUBLOCK) cpu_spinwait();
        yield* cpublock.get(c)!.lock();
        yield* cpublock.get(c)!.unlock();
        continue;
      }
      const cc = CC_CPU(cpu);
      yield* CC_LOCK(cc);
      touch(c);
      if (cpu === c.c_cpu) return cc;
      yield* CC_UNLOCK(cc);
    }
  }

  /**
   * callout_cpu_switch: moves `c` to `new_cpu`; returns holding that CPU's lock instead of
   * `cc`'s. Model: also still holding `c`'s CPUBLOCK mutex, which the caller releases with
   * `callout_cpu_switched` once `c` is on its new wheel (no step may see it half moved).
   */
  function* callout_cpu_switch(c: callout, cc: callout_cpu, new_cpu: number): Routine<callout_cpu> {
    yield* cpublock.get(c)!.lock();
    c.c_cpu = CPUBLOCK;
    yield* CC_UNLOCK(cc);
    const new_cc = CC_CPU(new_cpu);
    yield* CC_LOCK(new_cc);
    touch(c);
    c.c_cpu = new_cpu;
    return new_cc;
  }

  /** Model: the move of `c` is over; callout_lock callers waiting for it go on. */
  function* callout_cpu_switched(c: callout): Routine<void> {
    yield* cpublock.get(c)!.unlock();
  }

  /** cpu_new_callout: programs the CPU's event timer to fire at `sbt`. */
  function* cpu_new_callout(cc: callout_cpu, sbt: number): Routine<void> {
    yield* cc.cc_et.reset(Math.max(0, sbt - sim.now()));
  }

  /** callout_cc_add: puts `c` on `cc`'s wheel, pending and active. */
  function* callout_cc_add(c: callout, cc: callout_cpu, sbt: number, func: callout_func_t, arg: unknown): Routine<void> {
    touch(c);
    c.c_arg = arg;
    c.c_iflags |= CALLOUT_PENDING;
    c.c_iflags &= ~CALLOUT_PROCESSED;
    c.c_flags |= CALLOUT_ACTIVE;
    c.c_func = func;
    c.c_time = sbt;
    cc.cc_callwheel.push(c);
    contract.scheduled(c);
    if (sbt < cc.cc_firstevent) {
      cc.cc_firstevent = sbt;
      yield* cpu_new_callout(cc, sbt);
    }
  }

  /** callout_process (hardclock): moves what expired to cc_expireq, reprograms the event timer. */
  function* callout_process(cc: callout_cpu, now: number): Routine<void> {
    const later: callout[] = [];
    let first = Infinity;
    for (const c of cc.cc_callwheel) {
      touch(c);
      if (c.c_time <= now) {
        cc.cc_expireq.push(c);
        c.c_iflags |= CALLOUT_PROCESSED;
      } else {
        later.push(c);
        first = Math.min(first, c.c_time);
      }
    }
    cc.cc_callwheel = later;
    cc.cc_firstevent = first;
    if (first !== Infinity) yield* cpu_new_callout(cc, first);
  }

  /** softclock: a CPU's callout thread; sleeps until its event timer fires, then runs what expired. */
  function* softclock(cc: callout_cpu): Routine<void> {
    for (;;) {
      yield* cc.cc_et.C.recv();
      yield* CC_LOCK(cc);
      yield* callout_process(cc, sim.now());
      for (let c = cc.cc_expireq.shift(); c !== undefined; c = cc.cc_expireq.shift()) yield* softclock_call_cc(c, cc);
      yield* CC_UNLOCK(cc);
    }
  }

  /** softclock_call_cc: services one expired callout; called and returns with cc_lock held. */
  function* softclock_call_cc(c: callout, cc: callout_cpu): Routine<void> {
    const ce = cc.cc_exec;
    touch(c);
    const c_lock = c.c_lock;
    const c_func = c.c_func!;
    const c_arg = c.c_arg;
    const c_iflags = c.c_iflags;
    c.c_iflags &= ~CALLOUT_PENDING;
    Object.assign(ce, { cc_curr: c, cc_cancel: false, cc_drain: null });
    yield* CC_UNLOCK(cc);
    sim.note(`softclock_call_cc: cc_curr = ${c.name}, calling its handler`);
    let skip = false;
    if (c_lock !== null) {
      yield* c_lock.lock();
      // The callout may have been cancelled while we switched locks.
      skip = ce.cc_cancel;
      if (skip) yield* c_lock.unlock();
      // The callout cannot be stopped now.
      else ce.cc_cancel = true;
    }
    if (!skip) {
      contract.handlerStarts(c);
      yield* c_func(c_arg);
      if ((c_iflags & CALLOUT_RETURNUNLOCKED) === 0) yield* c_lock!.unlock();
    }
    // skip:
    yield* CC_LOCK(cc);
    ce.cc_curr = null;
    const drain = ce.cc_drain;
    if (drain !== null) {
      ce.cc_drain = null;
      contract.drainCallbackStarts(c);
      yield* CC_UNLOCK(cc);
      sim.note(`softclock_call_cc: ${c.name}'s handler returned, calling its drain callback`);
      yield* drain(c_arg);
      yield* CC_LOCK(cc);
    }
    if (ce.cc_waiting) {
      // There is someone waiting for the callout to complete.
      // If the callout was scheduled for migration just cancel it.
      if (cc_cce_migrating(cc)) {
        cc_cce_cleanup(cc);
        touch(c);
        c.c_iflags &= ~CALLOUT_DFRMIGRATION;
      }
      ce.cc_waiting = false;
      yield* cc.cc_waiting_cv.broadcast();
    } else if (cc_cce_migrating(cc)) {
      // If the callout was scheduled for migration just perform it now.
      const { ce_migration_cpu: new_cpu, ce_migration_time: new_time, ce_migration_func: new_func, ce_migration_arg: new_arg } = ce;
      cc_cce_cleanup(cc);
      touch(c);
      // As first thing, handle deferred callout stops.
      if (!callout_migrating(c)) return;
      c.c_iflags &= ~CALLOUT_DFRMIGRATION;
      const new_cc = yield* callout_cpu_switch(c, cc, new_cpu);
      yield* callout_cc_add(c, new_cc, new_time, new_func!, new_arg);
      yield* callout_cpu_switched(c);
      yield* CC_UNLOCK(new_cc);
      yield* CC_LOCK(cc);
    }
  }

  /** Takes `c` off `cc`'s wheel or expiry queue (LIST_REMOVE / TAILQ_REMOVE). */
  function remove(c: callout, cc: callout_cpu): void {
    const q = (c.c_iflags & CALLOUT_PROCESSED) === 0 ? cc.cc_callwheel : cc.cc_expireq;
    const i = q.indexOf(c);
    sim.assert(i >= 0, `${c.name} is pending but not on cpu ${cc.cpu}'s ${q === cc.cc_expireq ? 'cc_expireq' : 'callwheel'}: removing it corrupts the list`);
    q.splice(i, 1);
  }

  /** callout_reset_sbt_on: 1 if a pending run was cancelled, else 0. */
  function* callout_reset_sbt_on(c: callout, sbt: number, ftn: callout_func_t, arg: unknown, cpu: number): Routine<number> {
    let cancelled = 0;
    const to_sbt = sim.now() + sbt;
    let cc = yield* callout_lock(c);
    if (cpu === -1) cpu = c.c_cpu;
    const ce = cc.cc_exec;
    if (ce.cc_curr === c) {
      // We're being asked to reschedule a callout which is currently in progress. If there
      // is a lock then we can cancel the callout if it has not really started.
      if (c.c_lock !== null && !ce.cc_cancel) {
        ce.cc_cancel = true;
        cancelled = 1;
      }
      if (opts.resetHonoursDrain && (ce.cc_waiting || ce.cc_drain !== null)) {
        // Someone has called callout_drain to kill this callout. Don't reschedule.
        yield* CC_UNLOCK(cc);
        return cancelled;
      }
      if (callout_migrating(c)) {
        // A second reset while a migration is deferred: it replaces the first.
        Object.assign(ce, { ce_migration_cpu: cpu, ce_migration_time: to_sbt, ce_migration_func: ftn, ce_migration_arg: arg });
        yield* CC_UNLOCK(cc);
        return 1;
      }
    }
    if ((c.c_iflags & CALLOUT_PENDING) !== 0) {
      remove(c, cc);
      cancelled = 1;
      c.c_iflags &= ~CALLOUT_PENDING;
      c.c_flags &= ~CALLOUT_ACTIVE;
    }
    // If the callout must migrate try to perform it immediately. If the callout is
    // currently running, just defer the migration to a more appropriate moment.
    if (c.c_cpu !== cpu) {
      if (ce.cc_curr === c) {
        Object.assign(ce, { ce_migration_cpu: cpu, ce_migration_time: to_sbt, ce_migration_func: ftn, ce_migration_arg: arg });
        c.c_iflags |= CALLOUT_DFRMIGRATION | CALLOUT_PENDING;
        c.c_flags |= CALLOUT_ACTIVE;
        contract.scheduled(c);
        yield* CC_UNLOCK(cc);
        return cancelled;
      }
      cc = yield* callout_cpu_switch(c, cc, cpu);
      yield* callout_cc_add(c, cc, to_sbt, ftn, arg);
      yield* callout_cpu_switched(c);
    } else {
      yield* callout_cc_add(c, cc, to_sbt, ftn, arg);
    }
    yield* CC_UNLOCK(cc);
    return cancelled;
  }

  /**
   * _callout_stop_safe: callout_stop (flags 0), callout_drain (CS_DRAIN) and
   * callout_async_drain (a `drain` function).
   */
  function* _callout_stop_safe(c: callout, flags: number, drain: callout_func_t | null): Routine<number> {
    const use_lock = (flags & CS_DRAIN) === 0 && c.c_lock !== null;
    if (use_lock) sim.assert(c.c_lock!.owned, `stopping ${c.name} without holding its lock "${c.c_lock!.name}" (lc_assert LA_XLOCKED)`);
    const cc = yield* callout_lock(c);
    const ce = cc.cc_exec;
    let not_on_a_list = false;
    if ((c.c_iflags & (CALLOUT_DFRMIGRATION | CALLOUT_PENDING)) === (CALLOUT_DFRMIGRATION | CALLOUT_PENDING) && (c.c_flags & CALLOUT_ACTIVE) !== 0) {
      // Special case where this slipped in while we were migrating *as* the callout is
      // about to execute. It is not on a list yet.
      c.c_iflags &= ~CALLOUT_PENDING;
      c.c_flags &= ~CALLOUT_ACTIVE;
      not_on_a_list = true;
    }
    let cancelled: number;
    if (ce.cc_curr === c) {
      // Succeed we to stop it or not, we must clear the active flag.
      if ((flags & CS_DRAIN) === 0) c.c_flags &= ~CALLOUT_ACTIVE;
      if ((flags & CS_DRAIN) !== 0) {
        // Running (or just about to run) and blocking is allowed: wait for it to finish.
        while (ce.cc_curr === c) {
          ce.cc_waiting = true;
          yield* cc.cc_waiting_cv.wait();
        }
        touch(c);
        c.c_flags &= ~CALLOUT_ACTIVE;
      } else if (use_lock && !ce.cc_cancel && drain === null) {
        // The current callout is waiting for its lock which we hold. Cancel the callout and
        // return. After our caller drops the lock, the callout will be skipped in softclock().
        ce.cc_cancel = true;
        if (callout_migrating(c)) {
          c.c_iflags &= ~CALLOUT_DFRMIGRATION;
          Object.assign(ce, noMigration());
        }
        yield* CC_UNLOCK(cc);
        return 1;
      } else if (callout_migrating(c)) {
        // Being serviced, and the "next" run is a migration at its completion: remove the
        // migration so it won't be rescheduled, but we can't stop the one that's running.
        c.c_iflags &= ~CALLOUT_DFRMIGRATION;
        Object.assign(ce, noMigration());
        if (drain !== null) ce.cc_drain = drain;
        yield* CC_UNLOCK(cc);
        return 0;
      } else if (drain !== null) {
        ce.cc_drain = drain;
      }
      cancelled = 0;
    } else {
      cancelled = 1;
    }
    if ((c.c_iflags & CALLOUT_PENDING) === 0) {
      // For not scheduled and not executing callout return negative value.
      if (ce.cc_curr !== c) cancelled = -1;
      yield* CC_UNLOCK(cc);
      return cancelled;
    }
    c.c_iflags &= ~CALLOUT_PENDING;
    c.c_flags &= ~CALLOUT_ACTIVE;
    if (!not_on_a_list) remove(c, cc);
    yield* CC_UNLOCK(cc);
    return cancelled;
  }

  /** Runs `_callout_stop_safe` as `what` and checks the result against the contract. */
  function* stop(what: StopCall, c: callout, flags: number, drain: callout_func_t | null): Routine<number> {
    const underLock = what === 'callout_stop' && c.c_lock !== null && c.c_lock.owned;
    const r = yield* _callout_stop_safe(c, flags, drain);
    sim.note(`${what}(${c.name}) returned ${r}`);
    return contract.returned(what, c, r, underLock, CC_CPU(c.c_cpu).cc_exec.cc_curr === c);
  }

  /** Runs `callout_reset_sbt_on` as `what` (callout_reset or callout_reset_on), noting its result in the trace. */
  function* reset(what: string, c: callout, to_ticks: number, ftn: callout_func_t, arg: unknown, cpu: number): Routine<number> {
    const r = yield* callout_reset_sbt_on(c, to_ticks * tick, ftn, arg, cpu);
    sim.note(`${what}(${c.name}, ${to_ticks} tick${to_ticks === 1 ? '' : 's'}${cpu === -1 ? '' : `, cpu ${cpu}`}) returned ${r}`);
    return r;
  }

  function init(c: callout): void {
    contract.register(c);
    cpublock.set(c, sim.mutex(`${c.name} CPUBLOCK`));
  }

  for (const cc of cc_cpu) sim.go(`softclock${cc.cpu}`, () => softclock(cc), { daemon: true });

  return {
    cc_cpu,
    new_callout: newCallout,
    callout_init(c) {
      Object.assign(c, { c_lock: null, c_flags: 0, c_iflags: CALLOUT_RETURNUNLOCKED, c_cpu: timeout_cpu });
      init(c);
    },
    callout_init_mtx(c, m, flags) {
      Object.assign(c, { c_lock: m, c_flags: 0, c_iflags: flags & CALLOUT_RETURNUNLOCKED, c_cpu: timeout_cpu });
      init(c);
    },
    callout_reset_on: (c, to_ticks, ftn, arg, cpu) => reset('callout_reset_on', c, to_ticks, ftn, arg, cpu),
    callout_reset: (c, to_ticks, ftn, arg) => reset('callout_reset', c, to_ticks, ftn, arg, -1),
    callout_stop: (c) => stop('callout_stop', c, 0, null),
    callout_drain: (c) => stop('callout_drain', c, CS_DRAIN, null),
    callout_async_drain: (c, drain) => stop('callout_async_drain', c, 0, drain),
    callout_active,
    callout_pending,
    callout_deactivate,
  };
}
