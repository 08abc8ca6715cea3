/**
 * The callout(9) API of FreeBSD 14's sys/kern/kern_timeout.c (README.md, "Originals"):
 * callout_reset_sbt_on (935–1067), _callout_stop_safe (1084–1344; callout_stop,
 * callout_drain and callout_async_drain are `_callout_stop_safe(c, 0 / CS_DRAIN / 0,
 * NULL / NULL / drain)`), callout_init (1346–1358) and _callout_init_lock (1360–1373),
 * over the wheels of `kern-timeout.ts`.
 */
import type { Routine, Sim } from '../../sim';
import type { StopCall } from './callout-contract';
import { callout_wheels, noMigration, type Wheels } from './kern-timeout';
import {
  CALLOUT_ACTIVE, CALLOUT_DFRMIGRATION, CALLOUT_PENDING, CALLOUT_RETURNUNLOCKED, CS_DRAIN,
  callout_active, callout_deactivate, callout_migrating, callout_pending, tick, touch,
  type KernTimeout, type KernTimeoutOptions, type callout, type callout_cpu, type callout_func_t,
} from './sys-callout';

/**
 * Boots the callout subsystem on `sim` (call it in `setup`): the wheels, hardclock and
 * softclock goroutines, the contract checks, and the API.
 */
export function kern_timeout(sim: Sim, opts: KernTimeoutOptions): KernTimeout {
  const w: Wheels = callout_wheels(sim, opts.ncpus, opts.c_cpu ?? 'atomic');
  const { cc_cpu, contract } = w;

  /** callout_reset_sbt_on (kern_timeout.c:935–1067): 1 if a pending run was cancelled, else 0. */
  function* callout_reset_sbt_on(c: callout, sbt: number, ftn: callout_func_t, arg: unknown, cpu: number): Routine<number> {
    let cancelled = 0;
    const to_sbt = sim.now() + sbt;
    let cc = yield* w.callout_lock(c);
    if (cpu === -1) cpu = c.c_cpu;
    const ce = cc.cc_exec;
    if (ce.cc_curr === c) {
      // We're being asked to reschedule a callout which is currently in progress. If there
      // is a lock then we can cancel the callout if it has not really started.
      if (c.c_lock !== null && !ce.cc_cancel) cancelled = Number((ce.cc_cancel = true));
      if (opts.resetHonoursDrain && (ce.cc_waiting || ce.cc_drain !== null)) {
        // Someone has called callout_drain to kill this callout. Don't reschedule.
        yield* cc.cc_lock.unlock();
        return cancelled;
      }
      if (callout_migrating(c)) {
        // This only occurs when a second callout_reset_sbt_on is made after a previous one
        // moved it into deferred migration (below).
        Object.assign(ce, { ce_migration_cpu: cpu, ce_migration_time: to_sbt, ce_migration_func: ftn, ce_migration_arg: arg });
        yield* cc.cc_lock.unlock();
        return 1;
      }
    }
    if ((c.c_iflags & CALLOUT_PENDING) !== 0) {
      w.remove(c, cc);
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
        yield* cc.cc_lock.unlock();
        return cancelled;
      }
      cc = yield* w.callout_cpu_switch(c, cc, cpu);
    }
    yield* w.callout_cc_add(c, cc, to_sbt, ftn, arg);
    yield* cc.cc_lock.unlock();
    return cancelled;
  }

  /**
   * _callout_stop_safe (kern_timeout.c:1084–1344). A drain that must wait goes back
   * through `callout_lock` (`goto again`), first to take the sleep queue chain lock, then
   * after every wakeup, so it follows a callout that migrated meanwhile.
   */
  function* _callout_stop_safe(c: callout, flags: number, drain: callout_func_t | null, ghost: { running: boolean }): Routine<number> {
    const use_lock = (flags & CS_DRAIN) === 0 && c.c_lock !== null;
    if (use_lock) sim.assert(c.c_lock!.owned, `stopping ${c.name} without holding its lock "${c.c_lock!.name}" (lc_assert LA_XLOCKED)`);
    let sq_locked = false;
    let old_cc: callout_cpu | null = null;
    for (;;) {
      // again:
      const cc = yield* w.callout_lock(c);
      const ce = cc.cc_exec;
      touch(c);
      let not_on_a_list = false;
      if ((c.c_iflags & (CALLOUT_DFRMIGRATION | CALLOUT_PENDING)) === (CALLOUT_DFRMIGRATION | CALLOUT_PENDING) && (c.c_flags & CALLOUT_ACTIVE) !== 0) {
        // Special case where this slipped in while we were migrating *as* the callout is
        // about to execute. It is not on a list yet (1124–1143).
        c.c_iflags &= ~CALLOUT_PENDING;
        c.c_flags &= ~CALLOUT_ACTIVE;
        not_on_a_list = true;
      }
      // If the callout was migrating while the callout cpu lock was dropped, just drop the
      // sleepqueue lock and check the states again (1150–1160).
      if (sq_locked && cc !== old_cc) {
        yield* cc.cc_lock.unlock();
        yield* old_cc!.sq_lock.unlock();
        sq_locked = false;
        old_cc = null;
        continue;
      }
      let cancelled: number;
      if (ce.cc_curr === c) {
        // Succeed we to stop it or not, we must clear the active flag - this is what API
        // users expect (1166–1173).
        if ((flags & CS_DRAIN) === 0) c.c_flags &= ~CALLOUT_ACTIVE;
        if ((flags & CS_DRAIN) !== 0) {
          if (!sq_locked) {
            // 1200–1207: lock the sleep queue chain, then start again with both locks.
            yield* cc.cc_lock.unlock();
            yield* cc.sq_lock.lock();
            sq_locked = true;
            old_cc = cc;
            continue;
          }
          // 1215–1230: sleepq_add + sleepq_wait, which releases the chain lock as it sleeps.
          ce.cc_waiting = true;
          yield* cc.cc_lock.unlock();
          yield* cc.sq_cv.wait();
          yield* cc.sq_lock.unlock(); // Model: sleepq_wait returns without the chain lock; the cond re-took it.
          sq_locked = false;
          old_cc = null;
          continue;
        } else if (use_lock && !ce.cc_cancel && drain === null) {
          // The current callout is waiting for its lock which we hold. Cancel the callout
          // and return. After our caller drops the lock, the callout will be skipped in
          // softclock() (1233–1262).
          ce.cc_cancel = true;
          if (callout_migrating(c)) {
            c.c_iflags &= ~CALLOUT_DFRMIGRATION;
            Object.assign(ce, noMigration());
          }
          ghost.running = true; // ghost
          yield* cc.cc_lock.unlock();
          return 1;
        } else if (callout_migrating(c)) {
          // Being serviced, and the "next" run is a migration at its completion: remove the
          // migration so it won't be rescheduled, but we can't stop the one that's running
          // (1263–1296).
          c.c_iflags &= ~CALLOUT_DFRMIGRATION;
          Object.assign(ce, noMigration());
          if (drain !== null) ce.cc_drain = drain;
          ghost.running = true; // ghost
          yield* cc.cc_lock.unlock();
          return 0;
        } else if (drain !== null) {
          ce.cc_drain = drain; // 1297–1306
        }
        cancelled = 0;
      } else {
        cancelled = 1;
      }
      if (sq_locked) yield* cc.sq_lock.unlock(); // 1312–1313
      if ((c.c_iflags & CALLOUT_PENDING) === 0) {
        // For not scheduled and not executing callout return negative value (1315–1326).
        if (ce.cc_curr !== c) cancelled = -1;
        ghost.running = cancelled === 0; // ghost
        yield* cc.cc_lock.unlock();
        return cancelled;
      }
      c.c_iflags &= ~CALLOUT_PENDING; // 1328–1329
      c.c_flags &= ~CALLOUT_ACTIVE;
      if (!not_on_a_list) w.remove(c, cc);
      ghost.running = cancelled === 0; // ghost
      yield* cc.cc_lock.unlock();
      return cancelled;
    }
  }

  /** Runs `_callout_stop_safe` as `what` and checks the result against the contract. */
  function* stop(what: StopCall, c: callout, flags: number, drain: callout_func_t | null): Routine<number> {
    const underLock = what === 'callout_stop' && c.c_lock !== null && c.c_lock.owned;
    const ghost = { running: false }; // whether the handler was being serviced when it returned
    const r = yield* _callout_stop_safe(c, flags, drain, ghost);
    sim.note(`${what}(${c.name}) returned ${r}`);
    return contract.returned(what, c, r, underLock, ghost.running);
  }

  /** Runs `callout_reset_sbt_on` as `what` (callout_reset or callout_reset_on), noting its result in the trace. */
  function* reset(what: string, c: callout, to_ticks: number, ftn: callout_func_t, arg: unknown, cpu: number): Routine<number> {
    const r = yield* callout_reset_sbt_on(c, to_ticks * tick, ftn, arg, cpu);
    sim.note(`${what}(${c.name}, ${to_ticks} tick${to_ticks === 1 ? '' : 's'}${cpu === -1 ? '' : `, cpu ${cpu}`}) returned ${r}`);
    return r;
  }

  return {
    cc_cpu,
    new_callout: w.new_callout,
    callout_init(c) {
      // bzero; mpsafe: c_lock = NULL, c_iflags = CALLOUT_RETURNUNLOCKED; c_cpu = cc_default_cpu
      // (1346–1358): new_callout made `c` zeroed, on cc_default_cpu.
      Object.assign(c, { c_lock: null, c_flags: 0, c_iflags: CALLOUT_RETURNUNLOCKED });
      contract.register(c);
    },
    callout_init_mtx(c, m, flags) {
      // _callout_init_lock (1360–1373).
      Object.assign(c, { c_lock: m, c_flags: 0, c_iflags: flags & CALLOUT_RETURNUNLOCKED });
      contract.register(c);
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
