/**
 * FreeBSD's callout wheels and softclock threads, after sys/kern/kern_timeout.c of
 * FreeBSD 14 (README.md, "Originals"; `kern_timeout.c:N` is a line of that copy):
 * callout_cpu_switch (344–368), callout_process (427–562), callout_lock (564–586),
 * callout_cc_add (588–626), softclock_call_cc (628–808) and softclock_thread (826–874),
 * with their names and, where shared state is touched, their statements. The API that
 * consumers call (callout_reset_sbt_on, _callout_stop_safe, callout_init) is in
 * `kern-timeout-api.ts`.
 *
 * On the simulator:
 *   - each CPU's `cc_lock` is a sim mutex; code between two effects is atomic.
 *   - each CPU has a one-shot event timer (a sim timer) and a `hardclock<n>` goroutine
 *     (a daemon) that runs callout_process when it fires: it moves what expired to
 *     `cc_expireq`, reprograms the timer (cpu_new_callout) and wakes the CPU's
 *     `softclock<n>` goroutine (a daemon), which runs the handlers. Hardclock can append
 *     to `cc_expireq` while softclock runs a handler, as in the kernel.
 *   - callout_drain sleeps on the sleep queue of `&cc_exec_waiting`: a mutex (the sleep
 *     queue chain lock) and a cond on it.
 *   - `CalloutContract` checks callout(9)'s promises as the code runs.
 * Left out: direct (C_DIRECT_EXEC) callouts, Giant, shared locks, precision, callwheel
 * buckets (a CPU's wheel is one unordered list, scanned whole), `cc_next`.
 */
import type { Chan, Routine, Shared, Sim, Timer } from '../../sim';
import { c_cpu_word } from './callout-cpu-word';
import { CalloutContract } from './callout-contract';
import {
  CALLOUT_ACTIVE, CALLOUT_DFRMIGRATION, CALLOUT_PENDING, CALLOUT_PROCESSED, CALLOUT_RETURNUNLOCKED, CPUBLOCK,
  callout_migrating, touch, type callout, type callout_cpu, type callout_func_t, type cc_exec,
} from './sys-callout';

/** The no-migration part of `cc_cce_cleanup` (kern_timeout.c:246–252). */
export function noMigration(): Pick<cc_exec, 'ce_migration_cpu' | 'ce_migration_time' | 'ce_migration_func' | 'ce_migration_arg'> {
  return { ce_migration_cpu: CPUBLOCK, ce_migration_time: 0, ce_migration_func: null, ce_migration_arg: null };
}

/** The per-CPU machinery the API (kern-timeout-api.ts) works on. */
export interface Wheels {
  readonly sim: Sim;
  readonly cc_cpu: readonly callout_cpu[];
  readonly contract: CalloutContract;
  CC_CPU(cpu: number): callout_cpu;
  callout_lock(c: callout): Routine<callout_cpu>;
  callout_cpu_switch(c: callout, cc: callout_cpu, new_cpu: number): Routine<callout_cpu>;
  callout_cc_add(c: callout, cc: callout_cpu, sbt: number, func: callout_func_t, arg: unknown): Routine<void>;
  /** LIST_REMOVE / TAILQ_REMOVE of `c` from `cc`'s wheel or expiry queue. */
  remove(c: callout, cc: callout_cpu): void;
  /** A race-checked `struct callout` named `name` inside `mem`, with `c_cpu` as `KernTimeoutOptions.c_cpu` says. */
  new_callout(name: string, mem: Shared<unknown> | null): callout;
}

/**
 * Boots the callout wheels on `sim` (call it in `setup`): per-CPU state and the contract
 * checks. Each CPU's event timer and hardclock goroutine start with its first callout, its
 * softclock goroutine with its first expiry (all daemons).
 */
export function callout_wheels(sim: Sim, ncpus: number, c_cpu_mode: 'atomic' | 'plain'): Wheels {
  const cc_cpu: callout_cpu[] = [];
  for (let cpu = 0; cpu < ncpus; cpu++) {
    const cc_lock = sim.mutex(`cc_lock${cpu}`);
    const sq_lock = sim.mutex(`sleepq${cpu}`);
    // Race-checked fields (sim.struct): `cc_exec` is a struct of its own, stored as a
    // reference; the queues are arrays, frozen once stored, so every change stores a new one.
    const cc_exec = sim.struct<cc_exec>(`cc_exec${cpu}`, { cc_curr: null, cc_drain: null, cc_cancel: false, cc_waiting: false, ...noMigration() });
    const cc = sim.struct<callout_cpu>(`cc${cpu}`, {
      cpu,
      cc_lock,
      cc_exec,
      cc_callwheel: [],
      cc_expireq: [],
      // ENGINE: a sim timer is created armed (there is no stopped timer), and a timer armed
      // for nothing fires as a spurious interrupt that every search must interleave. So
      // the event timer and its hardclock goroutine are created by the first
      // cpu_new_callout, when the CPU has something to fire (cc_firstevent = SBT_MAX until
      // then, kern_timeout.c:330).
      cc_firstevent: Infinity,
      cc_et: null,
      cc_thread: false,
      cc_iwait: false,
      cc_thread_cv: sim.cond(`softclock${cpu} idle`, cc_lock),
      sq_lock,
      sq_cv: sim.cond(`cc_exec_waiting${cpu}`, sq_lock),
    });
    cc_cpu.push(cc);
  }
  const contract = new CalloutContract(sim, cc_cpu);
  const CC_CPU = (cpu: number): callout_cpu => cc_cpu[cpu]!;

  const { cpublockOf, load_c_cpu, store_c_cpu, new_callout } = c_cpu_word(sim, c_cpu_mode);

  /** callout_lock (kern_timeout.c:564–586): locks the CPU that owns `c`, following `c` if it moves meanwhile. */
  function* callout_lock(c: callout): Routine<callout_cpu> {
    for (;;) {
      touch(c);
      const cpu = yield* load_c_cpu(c);
      if (cpu === CPUBLOCK) {
        yield* cpublockOf(c).lock(); // while (c->c_cpu == CPUBLOCK) cpu_spinwait();
        yield* cpublockOf(c).unlock();
        continue;
      }
      const cc = CC_CPU(cpu);
      yield* cc.cc_lock.lock();
      touch(c);
      if (cpu === (yield* load_c_cpu(c))) return cc;
      yield* cc.cc_lock.unlock();
    }
  }

  /** callout_cpu_switch (kern_timeout.c:344–368): returns holding `new_cpu`'s lock instead of `cc`'s. */
  function* callout_cpu_switch(c: callout, cc: callout_cpu, new_cpu: number): Routine<callout_cpu> {
    yield* cpublockOf(c).lock(); // spinlock_enter(), moved before the store so no step sees CPUBLOCK unheld
    touch(c);
    yield* store_c_cpu(c, CPUBLOCK);
    yield* cc.cc_lock.unlock();
    const new_cc = CC_CPU(new_cpu);
    yield* new_cc.cc_lock.lock();
    touch(c);
    yield* store_c_cpu(c, new_cpu);
    yield* cpublockOf(c).unlock(); // spinlock_exit()
    return new_cc;
  }

  /** cpu_new_callout: programs the CPU's event timer to fire at `sbt`. */
  function* cpu_new_callout(cc: callout_cpu, sbt: number): Routine<void> {
    const d = Math.max(0, sbt - sim.now());
    if (cc.cc_et === null) {
      // Not a daemon timer, even when softclock (a daemon) arms it: a pending callout keeps the run alive.
      const et = sim.newTimer(d, `et${cc.cpu}`, { daemon: false });
      cc.cc_et = et;
      sim.go(`hardclock${cc.cpu}`, () => hardclock(cc, et), { daemon: true });
      return;
    }
    yield* cc.cc_et.reset(d);
  }

  /** callout_cc_add (kern_timeout.c:588–626): puts `c` on `cc`'s wheel, pending and active. */
  function* callout_cc_add(c: callout, cc: callout_cpu, sbt: number, func: callout_func_t, arg: unknown): Routine<void> {
    touch(c);
    c.c_arg = arg;
    c.c_iflags |= CALLOUT_PENDING;
    c.c_iflags &= ~CALLOUT_PROCESSED;
    c.c_flags |= CALLOUT_ACTIVE;
    c.c_func = func;
    c.c_time = sbt;
    cc.cc_callwheel = [...cc.cc_callwheel, c]; // LIST_INSERT_HEAD
    contract.scheduled(c);
    // Inform the eventtimers(4) subsystem there's a new callout that has been inserted,
    // but only if really required.
    if (sbt < cc.cc_firstevent) {
      cc.cc_firstevent = sbt;
      yield* cpu_new_callout(cc, sbt);
    }
  }

  /** callout_process (kern_timeout.c:427–562), from the CPU's event timer interrupt. */
  function* callout_process(cc: callout_cpu, now: number): Routine<void> {
    yield* cc.cc_lock.lock(); // 446
    const later: callout[] = [];
    const expired: callout[] = [];
    let first = Infinity;
    for (const c of cc.cc_callwheel) {
      touch(c);
      if (c.c_time <= now) {
        expired.push(c); // 503–505: TAILQ_INSERT_TAIL(&cc->cc_expireq, …)
        c.c_iflags |= CALLOUT_PROCESSED;
      } else {
        later.push(c);
        first = Math.min(first, c.c_time);
      }
    }
    cc.cc_callwheel = later;
    if (expired.length > 0) cc.cc_expireq = [...cc.cc_expireq, ...expired];
    cc.cc_firstevent = first; // 538
    if (first !== Infinity) yield* cpu_new_callout(cc, first); // 539
    if (cc.cc_expireq.length > 0 && !cc.cc_thread) {
      // Model: the softclock thread is started the first time it has work (it would have
      // idled until now), so no search interleaves its idle start-up.
      cc.cc_thread = true;
      sim.go(`softclock${cc.cpu}`, () => softclock_thread(cc), { daemon: true });
    } else if (cc.cc_expireq.length > 0 && cc.cc_iwait) {
      // 546–558: TD_AWAITING_INTR(td): TD_CLR_IWAIT(td); sched_wakeup(td, SRQ_INTR).
      cc.cc_iwait = false;
      yield* cc.cc_thread_cv.signal();
    }
    yield* cc.cc_lock.unlock();
  }

  /** The CPU's event timer interrupt (hardclock): callout_process each time it fires. */
  function* hardclock(cc: callout_cpu, et: Timer & { readonly C: Chan<number> }): Routine<void> {
    for (;;) {
      yield* et.C.recv();
      yield* callout_process(cc, sim.now());
    }
  }

  /** softclock_thread (kern_timeout.c:826–874): the CPU's callout thread. */
  function* softclock_thread(cc: callout_cpu): Routine<void> {
    yield* cc.cc_lock.lock();
    for (;;) {
      while (cc.cc_expireq.length === 0) {
        // Use CC_LOCK(cc) as the thread_lock while idle: TD_SET_IWAIT; mi_switch.
        cc.cc_iwait = true;
        yield* cc.cc_thread_cv.wait();
      }
      for (let c = cc.cc_expireq[0]; c !== undefined; c = cc.cc_expireq[0]) {
        cc.cc_expireq = cc.cc_expireq.slice(1); // TAILQ_REMOVE
        yield* softclock_call_cc(c, cc);
      }
    }
  }

  /** softclock_call_cc (kern_timeout.c:628–808): services one expired callout; called and returns with cc_lock held. */
  function* softclock_call_cc(c: callout, cc: callout_cpu): Routine<void> {
    const ce = cc.cc_exec;
    touch(c);
    const c_lock = c.c_lock;
    const c_func = c.c_func!;
    const c_arg = c.c_arg;
    const c_iflags = c.c_iflags;
    c.c_iflags &= ~CALLOUT_PENDING; // 672
    Object.assign(ce, { cc_curr: c, cc_cancel: false, cc_drain: null }); // 674–678
    yield* cc.cc_lock.unlock();
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
      yield* c_func(c_arg); // 719
      if ((c_iflags & CALLOUT_RETURNUNLOCKED) === 0) yield* c_lock!.unlock(); // 738–739
    }
    // skip:
    yield* cc.cc_lock.lock();
    ce.cc_curr = null;
    const drain = ce.cc_drain;
    if (drain !== null) {
      // 744–750
      ce.cc_drain = null;
      contract.drainCallbackStarts(c);
      yield* cc.cc_lock.unlock();
      sim.note(`softclock_call_cc: ${c.name}'s handler returned, calling its drain function`);
      yield* drain(c_arg);
      yield* cc.cc_lock.lock();
    }
    if (ce.cc_waiting) {
      // There is someone waiting for the callout to complete. If the callout was
      // scheduled for migration just cancel it (751–770).
      if (ce.ce_migration_cpu !== CPUBLOCK) {
        Object.assign(ce, { cc_curr: null, cc_cancel: false, cc_waiting: false }, noMigration());
        touch(c);
        c.c_iflags &= ~CALLOUT_DFRMIGRATION;
      }
      ce.cc_waiting = false;
      yield* cc.cc_lock.unlock();
      // wakeup(&cc_exec_waiting(cc, direct)): takes the sleep queue chain lock.
      yield* cc.sq_lock.lock();
      yield* cc.sq_cv.broadcast();
      yield* cc.sq_lock.unlock();
      yield* cc.cc_lock.lock();
    } else if (ce.ce_migration_cpu !== CPUBLOCK) {
      // If the callout was scheduled for migration just perform it now (771–807).
      const { ce_migration_cpu: new_cpu, ce_migration_time: new_time, ce_migration_func: new_func, ce_migration_arg: new_arg } = ce;
      Object.assign(ce, { cc_curr: null, cc_cancel: false, cc_waiting: false }, noMigration());
      touch(c);
      // As first thing, handle deferred callout stops.
      if (!callout_migrating(c)) return;
      c.c_iflags &= ~CALLOUT_DFRMIGRATION;
      const new_cc = yield* callout_cpu_switch(c, cc, new_cpu);
      yield* callout_cc_add(c, new_cc, new_time, new_func!, new_arg);
      yield* new_cc.cc_lock.unlock();
      yield* cc.cc_lock.lock();
    }
  }

  /**
   * Takes `c` off `cc`'s wheel or expiry queue (LIST_REMOVE / TAILQ_REMOVE). A pending
   * callout on neither is what the flags invariant reports (callout-contract.ts).
   */
  function remove(c: callout, cc: callout_cpu): void {
    if ((c.c_iflags & CALLOUT_PROCESSED) === 0) cc.cc_callwheel = cc.cc_callwheel.filter((x) => x !== c);
    else cc.cc_expireq = cc.cc_expireq.filter((x) => x !== c);
  }

  return { sim, cc_cpu, contract, CC_CPU, callout_lock, callout_cpu_switch, callout_cc_add, remove, new_callout };
}
