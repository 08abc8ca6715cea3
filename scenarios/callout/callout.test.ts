import { defineScenario, explore, replay, type Routine, type Sim, type TraceStep, type Violation } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import callout from './callout';
import { kern_timeout } from './kern-timeout';
import { CALLOUT_DFRMIGRATION, mtx, tick, type KernTimeout, type callout as callout_t } from './sys-callout';

/** Budget within which random exploration finds every buggy variant for seeds 1..5 (measured: at most 12 at the defaults). */
const BUDGET = 100;
/** Budget within which exhaustive dfs finds every buggy variant at the defaults (measured: 5 each). */
const DFS_BUDGET = 50;
/** Budget within which pct (depth 3) finds every buggy variant for seeds 1..5 (measured: at most 16 at the defaults). */
const PCT_BUDGET = 50;
/** Other settings under which exhaustive dfs checks the correct teardowns (measured: 237 and 316 executions for drain, 440 and 339 for async-drain). */
const EXHAUSTIVE = [
  { cpus: 1, callouts: 2, rearms: 0 }, // the RFC's one-shot timers, two of them on one CPU
  { mtx: true }, // callout_init_mtx: softclock takes the pcb lock for the handler
];

function find(variant: string, seed: number, params: Record<string, unknown> = {}): Violation {
  const r = explore(callout, { variant, strategy: 'random', runs: BUDGET, seed, params });
  if (r.violation === undefined) throw new Error(`${variant} (seed ${seed}) not found within ${BUDGET} executions`);
  return r.violation;
}

/** The index of the last step before `before` that `match`es, or -1. */
function lastBefore(trace: readonly TraceStep[], before: number, match: (t: TraceStep) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (match(trace[i]!)) return i;
  return -1;
}

describe('callout', () => {
  describe.each(['drain', 'async-drain'])('%s', (variant) => {
    itHolds(callout, variant, {
      dfsRuns: 2_000,
      measured: variant === 'drain' ? 316 : 339,
      exhaustive: [
        { params: EXHAUSTIVE[0]!, why: "the RFC's two one-shot timers on one CPU" },
        { params: EXHAUSTIVE[1]!, why: 'callout_init_mtx' },
      ],
    });

    it('should hold with callout_init_mtx, on one CPU, and with the RFC three timers', () => {
      for (const params of [{ mtx: true }, { cpus: 1 }, { callouts: 3, rearms: 2 }]) {
        expect(explore(callout, { variant, runs: 500, seed: 2, params }).violation?.message).toBeUndefined();
      }
    }, 30_000);
  });

  describe('stop-then-free', () => {
    it(`should be found as a use-after-free within ${BUDGET} executions`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const v = find('stop-then-free', seed);
        expect(v.kind).toBe('use-after-free');
        expect(v.message).toMatch(/"softclock\d" read of \.value of shared "pcb" after "connection" freed it/);
      }
    });

    it('should tell the RFC story: the handler waits for the pcb lock while the pcb is freed, then touches it', () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        // The RFC's pcb: three one-shot timers.
        const v = find('stop-then-free', seed, { callouts: 3, rearms: 0 });
        expect(v.kind).toBe('use-after-free');
        const last = v.trace[v.trace.length - 1]!;
        const handler = last.goroutine;
        expect(handler).toMatch(/^softclock\d$/);
        const pcbLock = (t: TraceStep): boolean => t.object === 'mutex "pcb_mtx"';
        const byConnection = (effect: string) => (t: TraceStep) => t.goroutine === 'connection' && t.effect === effect;
        // The handler gets the lock inside the freed pcb and touches it: the violation.
        const touched = v.trace.length - 1;
        expect(last).toMatchObject({ effect: 'lock', object: 'mutex "pcb_mtx"' });
        // Its previous step: softclock dispatched the callout (cc_curr = c, cc_lock released),
        // leaving the handler waiting for the pcb lock.
        const dispatched = lastBefore(v.trace, touched, (t) => t.goroutine === handler);
        expect(v.trace[dispatched]).toMatchObject({ effect: 'unlock', object: expect.stringMatching(/^mutex "cc_lock\d"$/) });
        // pcb_teardown: lock(pcb); callout_stop ×3 (this one returns 0: being serviced); unlock(pcb); free(pcb).
        const freed = lastBefore(v.trace, touched, byConnection('free'));
        const unlocked = lastBefore(v.trace, freed, (t) => byConnection('unlock')(t) && pcbLock(t));
        const locked = lastBefore(v.trace, unlocked, (t) => byConnection('lock')(t) && pcbLock(t));
        expect(locked).toBeGreaterThanOrEqual(0);
        // The essential order: the handler waits for the lock the teardown holds, the teardown
        // releases it and frees the pcb, then the handler gets the lock and touches the pcb.
        expect(dispatched).toBeLessThan(unlocked);
        expect(unlocked).toBeLessThan(freed);
        expect(freed).toBeLessThan(touched);
        expect(v.message).toContain(`"${handler}" read of .value of shared "pcb" after "connection" freed it at step ${v.trace[freed]!.step}`);
        // Shrunk to the story: one preemption (the handler, dispatched, waits for the lock the
        // teardown holds); the dispatch names the callout, whose callout_stop then returns 0.
        expect(v.shrink!.after.preemptions).toBe(1);
        const c = /cc_curr = (c\d), calling its handler/.exec(v.trace[dispatched]!.note ?? '')?.[1];
        expect(v.trace[dispatched]!.note).toContain(`softclock_call_cc: cc_curr = ${c}, calling its handler`);
        expect(v.trace[dispatched]!.note).toContain(`"${handler}" waits: mutex "pcb_mtx" held by "connection"`);
        const stops = v.trace.slice(locked, unlocked).flatMap((t) => (t.note ?? '').split('; ').filter((n) => n.startsWith('callout_stop(')));
        expect(stops).toEqual(['c1', 'c2', 'c3'].map((x) => `callout_stop(${x}) returned ${x === c ? 0 : 1}`));
        // Between the dispatch and the touch only the teardown runs.
        expect(v.trace.slice(dispatched + 1, touched).every((t) => t.goroutine === 'connection')).toBe(true);
      }
    });

    it('should shrink, at the defaults, to 16 steps: arm, lock, the callout fires and waits for the lock, stop returns 0, unlock, free, touch', () => {
      const v = explore(callout, { variant: 'stop-then-free', strategy: 'dfs', runs: DFS_BUDGET }).violation!;
      expect(v.kind).toBe('use-after-free');
      expect(v.shrink!.after).toEqual({ preemptions: 1, steps: 16 });
      const story = v.trace.filter((t) => t.goroutine !== 'softclock1').map((t) => `${t.goroutine} ${t.effect} ${t.object ?? ''}`.trim());
      expect(story.slice(-9)).toEqual([
        'hardclock0 fire timer "hardclock0"',
        'softclock0 recv chan "hardclock0"',
        'softclock0 lock mutex "cc_lock0"',
        'softclock0 unlock mutex "cc_lock0"', // dispatched: c1's handler waits for pcb_mtx
        'connection lock mutex "cc_lock0"',
        'connection unlock mutex "cc_lock0"', // callout_stop(c1) returned 0
        'connection unlock mutex "pcb_mtx"',
        'connection free shared "pcb"',
        'softclock0 lock mutex "pcb_mtx"', // the handler takes the lock inside the freed pcb
      ]);
      expect(v.trace.flatMap((t) => (t.note ?? '').split('; ').filter((n) => n.startsWith('callout_stop')))).toEqual(['callout_stop(c1) returned 0']);
    });
  });

  describe('ignore-drain-result', () => {
    it(`should be found as a use-after-free (the second free) within ${BUDGET} executions`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const v = find('ignore-drain-result', seed);
        expect(v.kind).toBe('use-after-free');
        expect(v.message).toMatch(/of shared "pcb" after "(connection|softclock\d)" freed it/);
      }
    });
  });

  describe('drain-holding-lock', () => {
    it(`should deadlock within ${BUDGET} executions: callout_drain sleeps while the handler waits for the pcb lock`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const v = find('drain-holding-lock', seed);
        expect(v.kind).toBe('deadlock');
        expect(v.message).toMatch(/"connection" blocked on cond "cc_waiting\d" wait/);
      }
    });
  });

  describe('reset-during-drain', () => {
    it(`should be found as an assertion within ${BUDGET} executions: the drained callout is pending again`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const v = find('reset-during-drain', seed);
        expect(v.kind).toBe('assertion');
        expect(v.message).toMatch(/c\d is pending again when its drain callback runs: it was re-armed while being drained/);
      }
    });
  });

  describe('exhaustive search', () => {
    for (const [variant, kind] of [
      ['stop-then-free', 'use-after-free'],
      ['ignore-drain-result', 'use-after-free'],
      ['drain-holding-lock', 'deadlock'],
      ['reset-during-drain', 'assertion'],
    ] as const) {
      it(`should find ${variant} as ${kind} within ${DFS_BUDGET} dfs executions at the defaults`, () => {
        const r = explore(callout, { variant, strategy: 'dfs', runs: DFS_BUDGET });
        expect(r.violation?.kind).toBe(kind);
      });
    }
  });

  describe('pct', () => {
    for (const [variant, kind] of [
      ['stop-then-free', 'use-after-free'],
      ['ignore-drain-result', 'use-after-free'],
      ['drain-holding-lock', 'deadlock'],
      ['reset-during-drain', 'assertion'],
    ] as const) {
      it(`should find ${variant} as ${kind} within ${PCT_BUDGET} pct executions for seeds 1..5`, () => {
        for (const seed of [1, 2, 3, 4, 5]) {
          const r = explore(callout, { variant, strategy: 'pct', runs: PCT_BUDGET, seed, shrink: false });
          expect([seed, r.violation?.kind]).toEqual([seed, kind]);
        }
      });
    }
  });

  describe('replay', () => {
    it('should reproduce each violation exactly from its schedule', () => {
      for (const variant of ['stop-then-free', 'ignore-drain-result', 'drain-holding-lock', 'reset-during-drain']) {
        const v = find(variant, 1);
        const again = replay(callout, v.schedule);
        expect(again.violation?.message).toBe(v.message);
        expect(again.trace).toEqual(v.trace);
      }
    });
  });
});

/** A one-goroutine test of the model: timers fire only when nothing else can run, so the test reads sequentially. */
function model(name: string, test: (sim: Sim, kt: KernTimeout, c: callout_t) => () => Routine<void>, opts: { mtx?: boolean } = {}): () => void {
  const s = defineScenario({
    name,
    description: name,
    variants: { only: name },
    idleTimers: true,
    setup(sim) {
      const kt = kern_timeout(sim, { ncpus: 2, resetHonoursDrain: true });
      const c = kt.new_callout('c', null);
      if (opts.mtx === true) kt.callout_init_mtx(c, new mtx(sim.mutex('m'), null), 0);
      else kt.callout_init(c, true);
      sim.go('test', test(sim, kt, c));
    },
  });
  return () => expect(explore(s, { runs: 50, seed: 1 }).violation?.message).toBeUndefined();
}

/** Asserts `got` is `want`, inside a goroutine. */
function is(sim: Sim, what: string, got: unknown, want: unknown): void {
  sim.assert(got === want, `${what}: got ${String(got)}, want ${String(want)}`);
}

describe('kern_timeout', () => {
  describe('callout_stop', () => {
    it(
      'should return -1 when not set, 1 when pending, and 0 while the handler runs',
      model('stop', (sim, kt, c) => {
        const started = sim.chan<void>('started', 1);
        const release = sim.chan<void>('release');
        function* handler(): Routine<void> {
          yield* started.send(undefined);
          yield* release.recv();
        }
        return function* () {
          is(sim, 'stop of a callout never set', yield* kt.callout_stop(c), -1);
          yield* kt.callout_reset(c, 1, handler, null);
          is(sim, 'pending', kt.callout_pending(c) && kt.callout_active(c), true);
          is(sim, 'stop of a pending callout', yield* kt.callout_stop(c), 1);
          is(sim, 'active after stop', kt.callout_active(c), false);
          yield* kt.callout_reset(c, 1, handler, null);
          yield* started.recv();
          is(sim, 'pending once softclock services it', kt.callout_pending(c), false);
          is(sim, 'stop while the handler runs', yield* kt.callout_stop(c), 0);
          is(sim, 'active after stop', kt.callout_active(c), false);
          yield* release.send(undefined);
        };
      }),
    );

    it(
      'should return 1 under the associated lock while softclock waits for it, and the handler never runs',
      model(
        'stop-locked',
        (sim, kt, c) => {
          let ran = false;
          sim.atEnd('the cancelled handler never ran', () => !ran);
          return function* () {
            const m = c.c_lock!;
            yield* m.lock();
            yield* kt.callout_reset(c, 1, function* () {
              ran = true;
            }, null);
            yield* sim.sleep(2 * tick); // the callout fires; softclock blocks on m
            is(sim, 'softclock is servicing c', kt.cc_cpu[0]!.cc_exec.cc_curr, c);
            is(sim, 'stop under the lock', yield* kt.callout_stop(c), 1);
            yield* m.unlock();
          };
        },
        { mtx: true },
      ),
    );
  });

  describe('callout_reset', () => {
    it(
      'should return 1 when it cancels a pending run and 0 otherwise',
      model('reset', (sim, kt, c) => {
        const h = function* (): Routine<void> {};
        return function* () {
          is(sim, 'first reset', yield* kt.callout_reset(c, 1, h, null), 0);
          is(sim, 'reset of a pending callout', yield* kt.callout_reset(c, 2, h, null), 1);
          yield* kt.callout_drain(c);
        };
      }),
    );

    it(
      'should defer a migration onto another CPU until the running handler returned',
      model('migrate', (sim, kt, c) => {
        const ranOn: number[] = [];
        const second = sim.chan<void>('second', 1);
        function* handler(): Routine<void> {
          ranOn.push(kt.cc_cpu.findIndex((cc) => cc.cc_exec.cc_curr === c));
          if (ranOn.length === 2) {
            yield* second.send(undefined);
            return;
          }
          is(sim, 'reset of the running callout', yield* kt.callout_reset_on(c, 1, handler, null, 1), 0);
          is(sim, 'still on cpu 0, pending, migration deferred', c.c_cpu === 0 && kt.callout_pending(c) && (c.c_iflags & CALLOUT_DFRMIGRATION) !== 0, true);
          is(sim, 'on no wheel yet', kt.cc_cpu.some((cc) => cc.cc_callwheel.includes(c)), false);
        }
        return function* () {
          yield* kt.callout_reset_on(c, 1, handler, null, 0);
          yield* second.recv();
          is(sim, 'CPUs the handler ran on', ranOn.join(), '0,1');
        };
      }),
    );
  });

  describe('callout_drain', () => {
    it(
      'should sleep until the running handler returned',
      model('drain', (sim, kt, c) => {
        const events: string[] = [];
        const started = sim.chan<void>('started', 1);
        function* handler(): Routine<void> {
          events.push('handler starts');
          yield* started.send(undefined);
          yield* sim.sleep(tick);
          events.push('handler returns');
        }
        return function* () {
          yield* kt.callout_reset(c, 1, handler, null);
          yield* started.recv();
          events.push('drain');
          is(sim, 'drain of a running callout', yield* kt.callout_drain(c), -1);
          events.push('drain returned');
          is(sim, 'order', events.join(', '), 'handler starts, drain, handler returns, drain returned');
        };
      }),
    );
  });

  describe('callout_async_drain', () => {
    it(
      'should return 0 while the handler runs and call the drain function once, after it',
      model('async-drain', (sim, kt, c) => {
        const events: string[] = [];
        const started = sim.chan<void>('started', 1);
        const drained = sim.chan<void>('drained', 1);
        function* handler(): Routine<void> {
          events.push('handler starts');
          yield* started.send(undefined);
          yield* sim.sleep(tick);
          events.push('handler returns');
        }
        function* drain(): Routine<void> {
          events.push('drain function');
          yield* drained.send(undefined);
        }
        return function* () {
          is(sim, 'async drain of a callout never set', yield* kt.callout_async_drain(c, drain), -1);
          yield* kt.callout_reset(c, 1, handler, null);
          is(sim, 'async drain of a pending callout', yield* kt.callout_async_drain(c, drain), 1);
          yield* kt.callout_reset(c, 1, handler, null);
          yield* started.recv();
          is(sim, 'async drain of a running callout', yield* kt.callout_async_drain(c, drain), 0);
          is(sim, 'reset while draining is refused', yield* kt.callout_reset(c, 1, handler, null), 0);
          is(sim, 'pending after the refused reset', kt.callout_pending(c), false);
          yield* drained.recv();
          is(sim, 'order', events.join(', '), 'handler starts, handler returns, drain function');
        };
      }),
    );
  });
});
