/**
 * A scenario that logs with `console.log` (a new user's first debugging step): with a
 * machine-readable report on stdout (`--json`, `--report html|json|junit`) its lines go to
 * stderr, from the main thread and from worker threads alike, so stdout is exactly the
 * report; with the text report they stay on stdout. No line is lost when the worker
 * thread that ran the scenario ends.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

let cli: BuiltCli;
let home: string;

const SCENARIO = `
import { defineScenario } from 'interleave';

export default defineScenario({
  name: 'logging-counter',
  description: 'a counter whose setup logs',
  variants: { locked: 'under a mutex', racy: { description: 'no lock', expect: 'fail' } },
  setup(sim, { variant }) {
    console.log('setup', variant);
    console.info('info line');
    const m = sim.mutex('m');
    const n = sim.shared('n', 0);
    for (const name of ['a', 'b']) {
      sim.go(name, function* () {
        if (variant === 'locked') yield* m.lock();
        const v = yield* n.load();
        yield* n.store(v + 1);
        if (variant === 'locked') yield* m.unlock();
      });
    }
    sim.atEnd('both land', () => n.value === 2 || \`n is \${n.value}\`);
  },
});
`;

beforeAll(() => {
  cli = buildCli();
  home = tempDir('interleave-logs-');
  fs.writeFileSync(path.join(home, 'logging.scenario.ts'), SCENARIO);
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Runs the CLI on the logging scenario (no type check: no @types/node in the temporary folder). */
const run = (...args: string[]): ReturnType<typeof runCli> => runCli(cli, [...args, '--no-typecheck'], { cwd: home });

describe('a scenario that logs', () => {
  it('should keep run --json and replay --json stdout one JSON object, its logs on stderr', () => {
    const r = run('run', './logging.scenario.ts', '--variant', 'racy', '--json', '--out', 'out');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { violation: { replayFile: string } };
    expect(r.stderr).toMatch(/^setup racy$/m);
    expect(r.stderr).toMatch(/^info line$/m);
    const again = run('replay', report.violation.replayFile, '--json');
    expect(again.code).toBe(1);
    expect(() => JSON.parse(again.stdout) as unknown).not.toThrow();
    expect(again.stderr).toMatch(/^setup racy$/m);
  });

  it('should keep explore --json stdout one JSON object when worker threads run the scenario', () => {
    const r = run('explore', './logging.scenario.ts', '--json', '--workers', '2', '--runs', '200');
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    expect(r.stderr).toMatch(/^setup locked$/m);
  });

  it('should keep --report html stdout the HTML document', () => {
    const r = run('run', './logging.scenario.ts', '--variant', 'racy', '--report', 'html', '--out', 'out');
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout).not.toContain('setup racy');
    expect(r.stderr).toMatch(/^setup racy$/m);
  });

  it('should show every execution’s lines, none lost when the worker thread that ran them ends', () => {
    const r = run('run', './logging.scenario.ts', '--variant', 'locked', '--strategy', 'random', '--runs', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no violation in 3 executions/);
    expect(r.stdout.match(/^setup locked$/gm)).toHaveLength(3);
    expect(r.stdout.match(/^info line$/gm)).toHaveLength(3);
  });

  it('should leave the logs on stdout with the text report', () => {
    const r = run('run', './logging.scenario.ts', '--variant', 'racy', '--out', 'out');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^setup racy$/m);
    expect(r.stderr).not.toMatch(/setup racy/);
  });
});
