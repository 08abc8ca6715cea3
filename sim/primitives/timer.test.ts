import { explore, Millisecond, replay } from '..';
import { outcomes, run, scenarioOf, violationOf } from '../test-helpers/run';

describe('virtual clock', () => {
  it('should start at 0, advance by sleeps, and never go backwards', () => {
    const seen = outcomes((sim, record) => {
      let last = -1;
      sim.invariant('time is monotonic', () => {
        const ok = sim.now() >= last;
        last = sim.now();
        return ok;
      });
      sim.assert(sim.now() === 0, 'starts at 0');
      sim.go('a', function* () {
        yield* sim.sleep(5 * Millisecond);
        yield* sim.sleep(3 * Millisecond);
        record(`a@${sim.now()}`);
      });
      sim.go('b', function* () {
        yield* sim.sleep(4 * Millisecond);
        record(`b@${sim.now()}`);
      });
    }, 200);
    for (const s of seen) {
      expect(s).toMatch(/a@(\d+)/);
      const a = Number(/a@(\d+)/.exec(s)![1]);
      expect(a).toBeGreaterThanOrEqual(8 * Millisecond);
    }
  });

  it('should force a timer when nothing else can run', () => {
    const r = run((sim) => {
      sim.go('a', function* () {
        yield* sim.sleep(10);
        sim.assert(sim.now() === 10, 'woke at its deadline');
      });
    });
    expect(r.violation).toBeUndefined();
  });

  it('should treat sleep(0) and negative sleeps as a bare scheduling point', () => {
    const r = run((sim) => {
      sim.go('a', function* () {
        yield* sim.sleep(0);
        yield* sim.sleep(-5);
        sim.assert(sim.now() === 0, 'no time passed');
      });
    });
    expect(r.violation).toBeUndefined();
  });

  it('should offer a timer expiry between any two steps: it may fire while a lock is held', () => {
    const seen = outcomes((sim, record) => {
      const m = sim.mutex('L');
      let holding = false;
      sim.go('T1', function* () {
        yield* m.lock();
        holding = true;
        yield* sim.yieldNow();
        yield* sim.yieldNow();
        holding = false;
        yield* m.unlock();
      });
      sim.afterFunc(Millisecond, 'timer', function* () {
        record(holding ? 'fired while held' : 'fired while free');
      });
    }, 300);
    expect([...seen].sort()).toEqual(['fired while free', 'fired while held']);
  });

  it('should fire timers only at idle points with idleTimers (Go synctest)', () => {
    const seen = outcomes(
      (sim, record) => {
        const m = sim.mutex('L');
        let holding = false;
        sim.go('T1', function* () {
          yield* m.lock();
          holding = true;
          yield* sim.yieldNow();
          holding = false;
          yield* m.unlock();
        });
        sim.afterFunc(Millisecond, 'timer', function* () {
          record(holding ? 'fired while held' : 'fired while free');
        });
      },
      200,
      { idleTimers: true },
    );
    expect([...seen]).toEqual(['fired while free']);
  });

  it('should let the strategy order timers due at the same instant', () => {
    const seen = outcomes((sim, record) => {
      const order: string[] = [];
      for (const n of ['x', 'y', 'z']) sim.afterFunc(5, n, function* () {
        order.push(n);
      });
      sim.atEnd('order', () => (record(order.join('')), true));
    }, 400);
    expect(seen.size).toBe(6);
  });

  it('should fire timers in deadline order (their bodies then run as goroutines in any order)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const r = run(
        (sim) => {
          sim.afterFunc(30, 'late', function* () {
            sim.assert(sim.now() >= 30, 'late body after its deadline');
          });
          sim.afterFunc(10, 'early', function* () {
            sim.assert(sim.now() >= 10, 'early body after its deadline');
          });
          sim.go('x', function* () {
            sim.assert(false, 'stop here to get a trace');
          });
          sim.afterFunc(40, 'end', function* () {});
        },
        { seed },
      );
      // the run stops at x's assert; fires before it appear in deadline order
      const fires = r.violation!.trace.filter((t) => t.effect === 'fire').map((t) => `${t.goroutine}@${t.time}`);
      const times = fires.map((f) => Number(f.split('@')[1]));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

});

describe('Timer', () => {
  it('should return Go results from stop: true iff it prevented the fire (the body never runs)', () => {
    const seen = outcomes((sim, record) => {
      let fired = false;
      let stopped: boolean | undefined;
      const t = sim.afterFunc(10, 'f', function* () {
        fired = true;
      });
      sim.go('stopper', function* () {
        yield* sim.yieldNow();
        stopped = yield* t.stop();
        sim.assert((yield* t.stop()) === false, 'a second stop returns false');
      });
      sim.atEnd('stop result', () => {
        record(`stopped=${stopped} fired=${fired}`);
        return stopped !== fired || 'stop is true exactly when the body never ran';
      });
    }, 300);
    expect([...seen].sort()).toEqual(['stopped=false fired=true', 'stopped=true fired=false']);
  });

  it('should re-arm with reset and return whether it was pending', () => {
    const seen = outcomes((sim, record) => {
      let fires = 0;
      const t = sim.afterFunc(10, 'f', function* () {
        fires++;
      });
      sim.go('g', function* () {
        const was = yield* t.reset(20);
        record(`was=${was}`);
      });
      sim.atEnd('fires', () => (record(`fires=${fires}`), true));
    }, 300);
    // reset before the fire: one fire at t=20; after the fire: it fires again.
    expect([...seen].sort()).toEqual(['was=false fires=2', 'was=true fires=1']);
  });

  it('should keep a run alive while a timer is pending, and spawn its body with the timer name', () => {
    const r = run((sim) => {
      let ran = '';
      sim.afterFunc(Millisecond, 'cleanup', function* () {
        ran = `at ${sim.now()}`;
      });
      sim.atEnd('fired', () => ran === `at ${Millisecond}` || `ran ${ran}`);
    });
    expect(r.violation).toBeUndefined();
  });

  it('should send the time on C for newTimer and after, and leave no stale value after stop', () => {
    const r = run((sim) => {
      const t = sim.newTimer(10, 't');
      const a = sim.after(20, 'a');
      sim.go('g', function* () {
        const v = yield* t.C.recv();
        sim.assert(v === 10, `t.C gives its fire time, got ${v}`);
        const w = yield* a.recv();
        sim.assert(w === 20, 'after gives its fire time');
        const t2 = sim.newTimer(5, 't2');
        yield* sim.sleep(10); // t2 fired into its buffer
        // Go ≥ 1.23: the fired value was not yet received, so Stop reports it stopped the timer
        sim.assert((yield* t2.stop()) === true, 'stop removed the unreceived value');
        const r = yield* sim.select([t2.C.recv()], { default: true });
        sim.assert(r.index === -1, 'stop drained the stale value');
      });
    }, { runs: 50 });
    expect(r.violation).toBeUndefined();
  });

  it('should tick with newTicker, drop ticks when C is full, and not keep the run alive', () => {
    const r = run((sim) => {
      const tk = sim.newTicker(10, 'tick');
      const got: number[] = [];
      sim.go('g', function* () {
        for (let i = 0; i < 3; i++) got.push((yield* tk.C.recv())!);
        yield* tk.stop();
      });
      sim.go('daemon', function* () {
        const d = sim.newTicker(7, 'd');
        for (;;) yield* d.C.recv();
      }, { daemon: true });
      sim.atEnd('ticks', () => (got.length === 3 && got.every((t, i) => i === 0 || t > got[i - 1]!)) || `got ${got}`);
    }, { runs: 100 });
    expect(r.violation).toBeUndefined();
  });

  it('should reject a non-positive ticker interval with Go\'s message', () => {
    const v = violationOf((sim) => {
      sim.go('g', function* () {
        sim.newTicker(0);
      });
    }, 1);
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('non-positive interval for NewTicker');
  });
});

describe('daemons', () => {
  it('should not call a blocked daemon a deadlock', () => {
    const r = run((sim) => {
      const ch = sim.chan<number>('work');
      sim.go('server', function* () {
        for (;;) yield* ch.recv();
      }, { daemon: true });
      sim.go('client', function* () {
        yield* ch.send(1);
      });
    }, { runs: 50 });
    expect(r.violation).toBeUndefined();
  });
});

describe('ending a run', () => {
  it('should report a deadlock, not a step limit, when only tickers nobody waits on are left', () => {
    const v = violationOf((sim) => {
      const never = sim.chan<void>('never');
      sim.go('g', function* () {
        sim.newTicker(1000, 'leaked');
        yield* never.recv();
      });
    }, 1);
    expect(v.kind).toBe('deadlock');
    expect(v.message).toContain('"g" blocked on chan "never" recv');
  });

  it('should keep firing a ticker that a blocked goroutine waits on', () => {
    const r = run((sim) => {
      const tk = sim.newTicker(10, 'tick');
      sim.go('g', function* () {
        yield* tk.C.recv();
        yield* tk.C.recv();
        yield* tk.stop();
      });
      sim.atEnd('two ticks', () => sim.now() === 20 || `now is ${sim.now()}`);
    }, { runs: 20, idleTimers: true });
    expect(r.violation).toBeUndefined();
  });
});

describe('quantum (fairness)', () => {
  const spinner = (sim: import('..').Sim): void => {
    const tk = sim.newTicker(10, 'tick');
    let ticks = 0;
    sim.go('ticks', function* () {
      for (;;) {
        yield* tk.C.recv();
        ticks++;
      }
    }, { daemon: true });
    sim.go('worker', function* () {
      for (let i = 0; i < 3; i++) yield* sim.yieldNow();
    });
    sim.atEnd('bounded', () => (sim.assert(ticks >= 0, 'ticks'), true));
  };

  it('should let timers keep a runnable goroutine waiting without limit by default', () => {
    const r = explore(scenarioOf(spinner), { strategy: 'dfs', dpor: false, runs: 300 });
    expect(r.exhausted).toBe(false); // the tree is infinite: fire, fire, fire…
  });

  it('should bound how long a runnable goroutine waits, so exhaustive search finishes', () => {
    const r = explore(scenarioOf(spinner), { strategy: 'dfs', dpor: false, runs: 100_000, quantum: 25 });
    expect(r.violation).toBeUndefined();
    expect(r.exhausted).toBe(true);
    // no execution let the clock run more than the quantum past the worker's last step
    const bad = scenarioOf((sim) => {
      spinner(sim);
      let probeAt = 0;
      let done = false;
      sim.invariant('a runnable probe waits at most the quantum', () => {
        if (!done && sim.now() > probeAt + 25) return `clock at ${sim.now()}, probe last ran at ${probeAt}`;
        return true;
      });
      sim.go('probe', function* () {
        for (let i = 0; i < 3; i++) {
          probeAt = sim.now();
          yield* sim.yieldNow();
        }
        done = true;
      });
    });
    expect(explore(bad, { runs: 2000, quantum: 25 }).violation).toBeUndefined();
  });

  it('should carry the quantum in the schedule so a replay matches', () => {
    const s = scenarioOf((sim) => {
      spinner(sim);
      sim.go('fail', function* () {
        yield* sim.sleep(40);
        sim.assert(false, 'stop');
      });
    });
    const r = explore(s, { runs: 10, quantum: 30 });
    expect(r.violation?.kind).toBe('assertion');
    const again = replay(s, r.violation!.schedule);
    expect(again.schedule.options.quantum).toBe(30);
    expect(again.violation!.message).toBe(r.violation!.message);
  });
});

describe('timer daemons', () => {
  it('should let a daemon goroutine arm a timer that keeps the run alive, with daemon: false', () => {
    const r = run((sim) => {
      let fired = false;
      sim.go('d', function* () {
        sim.afterFunc(10, 'work', function* () {
          fired = true;
        }, { daemon: false });
        yield* sim.select([]);
      }, { daemon: true });
      sim.atEnd('fired', () => fired);
    }, { runs: 20 });
    expect(r.violation).toBeUndefined();
  });

  it('should not wait for a daemon timer armed in setup', () => {
    const r = run((sim) => {
      sim.afterFunc(10, 'background', function* () {
        sim.assert(false, 'never fires');
      }, { daemon: true });
    }, { runs: 20, idleTimers: true });
    expect(r.violation).toBeUndefined();
  });
});
