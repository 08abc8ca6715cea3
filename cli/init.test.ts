/**
 * `interleave init` in temporary folders (no install: packed-install.test.ts installs and
 * runs what it writes): the files, package.json created or completed without changing
 * what is there, and a refusal (exit 2, one line, nothing written) when a file exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION } from '../sim/internal';
import { DEV_DEPENDENCIES, SAMPLE_SCENARIO, SAMPLE_TEST, TSCONFIG } from './init-files';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

let cli: BuiltCli;
let root: string;

beforeAll(() => {
  cli = buildCli();
  root = tempDir('interleave-init-');
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(root, { recursive: true, force: true });
});

function folder(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

const read = (dir: string, f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');

describe('interleave init', () => {
  it('should scaffold an empty folder: package.json with the interleave alias, tsconfig, a sample and its test', () => {
    const dir = folder('My Scenarios');
    const r = runCli(cli, ['init'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('wrote package.json, tsconfig.json, lost-update.scenario.ts, lost-update.test.ts');
    expect(r.stdout).toContain('npx interleave run ./lost-update.scenario.ts --variant bad');
    const pkg = JSON.parse(read(dir, 'package.json')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: 'my-scenarios', private: true, scripts: { test: 'jest' }, dependencies: { interleave: `npm:interleave-sim@^${ENGINE_VERSION}` }, devDependencies: DEV_DEPENDENCIES });
    // ts-jest type-checks the tests (no isolatedModules) without warning about node16 on every run
    expect(pkg['jest']).toMatchObject({ transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { ignoreCodes: [151002] } }] } });
    expect(JSON.parse(TSCONFIG).compilerOptions.isolatedModules).toBeUndefined();
    expect(read(dir, 'tsconfig.json')).toBe(TSCONFIG);
    expect(JSON.parse(TSCONFIG)).toMatchObject({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, types: ['jest', 'node'] } });
    expect(read(dir, 'lost-update.scenario.ts')).toBe(SAMPLE_SCENARIO);
    expect(read(dir, 'lost-update.test.ts')).toBe(SAMPLE_TEST);
    // the sample runs and type-checks here before any install (jest's types are not needed for it)
    const run = runCli(cli, ['run', './lost-update.scenario.ts', '--variant', 'bad'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^replay: interleave replay interleave-out\/lost-update-[0-9a-f]{8}\.json$/m);
  }, 120_000);

  it("should let a scenario of the project it scaffolds use console (Node's types), once installed", () => {
    const dir = folder('logs');
    expect(runCli(cli, ['init'], { cwd: dir }).code).toBe(0);
    const logs = SAMPLE_SCENARIO.replace('const m = sim.mutex', "console.log('setup', variant);\n    const m = sim.mutex");
    expect(logs).not.toBe(SAMPLE_SCENARIO);
    fs.writeFileSync(path.join(dir, 'logs.scenario.ts'), logs);
    // before npm install: Node's types are missing, and console is the scenario's type error
    const before = runCli(cli, ['run', './logs.scenario.ts', '--runs', '1'], { cwd: dir });
    expect({ code: before.code, err: before.stderr }).toMatchObject({ code: 2, err: expect.stringMatching(/logs\.scenario\.ts:\d+:\d+ - error TS2584: Cannot find name 'console'/) });
    // @types/node installed (here: this repository's, linked): it type-checks and runs
    fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(path.resolve(__dirname, '..', 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
    const after = runCli(cli, ['run', './logs.scenario.ts', '--runs', '1'], { cwd: dir });
    expect({ code: after.code, err: after.stderr }).toEqual({ code: 0, err: '' });
    expect(after.stdout).toMatch(/^setup fixed$/m);
  }, 120_000);

  it('should complete an existing package.json, keeping what is there and how it is indented', () => {
    const registry = folder('from-registry', { 'package.json': JSON.stringify({ name: 'mine', scripts: { test: 'mocha' }, dependencies: { 'interleave-sim': '^0.1.0' }, devDependencies: { jest: '^30.0.0' } }, null, 4) });
    expect(runCli(cli, ['init'], { cwd: registry }).code).toBe(0);
    const a = JSON.parse(read(registry, 'package.json')) as { name: string; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string>; jest: unknown };
    expect(a.name).toBe('mine');
    expect(a.scripts['test']).toBe('mocha');
    expect(a.dependencies).toEqual({ 'interleave-sim': '^0.1.0', interleave: 'npm:interleave-sim@^0.1.0' });
    expect(a.devDependencies['jest']).toBe('^30.0.0');
    expect(a.devDependencies['ts-jest']).toBe(DEV_DEPENDENCIES['ts-jest']);
    expect(read(registry, 'package.json')).toMatch(/^ {4}"name": "mine",$/m);

    const tarball = folder('from-tarball', { 'package.json': JSON.stringify({ dependencies: { interleave: 'file:../interleave-sim-0.1.0.tgz' } }) });
    const r = runCli(cli, ['init'], { cwd: tarball });
    expect(r.stdout.split('\n')[0]).toBe('wrote package.json (added scripts.test, devDependencies.jest, devDependencies.ts-jest, devDependencies.@types/jest, devDependencies.@types/node, devDependencies.typescript, jest), tsconfig.json, lost-update.scenario.ts, lost-update.test.ts');
    expect((JSON.parse(read(tarball, 'package.json')) as { dependencies: unknown }).dependencies).toEqual({ interleave: 'file:../interleave-sim-0.1.0.tgz' });
  });

  it('should refuse, with one line and exit 2, to overwrite any file, and write nothing', () => {
    const dir = folder('taken', { 'package.json': '{"name":"taken"}\n', 'lost-update.test.ts': '// mine\n' });
    const r = runCli(cli, ['init'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: init: lost-update.test.ts already exists; interleave init never overwrites a file (it writes tsconfig.json, lost-update.scenario.ts, lost-update.test.ts)\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['lost-update.test.ts', 'package.json']);
    expect(read(dir, 'package.json')).toBe('{"name":"taken"}\n');
    expect(read(dir, 'lost-update.test.ts')).toBe('// mine\n');

    const broken = folder('broken', { 'package.json': '{ not json' });
    const b = runCli(cli, ['init'], { cwd: broken });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: init: package\.json is not a JSON object \(.*\); fix it or start in an empty folder\n$/);
    expect(fs.readdirSync(broken)).toEqual(['package.json']);
  });
});
