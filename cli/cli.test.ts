/**
 * The CLI as a subprocess: every command, the --json shapes of DESIGN.md, exit codes,
 * failure files, replay, and bad input (one line on stderr, exit 2, no stack trace).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fnv1a as fnv } from '../sim/schedule';
import { buildCli, runCli, tempDir, type BuiltCli, type CliRun } from './test-helpers/build';

let cli: BuiltCli;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = tempDir();
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

const run = (args: string[], env?: NodeJS.ProcessEnv): CliRun => runCli(cli, args, { cwd: work, ...(env ? { env } : {}) });

/** Bad input: exit 2, exactly one line on stderr starting with `error:`, nothing on stdout. */
function expectBadInput(r: CliRun, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const VIOLATION_KEYS = ['kind', 'message', 'execution', 'schedule', 'replayFile', 'trace'];
const SUMMARY_KEYS = ['scenario', 'variant', 'strategy', 'seed', 'executions', 'steps', 'elapsedMs', 'exhausted', 'bound', 'violation'];

describe('interleave', () => {
  describe('--help', () => {
    it('should list every command and the exit codes', () => {
      const r = run(['--help']);
      expect(r.code).toBe(0);
      for (const c of ['list', 'run', 'replay', 'shrink', 'explore']) expect(r.stdout).toContain(`interleave ${c}`);
      expect(r.stdout).toMatch(/Exit codes: 0 .* 1 .* 2 .* 3 /s);
    });

    it.each(['list', 'run', 'replay', 'shrink', 'explore'])('should give help with examples for %s', (c) => {
      const r = run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`interleave ${c}`);
    });

    it('should say what explore’s default strategy is', () => {
      expect(run(['explore', '--help']).stdout).toMatch(/default: portfolio/);
    });

    it('should run the portfolio by default, as explore does', () => {
      expect(run(['run', '--help']).stdout).toMatch(/\[default: "portfolio"\]/);
    });
  });

  describe('list', () => {
    it('should print the scenarios and variants as text', () => {
      const r = run(['list']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/lost-update/);
      expect(r.stdout).toMatch(/bad\s+fail/);
    });

    it('should print exactly the JSON shape of the contract with --json', () => {
      const r = run(['list', '--json']);
      expect(r.code).toBe(0);
      const list = JSON.parse(r.stdout) as Record<string, unknown>[];
      expect(Array.isArray(list)).toBe(true);
      expect(list.length).toBeGreaterThanOrEqual(3);
      for (const s of list) {
        expect(Object.keys(s)).toEqual(['name', 'description', 'params', 'variants']);
        for (const v of s['variants'] as Record<string, unknown>[]) {
          expect(Object.keys(v)).toEqual(['name', 'description', 'expect']);
          expect(['pass', 'fail']).toContain(v['expect']);
        }
      }
      const lu = list.find((s) => s['name'] === 'lost-update')!;
      expect(lu['params']).toEqual({ goroutines: 2, rounds: 1 });
    });
  });

  describe('run', () => {
    it('should exit 0 and report no violation for a correct variant', () => {
      const r = run(['run', 'lost-update', '--runs', '200']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/no violation in 200 executions/);
    });

    it('should exit 1, print the trace and the replay line naming the failure file', () => {
      const out = path.join(work, 'out-text');
      const r = run(['run', 'lost-update', '--variant', 'bad', '--seed', '3', '--out', out]);
      expect(r.code).toBe(1);
      const files = fs.readdirSync(out);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^lost-update-[0-9a-f]{8}\.json$/);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[lines.length - 1]).toBe(`replay: interleave replay out-text/${files[0]}`);
      expect(r.stdout).toMatch(/schedule: il1:lost-update:bad:/);
      expect(r.stdout).toMatch(/▶/);
      expect(r.stdout).toMatch(/seed 3/);
      expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
    });

    it('should print exactly one JSON object of the contract shape with --json', () => {
      const r = run(['run', 'dining-philosophers', '--variant', 'naive', '--json', '--out', 'out-json']);
      expect(r.code).toBe(1);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(SUMMARY_KEYS);
      const v = o['violation'] as Record<string, unknown>;
      expect(Object.keys(v)).toEqual(VIOLATION_KEYS);
      expect(v['kind']).toBe('deadlock');
      expect(v['replayFile']).toMatch(/^out-json\/dining-philosophers-[0-9a-f]{8}\.json$/);
      expect(String(v['message']).split('\n').pop()).toBe(`replay: interleave replay ${String(v['replayFile'])}`);
      expect(fs.existsSync(path.join(work, String(v['replayFile'])))).toBe(true);
      expect(Array.isArray(v['trace'])).toBe(true);
      expect(o).toMatchObject({ scenario: 'dining-philosophers', variant: 'naive', strategy: 'portfolio', seed: 0 });
      expect(typeof o['elapsedMs']).toBe('number');
    });

    it('should print violation null with --json when nothing is found', () => {
      const r = run(['run', 'lost-update', '--runs', '50', '--json', '--param', 'rounds=2', '--seed', 'abc']);
      expect(r.code).toBe(0);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(o)).toEqual(SUMMARY_KEYS);
      expect(o).toMatchObject({ violation: null, executions: 50, seed: 'abc' });
    });

    it('should print the versioned full report with --report json', () => {
      const r = run(['run', 'lost-update', '--variant', 'bad', '--report', 'json', '--out', 'out-report']);
      expect(r.code).toBe(1);
      const o = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(o).toMatchObject({ schema: 'interleave-report', version: 1, scenario: 'lost-update', expect: 'fail', params: { goroutines: 2, rounds: 1 } });
      expect((o['violation'] as Record<string, unknown>)['step']).toEqual(expect.any(Number));
    });

    it('should colour the text report only when asked and NO_COLOR is unset', () => {
      const colored = run(['run', 'lost-update', '--variant', 'bad', '--out', 'out-c'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
      expect(colored.stdout).toMatch(/\u001b\[/);
      const flag = run(['run', 'lost-update', '--variant', 'bad', '--out', 'out-c', '--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
      expect(flag.stdout).not.toMatch(/\u001b\[/);
      const env = run(['run', 'lost-update', '--variant', 'bad', '--out', 'out-c'], { NO_COLOR: '1', FORCE_COLOR: '1' });
      expect(env.stdout).not.toMatch(/\u001b\[/);
    });

    it('should fit the report to the terminal width', () => {
      for (const cols of ['60', '200']) {
        const r = run(['run', 'bounded-buffer', '--variant', 'one-cond-signal', '--out', 'out-w'], { COLUMNS: cols });
        const widest = Math.max(...r.stdout.split('\n').filter((l) => /^[ ▶] +\d+ /.test(l)).map((l) => [...l].length));
        expect(widest).toBeLessThanOrEqual(Number(cols));
      }
    });
  });

  describe('replay', () => {
    it('should reproduce a failure file and its schedule string with the same violation and trace', () => {
      const first = JSON.parse(run(['run', 'bounded-buffer', '--variant', 'wait-with-if', '--json', '--out', 'out-replay']).stdout) as {
        violation: { message: string; schedule: string; replayFile: string; trace: unknown[]; kind: string };
      };
      const fromFile = run(['replay', first.violation.replayFile, '--json']);
      expect(fromFile.code).toBe(1);
      const a = JSON.parse(fromFile.stdout) as typeof first;
      const fromString = run(['replay', first.violation.schedule, '--json']);
      expect(fromString.code).toBe(1);
      const b = JSON.parse(fromString.stdout) as typeof first;
      const body = (m: string): string => m.split('\n').slice(0, -1).join('\n');
      for (const x of [a, b]) {
        expect(x.violation.kind).toBe(first.violation.kind);
        expect(body(x.violation.message)).toBe(body(first.violation.message));
        expect(x.violation.trace).toEqual(first.violation.trace);
        expect(x.violation.schedule).toBe(first.violation.schedule);
      }
      expect(a.violation.message.split('\n').pop()).toBe(`replay: interleave replay ${first.violation.replayFile}`);
      expect(b.violation.message.split('\n').pop()).toBe(`replay: interleave replay ${first.violation.schedule}`);
    });

    it('should print the trace and the replay command as text', () => {
      const first = JSON.parse(run(['run', 'lost-update', '--variant', 'bad', '--json', '--out', 'out-replay']).stdout) as { violation: { replayFile: string } };
      const r = run(['replay', first.violation.replayFile]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/data-race at step \d+/);
      expect(r.stdout.trimEnd().split('\n').pop()).toBe(`replay: interleave replay ${first.violation.replayFile}`);
    });

    it('should exit 0 for a schedule that passes', () => {
      // a runs its five steps (start, lock, load, store, unlock), then b its five.
      const r = run(['replay', 'il1:lost-update:fixed:e30:0x5.1x5:' + fnv('il1:lost-update:fixed:e30:0x5.1x5')]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/no violation/);
    });

    it('should report a failure file whose recorded trace no longer matches as nondeterminism (exit 1)', () => {
      const first = JSON.parse(run(['run', 'lost-update', '--variant', 'bad', '--json', '--out', 'out-nd']).stdout) as { violation: { replayFile: string } };
      const file = path.join(work, first.violation.replayFile);
      const f = JSON.parse(fs.readFileSync(file, 'utf8')) as { trace: { effect: string }[] };
      f.trace[0]!.effect = 'tampered';
      const moved = path.join(work, 'out-nd', 'tampered.json');
      fs.writeFileSync(moved, JSON.stringify(f));
      const r = run(['replay', 'out-nd/tampered.json', '--json']);
      expect(r.code).toBe(1);
      const o = JSON.parse(r.stdout) as { violation: { kind: string; message: string } };
      expect(o.violation.kind).toBe('nondeterminism');
      expect(o.violation.message).toMatch(/traces first differ at step 0/);
    });
  });

  describe('bad input', () => {
    let failure: string;
    beforeAll(() => {
      const o = JSON.parse(run(['run', 'lost-update', '--variant', 'bad', '--json', '--out', 'out-bad']).stdout) as { violation: { replayFile: string } };
      failure = path.join(work, o.violation.replayFile);
    });
    const write = (name: string, text: string): string => {
      const p = path.join(work, name);
      fs.writeFileSync(p, text);
      return p;
    };

    it.each([
      [['run', 'no-such-scenario'], /unknown scenario "no-such-scenario"/],
      [['run', 'lost-update', '--variant', 'nope'], /unknown variant "nope" of scenario "lost-update"/],
      [['run', 'lost-update', '--frobnicate'], /Unknown argument: frobnicate/],
      [['frobnicate'], /frobnicate/],
      [['run', 'lost-update', '--runs', 'many'], /--runs must be a positive integer/],
      [['run', 'lost-update', '--seed'], /Not enough arguments following: seed/],
      [['run', 'lost-update', '--strategy', 'magic'], /^error: unknown strategy "magic" \(strategies: random, .*\)$/],
      // did you mean: scenario, variant, parameter and strategy names
      [['run', 'lost-updat'], /^error: unknown scenario "lost-updat" \(built-in: .*\)\. Did you mean "lost-update"\?$/],
      [['run', 'lost-update', '--variant', 'bda'], /^error: unknown variant "bda" of scenario "lost-update" \(variants: .*\)\. Did you mean "bad"\?$/],
      [['run', 'lost-update', '--param', 'goroutine=3'], /^error: unknown parameter "goroutine" of scenario "lost-update" \(parameters: .*\)\. Did you mean "goroutines"\?$/],
      [['run', 'lost-update', '--strategy', 'pcr'], /^error: unknown strategy "pcr" \(strategies: .*\)\. Did you mean "pct"\?$/],
      [['explore', 'lost-update', '--strategy', 'dsf'], /Did you mean "dfs"\?$/],
      // parameters: the default's type and bounds
      [['run', 'lost-update', '--param', 'goroutines=1e6'], /^error: parameter "goroutines" of scenario "lost-update" must be at most 10000 \(its bound; a scenario sets bounds with paramBounds\), got "1e6"$/],
      [['run', 'lost-update', '--param', 'goroutines=-1'], /^error: parameter "goroutines" of scenario "lost-update" must be at least 0 \(its bound; .*\), got "-1"$/],
      [['replay', 'a.json', 'b.json'], /^error: replay takes one failure file or schedule string, but 2 were given \(a\.json, b\.json\): name one, e\.g\. interleave replay a\.json$/],
      [['run', 'lost-update', '--param', 'nope=1'], /unknown parameter "nope"/],
      [['run', 'lost-update', '--param', 'rounds=x'], /parameter "rounds" .* must be a finite number/],
      [['run', 'lost-update', '--time-limit', 'soon'], /--time-limit must be a positive duration/],
      [['run', './missing.scenario.ts'], /scenario file \.\/missing\.scenario\.ts does not exist/],
      [['replay', 'missing.json'], /failure file missing\.json does not exist/],
      [['replay', 'not-a-schedule'], /not an interleave schedule/],
      [['replay', 'il1:lost-update:bad:e30:0.1:00000000'], /checksum mismatch/],
      [['explore'], /name the scenarios to explore, or pass --all/],
      [['explore', '--all', '--shard', '3/2'], /--shard must be I\/N/],
      [['explore', 'lost-update', '--variant', 'nope'], /unknown variant "nope"/],
      [['explore', 'lost-update', '--workers', '0'], /--workers must be a positive integer/],
      [['run', 'lost-update', '--out', '/dev/null'], /--out \/dev\/null is not a directory/],
    ])('should refuse %j with one line and exit 2', (args, pattern) => {
      expectBadInput(run(args as string[]), pattern as RegExp);
    });

    it('should refuse a directory given as a failure file or scenario file', () => {
      fs.mkdirSync(path.join(work, 'adir.json'), { recursive: true });
      expectBadInput(run(['replay', 'adir.json']), /failure file adir\.json is a directory/);
      fs.mkdirSync(path.join(work, 'adir.ts'), { recursive: true });
      expectBadInput(run(['run', './adir.ts']), /scenario file \.\/adir\.ts is a directory/);
    });

    it('should refuse a malformed JSON file', () => {
      write('broken.json', '{"format": "interleave-failure", ');
      expectBadInput(run(['replay', 'broken.json']), /failure file broken\.json is not valid JSON/);
      write('other.json', '{"hello": 1}');
      expectBadInput(run(['replay', 'other.json']), /other\.json is not an interleave failure file/);
    });

    it('should refuse a failure file of another format version or engine version', () => {
      const f = JSON.parse(fs.readFileSync(failure, 'utf8')) as Record<string, unknown>;
      write('v2.json', JSON.stringify({ ...f, version: 2 }));
      expectBadInput(run(['replay', 'v2.json']), /format version 2; this interleave reads version 1/);
      write('engine.json', JSON.stringify({ ...f, engineVersion: '0.0.1-old' }));
      expectBadInput(run(['replay', 'engine.json']), /written by interleave engine 0\.0\.1-old, this is engine /);
    });

    it('should refuse a failure file of a scenario this interleave does not have', () => {
      const f = JSON.parse(fs.readFileSync(failure, 'utf8')) as Record<string, unknown>;
      write('foreign.json', JSON.stringify({ ...f, scenario: { name: 'not-here', file: null } }));
      expectBadInput(run(['replay', 'foreign.json']), /inconsistent|not built in/);
      const sch = 'il1:not-here:v:e30:0:' + fnv('il1:not-here:v:e30:0');
      expectBadInput(run(['replay', sch]), /the schedule is for scenario "not-here", which is not built in: give its scenario file with --scenario FILE/);
    });

    it('should refuse an unreadable failure file', () => {
      const p = write('secret.json', fs.readFileSync(failure, 'utf8'));
      fs.chmodSync(p, 0o000);
      fs.chmodSync(work, 0o755);
      const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
      // root reads anything: run the CLI as an unprivileged user then.
      const r = runCli(cli, ['replay', p], { cwd: '/', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
      expectBadInput(r, /cannot read failure file .*secret\.json: permission denied/);
    });
  });

  describe('shrink', () => {
    it('should shrink a failure file to a new failure file, saying how much it shrank', () => {
      const o = JSON.parse(run(['run', 'lost-update', '--variant', 'bad', '--json', '--out', 'out-shrink']).stdout) as { violation: { replayFile: string } };
      const r = run(['shrink', o.violation.replayFile, '--out', 'out-shrink']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^shrunk: \d+ → \d+ preemptions, \d+ → \d+ steps \(\d+ executions\)$/m);
      expect(r.stdout).toMatch(/replay: interleave replay out-shrink\/lost-update-[0-9a-f]{8}\.json/);
    });

    it('should stop at --shrink-time and say the budget cut it short, with a failure file that replays', () => {
      const o = JSON.parse(run(['run', 'dining-philosophers', '--variant', 'naive', '--json', '--out', 'out-shrink-time']).stdout) as { violation: { replayFile: string } };
      const r = run(['shrink', o.violation.replayFile, '--out', 'out-shrink-time', '--shrink-time', '1ms', '--json']);
      expect(r.code).toBe(1);
      const again = run(['replay', (JSON.parse(r.stdout) as { violation: { replayFile: string } }).violation.replayFile, '--json']);
      expect(again.code).toBe(1);
      const text = run(['shrink', o.violation.replayFile, '--out', 'out-shrink-time', '--shrink-time', '1ms']);
      expect(text.stderr).toMatch(/^shrunk: .*stopped by its budget before it was done/m);
    });
  });
});

