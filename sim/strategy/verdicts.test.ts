/**
 * The wrong verdicts reported against the exhaustive search and Go's semantics (issue
 * "Verdicts you can trust"), each as its reproduction: what dfs must say now, beside plain
 * DFS and the random walk where the issue compared them.
 */
import { defineScenario, explore, Millisecond, type Scenario, type Sim } from '..';

let n = 0;
function scenario(setup: (sim: Sim) => void, timers?: 'go1.22'): Scenario {
  n++;
  return defineScenario({ name: `verdict-${n}`, description: 'a reproduction', variants: { v: 'v' }, ...(timers !== undefined ? { timers } : {}), setup: (sim) => setup(sim) });
}

describe('verdicts', () => {
  describe('a blocking select completed by its partner', () => {
    it('should be found by dfs: the receiver may take either of the select\'s cases on one channel', () => {
      const s = scenario((sim) => {
        const c = sim.chan<number>('c', 0);
        sim.go('main', function* () {
          sim.go('g', function* () {
            const v = yield* c.recv();
            sim.assert(v === 1, `received ${v}`);
          });
          yield* sim.select([c.send(1), c.send(0)]);
        });
      });
      const dfs = explore(s, { strategy: 'dfs', runs: 100 });
      expect(dfs.violation?.message).toMatch(/^assertion at step \d+ .*"g" failed: received 0/);
      expect(explore(s, { strategy: 'random', runs: 100, seed: 1 }).violation?.kind).toBe('assertion');
    });

    it('should be found by dfs with two channels, each with its own receiver', () => {
      const s = scenario((sim) => {
        const c1 = sim.chan<number>('c1', 0);
        const c2 = sim.chan<number>('c2', 0);
        sim.go('main', function* () {
          sim.go('g1', function* () {
            yield* c1.recv();
          });
          sim.go('g2', function* () {
            yield* c2.recv();
            sim.assert(false, 'the select sent on c2');
          });
          const r = yield* sim.select([c1.send(1), c2.send(2)]);
          if (r.index === 0) yield* c2.send(0);
          else yield* c1.send(0);
        });
      });
      // both cases are taken in some execution: g2's assertion fails in one of them
      expect(explore(s, { strategy: 'dfs', runs: 1000 }).violation?.kind).toBe('assertion');
    });
  });

  describe('timer Stop', () => {
    const idiom = (sim: Sim): void => {
      sim.go('g', function* () {
        const t = sim.newTimer(1 * Millisecond, 't');
        yield* sim.sleep(2 * Millisecond); // t fires while g sleeps
        const stopped = yield* t.stop();
        if (!stopped) yield* t.C.recv();
      });
    };

    it("should never block Go's documented idiom if !t.Stop() { <-t.C }, under Go ≥ 1.23 or Go ≤ 1.22", () => {
      for (const timers of [undefined, 'go1.22'] as const) {
        const r = explore(scenario(idiom, timers), { strategy: 'dfs', runs: 1000 });
        expect([timers, r.violation?.message, r.exhausted]).toEqual([timers, undefined, true]);
      }
    });

    const staleTick = (sim: Sim): void => {
      sim.go('g', function* () {
        const t = sim.newTimer(1 * Millisecond, 't');
        yield* sim.sleep(2 * Millisecond); // t fired into C, nobody received
        const armedAt = sim.now();
        yield* t.reset(5 * Millisecond); // without draining C first
        const at = yield* t.C.recv();
        sim.assert(at! >= armedAt + 5 * Millisecond, `received a stale tick from t=${at}, before the reset's deadline`);
      });
    };

    it('should reproduce the stale tick of Reset without draining under Go ≤ 1.22 only', () => {
      expect(explore(scenario(staleTick, 'go1.22'), { strategy: 'dfs', runs: 1000 }).violation?.message).toMatch(/received a stale tick from t=1000000,/);
      const now = explore(scenario(staleTick), { strategy: 'dfs', runs: 1000 });
      expect([now.violation?.message, now.exhausted]).toEqual([undefined, true]);
    });
  });

  describe('Cond.Wait on an RWMutex', () => {
    it('should re-lock through RWMutex.Lock: a reader that read-locks again while the waiter re-locks deadlocks, as in Go', () => {
      const s = scenario((sim) => {
        const rw = sim.rwmutex('rw');
        const c = sim.cond('c', rw);
        let ready = false;
        sim.go('waiter', function* () {
          yield* rw.lock();
          while (!ready) yield* c.wait();
          yield* rw.unlock();
        });
        sim.go('reader', function* () {
          yield* rw.rlock();
          yield* sim.yieldNow();
          yield* rw.rlock(); // recursive read lock: blocks behind an announced writer
          yield* rw.runlock();
          yield* rw.runlock();
        });
        sim.go('signaller', function* () {
          // Go allows Signal without holding L; so the waiter's re-lock is the only writer
          yield* sim.yieldNow();
          ready = true;
          yield* c.signal();
        });
      });
      const r = explore(s, { strategy: 'dfs', runs: 10_000 });
      expect(r.violation?.kind).toBe('deadlock');
      expect(r.violation?.message).toMatch(/"reader" blocked on rwmutex "rw" rlock, behind writer "waiter"/);
    });
  });

  describe('yieldNow under dfs', () => {
    // loom's tests/yield.rs, yield_completes (tokio-rs/loom@948c8cc)
    it("should end a spin-wait on another goroutine and exhaust it, as loom's yield_completes", () => {
      const s = scenario((sim) => {
        const inc = sim.atomic('inc', 0);
        sim.go('main', function* () {
          sim.go('th', function* () {
            yield* inc.store(1);
          });
          while ((yield* inc.load()) !== 1) yield* sim.yieldNow();
        });
      });
      const r = explore(s, { strategy: 'dfs', runs: 1000, maxSteps: 1000 });
      expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
      expect(explore(s, { strategy: 'random', runs: 200, seed: 1, maxSteps: 1000 }).violation).toBeUndefined();
    });

    it('should still run a goroutine on after one yield, so a scheduling point between plain statements hides nothing', () => {
      const s = scenario((sim) => {
        let x = 0;
        sim.go('g', function* () {
          x = 1;
          yield* sim.yieldNow();
          x = 2;
        });
        sim.go('h', function* () {
          sim.assert(x !== 2, 'h saw both of g\'s writes');
        });
      });
      expect(explore(s, { strategy: 'dfs', runs: 100 }).violation?.kind).toBe('assertion');
    });
  });
});
