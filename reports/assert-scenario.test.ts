/**
 * assertScenario under jest: it returns when the outcome is the expected one, and
 * otherwise throws interleave's own report — the trace, the violation and the replay
 * command — which replays to the same violation.
 */
import { assertScenario, defineScenario, replay, ScenarioAssertionError, type Sim } from '../sim';

function counter(sim: Sim, locked: boolean): void {
  const m = sim.mutex('m');
  const n = sim.shared('n', 0);
  for (const name of ['a', 'b']) {
    sim.go(name, function* () {
      if (locked) yield* m.lock();
      const v = yield* n.load();
      yield* n.store(v + 1);
      if (locked) yield* m.unlock();
    });
  }
  sim.atEnd('both land', () => n.value === 2 || `n is ${n.value}`);
}

const lostUpdate = defineScenario({
  name: 'lost-update',
  description: 'two increments',
  variants: { fixed: 'under m', bad: { description: 'no lock', expect: 'fail' }, unmarked: 'no lock, but expected to hold' },
  setup(sim, { variant }) {
    counter(sim, variant === 'fixed');
  },
});

/** What `fn` throws (failing the test when it throws nothing). */
function thrown(fn: () => unknown): ScenarioAssertionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioAssertionError);
    return e as ScenarioAssertionError;
  }
  throw new Error('expected assertScenario to throw');
}

describe('assertScenario', () => {
  it('should return the result when a variant holds or fails as it declares', () => {
    const held = assertScenario(lostUpdate, { variant: 'fixed', strategy: 'dfs', runs: 1000 });
    expect(held.violation).toBeUndefined();
    expect(held.exhausted).toBe(true);
    const caught = assertScenario(lostUpdate, { variant: 'bad', strategy: 'pct', runs: 200, kind: 'data-race' });
    expect(caught.violation?.kind).toBe('data-race');
  });

  it('should throw interleave’s report with the trace and a replay command that reproduces it', () => {
    const e = thrown(() => assertScenario(lostUpdate, { variant: 'unmarked', runs: 100, scenarioFile: 'lost-update.scenario.ts' }));
    const v = e.result.violation!;
    expect(e.message).toMatch(/^scenario "lost-update" variant "unmarked" \(strategy random, seed 0, \d+ executions?\) was expected to hold, but:\n/);
    expect(e.message).toMatch(/^  # time │(a|b) +│(a|b)$/m); // the trace, a column per goroutine
    expect(e.message).toMatch(/^data-race at step \d+ \(t=0\): "(a|b)" (load|store)/m);
    const last = e.message.split('\n').pop()!;
    expect(last).toBe(`replay: interleave replay ${v.schedule} --scenario lost-update.scenario.ts`);
    expect(e.message).not.toMatch(/\d+ms\b|\u001b\[/); // no timing, no colour: the same text every run
    expect(replay(lostUpdate, v.schedule).violation?.message).toBe(v.message);
  });

  it('should throw when a variant expected to fail is not caught, or fails another way', () => {
    const e = thrown(() => assertScenario(lostUpdate, { variant: 'fixed', expect: 'fail', strategy: 'dfs', runs: 1000 }));
    expect(e.message).toBe('scenario "lost-update" variant "fixed" (strategy dfs, seed 0, 2 executions) was expected to fail, but no violation was found (every interleaving class was checked)');
    const other = thrown(() => assertScenario(lostUpdate, { variant: 'bad', runs: 100, kind: 'deadlock' }));
    expect(other.message).toMatch(/was expected to fail with deadlock, but failed with data-race:\n/);
  });

  it('should refuse an unknown variant as bad input, with a suggestion', () => {
    expect(() => assertScenario(lostUpdate, { variant: 'fixd' })).toThrow('unknown variant "fixd" of scenario "lost-update" (variants: fixed, bad, unmarked). Did you mean "fixed"?');
  });
});
