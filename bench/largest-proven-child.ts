/**
 * One rung of the "largest size proven" ladder on one core (see largest-proven.ts): an
 * exhaustive `dfs` of `<model> <variant>` with parameters `<json>`, stopped after `<ms>`
 * wall-clock milliseconds; prints `{ exhausted, executions, classes, violation }`.
 *
 *   node .bench-build/bench/largest-proven-child.js futex correct '{"tasks":3}' 600000
 */
import { explore } from '../sim/internal';
import { DfsStrategy } from '../sim/strategy/dfs';
import { findScenario } from '../scenarios/registry';

function main(argv: string[]): void {
  const [model, variant, params, ms] = argv;
  const s = findScenario(model!);
  if (s === undefined) throw new Error(`no scenario ${model}`);
  const until = Date.now() + Number(ms);
  const d = new DfsStrategy();
  const r = explore(s, { variant: variant!, params: JSON.parse(params!) as Record<string, unknown>, strategy: d, runs: Number.MAX_SAFE_INTEGER, shrink: false, shouldStop: () => Date.now() >= until });
  process.stdout.write(JSON.stringify({ exhausted: r.exhausted, executions: r.executions, classes: d.classes.size, violation: r.violation?.kind ?? null }));
}

main(process.argv.slice(2));
