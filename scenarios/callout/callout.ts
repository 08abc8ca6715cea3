/**
 * FreeBSD callout(9): a connection's timers torn down while their handlers fire.
 *
 * The driver is `pcb_teardown` from Hans Petter Selasky's RFC "kern/kern_timeout.c
 * rewrite in progress" (freebsd-current, 29 Dec 2014; README.md quotes what the model
 * needs of it): a pcb with a mutex and three MPSAFE callouts whose handlers take the pcb
 * lock. The callout subsystem is modelled in `kern-timeout.ts` and `kern-timeout-api.ts`
 * after FreeBSD 14's sys/kern/kern_timeout.c.
 *
 * The RFC's `pcb_teardown` stops the timers under the lock and frees the pcb: a handler
 * already running (blocked on the pcb lock) then uses the freed pcb. Its fix drains
 * asynchronously: `pcb_callback` drops one reference per drained handler and the last one
 * frees. The RFC's code decrements when `callout_drain_async(...) == 0`, meaning "no
 * callback will come"; the API that landed (callout_async_drain, FreeBSD 11) returns 0
 * when the callback *will* come, so here the reference is dropped on a nonzero result,
 * as tcp_timer_stop() in sys/netinet/tcp_timer.c (FreeBSD 11–13) counts `tt_draincnt` on 0.
 *
 * The handlers follow callout(9)'s third technique ("Avoiding Race Conditions"): under the
 * pcb lock, return if `callout_pending` (reset meanwhile) or `!callout_active` (stopped
 * meanwhile), else `callout_deactivate` and work: a consumer that relies on the flags.
 */
import { defineScenario, type Routine } from '../../sim';
import { kern_timeout } from './kern-timeout-api';
import { CALLOUT_RETURNUNLOCKED, mtx, touchMem, type callout, type callout_func_t } from './sys-callout';

/** The fields of the RFC's `struct pcb` (its lock and callouts live in the same allocation). Guarded by the pcb lock. */
interface pcb_fields {
  refcount: number;
  /** What the handlers do to the pcb (a counter of handler runs). */
  t_work: number;
  /** Model: how many times each timer's handler ran (it re-arms itself `rearms` times). */
  fired: readonly number[];
}

function c_zeroes(n: number): readonly number[] {
  return Array.from({ length: n }, () => 0);
}

export default defineScenario({
  name: 'callout',
  description: "FreeBSD callout(9): a pcb's MPSAFE timers torn down while their handlers fire (stop, drain, async drain)",
  variants: {
    drain: 'pcb_teardown: callout_drain each timer outside the pcb lock, then free',
    'async-drain': "the RFC's pcb_teardown: callout_async_drain under the lock, the last pcb_callback frees",
    'stop-then-free': { description: "the RFC's use after free: callout_stop under the lock, then free", expect: 'fail' },
    'ignore-drain-result': { description: 'pcb_teardown drops a reference whatever callout_async_drain returns: a double free', expect: 'fail' },
    'drain-holding-lock': { description: 'callout_drain under the pcb lock a running handler waits for: deadlock', expect: 'fail' },
    'reset-during-drain': { description: 'kern_timeout.c: callout_reset re-arms a callout that is being drained', expect: 'fail' },
    'rfc-drain-convention': { description: "the RFC's pcb_teardown as posted (drop a reference when callout_async_drain returns 0) against the API that landed: a leak", expect: 'fail' },
    'no-deactivate': { description: 'handlers that never call callout_deactivate: callout_drain returns -1 and leaves the callout active, against callout(9)', expect: 'fail' },
  },
  params: {
    /** Simulated CPUs (one softclock each). */
    cpus: 2,
    /** Timers of the pcb (the RFC has three; one keeps exhaustive search small, see README.md). */
    callouts: 1,
    /** How many times each handler re-arms itself (onto the next CPU). */
    rearms: 1,
    /**
     * How the callouts are initialized: `mpsafe` (callout_init(c, 1): the handler takes the
     * pcb lock itself), `mtx` (callout_init_mtx(c, &pcb_mtx, 0): softclock takes and releases
     * it around the handler) or `mtx-returnunlocked` (callout_init_mtx(c, &pcb_mtx,
     * CALLOUT_RETURNUNLOCKED): softclock takes it, the handler releases it).
     */
    init: 'mpsafe',
    /** `periodic` (deactivate, ignore the flags) or `flags` (callout(9)'s third technique: return if pending or not active). */
    handler: 'periodic',
    /**
     * `atomic`: callout_lock's unlocked read of `c_cpu` (and callout_cpu_switch's writes) are
     * atomics; `plain`: a race-checked plain field, as the C declares it (FINDINGS.md).
     */
    c_cpu: 'atomic',
  },
  setup(sim, { variant, params }) {
    const ncpus = params.cpus;
    const init = params.init;
    if (init !== 'mpsafe' && init !== 'mtx' && init !== 'mtx-returnunlocked') throw new Error(`parameter "init" must be "mpsafe", "mtx" or "mtx-returnunlocked", got "${init}"`);
    if (params.handler !== 'periodic' && params.handler !== 'flags') throw new Error(`parameter "handler" must be "periodic" or "flags", got "${params.handler}"`);
    if (params.c_cpu !== 'atomic' && params.c_cpu !== 'plain') throw new Error(`parameter "c_cpu" must be "atomic" or "plain", got "${params.c_cpu}"`);
    const kt = kern_timeout(sim, { ncpus, resetHonoursDrain: variant !== 'reset-during-drain', c_cpu: params.c_cpu });
    /** The pcb's allocation: reading it after `free` is a use-after-free (see `touchMem`). */
    const pcb = sim.shared('pcb', 'allocated');
    /** The pcb's fields, race-checked; every access also touches the allocation. */
    const pcbf = sim.struct<pcb_fields>('pcb', { refcount: 0, t_work: 0, fired: c_zeroes(params.callouts) });
    const pcb_mtx = new mtx(sim.mutex('pcb_mtx'), pcb);
    const c: callout[] = [];
    for (let i = 0; i < params.callouts; i++) {
      c.push(kt.new_callout(`c${i + 1}`, pcb));
      if (init === 'mpsafe') kt.callout_init(c[i]!, true);
      else kt.callout_init_mtx(c[i]!, pcb_mtx, init === 'mtx' ? 0 : CALLOUT_RETURNUNLOCKED);
    }

    /**
     * The handler of `c[i]`: a periodic timer ("If a consumer requires a periodic timer, it
     * must explicitly reschedule each function call ... within the called function",
     * callout(9)). Under the pcb lock (taken here for an MPSAFE callout, by softclock
     * otherwise) it works on the pcb and re-arms itself on the next CPU (the connection's
     * flow moved) up to `rearms` times. `handler=periodic` (default) deactivates the callout
     * and does not consult the flags: only a drain stops it. `handler=flags` follows
     * callout(9)'s third technique ("Avoiding Race Conditions"): it returns if the callout
     * was reset (`callout_pending`) or stopped (`!callout_active`) meanwhile, and only then
     * deactivates it: a consumer that relies on the flags. The pcb lock is released here
     * unless softclock releases it (`init=mtx`).
     */
    function pcb_timer(i: number): callout_func_t {
      return function* pcb_timer_fn(arg: unknown): Routine<void> {
        const ci = c[i]!;
        if (init === 'mpsafe') yield* pcb_mtx.lock();
        if (params.handler === 'flags' && (kt.callout_pending(ci) || !kt.callout_active(ci))) {
          // callout was reset, or stopped
          if (init !== 'mtx') yield* pcb_mtx.unlock();
          return;
        }
        if (variant !== 'no-deactivate') kt.callout_deactivate(ci);
        touchMem(pcb);
        const fired = pcbf.fired.map((n, j) => (j === i ? n + 1 : n));
        pcbf.fired = fired;
        pcbf.t_work = pcbf.t_work + 1;
        if (fired[i]! <= params.rearms) yield* kt.callout_reset_on(ci, 1, pcb_timer_fn, arg, (ci.c_cpu + 1) % ncpus);
        if (init !== 'mtx') yield* pcb_mtx.unlock();
      };
    }

    /** The RFC's pcb_callback: drops a reference; the last one frees the pcb. */
    function* pcb_callback(_arg: unknown): Routine<void> {
      yield* pcb_mtx.lock();
      touchMem(pcb);
      pcbf.refcount = pcbf.refcount - 1;
      const do_free = pcbf.refcount === 0;
      yield* pcb_mtx.unlock();
      if (!do_free) return;
      // destroy_mtx(pcb); free(pcb);
      yield* pcb.free();
    }

    /** The RFC's pcb_teardown, per variant. */
    function* pcb_teardown(): Routine<void> {
      switch (variant) {
        case 'stop-then-free':
          yield* pcb_mtx.lock();
          for (const ci of c) yield* kt.callout_stop(ci);
          yield* pcb_mtx.unlock();
          yield* pcb.free();
          return;
        case 'drain':
        case 'no-deactivate':
          for (const ci of c) yield* kt.callout_drain(ci);
          yield* pcb.free();
          return;
        case 'drain-holding-lock':
          yield* pcb_mtx.lock();
          for (const ci of c) yield* kt.callout_drain(ci);
          yield* pcb_mtx.unlock();
          yield* pcb.free();
          return;
        case 'async-drain':
        case 'ignore-drain-result':
        case 'reset-during-drain':
        case 'rfc-drain-convention':
          yield* pcb_mtx.lock();
          touchMem(pcb);
          pcbf.refcount = c.length + 1;
          for (const ci of c) {
            // Nonzero: not running, no callback will come, so drop its reference now.
            const r = yield* kt.callout_async_drain(ci, pcb_callback);
            // rfc-drain-convention: `if (callout_drain_async(&pcb->c1, pcb_callback, pcb) == 0) pcb->refcount--;`
            if (variant === 'rfc-drain-convention' ? r === 0 : r !== 0 || variant === 'ignore-drain-result') {
              touchMem(pcb);
              pcbf.refcount = pcbf.refcount - 1;
            }
          }
          yield* pcb_mtx.unlock();
          yield* pcb_callback(pcb);
          return;
      }
    }

    /** The connection: arms its timers (one per CPU in turn), then is torn down. */
    sim.go('connection', function* () {
      yield* pcb_mtx.lock();
      for (let i = 0; i < c.length; i++) yield* kt.callout_reset_on(c[i]!, 1, pcb_timer(i), pcb, i % ncpus);
      yield* pcb_mtx.unlock();
      yield* pcb_teardown();
    });

    sim.atEnd('the pcb is freed', () => pcb.freed || `the pcb leaked (refcount ${pcbf.refcount})`);
  },
});
