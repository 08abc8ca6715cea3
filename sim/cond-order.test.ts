/**
 * `sim.cond(name, locker)`: the name first, like every other constructor; the old order
 * `cond(locker, name)` still works and says once (per thread) that it is deprecated.
 */
import { defineScenario, explore, type Sim } from './internal';

function handoff(make: (sim: Sim) => ReturnType<Sim['cond']>): ReturnType<typeof defineScenario> {
  return defineScenario({
    name: 'handoff',
    description: 'a waiter and a signaller',
    variants: { v: 'the waiter is woken' },
    setup(sim) {
      const m = sim.mutex('m');
      const c = make(Object.assign(Object.create(sim) as Sim, { mutex: () => m }));
      let ready = false;
      sim.go('waiter', function* () {
        yield* m.lock();
        while (!ready) yield* c.wait();
        yield* m.unlock();
      });
      sim.go('signaller', function* () {
        yield* m.lock();
        ready = true;
        yield* c.signal();
        yield* m.unlock();
      });
    },
  });
}

describe('sim.cond', () => {
  it('should take the name first, and name the cond in the trace', () => {
    const s = handoff((sim) => sim.cond('ready', sim.mutex('m')));
    const r = explore(s, { strategy: 'dfs', runs: 1000 });
    expect(r.violation).toBeUndefined();
    expect(r.exhausted).toBe(true);
    const bad = defineScenario({
      name: 'stuck',
      description: '',
      variants: { v: '' },
      setup(sim) {
        const m = sim.mutex('m');
        const c = sim.cond('ready', m);
        sim.go('waiter', function* () {
          yield* m.lock();
          yield* c.wait();
        });
      },
    });
    expect(explore(bad, { runs: 1 }).violation?.detail).toMatch(/"waiter" blocked on cond "ready"/);
  });

  it('should still take the old order, with a one-time deprecation note', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const s = handoff((sim) => sim.cond(sim.mutex('m'), 'ready'));
      const r = explore(s, { strategy: 'dfs', runs: 1000 });
      expect(r.violation).toBeUndefined();
      expect(r.executions).toBeGreaterThan(1);
      expect(warn).toHaveBeenCalledTimes(1); // once, however many executions called it
      expect(warn.mock.calls[0]![0]).toBe('sim.cond(locker, name) is deprecated: write sim.cond(name, locker), name first like every other constructor');
      expect(warn.mock.calls[0]![1]).toEqual({ type: 'DeprecationWarning', code: 'INTERLEAVE_COND_ORDER' });
    } finally {
      warn.mockRestore();
    }
  });

  it('should refuse arguments that are neither order, naming what it got', () => {
    const s = (make: (sim: Sim) => unknown): ReturnType<typeof defineScenario> =>
      defineScenario({ name: 'wrong', description: '', variants: { v: '' }, setup: (sim) => void make(sim) });
    expect(() => explore(s((sim) => (sim.cond as (a: unknown, b: unknown) => unknown)('a', 'b')), { runs: 1 })).toThrow(/the locker must be a sim\.mutex\(\) or sim\.rwmutex\(\), got "b"/);
    expect(() => explore(s((sim) => (sim.cond as (a: unknown, b: unknown) => unknown)(1, sim.mutex('m'))), { runs: 1 })).toThrow(/the name must be a string, got 1/);
  });
});
