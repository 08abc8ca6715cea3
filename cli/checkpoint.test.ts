/**
 * `run --strategy dfs --checkpoint FILE` (issue 16, item 4), end to end: a search stopped
 * by `--runs`, by `--time-limit` or by SIGINT, and run again with the same file, ends with
 * the verdict, executions and steps of an uninterrupted run with the same budget (run to
 * exhaustion, or to 1,500 executions) (and a violation found again
 * as the same execution, with the same schedule); a damaged file, a file of another
 * search, or a strategy other than `dfs`, is refused with one line and exit 2.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHECKPOINT_FORMAT } from './checkpoint';
import { runInProcess } from './in-process';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

/** A correct variant whose exhaustive search takes some hundreds of executions (615 with its tasks symmetric). */
const PASS = ['futex', '--variant', 'correct', '--strategy', 'dfs'];
/**
 * A bigger search (37,048 executions to exhaust), cut at 1,500 by `--runs`: a stop by time
 * or signal comes well before the end even on a fast machine.
 */
const BIG = ['timekeeper', '--variant', 'correct', '--strategy', 'dfs', '--runs', '1500'];
/** A buggy variant that dfs catches after a few executions. */
const FAIL = ['futex', '--variant', 'check-outside-lock', '--strategy', 'dfs'];

interface RunJson {
  executions: number;
  steps: number;
  exhausted: boolean;
  violation: { kind: string; execution: number; schedule: string } | null;
  checkpoint?: { file: string; resumedFrom: number; saved: number | null; interrupted: string | null };
}

let cli: BuiltCli;
let dir: string;
let reference: RunJson;
let bigReference: RunJson;

async function run(args: readonly string[]): Promise<{ code: number; json: RunJson | null; stderr: string }> {
  const r = await runInProcess(['run', ...args, '--json', '--out', path.join(dir, 'out')]);
  return { code: r.code, json: r.code <= 1 ? (JSON.parse(r.stdout) as RunJson) : null, stderr: r.stderr };
}

/** What must equal an uninterrupted run's. */
const verdict = (j: RunJson): unknown => ({ executions: j.executions, steps: j.steps, exhausted: j.exhausted, violation: j.violation === null ? null : [j.violation.kind, j.violation.execution, j.violation.schedule] });

beforeAll(async () => {
  cli = buildCli();
  dir = tempDir('interleave-checkpoint-');
  reference = (await run([...PASS, '--runs', '100000'])).json!;
  expect(reference.exhausted).toBe(true);
  expect(reference.checkpoint).toBeUndefined();
  bigReference = (await run(BIG)).json!;
  expect([bigReference.executions, bigReference.exhausted]).toEqual([1500, false]);
}, 120_000);
afterAll(() => {
  cli.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('run --checkpoint', () => {
  it('should continue a search stopped by --runs, over several runs, to the uninterrupted verdict', async () => {
    const file = path.join(dir, 'runs.ckpt');
    expect(reference.executions).toBeGreaterThan(400);
    const first = (await run([...PASS, '--runs', '150', '--checkpoint', file])).json!;
    expect([first.executions, first.exhausted, first.checkpoint]).toEqual([150, false, { file, resumedFrom: 0, saved: 150, interrupted: null }]);
    const second = (await run([...PASS, '--runs', '400', '--checkpoint', file])).json!;
    expect([second.executions, second.exhausted, second.checkpoint!.resumedFrom]).toEqual([400, false, 150]);
    const last = (await run([...PASS, '--runs', '100000', '--checkpoint', file])).json!;
    expect(verdict(last)).toEqual(verdict(reference));
    expect(last.checkpoint!.resumedFrom).toBe(400);
    // the finished search is reported at once, with nothing run
    const again = (await run([...PASS, '--runs', '100000', '--checkpoint', file])).json!;
    expect(verdict(again)).toEqual(verdict(reference));
    expect(again.checkpoint!.resumedFrom).toBe(reference.executions);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('should meet a violation again as the same execution, before and after a stop', async () => {
    const plain = (await run([...FAIL, '--runs', '100000'])).json!;
    expect(plain.violation).not.toBeNull();
    expect(plain.violation!.execution).toBeGreaterThan(2);
    const file = path.join(dir, 'fail.ckpt');
    const stop = (await run([...FAIL, '--runs', String(plain.violation!.execution - 2), '--checkpoint', file])).json!;
    expect(stop.violation).toBeNull();
    for (let i = 0; i < 2; i++) {
      const r = await run([...FAIL, '--runs', '100000', '--checkpoint', file]);
      expect(r.code).toBe(1);
      expect(verdict(r.json!)).toEqual(verdict(plain));
      expect(r.json!.checkpoint!.saved).toBe(plain.violation!.execution - 1);
    }
  }, 120_000);

  it('should stop at --time-limit in a worker thread, save, and continue to the uninterrupted verdict', () => {
    const file = path.join(dir, 'time.ckpt');
    const args = ['run', ...BIG, '--json', '--out', path.join(dir, 'out'), '--checkpoint', file];
    const first = runCli(cli, [...args, '--time-limit', '300ms'], { timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as RunJson;
    expect(a.executions).toBeLessThan(1500);
    expect(a.checkpoint!.saved).toBe(a.executions);
    const second = runCli(cli, args, { timeoutMs: 120_000 });
    const b = JSON.parse(second.stdout) as RunJson;
    expect(verdict(b)).toEqual(verdict(bigReference));
    expect(b.checkpoint!.resumedFrom).toBe(a.executions);
  }, 180_000);

  it('should save on SIGINT and continue to the uninterrupted verdict', async () => {
    const file = path.join(dir, 'sigint.ckpt');
    const args = [cli.main, 'run', ...BIG, '--json', '--out', path.join(dir, 'out'), '--checkpoint', file, '--checkpoint-every', '50ms'];
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    // interrupt once the search has saved once (it is under way)
    const poll = setInterval(() => {
      if (fs.existsSync(file)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 10);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearInterval(poll);
    expect(code).toBe(0);
    const a = JSON.parse(out) as RunJson;
    expect([a.exhausted, a.checkpoint!.interrupted, a.checkpoint!.saved]).toEqual([false, 'SIGINT', a.executions]);
    expect(a.executions).toBeLessThan(1500);
    expect(err).toMatch(/SIGINT: stopping after the current executions and saving the checkpoint/);
    const b = JSON.parse(runCli(cli, args.slice(1), { timeoutMs: 120_000 }).stdout) as RunJson;
    expect(verdict(b)).toEqual(verdict(bigReference));
    expect(b.checkpoint!.resumedFrom).toBe(a.executions);
  }, 180_000);

  describe('refuses', () => {
    let good: string;
    beforeAll(async () => {
      good = path.join(dir, 'good.ckpt');
      await run([...PASS, '--runs', '50', '--checkpoint', good]);
    });

    /** Runs with a copy of the good file changed by `edit`, and returns the error line. */
    async function refused(edit: (text: string) => string, extra: readonly string[] = []): Promise<string> {
      const file = path.join(dir, `bad-${Math.random().toString(16).slice(2)}.ckpt`);
      fs.writeFileSync(file, edit(fs.readFileSync(good, 'utf8')));
      const r = await runInProcess(['run', ...PASS, '--checkpoint', file, '--json', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      return r.stderr;
    }

    it('should refuse a truncated file', async () => {
      expect(await refused((t) => t.slice(0, t.length / 2))).toMatch(/is not valid JSON \(damaged or truncated\)/);
    });
    it('should refuse a file changed by hand', async () => {
      expect(await refused((t) => t.replace('"executions":50', '"executions":51'))).toMatch(/is damaged \(its checksum does not match/);
    });
    it('should refuse a file of another format or layout version', async () => {
      expect(await refused(() => '{"hello":1}')).toMatch(/is not an interleave checkpoint file/);
      expect(await refused((t) => t.replace('"version":1', '"version":99'))).toMatch(/layout version 99/);
      expect(CHECKPOINT_FORMAT).toBe('interleave-checkpoint');
    });
    it('should refuse a checkpoint of another search, naming what differs', async () => {
      expect(await refused((t) => t, ['--param', 'rounds=1'])).toMatch(/is of another search: its parameters is .*"rounds":2.*this run's is .*"rounds":1/);
      expect(await refused((t) => t, ['--no-dpor'])).toMatch(/its dfs options .* is \{\}, this run's is \{"dpor":false\}/);
      expect(await refused((t) => t, ['--max-steps', '500'])).toMatch(/its --max-steps is null, this run's is 500/);
    });
    it('should refuse a variant or engine version that differs', async () => {
      const r = await runInProcess(['run', 'futex', '--variant', 'check-outside-lock', '--strategy', 'dfs', '--checkpoint', good]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/its variant is "correct", this run's is "check-outside-lock"/);
      // a file written by another engine version (its checksum made to match)
      const o = JSON.parse(fs.readFileSync(good, 'utf8')) as Record<string, unknown>;
      o['engineVersion'] = '0.0.1';
      delete o['checksum'];
      const body = JSON.stringify(o);
      let h = 0x811c9dc5;
      for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193);
      const other = path.join(dir, 'old-engine.ckpt');
      fs.writeFileSync(other, JSON.stringify({ ...o, checksum: (h >>> 0).toString(16).padStart(8, '0') }));
      const e = await runInProcess(['run', ...PASS, '--checkpoint', other]);
      expect(e.code).toBe(2);
      expect(e.stderr).toMatch(/its engine version is "0.0.1"/);
    });
    it('should refuse --checkpoint without --strategy dfs, and a folder that does not exist', async () => {
      const r = await runInProcess(['run', 'futex', '--strategy', 'random', '--checkpoint', good]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/use it with --strategy dfs/);
      const f = await runInProcess(['run', ...PASS, '--checkpoint', path.join(dir, 'no-such-folder', 'x.ckpt')]);
      expect(f.code).toBe(2);
      expect(f.stderr).toMatch(/does not exist/);
    });
  });
});
