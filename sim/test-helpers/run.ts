/**
 * Test helpers: ad-hoc scenarios, outcome sets over many executions.
 */
import { defineScenario, explore, replay, type ExploreOptions, type ExploreResult, type Sim } from '..';

let counter = 0;

/** A one-variant scenario around `setup`. */
export function scenarioOf(setup: (sim: Sim) => void, extra: { maxSteps?: number; idleTimers?: boolean; quantum?: number } = {}) {
  counter++;
  return defineScenario({ name: `t${counter}`, description: 'test', variants: { v: 'test' }, ...extra, setup: (sim) => setup(sim) });
}

/** Explores `setup` with the random strategy. */
export function run(setup: (sim: Sim) => void, opts: ExploreOptions = {}): ExploreResult {
  return explore(scenarioOf(setup), { runs: 1, seed: 1, checkDeterminism: true, ...opts });
}

/**
 * Runs `runs` random executions and returns the set of outcomes each one reported
 * through `record` (a string built in `setup`'s goroutines or checks). Fails the test if
 * any execution has a violation, unless `allowViolations`.
 */
export function outcomes(
  setup: (sim: Sim, record: (s: string) => void) => void,
  runs = 500,
  opts: { allowViolations?: boolean; idleTimers?: boolean } = {},
): Set<string> {
  const seen = new Set<string>();
  let current: string[] = [];
  const s = scenarioOf((sim) => {
    current = [];
    setup(sim, (x) => current.push(x));
    sim.atEnd('record', () => {
      seen.add(current.join(' '));
      return true;
    });
  });
  for (let seed = 0; seed < runs; seed++) {
    const r = explore(s, { runs: 1, seed, idleTimers: opts.idleTimers === true, checkDeterminism: true });
    if (r.violation !== undefined && opts.allowViolations !== true) throw new Error(`unexpected violation: ${r.violation.message}`);
  }
  return seen;
}

/** The first violation over `runs` random executions (throws if none). */
export function violationOf(setup: (sim: Sim) => void, runs = 1000, opts: ExploreOptions = {}) {
  const s = scenarioOf(setup);
  const r = explore(s, { runs, seed: 7, checkDeterminism: true, ...opts });
  if (r.violation === undefined) throw new Error(`expected a violation in ${runs} executions`);
  return { ...r.violation, scenario: s, again: replay(s, r.violation.schedule) };
}
