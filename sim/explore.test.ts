import { defineScenario, encodeSchedule, explore, replay, ScenarioError, ScheduleError, UsageError, type Routine, type Sim } from '.';
import { scenarioOf } from './test-helpers/run';

/** A scenario touching every kind of choice: goroutines, timers, select, random. */
const busy = defineScenario({
  name: 'busy',
  description: 'mutex, channels, select, timers and random together',
  variants: { ok: 'runs clean', bad: { description: 'lost update', expect: 'fail' } },
  params: { workers: 3 },
  setup(sim, { variant, params }) {
    const m = sim.mutex('m');
    const n = sim.atomic('n', 0);
    const jobs = sim.chan<number>('jobs', 1);
    const quit = sim.chan<void>('quit');
    for (let i = 0; i < params.workers; i++) {
      sim.go(`w${i}`, function* () {
        for (;;) {
          const r = yield* sim.select([jobs.recv(), quit.recv()]);
          if (r.index === 1 || !r.ok) return;
          if (variant === 'ok') yield* m.lock();
          const v = yield* n.load();
          yield* sim.sleep(yield* sim.random(3));
          yield* n.store(v + r.value!);
          if (variant === 'ok') yield* m.unlock();
        }
      });
    }
    sim.go('producer', function* () {
      for (let j = 1; j <= 4; j++) yield* jobs.send(j);
      yield* jobs.close();
    });
    sim.afterFunc(5, 'tick', function* () {
      yield* sim.yieldNow();
    });
    sim.atEnd('sum', () => n.value === 10 || `n is ${n.value}, want 10`);
  },
});

describe('explore', () => {
  it('should give byte-identical traces for the same scenario and seed, in every run', () => {
    for (const seed of [1, 2, 3, 42, 'abc']) {
      const a = explore(busy, { variant: 'bad', seed, runs: 200 });
      const b = explore(busy, { variant: 'bad', seed, runs: 200 });
      expect(a.violation).toBeDefined();
      expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
      expect(a.violation!.message).toBe(b.violation!.message);
      expect(a.executions).toBe(b.executions);
      expect(a.steps).toBe(b.steps);
    }
  });

  it('should explore different executions for different seeds', () => {
    const schedules = new Set<string>();
    for (let seed = 0; seed < 10; seed++) schedules.add(explore(busy, { variant: 'bad', seed, runs: 500 }).violation!.schedule);
    expect(schedules.size).toBeGreaterThan(5);
  });

  it('should report no violation in N executions for a correct variant', () => {
    const r = explore(busy, { variant: 'ok', seed: 3, runs: 2000 });
    expect(r.violation).toBeUndefined();
    expect(r.executions).toBe(2000);
    expect(r.steps).toBeGreaterThan(2000 * 10);
    expect(r.exhausted).toBe(false);
    expect(r).toMatchObject({ scenario: 'busy', variant: 'ok', strategy: 'random', seed: 3, params: { workers: 3 } });
  });

  it('should stop at the first violation and count the failing execution', () => {
    const r = explore(busy, { variant: 'bad', seed: 9, runs: 10_000 });
    expect(r.violation!.execution).toBe(r.executions);
    expect(r.violation!.message).toMatch(/^(at-end|data-race) at step \d+ \(t=[^)]+\): /);
    expect(r.violation!.message.split('\n').pop()).toBe(`replay: interleave replay ${r.violation!.schedule}`);
  });

  it('should apply params overrides, typed or as strings', () => {
    expect(explore(busy, { params: { workers: 1 }, runs: 5 }).params).toEqual({ workers: 1 });
    expect(explore(busy, { params: { workers: '2' }, runs: 5 }).params).toEqual({ workers: 2 });
  });

  it('should refuse bad options with one clear line', () => {
    expect(() => explore(busy, { variant: 'nope' })).toThrow(new UsageError('unknown variant "nope" of scenario "busy" (variants: ok, bad)'));
    expect(() => explore(busy, { params: { wokers: 1 } })).toThrow(/unknown parameter "wokers" of scenario "busy" \(parameters: workers\)/);
    expect(() => explore(busy, { params: { workers: 'x' } })).toThrow(/must be a finite number/);
    expect(() => explore(busy, { params: { workers: 1.5 } })).toThrow(/must be an integer/);
    expect(() => explore(busy, { runs: 0 })).toThrow(UsageError);
    expect(() => explore(busy, { runs: NaN })).toThrow(UsageError);
    expect(() => explore(busy, { strategy: 'magic' })).toThrow(/unknown strategy "magic"/);
    expect(() => explore(busy, { maxSteps: -1 })).toThrow(UsageError);
  });

  it('should call shouldStop and onProgress', () => {
    let progress = 0;
    const r = explore(busy, { runs: 100_000, shouldStop: () => progress >= 2, onProgress: () => progress++, progressEvery: 100 });
    expect(r.executions).toBeLessThan(100_000);
    expect(progress).toBe(2);
  });
});

describe('replay', () => {
  it('should reproduce the identical violation and trace from the schedule string', () => {
    for (const seed of [1, 5, 11]) {
      const r = explore(busy, { variant: 'bad', seed, runs: 500 });
      const again = replay(busy, r.violation!.schedule);
      expect(again.violation!.message).toBe(r.violation!.message);
      expect(again.violation!.kind).toBe(r.violation!.kind);
      expect(JSON.stringify(again.trace)).toBe(JSON.stringify(r.violation!.trace));
      expect(again.schedule.variant).toBe('bad');
    }
  });

  it('should replay a passing prefix without a violation when the schedule ends with the run', () => {
    const s = scenarioOf((sim) => {
      sim.go('a', function* () {
        yield* sim.yieldNow();
      });
    });
    const ok = replay(s, encodeSchedule({ scenario: s.name, variant: 'v', params: {}, options: {}, choices: [0, 0] }));
    expect(ok.violation).toBeUndefined();
    expect(ok.steps).toBe(2);
  });

  it('should report nondeterminism, naming the step, when the scenario changed under the schedule', () => {
    let flip = false;
    const s = defineScenario({
      name: 'flaky',
      description: 'behaves differently on each execution',
      variants: { v: 'test' },
      setup(sim: Sim) {
        flip = !flip; // state kept between executions: not deterministic
        const m = sim.mutex('m');
        sim.go('a', function* () {
          yield* m.lock();
          if (flip) yield* m.lock();
          yield* m.unlock();
        });
        sim.go('b', function* () {
          yield* m.lock();
          yield* m.unlock();
        });
      },
    });
    const r = explore(s, { runs: 100 });
    expect(r.violation).toBeDefined();
    // the failing execution did not reproduce when re-run: reported as nondeterminism
    expect(r.violation!.kind).toBe('nondeterminism');
    expect(r.violation!.message).toContain('not deterministic');
    const again = replay(s, r.violation!.schedule);
    expect(['nondeterminism', 'deadlock']).toContain(again.violation?.kind ?? 'none');
  });

  it('should catch a scenario whose runnable set changes between runs of the same schedule (checkDeterminism)', () => {
    let runs = 0;
    const s = defineScenario({
      name: 'drifting',
      description: 'spawns an extra goroutine every third run',
      variants: { v: 'test' },
      setup(sim: Sim) {
        runs++;
        sim.go('a', function* () {
          yield* sim.yieldNow();
        });
        if (runs % 3 === 0) sim.go('extra', function* () {});
      },
    });
    const r = explore(s, { runs: 20, checkDeterminism: true });
    expect(r.violation?.kind).toBe('nondeterminism');
    expect(r.violation?.message).toMatch(/re-running the same choices, at step 0 the choices were .* instead of .*\. The scenario is not deterministic/);
    expect(explore(busy, { variant: 'ok', runs: 300, checkDeterminism: true }).violation).toBeUndefined();
  });

  it('should say where a replay diverges', () => {
    const s = scenarioOf((sim) => {
      sim.go('a', function* () {
        yield* sim.yieldNow();
      });
    });
    const bad = replay(s, encodeSchedule({ scenario: s.name, variant: 'v', params: {}, options: {}, choices: [0, 4] }));
    expect(bad.violation!.kind).toBe('nondeterminism');
    expect(bad.violation!.message).toMatch(/^nondeterminism at step 1 \(t=0\): the schedule picks goroutine 1 but it cannot run now \(can run: "a" \(0\)\)/);
    const long = replay(s, encodeSchedule({ scenario: s.name, variant: 'v', params: {}, options: {}, choices: [0, 0, 0] }));
    expect(long.violation!.message).toContain('the run ended after 2 steps but the schedule has 1 more choices');
    const short = replay(s, encodeSchedule({ scenario: s.name, variant: 'v', params: {}, options: {}, choices: [0] }));
    expect(short.violation!.message).toContain('the schedule ended after 1 choices but the run goes on');
  });

  it('should refuse a schedule of another scenario', () => {
    const r = explore(busy, { variant: 'bad', seed: 1, runs: 500 });
    const other = scenarioOf(() => {});
    expect(() => replay(other, r.violation!.schedule)).toThrow(new ScheduleError(`the schedule is for scenario "busy", not "${other.name}"`));
  });

  it('should carry maxSteps and idleTimers options in the schedule', () => {
    const s = scenarioOf((sim) => {
      sim.go('spin', function* () {
        for (;;) yield* sim.yieldNow();
      });
    });
    const r = explore(s, { maxSteps: 50, idleTimers: true });
    expect(r.violation!.kind).toBe('step-limit');
    expect(r.violation!.message).toContain('did not end within 50 steps');
    const again = replay(s, r.violation!.schedule);
    expect(again.violation!.message).toBe(r.violation!.message);
    expect(again.schedule.options).toEqual({ maxSteps: 50, idleTimers: true });
  });
});

describe('violations', () => {
  const one = (setup: (sim: Sim) => void) => explore(scenarioOf(setup), { runs: 1 }).violation!;

  it('should report a thrown exception as a panic with its stack', () => {
    const v = one((sim) => {
      sim.go('a', function* () {
        yield* sim.yieldNow();
        throw new RangeError('boom');
      });
    });
    expect(v.kind).toBe('panic');
    expect(v.message).toMatch(/^panic at step 1 \(t=0\): "a" threw RangeError: boom$/m);
    expect(v.stack).toContain('boom');
  });

  it('should report yielding something that is not an effect', () => {
    const v = one((sim) => {
      sim.go('a', function* () {
        yield 42 as never;
      });
    });
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('"a" yielded 42: use yield* with an effect');
  });

  it('should refuse an effect yielded without the star (it would desynchronise the effect protocol)', () => {
    const v = one((sim) => {
      const m = sim.mutex('m');
      sim.go('a', function* () {
        yield m.lock() as never;
      });
    });
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('"a" yielded an effect without yield*: use yield* with an effect');
  });

  it('should report a failed assert in a goroutine or in setup', () => {
    expect(
      one((sim) => {
        sim.go('a', function* () {
          sim.assert(1 + 1 === 3, 'arithmetic holds');
        });
      }).message,
    ).toMatch(/^assertion at step 0 \(t=0\): "a" failed: arithmetic holds$/m);
    expect(one((sim) => sim.assert(false, 'setup ok')).message).toMatch(/^assertion at step 0 \(t=0\): setup failed: setup ok$/m);
  });

  it('should check invariants after every step and name the step that broke one', () => {
    const v = one((sim) => {
      const x = sim.atomic('x', 0);
      sim.invariant('x stays small', () => x.value < 2 || `x is ${x.value}`);
      sim.go('a', function* () {
        yield* x.add(1);
        yield* x.add(1);
      });
    });
    expect(v.kind).toBe('invariant');
    expect(v.message).toMatch(/^invariant at step 2 \(t=0\): "x stays small" violated: x is 2 \(after "a" add\(1\) of atomic "x"\)$/m);
  });

  it('should report an invariant check that throws', () => {
    const v = one((sim) => {
      sim.invariant('bad check', () => {
        throw new Error('oops');
      });
      sim.go('a', function* () {});
    });
    expect(v.message).toContain('"bad check" violated: the check threw Error: oops');
  });

  it('should report at-end checks', () => {
    const v = one((sim) => {
      sim.atEnd('done', () => 'not done');
      sim.atEnd('never checked', () => false);
    });
    expect(v.message).toMatch(/^at-end at step 0 \(t=0\): "done" failed: not done$/m);
  });

  it('should name a lock-order cycle in a deadlock', () => {
    const s = scenarioOf((sim) => {
      const a = sim.mutex('A');
      const b = sim.mutex('B');
      sim.go('t1', function* () {
        yield* a.lock();
        yield* b.lock();
        yield* b.unlock();
        yield* a.unlock();
      });
      sim.go('t2', function* () {
        yield* b.lock();
        yield* a.lock();
        yield* a.unlock();
        yield* b.unlock();
      });
    });
    const v = explore(s, { runs: 500 }).violation!;
    expect(v.kind).toBe('deadlock');
    expect(v.message).toMatch(/"t1" blocked on mutex "B" held by "t2"; "t2" blocked on mutex "A" held by "t1"\. Likely cause: lock-order cycle "t\d" → "t\d" → "t\d"/);
  });

  it('should record random(n) choices and replay them', () => {
    const s = scenarioOf((sim) => {
      sim.go('a', function* () {
        const x = yield* sim.random(10);
        const y = yield* sim.random(10);
        sim.assert(x + y < 15, `drew ${x} and ${y}`);
      });
    });
    const r = explore(s, { runs: 1000, seed: 2 });
    expect(r.violation!.kind).toBe('assertion');
    expect(replay(s, r.violation!.schedule).violation!.message).toBe(r.violation!.message);
    expect(r.violation!.schedule).toMatch(/\.r\d/);
  });

  it('should panic on random with a bad n', () => {
    expect(
      one((sim) => {
        sim.go('a', function* () {
          yield* sim.random(0);
        });
      }).message,
    ).toContain('random(n): n must be a positive integer, got 0');
  });

  it('should make a scenario whose setup throws a ScenarioError', () => {
    const s = scenarioOf(() => {
      throw new Error('cannot build');
    });
    expect(() => explore(s)).toThrow(ScenarioError);
    expect(() => explore(s)).toThrow(/setup threw Error: cannot build/);
  });

  it('should reject a body that is not a generator function', () => {
    const s = scenarioOf((sim) => {
      sim.go('a', (() => 5) as never);
    });
    expect(() => explore(s)).toThrow(/body must be a generator function/);
  });

  it('should run bodies of every generator shape: inline, frozen, a method, one returning another generator', () => {
    // spawn gives inline bodies the shared generator prototype (see spawn.ts); a frozen
    // body keeps its own, and a plain function returning a generator is left alone.
    function* hoisted(sim: Sim, c: { n: number }): Routine {
      yield* sim.yieldNow();
      c.n++;
    }
    let ends = 0;
    let frozenOnes = 0;
    const s = scenarioOf((sim) => {
      const c = { n: 0 };
      const frozen = Object.freeze(function* () {
        yield* sim.yieldNow();
        c.n++;
      });
      const obj = {
        *method(): Routine {
          yield* sim.yieldNow();
          c.n++;
        },
      };
      sim.go('inline', function* () {
        yield* sim.yieldNow();
        c.n++;
      });
      sim.go('frozen', frozen);
      sim.go('method', () => obj.method());
      sim.go('returns', () => hoisted(sim, c));
      sim.atEnd('all counted', () => {
        ends++;
        if (Object.isFrozen(frozen)) frozenOnes++;
        return c.n === 4 || `n is ${c.n}`;
      });
    });
    const r = explore(s, { runs: 50, seed: 3 });
    expect(r.violation?.message).toBeUndefined();
    expect([ends, frozenOnes]).toEqual([50, 50]);
  });

  it('should give duplicate goroutine names a #n suffix', () => {
    const v = one((sim) => {
      for (let i = 0; i < 3; i++) sim.go('worker', function* () {});
      sim.atEnd('fail', () => false);
    });
    expect(v.trace.map((t) => t.goroutine).sort()).toEqual(['worker', 'worker#2', 'worker#3']);
  });
});

describe('traces', () => {
  it('should carry sim.note text and say when a step leaves a goroutine waiting', () => {
    const s = scenarioOf((sim) => {
      const ch = sim.chan<number>('handshake');
      sim.go('a', function* () {
        sim.note('a starts');
        yield* ch.send(1);
      });
      sim.go('b', function* () {
        yield* ch.recv();
      });
      sim.atEnd('fail', () => false);
    });
    for (let seed = 0; seed < 10; seed++) {
      const v = explore(s, { runs: 1, seed, shrink: false }).violation!;
      const notes = v.trace.map((t) => t.note).filter((n) => n !== null).join(' | ');
      expect(notes).toContain('a starts');
      expect(notes).toMatch(/"a" waits: chan "handshake" send|"b" waits: chan "handshake" recv/);
    }
  });

  it('should add failing at-end checks to a deadlock message', () => {
    const s = scenarioOf((sim) => {
      const ch = sim.chan<number>('ch');
      let sent = false;
      sim.go('waiter', function* () {
        yield* ch.recv();
      });
      sim.atEnd('the waiter was woken', () => sent || 'nobody sent on ch');
    });
    const v = explore(s, { runs: 1 }).violation!;
    expect(v.kind).toBe('deadlock');
    expect(v.message).toContain('At-end check "the waiter was woken" failed: nobody sent on ch also fails.');
  });
});
