import { defineScenario, explore, replay, type Sim } from '../index';
import { callText, sameDrop, unyieldedDetail } from './unyielded';
import { finishViolation, runConfig, runExecution } from '../run';
import { ReplayStrategy } from '../strategy/replay';
import { Effect, OpKind } from '../effect';

const STRATEGIES = ['random', 'pct', 'pos', 'surw', 'rff', 'dfs', 'portfolio'] as const;

/** The first violation of `setup` under every strategy, each allowed one execution. */
function underEvery(setup: (sim: Sim) => void): Array<[string, number | undefined, string | undefined]> {
  const s = defineScenario({ name: 'unyielded', description: 'x', variants: { v: 'v' }, setup: (sim) => setup(sim) });
  return STRATEGIES.map((st) => {
    const r = explore(s, { strategy: st, runs: 1, seed: 5 });
    return [st, r.violation?.execution, r.violation?.message];
  });
}

/** Each mistake: the setup, and the call the panic must name (as its fix says `yield* <call>`). */
const MISTAKES: Record<string, [(sim: Sim) => void, string]> = {
  'mutex lock (an effect shared per object)': [
    (sim) => {
      const m = sim.mutex('m');
      const n = sim.shared('n', 0);
      sim.go('a', function* () {
        m.lock();
        yield* n.store(1);
      });
    },
    'm.lock()',
  ],
  'a load used as a value': [
    (sim) => {
      const c = sim.shared('c', 1);
      sim.go('a', function* () {
        const v = c.load() as unknown as number;
        yield* c.store(v + 1);
      });
    },
    'c.load()',
  ],
  'a call at the end of the body': [
    (sim) => {
      const m = sim.mutex('m');
      sim.go('a', function* () {
        yield* m.lock();
        m.unlock();
      });
    },
    'm.unlock()',
  ],
  'yieldNow (one effect for all)': [
    (sim) => {
      sim.go('a', function* () {
        sim.yieldNow();
        yield* sim.sleep(1);
      });
    },
    'sim.yieldNow()',
  ],
  'sleep': [
    (sim) => {
      sim.go('a', function* () {
        sim.sleep(5);
      });
    },
    'sim.sleep(5)',
  ],
  'random': [
    (sim) => {
      sim.go('a', function* () {
        sim.random(3);
        yield* sim.yieldNow();
      });
    },
    'sim.random(3)',
  ],
  'waitGroup done and wait': [
    (sim) => {
      const wg = sim.waitGroup('wg', 1);
      sim.go('a', function* () {
        wg.done();
        yield* wg.wait();
      });
    },
    'wg.done()',
  ],
  'waitGroup add': [
    (sim) => {
      const wg = sim.waitGroup('wg');
      sim.go('a', function* () {
        wg.add(2);
      });
    },
    'wg.add(2)',
  ],
  'once.do': [
    (sim) => {
      const once = sim.once('once');
      const x = sim.shared('x', 0);
      sim.go('a', function* () {
        once.do(function* () {
          yield* x.store(1);
        });
        yield* sim.yieldNow();
      });
    },
    'once.do(…)',
  ],
  'timer stop and reset': [
    (sim) => {
      const t = sim.afterFunc(10, 't', function* () {});
      sim.go('a', function* () {
        t.reset(5);
        yield* t.stop();
      });
    },
    't.reset(5)',
  ],
  'channel send and recv (send is made per call, recv is shared)': [
    (sim) => {
      const ch = sim.chan<number>('ch', 1);
      sim.go('a', function* () {
        ch.send(7);
        ch.recv();
      });
    },
    'ch.send(7)',
  ],
  'a select never yielded (its cases are taken by it)': [
    (sim) => {
      const ch = sim.chan<number>('ch', 1);
      sim.go('a', function* () {
        sim.select([ch.recv(), ch.send(1)], { default: true });
        yield* sim.yieldNow();
      });
    },
    'sim.select([…])',
  ],
  'atomics': [
    (sim) => {
      const a = sim.atomic('a', 0);
      sim.go('a', function* () {
        a.cas(0, 1);
        yield* a.add(1);
      });
    },
    'a.cas(0, 1)',
  ],
  'struct accesses around the dropped call': [
    (sim) => {
      const s = sim.struct('s', { x: 0 });
      const m = sim.mutex('m');
      sim.go('a', function* () {
        s.x = 1;
        m.lock();
        s.x = s.x + 1;
        yield* sim.yieldNow();
      });
    },
    'm.lock()',
  ],
  'an rwmutex read lock': [
    (sim) => {
      const rw = sim.rwmutex('rw');
      sim.go('a', function* () {
        rw.rlock();
        yield* rw.runlock();
      });
    },
    'rw.rlock()',
  ],
};

describe('un-yielded effects', () => {
  describe('every mistake', () => {
    for (const [name, [setup, call]] of Object.entries(MISTAKES)) {
      it(`should be a panic naming ${call} on the first execution of every strategy: ${name}`, () => {
        const esc = call.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const want = new RegExp(`^panic at step \\d+ .*"a": ${esc} was called but not yielded.*write yield\\* ${esc}`, 's');
        for (const got of underEvery(setup)) expect(got).toEqual([got[0], 1, expect.stringMatching(want)]);
      });
    }
  });

  describe('what is not a mistake', () => {
    it('should accept select cases, effects yielded later in the same step, and effects made in setup', () => {
      const s = defineScenario({
        name: 'fine',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const ch = sim.chan<number>('ch', 1);
          const m = sim.mutex('m');
          const lockM = m.lock(); // made in setup, yielded by the goroutine: allowed
          sim.go('a', function* () {
            const r = yield* sim.select([ch.send(1), ch.recv()]);
            sim.note(String(r.index));
            const e = ch.recv();
            yield* e;
            yield* lockM;
            yield* m.unlock();
          });
        },
      });
      for (const st of STRATEGIES) expect([st, explore(s, { strategy: st, runs: 20, seed: 1 }).violation?.message]).toEqual([st, undefined]);
    });

    it('should still report a bare yield of an effect as such', () => {
      const s = defineScenario({
        name: 'bare',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const m = sim.mutex('m');
          sim.go('a', function* () {
            yield m.lock() as never;
          });
        },
      });
      expect(explore(s, { runs: 1 }).violation?.message).toMatch(/"a" yielded an effect without yield\*/);
    });
  });

  describe('replay', () => {
    it('should replay the panic identically', () => {
      const s = defineScenario({ name: 'rp', description: 'x', variants: { v: 'v' }, setup: (sim) => MISTAKES['mutex lock (an effect shared per object)']![0](sim) });
      const v = explore(s, { strategy: 'pct', runs: 1, seed: 2 }).violation!;
      expect(replay(s, v.schedule).violation?.message).toBe(v.message);
    });
  });

  describe('an exploring run counts, the failing re-run names', () => {
    it("should name only the goroutine in an exploring run, and the call in the reported violation", () => {
      const s = defineScenario({ name: 'nm', description: 'x', variants: { v: 'v' }, setup: (sim) => MISTAKES['channel send and recv (send is made per call, recv is shared)']![0](sim) });
      const cfg = runConfig(s, {});
      const st = new ReplayStrategy([0]);
      st.begin(0);
      const raw = runExecution(cfg, st, false).violation!;
      expect([raw.kind, raw.unnamed, raw.detail]).toEqual(['panic', true, expect.stringMatching(/^"a": an effect was called but not yielded \(and 1 more call like it\), so it did nothing: write yield\* before it/)]);
      const v = finishViolation(cfg, [0], raw, 1);
      expect(v.detail).toMatch(/^"a": ch\.send\(7\) was called but not yielded \(and 1 more call like it\), so it did nothing: write yield\* ch\.send\(7\)/);
    });

    it('should count the same drop only for the same goroutine and as many calls', () => {
      const unnamed = unyieldedDetail('a', null, 2);
      const e = new Effect(OpKind.Lock, { id: 0 as never, kind: 'mutex', name: 'm', key: '' });
      expect(sameDrop(unnamed, unyieldedDetail('a', e, 2))).toBe(true);
      expect(sameDrop(unnamed, unyieldedDetail('b', e, 2))).toBe(false);
      expect(sameDrop(unnamed, unyieldedDetail('a', e, 1))).toBe(false);
      expect(sameDrop(unnamed, unyieldedDetail('a', e, 3))).toBe(false);
      expect(sameDrop(unnamed, '"a" threw Error: x')).toBe(false);
    });
  });

  describe('callText', () => {
    it('should name an object whose name is not an identifier by its kind', () => {
      const e = new Effect(OpKind.Lock, { id: 0 as never, kind: 'mutex', name: 'big lock', key: '' });
      expect(callText(e)).toBe('mutex.lock() (mutex "big lock")');
    });
  });
});
