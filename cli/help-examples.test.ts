/**
 * `--help`'s examples are real: every command's examples appear in its `--help`, and each
 * one runs — in command order, in one folder holding the README's `my.scenario.ts`, so a
 * `replay` example finds the failure file a `run` example wrote — and ends as it says: no
 * usage error (exit 2) and no internal error (exit 3).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS } from './cli';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';
import { readmeBlocks } from './test-helpers/readme';

let cli: BuiltCli;
let dir: string;

beforeAll(() => {
  cli = buildCli();
  dir = tempDir('interleave-examples-');
  const [file] = readmeBlocks('Write a scenario');
  fs.writeFileSync(path.join(dir, 'my.scenario.ts'), `${file!.lines.join('\n')}\n`);
  fs.mkdirSync(path.join(dir, 'fresh'));
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What each example exits with: 1 where it reports a violation, as it means to. */
const EXPECTED_CODE: Readonly<Record<string, number>> = {
  '$0 init': 0,
  '$0 list': 0,
  '$0 list --json > scenarios.json': 0,
  '$0 run lost-update --variant bad': 1,
  '$0 run bounded-buffer --param consumers=3 --seed 7 --runs 5000': 0,
  '$0 run ./my.scenario.ts --variant bad --json': 1,
  '$0 run dining-philosophers --variant naive --report html > timeline.html': 1,
  '$0 run futex --strategy dfs --time-limit 2s --checkpoint futex.ckpt': 0,
  '$0 replay interleave-out/lost-update-*.json': 1,
  '$0 replay il1:lost-update:bad:eyJvIjp7fSwicCI6eyJnb3JvdXRpbmVzIjoyLCJyb3VuZHMiOjF9fQ:1x3.0x2:35271ff2': 1,
  '$0 replay il1:my-counter:bad:eyJvIjp7fSwicCI6eyJnb3JvdXRpbmVzIjoyfX0:1x3.0x2:f5724360 --scenario ./my.scenario.ts': 1,
  '$0 replay interleave-out/my-counter-*.json --html timeline.html': 1,
  '$0 shrink interleave-out/lost-update-*.json': 1,
  '$0 explore --all': 0,
  '$0 explore lost-update bounded-buffer --runs 10000 --workers 4': 0,
  '$0 explore --all --shard 2/4 --junit junit.xml --json > results.json': 0,
  '$0 explore ./my.scenario.ts --time-limit 5s': 0,
  '$0 explore futex --variant correct --strategy dfs --param tasks=3 --time-limit 5s --checkpoint futex-job.ckpt': 0,
  '$0 combine results.json': 0,
};

/**
 * Examples another test runs as written, with more checks: not run twice (each is the
 * whole 474,143-execution main job, 90 s of CI time). The test named must still run it.
 */
const RUN_ELSEWHERE: Readonly<Record<string, { file: string; as: string }>> = {
  '$0 explore --all': { file: 'readme.test.ts', as: "expect(steps).toEqual(['npx interleave explore --all']);" },
};

const examples = COMMANDS.flatMap((c) => c.examples.map(([line, what]) => ({ command: c.command.split(' ')[0]!, line, what })));

describe('--help examples', () => {
  it('should list every command’s examples in its --help', () => {
    expect(examples.length).toBeGreaterThan(10);
    for (const c of COMMANDS) {
      const name = c.command.split(' ')[0]!;
      const help = runCli(cli, [name, '--help'], { env: { COLUMNS: '400' } });
      expect(help.code).toBe(0);
      for (const [line] of c.examples) expect(help.stdout).toContain(line.replace('$0', 'interleave'));
    }
  });

  it.each(examples.map((e) => [e.line, e] as const))('should run %s', (_line, e) => {
    const elsewhere = RUN_ELSEWHERE[e.line];
    if (elsewhere !== undefined) {
      // the other test still runs this very command (the README's main job)
      expect(fs.readFileSync(path.join(__dirname, elsewhere.file), 'utf8')).toContain(elsewhere.as);
      expect(EXPECTED_CODE[e.line]).toBe(0);
      return;
    }
    const script = e.line.replace('$0', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli.main)}`);
    const cwd = e.command === 'init' ? path.join(dir, 'fresh') : dir;
    const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true', NO_COLOR: '1', COLUMNS: '120' } });
    const want = EXPECTED_CODE[e.line];
    if (want === undefined) throw new Error(`a new --help example: add "${e.line}" and its exit code to EXPECTED_CODE`);
    if (r.status !== want) throw new Error(`"${e.line}" exited ${String(r.status)}, not ${want}\n--- stdout\n${String(r.stdout).slice(-3000)}\n--- stderr\n${String(r.stderr)}`);
    expect(String(r.stderr)).not.toMatch(/^(error|internal error):/m);
  }, 300_000);
});
