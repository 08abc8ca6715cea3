/**
 * The data of FreeBSD's callout(9), as sys/sys/callout.h, sys/sys/_callout.h and the
 * structs at the top of sys/kern/kern_timeout.c declare them in FreeBSD 14 (see README.md,
 * "Originals", for the version; `kern_timeout.c:N` is a line of that copy): the CALLOUT_*
 * flags, `struct callout`, `struct cc_exec` (kern_timeout.c:147–161), `struct callout_cpu`
 * (kern_timeout.c:167–178), the consumer macros `callout_active`, `callout_pending`,
 * `callout_deactivate`, the `struct mtx` a callout may be associated with
 * (callout_init_mtx), and the API that callout.h declares (`KernTimeout`).
 *
 * Model-only additions are marked "Model:". The main one: a callout (and a mutex) is
 * memory inside its owner (the pcb), `c_mem`; every place the C code dereferences it
 * touches `c_mem`, so using it after the owner was freed is a `use-after-free`.
 */
import type { Chan, Cond, Mutex, Routine, Shared, Timer } from '../../sim';

/** One tick (hz = 1000), the unit of callout_reset's `to_ticks`, in virtual ns. */
export const tick = 1_000_000;

/** c_flags: set by callout_reset; cleared by callout_stop, callout_drain and callout_deactivate. */
export const CALLOUT_ACTIVE = 0x0002;
/** c_iflags: waiting for its time: on a wheel, on the expiry queue, or in a deferred migration. */
export const CALLOUT_PENDING = 0x0004;
/** c_iflags: the handler returns with c_lock released (callout_init(c, 1) sets it; a consumer may pass it to callout_init_mtx). */
export const CALLOUT_RETURNUNLOCKED = 0x0010;
/** c_iflags: a reset onto another CPU was deferred until the running handler returns. */
export const CALLOUT_DFRMIGRATION = 0x0040;
/** c_iflags: on the CPU's expiry queue `cc_expireq` rather than its wheel. */
export const CALLOUT_PROCESSED = 0x0080;
/** _callout_stop_safe flag: callout_drain (the caller may sleep). */
export const CS_DRAIN = 0x0001;
/** c_cpu of a callout between two CPUs' locks (callout_cpu_switch); also "no migration". */
export const CPUBLOCK = -2;

/** A handler or drain function, `c_func(c_arg)`: a generator, so it can take locks. */
export type callout_func_t = (arg: unknown) => Routine<void>;

/** Reads the memory `m`: a use-after-free when a goroutine does it after `m` was freed. */
export function touchMem(m: Shared<unknown> | null): void {
  if (m !== null) void m.value;
}

/**
 * `struct mtx`, as a callout's `c_lock`. Model: it lives inside `mem` (the pcb), so taking
 * or releasing it touches `mem`; `owned` stands for mtx_owned() (lc_assert).
 */
export class mtx {
  constructor(
    readonly m: Mutex,
    readonly mem: Shared<unknown> | null,
  ) {}
  get name(): string {
    return this.m.name;
  }
  /** mtx_owned(): true exactly while some goroutine holds `m` (the simulator's lock state). */
  get owned(): boolean {
    return this.m.locked;
  }
  /** mtx_lock: reads the lock word, waits for the lock, then writes the lock word. */
  *lock(): Routine<void> {
    touchMem(this.mem);
    yield* this.m.lock();
    touchMem(this.mem);
  }
  /** mtx_unlock. */
  *unlock(): Routine<void> {
    touchMem(this.mem);
    yield* this.m.unlock();
  }
}

/**
 * `struct callout`. Its fields are protected by the cc_lock of CPU `c_cpu`, except
 * `c_cpu` itself, which callout_lock reads with no lock held and re-checks under the lock.
 */
export interface callout {
  /** Model: its name in messages (`c1`, `c2`…). */
  readonly name: string;
  /** Model: the allocation holding it (the pcb), or null for static memory. */
  readonly c_mem: Shared<unknown> | null;
  /** Absolute deadline, in virtual ns. */
  c_time: number;
  c_arg: unknown;
  c_func: callout_func_t | null;
  /** The associated lock (callout_init_mtx); null for an MPSAFE callout. */
  c_lock: mtx | null;
  /** CALLOUT_ACTIVE: the consumer's flag. */
  c_flags: number;
  /** CALLOUT_PENDING, CALLOUT_PROCESSED, CALLOUT_DFRMIGRATION, CALLOUT_RETURNUNLOCKED. */
  c_iflags: number;
  /** The CPU whose wheel and softclock own it; CPUBLOCK while it moves between CPUs. */
  c_cpu: number;
}

/** A zeroed `struct callout` inside `mem` (what bzero gives callout_init). */
export function newCallout(name: string, mem: Shared<unknown> | null): callout {
  return { name, c_mem: mem, c_time: 0, c_arg: null, c_func: null, c_lock: null, c_flags: 0, c_iflags: 0, c_cpu: 0 };
}

/** The C code dereferences `c`. */
export function touch(c: callout): void {
  touchMem(c.c_mem);
}

/** callout_active(c): reset and not stopped, drained or deactivated since. */
export function callout_active(c: callout): boolean {
  touch(c);
  return (c.c_flags & CALLOUT_ACTIVE) !== 0;
}

/** callout_pending(c): waiting for its time (false once softclock starts to service it). */
export function callout_pending(c: callout): boolean {
  touch(c);
  return (c.c_iflags & CALLOUT_PENDING) !== 0;
}

/** callout_deactivate(c): marks it serviced (clears CALLOUT_ACTIVE). */
export function callout_deactivate(c: callout): void {
  touch(c);
  c.c_flags &= ~CALLOUT_ACTIVE;
}

/** callout_migrating(c) (kern_timeout.c:180). */
export function callout_migrating(c: callout): boolean {
  return (c.c_iflags & CALLOUT_DFRMIGRATION) !== 0;
}

/** `struct cc_exec`: what the CPU's softclock is servicing (direct callouts are not modelled). */
export interface cc_exec {
  /** The callout being serviced, from softclock taking it until its handler (and drain function) returned. */
  cc_curr: callout | null;
  /** Set by callout_async_drain: called (once) when the current handler returns. */
  cc_drain: callout_func_t | null;
  /** Meaningful only while cc_curr !== null. True: the handler must not start (a stop under c_lock), or has started. */
  cc_cancel: boolean;
  /** A callout_drain sleeps until cc_curr's handler returns. Set only while cc_curr !== null. */
  cc_waiting: boolean;
  /** The deferred migration of cc_curr: its CPU (CPUBLOCK: none), time, func and arg. */
  ce_migration_cpu: number;
  ce_migration_time: number;
  ce_migration_func: callout_func_t | null;
  ce_migration_arg: unknown;
}

/** `struct callout_cpu`: one per CPU, protected by its cc_lock. */
export interface callout_cpu {
  readonly cpu: number;
  /** A spin mutex in the kernel; a sim mutex here (`cc_lock.locked`: the state below may be mid-update). */
  readonly cc_lock: Mutex;
  readonly cc_exec: cc_exec;
  /** Pending callouts not yet expired: the callwheel, as one unordered list (frozen: store a new one). */
  cc_callwheel: readonly callout[];
  /** Expired callouts waiting for softclock, in expiry order (CALLOUT_PROCESSED; frozen: store a new one). */
  cc_expireq: readonly callout[];
  /** When the event timer is programmed to fire; Infinity when it is not. */
  cc_firstevent: number;
  /** Model: the CPU's one-shot event timer (eventtimers(4)); its interrupt runs callout_process on this CPU. Null until first programmed. */
  cc_et: (Timer & { readonly C: Chan<number> }) | null;
  /** Model: the softclock thread was started (the first time this CPU had an expired callout). */
  cc_thread: boolean;
  /** TD_AWAITING_INTR(cc_thread): the softclock thread sleeps in its idle loop, on `cc_thread_cv`. */
  cc_iwait: boolean;
  /** Model: the softclock thread's idle sleep, with cc_lock as its thread lock (kern_timeout.c:839–851). */
  readonly cc_thread_cv: Cond;
  /** Model: the sleep queue chain lock of the wait channel `&cc_exec_waiting` (sleepq_lock / sleepq_release). */
  readonly sq_lock: Mutex;
  /** Model: the sleep queue on `&cc_exec_waiting`, where callout_drain sleeps (sleepq_add + sleepq_wait / wakeup). */
  readonly sq_cv: Cond;
}

export interface KernTimeoutOptions {
  /** Simulated CPUs: a wheel, an event timer, a hardclock and a softclock goroutine each. */
  readonly ncpus: number;
  /**
   * callout_reset refuses to re-arm a callout that a callout_drain or callout_async_drain
   * is waiting for ("Someone has called callout_drain to kill this callout. Don't
   * reschedule.", kern_timeout.c:974–984). False only in the `reset-during-drain` variant.
   */
  readonly resetHonoursDrain: boolean;
  /**
   * `atomic` (default): callout_lock's unlocked read of `c_cpu`, and callout_cpu_switch's
   * writes, are atomics. `plain`: `c_cpu` is a plain race-checked field, as the C declares it.
   */
  readonly c_cpu?: 'atomic' | 'plain';
}

/** The callout(9) API of one simulated kernel. Effects are `yield*`ed; the rest are plain calls. */
export interface KernTimeout {
  readonly cc_cpu: readonly callout_cpu[];
  /** A zeroed `struct callout` inside `mem` (the owner's allocation). */
  new_callout(name: string, mem: Shared<unknown> | null): callout;
  /** callout_init(c, 1): MPSAFE, no associated lock (Giant callouts are not modelled). */
  callout_init(c: callout, mpsafe: true): void;
  /** callout_init_mtx: the handler runs with `m` held (released by softclock, or by the handler with CALLOUT_RETURNUNLOCKED). */
  callout_init_mtx(c: callout, m: mtx, flags: number): void;
  /** Arms `c` `to_ticks` from now on `cpu`; 1 if a pending run was cancelled, else 0. */
  callout_reset_on(c: callout, to_ticks: number, ftn: callout_func_t, arg: unknown, cpu: number): Routine<number>;
  /** callout_reset_on on the callout's current CPU. */
  callout_reset(c: callout, to_ticks: number, ftn: callout_func_t, arg: unknown): Routine<number>;
  /** 1: stopped while pending; 0: being serviced, not stopped; -1: neither pending nor running. */
  callout_stop(c: callout): Routine<number>;
  /** callout_stop that first sleeps until a running handler returned. */
  callout_drain(c: callout): Routine<number>;
  /** 0: the handler is running and `drain(c_arg)` will run once it returned; else as callout_stop, no `drain`. */
  callout_async_drain(c: callout, drain: callout_func_t): Routine<number>;
  callout_active(c: callout): boolean;
  callout_pending(c: callout): boolean;
  callout_deactivate(c: callout): void;
}
