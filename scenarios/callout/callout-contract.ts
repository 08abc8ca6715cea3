/**
 * What callout(9) promises its consumers, checked while the model runs (model only:
 * kern_timeout.c has no such code). From share/man/man9/callout.9 (freebsd/freebsd-src,
 * the FreeBSD 11–14 text, which documents callout_async_drain; README.md quotes it):
 *
 *   - callout_stop: 1 if the callout was pending (or, with its lock held by the caller,
 *     was waiting for that lock) and is now stopped: its handler will not run; 0 if it is
 *     being serviced and could not be stopped; -1 if it was neither pending nor running.
 *     A stop made while holding the associated lock is guaranteed: no handler body after.
 *   - callout_drain: like callout_stop, but sleeps until a running handler returned; after
 *     it, no handler body (until the next callout_reset).
 *   - callout_async_drain(c, fn): 0 if the handler is running, and then `fn` runs exactly
 *     once after the handler returned, the callout drained (not re-armed); nonzero (1 or
 *     -1, as callout_stop) otherwise, and no `fn`.
 *   - flags: `pending` while waiting for its time and cleared when softclock starts to
 *     service it; `active` set by callout_reset, cleared by deactivate, not by expiry;
 *     "The callout_stop and callout_drain functions always clear both the active and
 *     pending flags before returning"; pending implies active; a callout is queued on its
 *     own CPU only.
 */
import { formatTime, type Sim } from '../../sim';
import { CALLOUT_ACTIVE, CALLOUT_PENDING, CPUBLOCK, callout_migrating, type callout, type callout_cpu } from './sys-callout';

/** What is forbidden or owed for one callout, as of now. */
interface Promises {
  /** Why no handler body may start now (cleared when a reset schedules a new run), or null. */
  noHandler: string | null;
  /** Zeros returned by callout_async_drain whose drain callback has not run yet. Invariant: ≥ 0. */
  drainsOwed: number;
}

/** The names of the calls whose results the contract constrains. */
export type StopCall = 'callout_stop' | 'callout_drain' | 'callout_async_drain';

/**
 * Tracks the promises of every callout of one kernel and checks them: assertions where
 * the API returns and where softclock starts a handler or a drain callback, an invariant
 * on the flags after every step, and an at-end check that every owed callback ran.
 */
export class CalloutContract {
  private readonly promises = new Map<callout, Promises>();

  constructor(
    private readonly sim: Sim,
    private readonly cc_cpu: readonly callout_cpu[],
  ) {
    sim.invariant('callout flags follow callout(9)', () => this.flagsFollowTheManPage());
    sim.atEnd('each 0 from callout_async_drain gets its drain callback', () => {
      const owed = this.owed();
      return owed.length === 0 || `callout_async_drain returned 0 but no drain callback ran for ${owed.join(', ')}`;
    });
  }

  /** callout_init: starts tracking `c`. */
  register(c: callout): void {
    this.promises.set(c, { noHandler: null, drainsOwed: 0 });
  }

  /** A reset scheduled a new run of `c` (on a wheel, or as a deferred migration). */
  scheduled(c: callout): void {
    this.of(c).noHandler = null;
  }

  /** softclock is about to call `c`'s handler. */
  handlerStarts(c: callout): void {
    const p = this.of(c);
    this.sim.assert(p.noHandler === null, `the handler of ${c.name} runs after ${p.noHandler ?? ''}`);
  }

  /** softclock is about to call the drain callback of `c`, whose handler just returned. */
  drainCallbackStarts(c: callout): void {
    const p = this.of(c);
    this.sim.assert(p.drainsOwed > 0, `the drain callback of ${c.name} runs without a 0 from callout_async_drain`);
    this.sim.assert((c.c_iflags & CALLOUT_PENDING) === 0, `${c.name} is pending again when its drain callback runs: it was re-armed while being drained`);
    p.drainsOwed--;
    p.noHandler = `its drain callback ran (t=${formatTime(this.sim.now())})`;
  }

  /**
   * `what(c)` returned `r` (`underLock`: the caller holds c_lock); `running`: whether the
   * handler is still being serviced. Returns `r`.
   */
  returned(what: StopCall, c: callout, r: number, underLock: boolean, running: boolean): number {
    const p = this.of(c);
    const at = `${what}(${c.name})${underLock ? ' under its lock' : ''} returned ${r} (t=${formatTime(this.sim.now())})`;
    this.sim.assert(r === 1 || r === 0 || r === -1, `${at}: not 1, 0 or -1`);
    this.sim.assert((c.c_iflags & CALLOUT_PENDING) === 0, `${c.name} is still pending after ${at}`);
    // callout(9): "The callout_stop and callout_drain functions always clear both the
    // active and pending flags before returning." (async drain: the same code with flags 0.)
    this.sim.assert((c.c_flags & CALLOUT_ACTIVE) === 0 || (what === 'callout_async_drain' && r === -1), `${c.name} is still active after ${at}: callout(9) says callout_stop and callout_drain always clear the active flag`);
    this.sim.assert(r !== 0 || what === 'callout_drain' || running, `${at} but its handler is not running`);
    if (what === 'callout_drain') {
      this.sim.assert(!running, `${c.name} is still running after ${at}`);
      p.noHandler = at;
    } else if (what === 'callout_async_drain') {
      if (r === 0) p.drainsOwed++;
      else p.noHandler = at;
    } else if (r === 1 || underLock) {
      p.noHandler = at;
    }
    return r;
  }

  private of(c: callout): Promises {
    const p = this.promises.get(c);
    if (p === undefined) throw new Error(`${c.name} was not initialized with callout_init or callout_init_mtx`);
    return p;
  }

  /** The callouts with a 0 from callout_async_drain whose drain callback has not run (the at-end check's subject). */
  owed(): string[] {
    return [...this.promises].filter(([, p]) => p.drainsOwed > 0).map(([c]) => c.name);
  }

  private flagsFollowTheManPage(): true | string {
    return flagsAgree(this.cc_cpu, this.promises.keys());
  }
}

/**
 * The flags agree with the queues, for every callout whose CPU's lock is free (a holder
 * may be half-way through an update, as in the kernel): queued on at most one CPU, its
 * own; queued implies pending; pending implies active; pending and not queued only while
 * a deferred migration is recorded. The invariant checked after every step.
 */
export function flagsAgree(cc_cpu: readonly callout_cpu[], callouts: Iterable<callout>): true | string {
  for (const c of callouts) {
    if (c.c_mem !== null && c.c_mem.freed) continue;
    if (c.c_cpu === CPUBLOCK || cc_cpu[c.c_cpu]!.cc_lock.locked) continue;
    const on = cc_cpu.filter((cc) => cc.cc_callwheel.includes(c) || cc.cc_expireq.includes(c));
    const pending = (c.c_iflags & CALLOUT_PENDING) !== 0;
    if (on.length > 1) return `${c.name} is queued on ${on.length} CPUs`;
    if (on.length === 1 && on[0]!.cpu !== c.c_cpu) return `${c.name} is queued on cpu ${on[0]!.cpu} but its c_cpu is ${c.c_cpu}`;
    if (on.length === 1 && !pending) return `${c.name} is queued but not pending`;
    if (pending && (c.c_flags & CALLOUT_ACTIVE) === 0) return `${c.name} is pending but not active`;
    if (pending && on.length === 0) {
      // A reset of a running callout onto another CPU: softclock adds it there once the
      // handler (and a drain callback, if any) returned.
      const deferred = callout_migrating(c) && cc_cpu[c.c_cpu]!.cc_exec.ce_migration_cpu !== CPUBLOCK;
      if (!deferred) return `${c.name} is pending but on no callwheel and not migrating`;
    }
  }
  return true;
}
