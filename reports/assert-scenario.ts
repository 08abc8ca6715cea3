/**
 * `assertScenario`: a scenario variant checked from a unit test (jest, vitest, node:test,
 * mocha — any runner that fails a test on a thrown error), in the spirit of fast-check's
 * `fc.assert`. It explores the variant and throws when the outcome contradicts what is
 * expected, with interleave's own text report — the trace, the violation, and the line
 * that replays it — as the error's message.
 */
import { ENGINE_VERSION, explore, resolveParams, resolveVariant, type ExploreOptions, type ExploreResult, type Scenario, type Violation } from '../sim/internal';
import { plainChalk } from './color';
import { renderRun } from './terminal';
import { fromEngine, shellQuote, type RunReport } from './types';

/** What `assertScenario` explores and expects. */
export interface AssertScenarioOptions extends Omit<ExploreOptions, 'strategy'> {
  /**
   * `'pass'`: no violation may be found; `'fail'`: one must be. Default: what the variant
   * declares (`expect` in `defineScenario`).
   */
  readonly expect?: 'pass' | 'fail';
  /** With `expect: 'fail'`: the violation must be of this kind (`data-race`, `deadlock`…). */
  readonly kind?: Violation['kind'];
  /** Strategy name (default `random`); see `strategyNames()`. */
  readonly strategy?: string;
  /**
   * The scenario's file, to put in the replay command (`--scenario FILE`); for a built-in
   * scenario leave it out.
   */
  readonly scenarioFile?: string;
  /** Trace steps the report shows (the last ones; default 40, 0 = all). */
  readonly traceSteps?: number;
  /** Columns the report's trace fits (default 100). */
  readonly width?: number;
}

/** The error `assertScenario` throws: its message is interleave's report. */
export class ScenarioAssertionError extends Error {
  override readonly name = 'ScenarioAssertionError';
  constructor(
    message: string,
    /** What the exploration found. */
    readonly result: ExploreResult,
  ) {
    super(message);
  }
}

/**
 * Explores one variant of `scenario` and throws a `ScenarioAssertionError` when the
 * outcome contradicts the expectation: a variant expected to pass that fails (the message
 * is the trace, the violation and `replay: interleave replay …`), or a variant expected to
 * fail in which no violation was found (or one of another `kind`). Returns what the
 * exploration found otherwise. Deterministic: the same options explore the same
 * executions (the seed defaults to 0).
 *
 * @example
 *   import { assertScenario } from 'interleave';
 *   import lostUpdate from './lost-update.scenario';
 *
 *   test('the locked counter holds', () => {
 *     assertScenario(lostUpdate, { variant: 'fixed', strategy: 'dfs', runs: 10_000 });
 *   });
 *   test('the racy counter is caught', () => {
 *     assertScenario(lostUpdate, { variant: 'bad', expect: 'fail', kind: 'at-end', strategy: 'pct', runs: 1000 });
 *   });
 */
export function assertScenario(scenario: Scenario, options: AssertScenarioOptions = {}): ExploreResult {
  const { expect: want, kind, scenarioFile, traceSteps, width, ...explorationOptions } = options;
  const variant = resolveVariant(scenario, options.variant);
  const expectation = want ?? variant.expect;
  const result = explore(scenario, { ...explorationOptions, variant: variant.name });
  const v = result.violation;
  const what = `scenario "${scenario.name}" variant "${variant.name}" (strategy ${result.strategy}, seed ${String(result.seed)}, ${result.executions} execution${result.executions === 1 ? '' : 's'})`;
  if (expectation === 'pass' && v !== undefined) {
    throw new ScenarioAssertionError(`${what} was expected to hold, but:\n\n${report(scenario, result, v, scenarioFile ?? null, traceSteps ?? 40, width ?? 100)}`, result);
  }
  if (expectation === 'fail' && v === undefined) {
    const searched = result.exhausted ? 'every interleaving class was checked' : 'raise runs, or try another strategy or seed';
    throw new ScenarioAssertionError(`${what} was expected to fail, but no violation was found (${searched})`, result);
  }
  if (expectation === 'fail' && v !== undefined && kind !== undefined && v.kind !== kind) {
    throw new ScenarioAssertionError(`${what} was expected to fail with ${kind}, but failed with ${v.kind}:\n\n${report(scenario, result, v, scenarioFile ?? null, traceSteps ?? 40, width ?? 100)}`, result);
  }
  return result;
}

/** The text report of a violation, as `interleave run` prints it, without colour. */
function report(scenario: Scenario, r: ExploreResult, v: Violation, file: string | null, traceSteps: number, width: number): string {
  const variant = resolveVariant(scenario, r.variant);
  const command = `interleave replay ${v.schedule}${file !== null ? ` --scenario ${shellQuote(file)}` : ''}`;
  const run: RunReport = {
    scenario: scenario.name,
    scenarioFile: file,
    variant: r.variant,
    expect: variant.expect,
    params: resolveParams(scenario, r.params, variant),
    strategy: r.strategy,
    seed: r.seed,
    executions: r.executions,
    steps: r.steps,
    elapsedMs: 0,
    exhausted: r.exhausted,
    engineVersion: ENGINE_VERSION,
    violation: fromEngine(v, command, null),
  };
  return renderRun(run, { chalk: plainChalk(), width, traceSteps, timing: false });
}
