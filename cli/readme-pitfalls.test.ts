/**
 * The README's "Three mistakes that hide bugs": each output it shows is what the engine
 * prints for the code it shows (run here through the programmatic API).
 */
import { defineScenario, explore, type Sim } from '../sim';
import { readmeBlocks } from './test-helpers/readme';

/** The first line (the headline) of each violation message the section shows. */
function shownHeadlines(): string[] {
  return readmeBlocks('Write a scenario')
    .filter((b) => b.lang === '')
    .flatMap((b) => b.lines.filter((l) => /^(panic|data-race|invariant) at step/.test(l)));
}

function headline(setup: (sim: Sim) => void, opts: { strategy?: string; preemptAtAccesses?: boolean } = {}): string | undefined {
  const s = defineScenario({ name: 'pitfall', description: 'x', variants: { v: 'v' }, setup: (sim) => setup(sim) });
  return explore(s, { strategy: opts.strategy ?? 'dfs', runs: 100, ...(opts.preemptAtAccesses === true ? { preemptAtAccesses: true } : {}) }).violation?.message.split('\n')[0];
}

function timekeeper(sim: Sim, plain: boolean): void {
  const init = { clocks: 4, monotonicOffset: 3 };
  const tk = plain ? init : sim.struct('tk', init);
  sim.go('SetClocks', function* () {
    tk.clocks = 60;
    tk.monotonicOffset = -53;
    yield* sim.yieldNow();
  });
  sim.go('GetTime', function* () {
    const mono = tk.clocks + tk.monotonicOffset;
    sim.assert(mono === 7, `read monotonic ${mono}s, want 7s`);
    yield* sim.yieldNow();
  });
  sim.invariant('monotonic time is continuous', () => tk.clocks + tk.monotonicOffset === 7 || `monotonic ${tk.clocks + tk.monotonicOffset}s, want 7s`);
}

describe('README: three mistakes that hide bugs', () => {
  const shown = shownHeadlines();

  it('should show four outputs', () => {
    expect(shown).toHaveLength(4);
  });

  it('should show what an un-yielded lock reports', () => {
    const got = headline((sim) => {
      const m = sim.mutex('m');
      const n = sim.shared('n', 0);
      for (const name of ['a', 'b']) {
        sim.go(name, function* () {
          m.lock();
          const v = yield* n.load();
          yield* n.store(v + 1);
          yield* m.unlock();
        });
      }
    });
    expect(got).toBe(shown[0]);
  });

  it('should show what an in-place change reports', () => {
    const got = headline(
      (sim) => {
        const q = sim.shared<number[]>('q', []);
        for (const name of ['a', 'b']) {
          sim.go(name, function* () {
            (yield* q.load()).push(1);
          });
        }
      },
      { strategy: 'dfs' },
    );
    expect(got).toBe(shown[1]);
  });

  it('should show that plain fields hide the race and a sim.struct reports it', () => {
    expect(headline((sim) => timekeeper(sim, true))).toBeUndefined();
    expect(headline((sim) => timekeeper(sim, false))).toBe(shown[2]);
  });

  it('should show what --preempt-at-accesses finds', () => {
    expect(headline((sim) => timekeeper(sim, false), { preemptAtAccesses: true })).toBe(shown[3]);
  });
});
