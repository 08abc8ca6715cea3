/**
 * The package as a user gets it (issue 15, "done when"): `npm pack`, then in empty
 * temporary folders outside the project —
 *
 * 1. beside `typescript@latest` (7.x: a native build with no JavaScript API), the user's
 *    own `tsc` type-checks a scenario against our types, and `npx interleave run` runs it
 *    with this package's own TypeScript 6 (nested under it by npm);
 * 2. with no TypeScript of the user's: `npm install` the tarball, `npx interleave run` a
 *    scenario (type errors reported), `npx interleave init`, `npm install`, `npx
 *    interleave run` the sample, `npm test` (jest runs the sample's test), then a type
 *    error edited into the sample is reported as file:line:column, exit 2 — the README's
 *    "Use it in your own project" steps.
 *
 * NEEDS the npm registry (typescript@latest, jest, ts-jest, @types/jest; the project's own
 * dependencies come from npm's cache) and takes one to three minutes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_FILE, TSCONFIG } from './init-files';
import { distIsFresh, ROOT } from './test-helpers/build';
import { commands, readmeBlocks } from './test-helpers/readme';

let work: string;
let tarball: string;

/** The environment of a user's shell: no npm_* variables of the `npm test` running us, no colour. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', CI: 'true', COLUMNS: '120', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
}

interface Sh {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs a command line in `cwd` as a user's shell would. */
function sh(cwd: string, cmd: string, args: readonly string[], timeoutMs = 240_000): Sh {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') + (r.error !== undefined ? `\n${r.error.message}` : '') };
}

/** Runs it and fails the test with its output unless it exits `code`. */
function ok(cwd: string, cmd: string, args: readonly string[], code = 0): Sh {
  const r = sh(cwd, cmd, args);
  if (r.code !== code) throw new Error(`${cmd} ${args.join(' ')} exited ${String(r.code)}, not ${code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);
  return r;
}

const SCENARIO = `import { defineScenario, type Sim } from 'interleave';

function counter(sim: Sim, locked: boolean, goroutines: number): void {
  const m = sim.mutex('m');
  const n = sim.shared('n', 0);
  for (let i = 0; i < goroutines; i++) {
    sim.go(\`g\${i}\`, function* () {
      if (locked) yield* m.lock();
      const v: number = yield* n.load();
      yield* n.store(v + 1);
      if (locked) yield* m.unlock();
    });
  }
  sim.atEnd('every increment lands', () => n.value === goroutines || \`n is \${n.value}\`);
}

export default defineScenario({
  name: 'my-counter',
  description: 'a user scenario',
  variants: { locked: 'under a mutex', racy: { description: 'no lock', expect: 'fail' } },
  params: { goroutines: 2 },
  setup(sim, { variant, params }) {
    counter(sim, variant === 'locked', params.goroutines);
  },
});
`;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-packed-'));
  // npm pack runs `prepare` (the build) unless dist/ is already up to date.
  const args = ['pack', '--pack-destination', work, ...(distIsFresh() ? ['--ignore-scripts'] : [])];
  const r = ok(ROOT, 'npm', args);
  const name = r.out.trim().split('\n').pop()!.trim();
  tarball = path.join(work, name);
  expect(name).toMatch(/^interleave-sim-\d+\.\d+\.\d+\.tgz$/);
  expect(fs.existsSync(tarball)).toBe(true);
}, 300_000);
afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('should ship the built engine, its types and the command, and nothing of the repository', () => {
    const r = ok(work, 'tar', ['tzf', tarball]);
    const files = r.out.trim().split('\n');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/sim/index.d.ts');
    expect(files).toContain('package/dist/sim/internal.d.ts');
    expect(files.filter((f) => /\.test\.|test-helpers|\/bench\/|\.map$/.test(f))).toEqual([]);
    const pkg = JSON.parse(ok(work, 'tar', ['xzOf', tarball, 'package/package.json']).out) as { name: string; bin: Record<string, string>; exports: Record<string, unknown>; dependencies: Record<string, string> };
    expect(pkg.name).toBe('interleave-sim');
    expect(pkg.bin).toEqual({ interleave: 'dist/cli/main.js' });
    expect(Object.keys(pkg.exports)).toEqual(['.', './internal', './package.json']);
    expect(pkg.dependencies['typescript']).toMatch(/^\^6\./);
  });

  it('should type-check with the user’s typescript@latest (7.x) and run with its own TypeScript 6', () => {
    const dir = path.join(work, 'beside-ts-latest');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'beside-ts-latest', private: true, dependencies: { interleave: `file:${tarball}`, typescript: 'latest' } }, null, 2));
    ok(dir, 'npm', ['install']);
    const theirs = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string };
    expect(Number(theirs.version.split('.')[0])).toBeGreaterThanOrEqual(7);
    const ours = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'interleave', 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string };
    expect(ours.version).toMatch(/^6\./);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG.replace('"types": ["jest", "node"]', '"types": []'));
    fs.writeFileSync(path.join(dir, 'my.scenario.ts'), SCENARIO);

    // the user's compiler resolves `interleave` to our types: a clean file passes, a wrong type fails
    ok(dir, 'npx', ['tsc', '--noEmit', '-p', '.']);
    fs.writeFileSync(path.join(dir, 'wrong.ts'), "import { defineScenario } from 'interleave';\nconst n: string = defineScenario;\nexport default n;\n");
    const wrong = sh(dir, 'npx', ['tsc', '--noEmit', '-p', '.']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out + wrong.err).toMatch(/wrong\.ts.*(2|TS2322)/);
    fs.rmSync(path.join(dir, 'wrong.ts'));

    const racy = ok(dir, 'npx', ['interleave', 'run', './my.scenario.ts', '--variant', 'racy'], 1);
    expect(racy.out).toMatch(/^(data-race|at-end) at step \d+/m);
    expect(racy.out).toMatch(/^replay: interleave replay interleave-out\/my-counter-[0-9a-f]{8}\.json$/m);
    const locked = ok(dir, 'npx', ['interleave', 'run', './my.scenario.ts', '--variant', 'locked', '--strategy', 'dfs']);
    expect(locked.out).toMatch(/no violation in \d+ executions \(exhausted/);
  }, 300_000);

  it('should install with no TypeScript of the user’s, init a project, run and test its sample, and report a type error in it', () => {
    const dir = path.join(work, 'no-typescript');
    fs.mkdirSync(dir);
    ok(dir, 'npm', ['install', `interleave@file:${tarball}`]); // the README's first step, from the tarball
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: unknown };
    expect(Object.keys(pkg.dependencies)).toEqual(['interleave']);
    expect(pkg.devDependencies).toBeUndefined();

    // a scenario runs with no tsconfig and no TypeScript of the user's; its type errors are reported
    fs.writeFileSync(path.join(dir, 'my.scenario.ts'), SCENARIO);
    ok(dir, 'npx', ['interleave', 'run', './my.scenario.ts', '--variant', 'racy', '--runs', '50'], 1);
    fs.writeFileSync(path.join(dir, 'typo.scenario.ts'), SCENARIO.replace('const v: number = yield* n.load();', 'const v: string = yield* n.load();'));
    const typo = ok(dir, 'npx', ['interleave', 'run', './typo.scenario.ts'], 2);
    expect(typo.err).toMatch(/^typo\.scenario\.ts:9:13 - error TS2322: Type 'number' is not assignable to type 'string'\.$/m);
    expect(typo.out).toBe('');
    fs.rmSync(path.join(dir, 'my.scenario.ts'));
    fs.rmSync(path.join(dir, 'typo.scenario.ts'));

    // the README's steps, as written there (the first installs the tarball, as the README says to until the package is published)
    const [block, errorBlock] = readmeBlocks('Use it in your own project');
    const steps = commands(block!);
    expect(steps).toEqual(['npm install interleave@npm:interleave-sim', 'npx interleave init', 'npm install', `npx interleave run ./${SAMPLE_FILE} --variant bad`, 'npm test']);
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('`npm install interleave@file:/path/to/interleave-sim-0.1.0.tgz`');
    const expectedCode = [0, 0, 0, 1, 0];
    const out = steps.slice(1).map((line, i) => {
      const [cmd, ...args] = line.split(' ');
      return ok(dir, cmd!, args, expectedCode[i + 1]);
    });
    expect(out[0]!.out).toMatch(/^wrote package\.json \(added scripts\.test, devDependencies\.jest/m);
    expect(out[2]!.out).toMatch(/^replay: interleave replay interleave-out\/lost-update-[0-9a-f]{8}\.json$/m);
    expect(out[3]!.err).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(out[3]!.err).not.toMatch(/ts-jest\[config\] \(WARN\)|TS151002/); // init's jest config: ts-jest type-checks with no warning
    const again = ok(dir, 'npx', ['interleave', 'init'], 2);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/^error: init: tsconfig\.json, lost-update\.scenario\.ts, lost-update\.test\.ts already exist; interleave init never overwrites a file/);
    ok(dir, 'npx', ['interleave', 'run', `./${SAMPLE_FILE}`]);
    ok(dir, 'npx', ['tsc', '--noEmit', '-p', '.']);
    // a scenario may log: init's tsconfig and devDependencies give it Node's types
    fs.writeFileSync(path.join(dir, 'logs.scenario.ts'), fs.readFileSync(path.join(dir, SAMPLE_FILE), 'utf8').replace('const m = sim.mutex', "console.log('setup', variant);\n    const m = sim.mutex"));
    expect(ok(dir, 'npx', ['interleave', 'run', './logs.scenario.ts', '--runs', '1']).out).toMatch(/^setup fixed$/m);
    fs.rmSync(path.join(dir, 'logs.scenario.ts'));

    // the README's type error: the edit it describes gives exactly the lines it shows, exit 2, before anything runs
    const sample = path.join(dir, SAMPLE_FILE);
    const text = fs.readFileSync(sample, 'utf8');
    expect(text).toContain('const v = yield* n.load();');
    fs.writeFileSync(sample, text.replace('const v = yield* n.load();', 'const v: string = yield* n.load();'));
    const typed = ok(dir, 'npx', ['interleave', 'run', `./${SAMPLE_FILE}`, '--variant', 'bad'], 2);
    expect(typed.err.trim().split('\n')).toEqual(errorBlock!.lines);
    expect(typed.out).toBe('');
    expect(fs.readdirSync(path.join(dir, 'interleave-out')).filter((f) => f.startsWith('lost-update-'))).toHaveLength(1); // nothing ran: no new failure file
    ok(dir, 'npx', ['interleave', 'run', `./${SAMPLE_FILE}`, '--variant', 'bad', '--no-typecheck'], 1);
  }, 420_000);
});
