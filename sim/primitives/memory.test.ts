import type { Atomic, Sim } from '..';
import { outcomes, run, violationOf } from '../test-helpers/run';

/** Runs `setup` over many interleavings and returns the first violation, if any. */
function firstViolation(setup: (sim: Sim) => void, runs = 400) {
  return run(setup, { runs }).violation;
}

describe('Shared', () => {
  describe('data races', () => {
    it('should report two unsynchronized writes, naming both accesses', () => {
      const v = violationOf((sim) => {
        const x = sim.shared('x', 0);
        sim.go('a', function* () {
          yield* x.store(1);
        });
        sim.go('b', function* () {
          yield* x.store(2);
        });
      }, 1);
      expect(v.kind).toBe('data-race');
      expect(v.message).toMatch(/"(a|b)" store of shared "x" races with "(a|b)" store at step \d+/);
      expect(v.message).toContain('protect it with a mutex or use an atomic');
    });

    it('should report a read racing with an earlier write, and a write racing with an earlier read', () => {
      const wr = violationOf((sim) => {
        const x = sim.shared('x', 0);
        sim.go('w', function* () {
          yield* x.store(1);
        });
        sim.go('r', function* () {
          yield* x.load();
        });
      }, 50);
      expect(wr.kind).toBe('data-race');
      expect(wr.message).toMatch(/"r" load of shared "x" races with "w" store|"w" store of shared "x" races with "r" load/);
    });

    it('should not report concurrent reads', () => {
      expect(
        firstViolation((sim) => {
          const x = sim.shared('x', 5);
          for (const n of ['a', 'b', 'c']) sim.go(n, function* () {
            yield* x.load();
          });
        }),
      ).toBeUndefined();
    });

    const syncs: Record<string, (sim: Sim, write: () => Generator<any, void, unknown>, read: () => Generator<any, void, unknown>) => void> = {
      mutex(sim, write, read) {
        const m = sim.mutex('m');
        let written = false;
        sim.go('w', function* () {
          yield* m.lock();
          yield* write();
          written = true;
          yield* m.unlock();
        });
        sim.go('r', function* () {
          for (;;) {
            yield* m.lock();
            if (written) break;
            yield* m.unlock();
          }
          yield* read();
          yield* m.unlock();
        });
      },
      'unbuffered channel'(sim, write, read) {
        const ch = sim.chan<void>('ch');
        sim.go('w', function* () {
          yield* write();
          yield* ch.send(undefined);
        });
        sim.go('r', function* () {
          yield* ch.recv();
          yield* read();
        });
      },
      'unbuffered channel, receive before send completes'(sim, write, read) {
        const ch = sim.chan<void>('ch');
        sim.go('w', function* () {
          yield* ch.recv();
          yield* write();
        });
        sim.go('r', function* () {
          yield* read();
          yield* ch.send(undefined);
        });
      },
      'buffered channel'(sim, write, read) {
        const ch = sim.chan<void>('ch', 2);
        sim.go('w', function* () {
          yield* write();
          yield* ch.send(undefined);
        });
        sim.go('r', function* () {
          yield* ch.recv();
          yield* read();
        });
      },
      'close'(sim, write, read) {
        const ch = sim.chan<void>('ch');
        sim.go('w', function* () {
          yield* write();
          yield* ch.close();
        });
        sim.go('r', function* () {
          yield* ch.recv();
          yield* read();
        });
      },
      atomic(sim, write, read) {
        const flag = sim.atomic('flag', 0);
        sim.go('w', function* () {
          yield* write();
          yield* flag.store(1);
        });
        sim.go('r', function* () {
          while ((yield* flag.load()) === 0) yield* sim.yieldNow();
          yield* read();
        });
      },
      waitGroup(sim, write, read) {
        const wg = sim.waitGroup('wg');
        sim.go('main', function* () {
          yield* wg.add(1);
          sim.go('w', function* () {
            yield* write();
            yield* wg.done();
          });
          yield* wg.wait();
          yield* read();
        });
      },
      once(sim, write, read) {
        const once = sim.once('o');
        for (const n of ['a', 'b']) sim.go(n, function* () {
          yield* once.do(write);
          yield* read();
        });
      },
      'goroutine start'(sim, write, read) {
        sim.go('parent', function* () {
          yield* write();
          sim.go('child', read);
        });
      },
      'timer start'(sim, write, read) {
        sim.go('parent', function* () {
          yield* write();
          sim.afterFunc(10, 'fire', read);
        });
      },
    };

    for (const [name, pattern] of Object.entries(syncs)) {
      it(`should see happens-before through ${name}`, () => {
        expect(
          firstViolation((sim) => {
            const x = sim.shared('x', 0);
            pattern(
              sim,
              function* () {
                yield* x.store(1);
              },
              function* () {
                yield* x.load();
              },
            );
          }),
        ).toBeUndefined();
      });
    }

    it('should still find the race when only a later access is synchronized', () => {
      const v = violationOf((sim) => {
        const x = sim.shared('x', 0);
        const m = sim.mutex('m');
        sim.go('a', function* () {
          yield* x.store(1); // outside the lock
          yield* m.lock();
          yield* m.unlock();
        });
        sim.go('b', function* () {
          yield* m.lock();
          yield* m.unlock();
          yield* x.store(2);
        });
      }, 200);
      expect(v.kind).toBe('data-race');
    });
  });

  describe('free', () => {
    it('should report a load after free as use-after-free naming who freed it and when', () => {
      const v = violationOf((sim) => {
        const pcb = sim.shared('pcb', { refs: 1 });
        const freed = sim.chan<void>('freed');
        sim.go('teardown', function* () {
          yield* pcb.free();
          yield* freed.send(undefined);
        });
        sim.go('handler', function* () {
          yield* freed.recv();
          yield* pcb.load();
        });
      }, 20);
      expect(v.kind).toBe('use-after-free');
      expect(v.message).toMatch(/"handler" load of shared "pcb" after "teardown" freed it at step \d+/);
    });

    it('should report a double free', () => {
      const v = violationOf((sim) => {
        const p = sim.shared('p', 0);
        sim.go('a', function* () {
          yield* p.free();
          yield* p.free();
        });
      }, 1);
      expect(v.kind).toBe('use-after-free');
      expect(v.message).toContain('"a" double free of shared "p": "a" already freed it at step 1');
    });

    it('should treat .value inside a goroutine after free as use-after-free, but allow it in checks', () => {
      const v = violationOf((sim) => {
        const p = sim.shared('p', 0);
        sim.go('a', function* () {
          yield* p.free();
          void p.value;
        });
      }, 1);
      expect(v.kind).toBe('use-after-free');
      expect(v.message).toContain('read of .value');
      const ok = run((sim) => {
        const p = sim.shared('p', 3);
        sim.go('a', function* () {
          yield* p.free();
        });
        sim.atEnd('peek', () => p.value === 3 && p.freed);
      });
      expect(ok.violation).toBeUndefined();
    });
  });

  it('should expose .value for setup and checks without a scheduling point', () => {
    const r = run((sim) => {
      const x = sim.shared('x', 1);
      x.value = 2;
      sim.go('a', function* () {
        const v = yield* x.load();
        yield* x.store(v * 10);
      });
      sim.atEnd('value', () => x.value === 20 || `x is ${x.value}`);
    });
    expect(r.violation).toBeUndefined();
  });
});

describe('Atomic', () => {
  it('should never lose an increment made with add', () => {
    const seen = outcomes((sim, record) => {
      const n = sim.atomic('n', 0);
      for (const g of ['a', 'b', 'c']) sim.go(g, function* () {
        yield* n.add(1);
      });
      sim.atEnd('n', () => (record(String(n.value)), true));
    }, 200);
    expect([...seen]).toEqual(['3']);
  });

  it('should lose an update made with load then store (the atomicity violation)', () => {
    const seen = outcomes((sim, record) => {
      const n = sim.atomic('n', 0);
      for (const g of ['a', 'b']) sim.go(g, function* () {
        const v = yield* n.load();
        yield* n.store(v + 1);
      });
      sim.atEnd('n', () => (record(String(n.value)), true));
    }, 300);
    expect([...seen].sort()).toEqual(['1', '2']);
  });

  it('should implement cas, swap and add with Go results', () => {
    const r = run((sim) => {
      const a = sim.atomic('a', 1);
      const p = sim.atomic<object | null>('p', null);
      const obj = {};
      sim.go('g', function* () {
        sim.assert((yield* a.cas(1, 5)) === true, 'cas hits');
        sim.assert((yield* a.cas(1, 6)) === false, 'cas misses');
        sim.assert((yield* a.swap(9)) === 5, 'swap returns old');
        sim.assert((yield* a.add(-2)) === 7, 'add returns new');
        sim.assert((yield* p.cas(null, obj)) === true, 'cas on a reference');
        sim.assert((yield* p.load()) === obj, 'load the reference');
      });
    });
    expect(r.violation).toBeUndefined();
  });

  it('should panic on add to a non-number', () => {
    const v = violationOf((sim) => {
      const a = sim.atomic<unknown>('a', 'x') as unknown as Atomic<number>;
      sim.go('g', function* () {
        yield* a.add(1);
      });
    }, 1);
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('add on a non-number atomic');
  });
});
