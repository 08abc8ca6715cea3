/**
 * Symmetry (issue 16, item 3): executions and classes of an exhaustive `dfs` with and
 * without symmetry (sim/strategy/symmetry.ts) on the example — seven identical
 * workers and an auditor around one lock and a few atomics — and on futex's tasks.
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/symmetry-bench.js [--cap 100000]
 */
import { defineScenario, explore, type Scenario } from '../sim/internal';
import { DfsStrategy } from '../sim/strategy/dfs';
import { findScenario } from '../scenarios/registry';

/** The example: seven workers declared `symmetric` and an auditor. */
export const sevenWorkers: Scenario = defineScenario({
  name: 'seven-workers',
  description: 'seven identical workers and an auditor around one lock',
  variants: { correct: 'total added under the lock' },
  setup(sim) {
    const m = sim.mutex('m');
    const hits = sim.atomic('hits', 0);
    const total = sim.atomic('total', 0);
    const worker = function* () {
      yield* m.lock();
      const h = yield* hits.load();
      yield* hits.store(h + 1);
      yield* total.add(2);
      yield* m.unlock();
    };
    for (let i = 0; i < 7; i++) sim.go(`worker${i}`, worker, { symmetric: 'worker' });
    sim.go('auditor', function* () {
      yield* m.lock();
      const h = yield* hits.load();
      const t = yield* total.load();
      sim.assert(t === 2 * h, `total ${t} with ${h} hits`);
      yield* m.unlock();
    });
  },
});

/** One search: executions, classes, exhausted, milliseconds. */
function search(s: Scenario, variant: string, params: Record<string, unknown>, symmetry: boolean, cap: number): string {
  const d = new DfsStrategy({ symmetry });
  const t0 = Date.now();
  const r = explore(s, { variant, params, strategy: d, runs: cap, shrink: false });
  const v = r.violation === undefined ? '' : ` violation ${r.violation.kind}`;
  return `${r.exhausted ? '' : '>'}${r.executions} executions, ${d.classes.size} classes${v}, ${Date.now() - t0} ms`;
}

function main(argv: string[]): void {
  const i = argv.indexOf('--cap');
  const cap = i >= 0 ? Number(argv[i + 1]) : 100_000;
  const rows: [string, Scenario, string, Record<string, unknown>][] = [
    ['seven-workers/correct', sevenWorkers, 'correct', {}],
    ['futex/correct tasks=2 rounds=2', findScenario('futex')!, 'correct', { tasks: 2, rounds: 2 }],
    ['futex/correct tasks=3 rounds=1', findScenario('futex')!, 'correct', { tasks: 3, rounds: 1 }],
  ];
  for (const [id, s, variant, params] of rows) {
    console.log(`${id}: symmetry ${search(s, variant, params, true, cap)} | without ${search(s, variant, params, false, cap)}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
