/**
 * Crash safety (issue 7, part 5): a run killed (SIGKILL) while it writes its failure
 * file and reports leaves no partial file — every visible file is whole, the temporary
 * file it was writing is hidden and removed by the next run once stale — and a second
 * run never overwrites a failure file the first wrote, even when both write the same
 * directory at the same moment.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defineScenario, explore } from '../sim/internal';
import { STALE_TEMP_MS } from './atomic-write';
import { readFailureFile } from './failure-file';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

let cli: BuiltCli;
let work: string;

/** One goroutine, 30,000 steps, then a failed assertion: a failure file of about 3 MB. */
const BIG = `
import { defineScenario } from 'interleave';
export default defineScenario({
  name: 'long-trace',
  description: 'a long execution that fails at its end',
  variants: { v: 'fails after 30,000 steps' },
  maxSteps: 1000000,
  setup(sim) {
    sim.go('worker', function* () {
      for (let i = 0; i < 30000; i++) yield* sim.yieldNow();
      sim.assert(false, 'the end');
    });
  },
});
`;

beforeAll(() => {
  cli = buildCli();
  work = tempDir('interleave-crash-');
  fs.writeFileSync(path.join(work, 'long.scenario.ts'), BIG);
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The visible files of `dir` (not our hidden temporary files). */
const visible = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : []);
const temps = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')) : []);

/** Every visible file is whole: failure files read back, the HTML and XML end properly. */
function expectWhole(dir: string): void {
  for (const f of visible(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) {
      expectWhole(p);
      continue;
    }
    if (f.endsWith('.json')) expect(() => readFailureFile(p)).not.toThrow();
    if (f.endsWith('.html')) expect(fs.readFileSync(p, 'utf8')).toMatch(/<\/html>\n$/);
    if (f.endsWith('.xml')) expect(fs.readFileSync(p, 'utf8')).toMatch(/<\/testsuites>\n$/);
  }
}

/**
 * Starts `run` on the long scenario, stops it (SIGSTOP, then SIGKILL) the moment a
 * temporary file shows up in `watch` (inotify, through fs.watch), and returns what it saw.
 */
async function killWhileWriting(dir: string, watch: string, args: string[], prefix = '.'): Promise<{ caught: boolean; code: number | null; signal: string | null }> {
  fs.mkdirSync(watch, { recursive: true });
  let caught = false;
  // What the check in the watcher found: thrown there, it would escape the test (a callback).
  let partial: unknown = null;
  const child = spawn(process.execPath, [cli.main, 'run', path.join(work, 'long.scenario.ts'), '--runs', '1', ...args], { cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: 'ignore' });
  const watcher = fs.watch(watch, (_event, name) => {
    if (caught || name === null || !String(name).startsWith(prefix) || !String(name).endsWith('.tmp')) return;
    caught = true;
    child.kill('SIGSTOP'); // frozen mid-write (or just after it)
    try {
      expectWhole(dir); // whatever it was doing, nothing visible is partial
    } catch (e) {
      partial = e;
    } finally {
      child.kill('SIGKILL');
    }
  });
  const exited = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  watcher.close();
  if (partial !== null) throw partial;
  return { caught, ...exited };
}

describe('crash safety', () => {
  it('should leave no partial failure file when killed while writing it, and sweep the leftover later', async () => {
    const dir = path.join(work, 'kill-failure');
    const out = path.join(dir, 'out');
    const r = await killWhileWriting(dir, out, ['--out', 'out', '--json']);
    expect(r.signal).toBe('SIGKILL');
    expect(r.caught).toBe(true);
    expectWhole(dir);
    const left = temps(out);
    expect(left.length).toBeLessThanOrEqual(1);
    // The next run finishes the job; a leftover of the killed process goes once stale (and
    // so does one of another dead process; a fresh one, or a live process's, stays).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    left.push(`.long-trace-00000000.json.${dead}.0badf00d.tmp`);
    fs.writeFileSync(path.join(out, left[left.length - 1]!), 'partial');
    const fresh = `.long-trace-11111111.json.${dead}.0badf00d.tmp`;
    const live = `.long-trace-22222222.json.${process.pid}.0badf00d.tmp`;
    fs.writeFileSync(path.join(out, fresh), 'partial');
    fs.writeFileSync(path.join(out, live), 'partial');
    for (const t of [...left, live]) {
      const old = new Date(Date.now() - STALE_TEMP_MS - 5000);
      fs.utimesSync(path.join(out, t), old, old);
    }
    const again = runCli(cli, ['run', path.join(work, 'long.scenario.ts'), '--runs', '1', '--out', 'out', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(again.code).toBe(1);
    expect(temps(out).sort()).toEqual([fresh, live].sort());
    expect(visible(out)).toHaveLength(1);
    expectWhole(dir);
  }, 60_000);

  it('should leave no partial report when killed while writing the HTML timeline', async () => {
    const dir = path.join(work, 'kill-report');
    const r = await killWhileWriting(dir, path.join(dir, 'reports'), ['--out', 'out', '--html', 'reports/timeline.html', '--junit', 'reports/junit.xml', '--json'], '.timeline.html.');
    expect(r.signal).toBe('SIGKILL');
    expect(r.caught).toBe(true);
    expectWhole(dir);
  }, 60_000);

  it('should never overwrite a failure file: the same failure is reused, a different one with the same name gets -2', () => {
    const dir = path.join(work, 'twice');
    fs.mkdirSync(dir);
    const first = JSON.parse(runCli(cli, ['run', 'lost-update', '--variant', 'bad', '--json'], { cwd: dir }).stdout) as { violation: { replayFile: string } };
    const file = path.join(dir, first.violation.replayFile);
    const text = fs.readFileSync(file, 'utf8');
    const again = JSON.parse(runCli(cli, ['run', 'lost-update', '--variant', 'bad', '--json'], { cwd: dir }).stdout) as { violation: { replayFile: string } };
    expect(again.violation.replayFile).toBe(first.violation.replayFile);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    // Another file under that name (as after a hash collision, or an edit by hand): kept as it is.
    const planted = text.replace('"seed": 0', '"seed": 12345');
    fs.writeFileSync(file, planted);
    const third = JSON.parse(runCli(cli, ['run', 'lost-update', '--variant', 'bad', '--json'], { cwd: dir }).stdout) as { violation: { replayFile: string } };
    expect(third.violation.replayFile).toBe(first.violation.replayFile.replace(/\.json$/, '-2.json'));
    expect(fs.readFileSync(file, 'utf8')).toBe(planted);
    expect(fs.readFileSync(path.join(dir, third.violation.replayFile), 'utf8')).toBe(text);
  }, 60_000);

  it('should write one whole file when two runs find the same failure at the same moment', async () => {
    const dir = path.join(work, 'together');
    fs.mkdirSync(dir);
    const start = (): Promise<number | null> =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [cli.main, 'explore', 'lost-update', 'bug-abba-deadlock', '--runs', '50', '--workers', '1', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
        c.on('exit', (code) => resolve(code));
      });
    const codes = await Promise.all([start(), start(), start()]);
    expect(codes).toEqual([0, 0, 0]);
    const out = path.join(dir, 'interleave-out');
    expect(visible(out)).toHaveLength(2); // one per failing variant: nobody wrote a -2
    expect(temps(out)).toEqual([]);
    expectWhole(dir);
    // and a plain second run agrees
    expect(spawnSync(process.execPath, [cli.main, 'explore', 'lost-update', 'bug-abba-deadlock', '--runs', '50', '--workers', '1', '--json'], { cwd: dir, env: { ...process.env, CI: 'true' } }).status).toBe(0);
    expect(visible(out)).toHaveLength(2);
  }, 60_000);

  it('should report a violation as found when shrinking it hangs, not lose it as a hang', () => {
    // Drawing 1 fails; drawing 0 spins `spin` times, which shrinking tries (a value set to 0).
    const source = (spin: string): string => `({
  name: 'shrink-hangs',
  description: 'shrinking tries a value that spins',
  variants: { v: { description: 'fails when it draws 1', expect: 'fail' } },
  params: { spin: ${spin} },
  setup(sim, { params }) {
    sim.go('g', function* () {
      const r = yield* sim.random(2);
      if (r === 0) {
        for (let i = 0; i < params.spin; i++) {
          // no effect: the watchdog's business
        }
        return;
      }
      sim.assert(false, 'drew 1');
    });
  },
})`;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const inProcess = defineScenario(new Function('return ' + source('0'))() as Parameters<typeof defineScenario>[0]);
    const seed = [...Array(50).keys()].find((k) => explore(inProcess, { seed: k, runs: 1, shrink: false }).violation !== undefined)!;
    const dir = path.join(work, 'shrink-hangs');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'hangs.scenario.ts'), `import { defineScenario } from 'interleave';\nexport default defineScenario${source('1e15')};\n`);
    const r = runCli(cli, ['run', './hangs.scenario.ts', '--strategy', 'random', '--seed', String(seed), '--runs', '1', '--watchdog', '1s', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^warning: shrinking the violation made no progress for 1s and the watchdog stopped it; it is reported as found, not shrunk/);
    const v = (JSON.parse(r.stdout) as { violation: { kind: string; message: string; replayFile: string } }).violation;
    expect(v.kind).toBe('assertion');
    expect(v.message).toMatch(/drew 1/);
    const again = runCli(cli, ['replay', v.replayFile, '--json', '--watchdog', '1s'], { cwd: dir });
    expect(again.code).toBe(1);
    expect((JSON.parse(again.stdout) as { violation: { kind: string } }).violation.kind).toBe('assertion');
  }, 60_000);
});
