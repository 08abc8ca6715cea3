/**
 * `explore` as a subprocess: the --json shape, exit codes against expectations, and the
 * determinism requirement — `--workers 2`, and `--shard 1/2` + `--shard 2/2`, find exactly
 * the violations (and failure files) of `--workers 1`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, runCli, tempDir, type BuiltCli, type CliRun } from './test-helpers/build';
import type { VariantResult } from '../reports/types';

let cli: BuiltCli;
let work: string;

const SCENARIOS = ['lost-update', 'bounded-buffer', 'dining-philosophers'];
const BUDGET = ['--runs', '300', '--unit-runs', '100', '--strategy', 'random', '--seed', '5'];

/** One variant's result as `explore --json` prints it. */
type Result = VariantResult;

beforeAll(() => {
  cli = buildCli();
  work = tempDir();
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs explore in its own directory (so failure-file paths read the same) and returns its results and files. */
function exploreIn(name: string, args: string[]): { r: CliRun; results: Result[]; files: Map<string, string> } {
  const cwd = path.join(work, name);
  fs.mkdirSync(cwd, { recursive: true });
  const r = runCli(cli, ['explore', ...args, '--json'], { cwd });
  const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
  const out = path.join(cwd, 'interleave-out');
  const files = new Map<string, string>();
  if (fs.existsSync(out)) for (const f of fs.readdirSync(out)) files.set(f, fs.readFileSync(path.join(out, f), 'utf8'));
  return { r, results, files };
}

describe('explore', () => {
  describe('determinism across workers and shards', () => {
    let one: ReturnType<typeof exploreIn>;
    beforeAll(() => {
      one = exploreIn('w1', [...SCENARIOS, ...BUDGET, '--workers', '1']);
    });

    it('should print exactly the contract JSON shape', () => {
      expect(one.r.code).toBe(0);
      expect(one.results).toHaveLength(8);
      for (const x of one.results) {
        expect(Object.keys(x)).toEqual(['scenario', 'variant', 'expect', 'outcome', 'executions', 'exhausted', 'bound', 'violation']);
        expect(x.outcome).toBe(x.expect);
        if (x.violation !== null) {
          expect(Object.keys(x.violation)).toEqual(['kind', 'message', 'execution', 'schedule', 'replayFile', 'trace']);
          expect(x.violation.message.split('\n').pop()).toBe(`replay: interleave replay ${x.violation.replayFile!}`);
        }
      }
      expect(one.results.find((x) => x.variant === 'fixed')!.executions).toBe(300);
      // one failure file per failing variant: its first violation in unit order
      expect(one.files.size).toBe(one.results.filter((x) => x.expect === 'fail').length);
    });

    it('should find exactly the same violations with --workers 2', () => {
      const two = exploreIn('w2', [...SCENARIOS, ...BUDGET, '--workers', '2']);
      expect(two.r.code).toBe(0);
      expect(two.results).toEqual(one.results);
      expect(two.files).toEqual(one.files);
    });

    it('should split the work into shards that together do exactly what one job does', () => {
      const a = exploreIn('s1', [...SCENARIOS, ...BUDGET, '--workers', '2', '--shard', '1/2']);
      const b = exploreIn('s2', [...SCENARIOS, ...BUDGET, '--workers', '2', '--shard', '2/2']);
      expect(a.r.code).toBe(0);
      expect(b.r.code).toBe(0);
      // The failure files of the two shards are exactly those of one job.
      const union = new Map([...a.files, ...b.files]);
      expect(union.size).toBe(a.files.size + b.files.size);
      expect(union).toEqual(one.files);
      // A pass variant's units are split (executions add up); a fail variant is judged whole
      // in one shard, with the same violation.
      for (const x of one.results) {
        const parts = [...a.results, ...b.results].filter((y) => y.scenario === x.scenario && y.variant === x.variant);
        expect(parts.reduce((n, y) => n + y.executions, 0)).toBe(x.executions);
        if (x.expect === 'fail') expect(parts).toEqual([x]);
        else expect(parts).toHaveLength(2);
      }
    });
  });

  it('should print the summary table and exit 1 when a fail variant is not caught', () => {
    const dir = path.join(work, 'contradict');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'never.scenario.ts'),
      `import { defineScenario } from 'interleave';
export default defineScenario({
  name: 'never-fails',
  description: 'a fail variant that cannot fail',
  variants: { ok: 'holds', 'claims-bug': { description: 'expected to fail, but cannot', expect: 'fail' } },
  setup(sim) { const m = sim.mutex('m'); sim.go('g', function* () { yield* m.lock(); yield* m.unlock(); }); },
});
`,
    );
    const r = runCli(cli, ['explore', './never.scenario.ts', 'lost-update', '--runs', '50', '--junit', 'junit.xml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/scenario\s+variant\s+expected\s+outcome\s+executions\s+rate/);
    expect(r.stdout).toMatch(/✗ never-fails\s+claims-bug\s+fail\s+pass\s+50/);
    expect(r.stdout).toMatch(/expected a violation, none found in 50 executions/);
    expect(r.stdout).toMatch(/1 of 4 variants contradict their expectation/);
    const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testcase classname="interleave.never-fails" name="claims-bug"[^>]*>\s*<failure type="not-caught"/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(4);
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
  });

  it('should stop at the time limit and say which units completed', () => {
    const dir = path.join(work, 'time');
    fs.mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    const r = runCli(cli, ['explore', 'lost-update', 'bounded-buffer', '--unit-runs', '500', '--time-limit', '3s', '--workers', '2'], { cwd: dir });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lost-update\s+fixed\s+pass\s+pass \*/);
    expect(r.stdout).toMatch(/bounded-buffer\s+correct\s+pass\s+pass \*/);
    expect(r.stdout).toMatch(/bounded-buffer\s+wait-with-if\s+fail\s+fail \(assertion\)/);
    expect(r.stdout).toMatch(/stopped by the time limit/);
  });
});
