/**
 * Symmetry on the command line (issue 16, item 3): a scenario file that declares seven
 * interchangeable workers (`sim.go(..., { symmetric: 'worker' })`) is exhausted by `run
 * --strategy dfs` in one execution per place of the eighth goroutine, and the output says
 * symmetry was used — in the text verdict, in `--json` (`symmetry.twinsSkipped`), and in
 * explore's table; `--no-symmetry` runs the plain search, which says nothing of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

const SCENARIO = `
import { defineScenario } from 'interleave';
export default defineScenario({
  name: 'seven-workers',
  description: 'seven identical workers and an auditor around one lock',
  variants: { correct: 'total added under the lock', bad: { description: 'total added after unlocking', expect: 'fail' } },
  setup(sim, { variant }) {
    const m = sim.mutex('m');
    const hits = sim.atomic('hits', 0);
    const total = sim.atomic('total', 0);
    const worker = function* () {
      yield* m.lock();
      const h = yield* hits.load();
      yield* hits.store(h + 1);
      if (variant === 'bad') yield* m.unlock();
      yield* total.add(2);
      if (variant !== 'bad') yield* m.unlock();
    };
    for (let i = 0; i < 7; i++) sim.go('worker' + i, worker, { symmetric: 'worker' });
    sim.go('auditor', function* () {
      yield* m.lock();
      const h = yield* hits.load();
      const t = yield* total.load();
      sim.assert(t === 2 * h, 'total ' + t + ' with ' + h + ' hits');
      yield* m.unlock();
    });
  },
});
`;

let cli: BuiltCli;
let dir: string;
let file: string;

/** The command line in a child process (a scenario file imports 'interleave', which the built CLI resolves). */
const cliRun = async (argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> => runCli(cli, argv, { timeoutMs: 120_000 });

beforeAll(() => {
  cli = buildCli();
  dir = tempDir('interleave-symmetry-');
  file = path.join(dir, 'seven.scenario.ts');
  fs.writeFileSync(file, SCENARIO);
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const common = ['--strategy', 'dfs', '--no-typecheck', '--out', 'OUT'];
const args = (extra: string[]): string[] => [...common.map((a) => (a === 'OUT' ? path.join(dir, 'out') : a)), ...extra];

describe('symmetry from the command line', () => {
  it('should exhaust the seven workers in 8 executions and say it used symmetry', async () => {
    const j = await cliRun(['run', file, '--variant', 'correct', '--json', '--runs', '100000', ...args([])]);
    expect(j.code).toBe(0);
    const o = JSON.parse(j.stdout) as { executions: number; exhausted: boolean; symmetry?: { twinsSkipped: number } };
    expect([o.executions, o.exhausted]).toEqual([8, true]);
    expect(o.symmetry!.twinsSkipped).toBeGreaterThan(0);
    const t = await cliRun(['run', file, '--variant', 'correct', '--runs', '100000', ...args([])]);
    expect(t.stdout).toMatch(/no violation in 8 executions \(exhausted: every interleaving class checked, up to symmetry: interchangeable goroutines explored as one \(\d+ twin choices left to a representative\)\)/);
  });

  it('should run the plain search with --no-symmetry, and not mention symmetry', async () => {
    const j = await cliRun(['run', file, '--variant', 'correct', '--json', '--runs', '2000', '--no-symmetry', ...args([])]);
    const o = JSON.parse(j.stdout) as Record<string, unknown>;
    expect([o['executions'], o['exhausted'], 'symmetry' in o]).toEqual([2000, false, false]);
  });

  it('should say so in explore, and still catch the bad variant', async () => {
    // below the budget at which explore splits a search (SPLIT_MIN_RUNS): one search, as run does
    const r = await cliRun(['explore', file, '--runs', '5000', '--workers', '1', ...args([])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/seven-workers\s+correct\s+pass\s+pass \(exhausted, symmetry\)\s+8/);
    expect(r.stdout).toMatch(/seven-workers\s+bad\s+fail\s+fail \(assertion\)/);
    const j = await cliRun(['explore', file, '--variant', 'correct', '--runs', '5000', '--workers', '1', '--json', ...args([])]);
    const res = (JSON.parse(j.stdout) as { results: { exhausted: boolean; symmetry?: { twinsSkipped: number } }[] }).results[0]!;
    expect(res.exhausted).toBe(true);
    expect(res.symmetry!.twinsSkipped).toBeGreaterThan(0);
  });
});
