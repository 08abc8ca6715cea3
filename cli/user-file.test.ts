/**
 * User scenario files from outside the project: `import … from 'interleave'` resolves to
 * this package, failure files remember the file, replay finds it (or `--scenario FILE`),
 * and a goroutine spinning without an effect is caught by the watchdog, not hung.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, runCli, tempDir, type BuiltCli, type CliRun } from './test-helpers/build';

let cli: BuiltCli;
let home: string;
let file: string;

const SCENARIO = `
import { defineScenario, type Sim } from 'interleave';

function counter(sim: Sim, locked: boolean): void {
  const m = sim.mutex('m <&>');
  const n = sim.shared('n "count"', 0);
  for (const name of ['<script>a', 'b & c']) {
    sim.go(name, function* () {
      if (locked) yield* m.lock();
      const v: number = yield* n.load();
      yield* n.store(v + 1);
      if (locked) yield* m.unlock();
    });
  }
  sim.atEnd('both land', () => n.value === 2 || \`n is \${n.value}\`);
}

export default defineScenario({
  name: 'my-counter',
  description: 'a user scenario outside the project',
  variants: {
    locked: 'under a mutex',
    racy: { description: 'no lock', expect: 'fail' },
    spin: 'busy-waits on a plain variable that never changes',
  },
  params: { unused: 1 },
  setup(sim, { variant }) {
    if (variant === 'spin') {
      const flag = { ready: false };
      sim.go('spinner', function* () {
        yield* sim.yieldNow();
        while (!flag.ready) { /* no effect: never a scheduling point */ }
      });
      return;
    }
    counter(sim, variant === 'locked');
  },
});
`;

beforeAll(() => {
  cli = buildCli();
  home = tempDir('interleave-user-');
  // An ESM package beside the file must not change how it loads.
  fs.writeFileSync(path.join(home, 'package.json'), JSON.stringify({ name: 'elsewhere', type: 'module' }));
  file = path.join(home, 'my.scenario.ts');
  fs.writeFileSync(file, SCENARIO);
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

const run = (args: string[]): CliRun => runCli(cli, args, { cwd: home });

describe('user scenario files', () => {
  it('should run a file outside the project that imports from interleave', () => {
    const r = run(['run', './my.scenario.ts', '--variant', 'locked', '--runs', '100']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/my-counter \/ locked/);
    expect(r.stdout).toMatch(/no violation in 100 executions/);
  });

  it('should record the file in the failure file and replay it from the file or the schedule', () => {
    const r = run(['run', file, '--variant', 'racy', '--json']);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as { violation: { replayFile: string; schedule: string; kind: string; message: string; trace: unknown[] } };
    expect(o.violation.replayFile).toMatch(/^interleave-out\/my-counter-[0-9a-f]{8}\.json$/);
    const saved = JSON.parse(fs.readFileSync(path.join(home, o.violation.replayFile), 'utf8')) as { scenario: { name: string; file: string } };
    expect(saved.scenario).toEqual({ name: 'my-counter', file });

    // From another directory: the failure file says where the scenario is.
    const again = runCli(cli, ['replay', path.join(home, o.violation.replayFile), '--json'], { cwd: '/' });
    expect(again.code).toBe(1);
    const a = JSON.parse(again.stdout) as typeof o;
    expect(a.violation.trace).toEqual(o.violation.trace);
    expect(a.violation.kind).toBe(o.violation.kind);

    // A bare schedule of a user scenario needs --scenario FILE.
    const bare = run(['replay', o.violation.schedule]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.trim()).toMatch(/^error: the schedule is for scenario "my-counter", which is not built in: give its scenario file with --scenario FILE$/);
    const withFile = run(['replay', o.violation.schedule, '--scenario', './my.scenario.ts', '--json']);
    expect(withFile.code).toBe(1);
    expect((JSON.parse(withFile.stdout) as typeof o).violation.trace).toEqual(o.violation.trace);
  });

  it('should refuse a file that exports no scenario, or does not compile, with one line', () => {
    fs.writeFileSync(path.join(home, 'empty.ts'), 'export const x = 1;\n');
    const a = run(['run', './empty.ts']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe('error: scenario file ./empty.ts must default-export a scenario: export default defineScenario({ … })');
    fs.writeFileSync(path.join(home, 'throws.ts'), "import { defineScenario } from 'interleave';\nexport default defineScenario({ name: 'Bad Name', description: '', variants: { v: 'x' }, setup() {} });\n");
    const b = run(['run', './throws.ts']);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/^error: cannot load scenario file \.\/throws\.ts: scenario name "Bad Name" must be kebab-case/);
  });

  it('should report type errors as file:line:column before anything runs, and run anyway with --no-typecheck', () => {
    const typo = SCENARIO.replace('const v: number = yield* n.load();', 'const v: string = yield* n.load();');
    fs.mkdirSync(path.join(home, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(home, 'sub', 'typo.scenario.ts'), typo);
    const lines = typo.split('\n');
    const line = lines.findIndex((l) => l.includes('const v: string')) + 1;
    const col2 = lines[line]!.indexOf('v + 1') + 1;
    const r = run(['run', './sub/typo.scenario.ts', '--variant', 'racy', '--out', 'typo-out']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `sub/typo.scenario.ts:${line}:13 - error TS2322: Type 'number' is not assignable to type 'string'.`,
      `sub/typo.scenario.ts:${line + 1}:${col2} - error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
      'error: 2 type errors in scenario file sub/typo.scenario.ts (--no-typecheck runs it anyway)',
      '',
    ]);
    expect(fs.existsSync(path.join(home, 'typo-out'))).toBe(false); // nothing ran
    const anyway = run(['run', './sub/typo.scenario.ts', '--variant', 'racy', '--out', 'typo-out', '--no-typecheck']);
    expect(anyway.code).toBe(1);
    // the nearest tsconfig.json is honoured: without strict, an implicit any is no error
    const loose = "import { defineScenario } from 'interleave';\nfunction twice(x) { return x * 2; }\nexport default defineScenario({ name: 'loose', description: '', variants: { v: '' }, setup(sim) { sim.go('g', function* () { yield* sim.sleep(twice(1)); }); } });\n";
    fs.writeFileSync(path.join(home, 'sub', 'loose.scenario.ts'), loose);
    const strict = run(['run', './sub/loose.scenario.ts']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^sub\/loose\.scenario\.ts:2:16 - error TS7006: Parameter 'x' implicitly has an 'any' type\.$/m);
    fs.writeFileSync(path.join(home, 'sub', 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: false, target: 'ES2022', module: 'node16', moduleResolution: 'node16' } }));
    const lenient = run(['run', './sub/loose.scenario.ts', '--runs', '5']);
    expect(lenient.stderr).toBe('');
    expect(lenient.code).toBe(0);
  });

  it('should report a setup that throws as bad input (exit 2), from the worker thread', () => {
    fs.writeFileSync(
      path.join(home, 'setup-throws.ts'),
      "import { defineScenario } from 'interleave';\nexport default defineScenario({ name: 'setup-throws', description: '', variants: { v: 'x' }, setup() { throw new Error('boom'); } });\n",
    );
    const r = run(['run', './setup-throws.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: scenario "setup-throws" (variant "v") setup threw Error: boom');
  });

  it('should catch a goroutine spinning without an effect with the watchdog (run)', () => {
    const t0 = Date.now();
    const r = run(['run', './my.scenario.ts', '--variant', 'spin', '--watchdog', '1s', '--json', '--no-typecheck']);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as { violation: { kind: string; message: string; execution: number } };
    expect(o.violation.kind).toBe('step-limit');
    expect(o.violation.execution).toBe(1);
    expect(o.violation.message).toMatch(/did not finish within 1s and the watchdog stopped it\. Likely cause: a goroutine spinning in a loop with no effect/);
    expect(o.violation.message.split('\n').pop()).toMatch(/^reproduce: interleave run .*my\.scenario\.ts --variant spin --strategy portfolio --seed 0 --runs 1$/);
  });

  it('should report a hang in explore and go on with the other units', () => {
    const r = run(['explore', './my.scenario.ts', '--runs', '40', '--unit-runs', '20', '--workers', '2', '--watchdog', '1s', '--json', '--no-typecheck']);
    expect(r.code).toBe(1);
    const o = JSON.parse(r.stdout) as { results: { variant: string; outcome: string; expect: string; executions: number; violation: { kind: string } | null }[] };
    const byVariant = Object.fromEntries(o.results.map((x) => [x.variant, x]));
    expect(byVariant['locked']).toMatchObject({ outcome: 'pass', executions: 40 });
    expect(byVariant['racy']).toMatchObject({ outcome: 'fail', expect: 'fail' });
    expect(byVariant['spin']).toMatchObject({ outcome: 'fail', expect: 'pass', violation: { kind: 'step-limit' } });
  });
});
