import { defineScenario, explore, type Routine, type Sim, type Violation } from '../../sim';
import { kern_timeout } from './kern-timeout-api';
import { CALLOUT_ACTIVE, CALLOUT_DFRMIGRATION, CALLOUT_PENDING, CALLOUT_RETURNUNLOCKED, mtx, tick, type KernTimeout, type callout as callout_t } from './sys-callout';

type ModelTest = (sim: Sim, kt: KernTimeout, c: callout_t) => () => Routine<void>;

/** A scenario running `test` in one goroutine on a two-CPU kernel with one callout `c`. */
function scenario(name: string, test: ModelTest, opts: { mtx?: number; idleTimers?: boolean } = {}) {
  return defineScenario({
    name,
    description: name,
    variants: { only: name },
    idleTimers: opts.idleTimers ?? true,
    setup(sim) {
      const kt = kern_timeout(sim, { ncpus: 2, resetHonoursDrain: true });
      const c = kt.new_callout('c', null);
      if (opts.mtx !== undefined) kt.callout_init_mtx(c, new mtx(sim.mutex('m'), null), opts.mtx);
      else kt.callout_init(c, true);
      sim.go('test', test(sim, kt, c));
    },
  });
}

/** A one-goroutine test of the model: timers fire only when nothing else can run, so the test reads sequentially. */
function model(name: string, test: ModelTest, opts: { mtx?: number } = {}): () => void {
  return () => expect(explore(scenario(name, test, opts), { runs: 50, seed: 1 }).violation?.message).toBeUndefined();
}

/** The violation `test` makes (exhaustively searched), for tests of the checks. */
function violation(name: string, test: ModelTest, opts: { mtx?: number } = {}): Violation | undefined {
  return explore(scenario(name, test, opts), { strategy: 'dfs', runs: 1_000 }).violation;
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
            yield* kt.cc_cpu[0]!.cc_lock.lock(); // cc_curr is guarded by cc_lock
            is(sim, 'softclock is servicing c', kt.cc_cpu[0]!.cc_exec.cc_curr, c);
            yield* kt.cc_cpu[0]!.cc_lock.unlock();
            is(sim, 'stop under the lock', yield* kt.callout_stop(c), 1);
            yield* m.unlock();
          };
        },
        { mtx: 0 },
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
          kt.callout_deactivate(c);
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

  describe('callout_drain, upstream findings and paths', () => {
    it('should return -1 and leave CALLOUT_ACTIVE set when the handler did not deactivate: the contract (callout(9)) fires', () => {
      const v = violation('drain-active', (sim, kt, c) => {
        const done = sim.chan<void>('done', 1);
        function* handler(): Routine<void> {
          yield* done.send(undefined);
        }
        return function* () {
          yield* kt.callout_reset(c, 1, handler, null);
          yield* done.recv();
          yield* kt.callout_drain(c);
        };
      });
      expect(v?.kind).toBe('assertion');
      expect(v?.message).toContain('c is still active after callout_drain(c) returned -1');
    });

    it('should follow a callout whose deferred migration happens while the drain waits, through callout_lock (exhausted within 2 preemptions: no handler after the drain)', () => {
      const s = scenario(
        'drain-migrating',
        (sim, kt, c) => {
          const started = sim.chan<void>('started', 1);
          let runs = 0;
          function* handler(): Routine<void> {
            kt.callout_deactivate(c);
            if (++runs === 1) {
              yield* kt.callout_reset_on(c, 1, handler, null, 1); // deferred: the handler runs on cpu 0
              yield* started.send(undefined);
            }
          }
          return function* () {
            yield* kt.callout_reset_on(c, 1, handler, null, 0);
            yield* started.recv();
            yield* kt.callout_drain(c);
          };
        },
        { idleTimers: false },
      );
      // within 2 preemptions: unbounded, DPOR keeps every lock operation in order with the
      // flag writes the invariant sees (sim/strategy/visibility.ts), over 30,000 executions
      const r = explore(s, { strategy: 'dfs', runs: 30_000, preemptionBound: 2 });
      expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
    });
  });

  describe('CALLOUT_RETURNUNLOCKED', () => {
    it('should leave the associated lock to the handler, which releases it itself', () => {
      const v = violation(
        'returnunlocked',
        (sim, kt, c) => {
          const done = sim.chan<void>('done', 1);
          function* handler(): Routine<void> {
            kt.callout_deactivate(c);
            sim.assert(c.c_lock!.owned, 'softclock took the associated lock for the handler');
            yield* c.c_lock!.unlock();
            yield* done.send(undefined);
          }
          return function* () {
            yield* c.c_lock!.lock();
            yield* kt.callout_reset(c, 1, handler, null);
            yield* c.c_lock!.unlock();
            yield* done.recv();
            yield* kt.callout_drain(c);
          };
        },
        { mtx: CALLOUT_RETURNUNLOCKED },
      );
      expect(v).toBeUndefined();
    });

    it('should panic on a double unlock when a handler releases a lock softclock also releases (flags 0)', () => {
      const v = violation(
        'not-returnunlocked',
        (sim, kt, c) => {
          function* handler(): Routine<void> {
            kt.callout_deactivate(c);
            yield* c.c_lock!.unlock();
          }
          return function* () {
            yield* c.c_lock!.lock();
            yield* kt.callout_reset(c, 1, handler, null);
            yield* c.c_lock!.unlock();
          };
        },
        { mtx: 0 },
      );
      expect(v?.kind).toBe('panic');
      expect(v?.message).toContain('unlock of unlocked mutex');
    });
  });

  describe('checks inside kern_timeout', () => {
    it('should assert lc_assert: callout_stop of a callout with a lock, without holding it', () => {
      const v = violation('stop-unlocked', (_sim, kt, c) => function* () {
        yield* kt.callout_stop(c);
      }, { mtx: 0 });
      expect(v?.message).toContain('stopping c without holding its lock "m" (lc_assert LA_XLOCKED)');
    });

    it('should report a pending callout on no list (the flags invariant)', () => {
      const v = violation('corrupt', (_sim, kt, c) => function* () {
        c.c_iflags |= CALLOUT_PENDING; // pending, on no list: a corrupted callout
        c.c_flags |= CALLOUT_ACTIVE;
        yield* kt.callout_stop(c);
      });
      expect(v?.message).toContain('"callout flags follow callout(9)" violated: c is pending but on no callwheel and not migrating');
    });
  });
});
