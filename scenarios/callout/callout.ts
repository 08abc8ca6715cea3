/**
 * FreeBSD callout(9): a connection's timers torn down while their handlers fire.
 *
 * The driver is `pcb_teardown` from Hans Petter Selasky's RFC "kern/kern_timeout.c
 * rewrite in progress" (freebsd-current, 29 Dec 2014; seeds/freebsd-callout-rewrite-rfc.txt):
 * a pcb with a mutex and three MPSAFE callouts whose handlers take the pcb lock. The
 * callout subsystem is modelled in `kern-timeout.ts` after sys/kern/kern_timeout.c.
 *
 * The RFC's `pcb_teardown` stops the timers under the lock and frees the pcb: a handler
 * already running (blocked on the pcb lock) then uses the freed pcb. Its fix drains
 * asynchronously: `pcb_callback` drops one reference per drained handler and the last one
 * frees. The RFC's code decrements when `callout_drain_async(...) == 0`, meaning "no
 * callback will come"; the API that landed (callout_async_drain, FreeBSD 11) returns 0
 * when the callback *will* come, so here the reference is dropped on a nonzero result,
 * as tcp_timer_stop() in sys/netinet/tcp_timer.c counts `tt_draincnt` on 0 (README.md).
 */
import { defineScenario, type Routine } from '../../sim';
import { kern_timeout } from './kern-timeout';
import { mtx, type callout, type callout_func_t } from './sys-callout';

/** `struct pcb` of the RFC: its lock, its callouts and its fields, in one allocation. */
interface pcb_fields {
  refcount: number;
  /** What the handlers do to the pcb (a counter of handler runs). */
  t_work: number;
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
  },
  params: {
    /** Simulated CPUs (one softclock each). */
    cpus: 2,
    /** Timers of the pcb (the RFC has three; one keeps exhaustive search small, see README.md). */
    callouts: 1,
    /** How many times each handler re-arms itself (onto the next CPU). */
    rearms: 1,
    /** callout_init_mtx(&c, &pcb->pcb_mtx) instead of MPSAFE callouts taking the lock themselves. */
    mtx: false,
  },
  setup(sim, { variant, params }) {
    const ncpus = params.cpus;
    const kt = kern_timeout(sim, { ncpus, resetHonoursDrain: variant !== 'reset-during-drain' });
    const pcb = sim.shared<pcb_fields>('pcb', { refcount: 0, t_work: 0 });
    const pcb_mtx = new mtx(sim.mutex('pcb_mtx'), pcb);
    const c: callout[] = [];
    for (let i = 0; i < params.callouts; i++) {
      c.push(kt.new_callout(`c${i + 1}`, pcb));
      if (params.mtx) kt.callout_init_mtx(c[i]!, pcb_mtx, 0);
      else kt.callout_init(c[i]!, true);
    }
    const fired = c.map(() => 0);

    /**
     * The handler of `c[i]`: a periodic MPSAFE timer ("If a consumer requires a periodic
     * timer, it must explicitly reschedule each function call ... within the called
     * function", callout(9)). It takes the pcb lock (unless softclock holds it for it),
     * works on the pcb and re-arms itself on the next CPU (the connection's flow moved) up
     * to `rearms` times. Like a periodic tick it does not consult callout_active(): only a
     * drain stops it.
     */
    function pcb_timer(i: number): callout_func_t {
      return function* pcb_timer_fn(arg: unknown): Routine<void> {
        const ci = c[i]!;
        if (ci.c_lock === null) yield* pcb_mtx.lock();
        kt.callout_deactivate(ci);
        fired[i]!++;
        pcb.value = { ...pcb.value, t_work: pcb.value.t_work + 1 };
        if (fired[i]! <= params.rearms) yield* kt.callout_reset_on(ci, 1, pcb_timer_fn, arg, (ci.c_cpu + 1) % ncpus);
        if (ci.c_lock === null) yield* pcb_mtx.unlock();
      };
    }

    /** The RFC's pcb_callback: drops a reference; the last one frees the pcb. */
    function* pcb_callback(_arg: unknown): Routine<void> {
      yield* pcb_mtx.lock();
      pcb.value = { ...pcb.value, refcount: pcb.value.refcount - 1 };
      const do_free = pcb.value.refcount === 0;
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
          yield* pcb_mtx.lock();
          pcb.value = { ...pcb.value, refcount: c.length + 1 };
          for (const ci of c) {
            // Nonzero: not running, no callback will come, so drop its reference now.
            if ((yield* kt.callout_async_drain(ci, pcb_callback)) !== 0 || variant === 'ignore-drain-result') {
              pcb.value = { ...pcb.value, refcount: pcb.value.refcount - 1 };
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

    sim.atEnd('the pcb is freed', () => pcb.freed || `the pcb leaked (refcount ${pcb.value.refcount})`);
  },
});
