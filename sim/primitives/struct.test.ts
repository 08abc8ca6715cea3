import { defineScenario, explore, type Sim, type Strategy } from '..';
import { run, violationOf } from '../test-helpers/run';

const STRATEGIES = ['random', 'pct', 'pos', 'surw', 'portfolio', 'dfs'] as const;

/** The first violation of `setup` under every strategy, each run for one execution. */
function firstUnderEvery(setup: (sim: Sim) => void): Map<string, string | undefined> {
  const s = defineScenario({ name: 'x', description: 'x', variants: { v: 'v' }, setup: (sim) => setup(sim) });
  const out = new Map<string, string | undefined>();
  for (const st of STRATEGIES) out.set(st, explore(s, { strategy: st, runs: 1, seed: 3 }).violation?.message);
  return out;
}

describe('sim.struct', () => {
  describe('fields', () => {
    it('should have the initial fields and values, typed, and refuse new fields', () => {
      const r = run((sim) => {
        const tk = sim.struct('tk', { clocks: 7, offset: -1, name: 'a' });
        const n: number = tk.clocks; // typed: a number
        sim.assert(n === 7 && tk.offset === -1 && tk.name === 'a', 'initial values');
        sim.assert(Object.keys(tk).join() === 'clocks,offset,name', 'the fields, in order');
        sim.go('g', function* () {
          tk.clocks = 8;
          yield* sim.yieldNow();
          (tk as Record<string, unknown>)['extra'] = 1;
        });
      });
      expect(r.violation?.kind).toBe('panic');
      expect(r.violation?.message).toMatch(/"g" threw TypeError: .*extra.*sim\.struct has only the fields it was created with/s);
    });
  });

  describe('race detection', () => {
    it('should report two unsynchronized writes to a field on the first execution, naming the field and both accesses', () => {
      for (const [st, msg] of firstUnderEvery((sim) => {
        const tk = sim.struct('tk', { clocks: 0, offset: 0 });
        sim.go('setClocks', function* () {
          tk.clocks = 60;
          yield* sim.yieldNow();
        });
        sim.go('getTime', function* () {
          tk.clocks = 1;
          yield* sim.yieldNow();
        });
      })) {
        expect([st, msg]).toEqual([st, expect.stringMatching(/^data-race at step \d+ .*"(setClocks|getTime)" write of struct "tk"\.clocks races with "(setClocks|getTime)" write at step \d+/)]);
      }
    });

    it('should report a read racing with a write, but not accesses to different fields', () => {
      const v = violationOf((sim) => {
        const s = sim.struct('s', { a: 0, b: 0 });
        sim.go('w', function* () {
          s.a = 1;
          yield* sim.yieldNow();
          s.b = 1;
        });
        sim.go('r', function* () {
          yield* sim.yieldNow();
          sim.note(String(s.b));
        });
      }, 200);
      expect(v.kind).toBe('data-race');
      expect(v.message).toMatch(/struct "s"\.b races with/);
      const other = run(
        (sim) => {
          const s = sim.struct('s', { a: 0, b: 0 });
          sim.go('w', function* () {
            s.a = 1;
            yield* sim.yieldNow();
          });
          sim.go('r', function* () {
            sim.note(String(s.b));
            yield* sim.yieldNow();
          });
        },
        { runs: 200 },
      );
      expect(other.violation).toBeUndefined();
    });

    it('should not report accesses ordered by a mutex, nor reads in checks', () => {
      const r = run(
        (sim) => {
          const m = sim.mutex('m');
          const s = sim.struct('s', { n: 0 });
          for (const name of ['a', 'b', 'c']) {
            sim.go(name, function* () {
              yield* m.lock();
              s.n = s.n + 1;
              yield* m.unlock();
            });
          }
          sim.invariant('never above 3', () => s.n <= 3);
          sim.atEnd('all three', () => s.n === 3 || `n is ${s.n}`);
        },
        { runs: 300 },
      );
      expect(r.violation).toBeUndefined();
    });
  });

  describe('footprints', () => {
    it('should record each field access in the footprint of the step that made it, for the exhaustive search', () => {
      const seen: string[] = [];
      const strategy: Strategy = {
        name: 'first',
        wantsFootprints: true,
        begin: (i) => i === 0,
        pick: () => 0,
        choose: () => 0,
        end: () => undefined,
        afterStep(_point, step) {
          for (const a of step?.accesses ?? []) if (a.kind === 'struct') seen.push(`${step!.key} ${a.write ? 'w' : 'r'} ${a.key}`);
        },
      };
      const s = defineScenario({
        name: 'fp',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const st = sim.struct('st', { ready: false, n: 0 });
          sim.go('writer', function* () {
            st.ready = true;
            yield* sim.yieldNow();
            st.n = st.n + 1;
          });
        },
      });
      explore(s, { strategy, runs: 1 });
      expect(seen).toEqual(['0 w o0.ready', '0 w o0.n']);
    });
  });
});

describe('frozen values', () => {
  it('should make an in-place change to a stored array a panic that says to store a new value, on the first execution by every strategy', () => {
    for (const [st, msg] of firstUnderEvery((sim) => {
      const q = sim.shared<number[]>('q', []);
      for (const name of ['a', 'b']) {
        sim.go(name, function* () {
          (yield* q.load()).push(1);
        });
      }
    })) {
      expect([st, msg]).toEqual([st, expect.stringMatching(/^panic .*threw TypeError: .*store a new value instead of changing one in place/s)]);
    }
  });

  it('should freeze deeply: nested arrays, objects, Maps and Sets in shared, atomic, channel and struct values', () => {
    const cases: Record<string, (sim: Sim) => void> = {
      nested: (sim) => {
        const x = sim.shared('x', { list: [{ n: 1 }] });
        sim.go('g', function* () {
          (yield* x.load()).list[0]!.n = 2;
        });
      },
      map: (sim) => {
        const a = sim.atomic('a', new Map<string, number>());
        sim.go('g', function* () {
          (yield* a.load()).set('k', 1);
        });
      },
      set: (sim) => {
        const s = sim.struct('s', { members: new Set<number>() });
        sim.go('g', function* () {
          s.members.add(1);
          yield* sim.yieldNow();
        });
      },
      channel: (sim) => {
        const c = sim.chan<number[]>('c', 1);
        sim.go('g', function* () {
          const v = [1];
          yield* c.send(v);
          v.push(2);
        });
      },
    };
    for (const [name, setup] of Object.entries(cases)) {
      const r = run(setup);
      expect([name, r.violation?.kind, r.violation?.message]).toEqual([name, 'panic', expect.stringMatching(/store a new value/)]);
    }
  });

  it('should leave class instances alone: they are references, like Go pointers', () => {
    class Waiter {
      woken = false;
    }
    const r = run((sim) => {
      const c = sim.chan<Waiter>('c', 1);
      sim.go('g', function* () {
        yield* c.send(new Waiter());
      });
      sim.go('h', function* () {
        const w = (yield* c.recv())!;
        w.woken = true;
      });
    });
    expect(r.violation).toBeUndefined();
  });
});
