/**
 * The README's steps, run in order exactly as written (its `sh` blocks, `npx interleave`
 * being the built CLI) in a fresh folder: the quick start's main job, then "Find a bug,
 * replay it, look at it" — whose replay glob must match exactly one failure file — then
 * "Write a scenario" with its file. The "Use it in your own project" steps run in
 * packed-install.test.ts, against the packed package.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, tempDir, type BuiltCli } from './test-helpers/build';
import { commands, readmeBlocks } from './test-helpers/readme';

let cli: BuiltCli;
let dir: string;

beforeAll(() => {
  cli = buildCli();
  dir = tempDir('interleave-readme-');
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs one README command line with bash in the test folder, `npx interleave` being the built CLI. */
function run(line: string): Ran {
  expect(line).toMatch(/^npx interleave /);
  const script = line.replace(/^npx interleave /, `${JSON.stringify(process.execPath)} ${JSON.stringify(cli.main)} `);
  const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', NO_COLOR: '1', COLUMNS: '120' } });
  return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
}

describe('README', () => {
  it('should run the quick start’s main job: every outcome as expected', () => {
    const steps = commands(readmeBlocks('Quick start (this repository)')[0]!).filter((l) => l.startsWith('npx interleave'));
    expect(steps).toEqual(['npx interleave explore --all']);
    const r = run(steps[0]!);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ variants as expected/);
    // the rate column says nothing about a variant stopped by its violation
    const caught = r.out.split('\n').filter((l) => /\bfail\s+fail \(/.test(l));
    expect(caught.length).toBeGreaterThan(3);
    for (const l of caught) expect(l.trim().split(/\s+/).pop()).toBe('-');
  }, 600_000);

  it('should find a bug, replay it from the glob as written, and write the timeline', () => {
    const steps = commands(readmeBlocks('Find a bug, replay it, look at it')[0]!);
    expect(steps).toHaveLength(5);
    const expected = [0, 1, 1, 1, 0];
    steps.forEach((line, i) => {
      const r = run(line);
      if (r.code !== expected[i]) throw new Error(`README step "${line}" exited ${String(r.code)}, not ${expected[i]}\n${r.out}\n${r.err}`);
      expect(r.err).not.toMatch(/^(error|internal error|warning):/m);
      if (line.includes(' replay ')) {
        // the glob matched one file (the run's, in its own --out folder), which replays to the same violation
        expect(fs.readdirSync(path.join(dir, 'bugs'))).toHaveLength(1);
        expect(r.out).toMatch(/^replay: interleave replay bugs\/lost-update-[0-9a-f]{8}\.json$/m);
        expect(fs.readFileSync(path.join(dir, 'timeline.html'), 'utf8')).toMatch(/^<!doctype html>/);
      }
    });
  }, 600_000);

  it('should run the scenario file of "Write a scenario", and refuse a parameter outside its bounds', () => {
    const [file, sh] = readmeBlocks('Write a scenario');
    expect(file!.lang).toBe('ts');
    expect(file!.lines[0]).toBe('// my.scenario.ts — anywhere on disk');
    fs.writeFileSync(path.join(dir, 'my.scenario.ts'), `${file!.lines.join('\n')}\n`);
    const steps = commands(sh!);
    expect(steps).toEqual(['npx interleave run ./my.scenario.ts --variant bad']);
    const bad = run(steps[0]!);
    expect(bad.err).toBe('');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^my-counter \/ bad/m);
    const fixed = run('npx interleave run ./my.scenario.ts --variant fixed --strategy dfs');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toMatch(/exhausted: every interleaving class checked/);
    const big = run('npx interleave run ./my.scenario.ts --param goroutines=1e6');
    expect(big.code).toBe(2);
    expect(big.err.trim()).toBe('error: parameter "goroutines" of scenario "my-counter" must be at most 64 (its bound; a scenario sets bounds with paramBounds), got "1e6"');
  }, 300_000);
});
