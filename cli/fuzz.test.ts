/**
 * Property-based fuzzing of the CLI entry in-process (`runInProcess`, the code path of
 * the executable), seeded: random argument lists, random failure files, corrupted
 * schedule strings and mutated schedule strings that pass the checksum (so they reach
 * the replay itself) never make it throw, never exit 3 (an internal error), never print a
 * stack trace, never pollute `Object.prototype`, and never change the input they read.
 * Bad input is one line `error: …` with exit 2 and nothing on stdout; a schedule replays
 * the same way twice. Each property also checks that its cases reach past the argument
 * checks (a fuzzer whose every case is refused up front tests little).
 *
 * An exception that escapes a run asynchronously (an unhandled rejection, a throw in a
 * timer) fails the running test through Jest itself: Jest gives each test file its own
 * `process` object, on which `process.on('uncaughtException')` never fires, so the test
 * cannot listen for it; it awaits a turn of the event loop after every case instead, so
 * that such an error surfaces in the case that caused it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { explore } from '../sim/internal';
import { fnv1a } from '../sim/schedule';
import { registry } from '../scenarios/registry';
import { runInProcess, type InProcessRun } from './in-process';

const SEED = 20_261_121;

let work: string;
let cwd: string;
let validText: string;
let schedule: string;
let counter = 0;

/** Lets anything a run left on the event loop happen now, inside its case. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Exit codes seen by each property (to check the cases reach past the argument checks). */
const codes = { argv: [0, 0, 0], files: [0, 0, 0], corrupted: [0, 0, 0], signed: [0, 0, 0] };

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-fuzz-'));
  cwd = process.cwd();
  process.chdir(work); // anything written by default (interleave-out/) lands here
  const r = await runInProcess(['run', 'lost-update', '--variant', 'bad', '--json', '--out', 'base']);
  const v = (JSON.parse(r.stdout) as { violation: { replayFile: string; schedule: string } }).violation;
  validText = fs.readFileSync(v.replayFile, 'utf8');
  schedule = v.schedule;
  fs.writeFileSync(path.join(work, 'valid.json'), validText);
  fs.mkdirSync(path.join(work, 'a-dir'));
});

afterAll(() => {
  process.chdir(cwd);
  fs.rmSync(work, { recursive: true, force: true });
});

/** The invariants of every run, whatever the input; counts its exit code under `tally`. */
function checkRun(r: InProcessRun, args: readonly string[], tally: number[]): void {
  const where = `interleave ${JSON.stringify(args).slice(0, 300)}`;
  if (![0, 1, 2].includes(r.code)) throw new Error(`${where}: exit ${r.code}: ${r.stderr.slice(0, 500)}`);
  if (/internal error/.test(r.stderr)) throw new Error(`${where}: ${r.stderr.slice(0, 500)}`);
  if (/^\s+at .+[:(]\d+/m.test(r.stderr)) throw new Error(`${where}: a stack trace: ${r.stderr.slice(0, 500)}`);
  if (r.code === 2) {
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    if (lines.length !== 1 || !/^error: \S/.test(lines[0]!) || r.stdout !== '') throw new Error(`${where}: bad input must be one error line: ${JSON.stringify(r.stderr.slice(0, 500))}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}`);
  }
  if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>)['polluted'] !== undefined) throw new Error(`${where}: Object.prototype was polluted`);
  tally[r.code]!++;
}

/** Values for flags: valid, borderline and hostile. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('1', '2', '3', '0', '-1', '-0', 'NaN', 'Infinity', '1e309', '1e3', '0x10', '1.5', '', ' ', '9'.repeat(30), 'abc', 'true', 'false', '__proto__', 'constructor') },
  { weight: 3, arbitrary: fc.constantFrom('1/2', '2/2', '3/2', '0/2', '1/0', '-1/2', '1/2/3', 'a/b', '10ms', '50ms', '1s', '0s', '1.5m', '2h', '-5s', 'soon') },
  { weight: 3, arbitrary: fc.constantFrom('rounds=2', 'goroutines=3', 'rounds=NaN', 'rounds=1e309', 'rounds=-1', 'rounds', '=2', '__proto__=1', 'constructor=1', 'toString=x', 'consumers=2', 'meals=0') },
  { weight: 2, arbitrary: fc.constantFrom('random', 'pct', 'pos', 'surw', 'dfs', 'portfolio', 'replay', 'magic', 'text', 'json', 'html', 'junit', 'xml', 'fixed', 'bad', 'naive', 'correct', 'nope') },
  { weight: 2, arbitrary: fc.constantFrom('out', 'a-dir', 'valid.json', 'missing.json', 'new/nested/dir', 'report.html', 'report.xml', '.', './out', 'a-dir/') },
  // random text, kept inside the work directory when it is used as a path
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map((x) => x.replace(/^[/\\~]+/, '').replace(/\.\./g, '_')) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

const FLAGS = [
  '--variant', '--param', '--strategy', '--seed', '--runs', '--max-steps', '--time-limit', '--json', '--out', '--report', '--html', '--junit',
  '--trace-steps', '--watchdog', '--idle-timers', '--depth', '--preemption-bound', '--delay-bound', '--dpor', '--no-dpor', '--progress', '--no-progress',
  '--color', '--no-color', '--workers', '--shard', '--unit-runs', '--scenario', '--help', '--version', '--frobnicate', '--__proto__.polluted',
  '--constructor.prototype.polluted', '--', '--runs=2', '--seed=-3', '--json=false',
];

/** A positional argument: a command, a scenario, a file, a schedule, or junk. */
const positional = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('lost-update', 'bug-abba-deadlock', 'dining-philosophers', 'bounded-buffer', 'bug-lost-wakeup', 'no-such-scenario', 'Lost-Update', '') },
  { weight: 2, arbitrary: fc.constantFrom('valid.json', 'a-dir', 'missing.json', './x.ts', '/etc/passwd', '/dev/zero', 'il1:', 'il2:a:b:c:d:e', '-') },
  { weight: 2, arbitrary: fc.constant(null).map(() => schedule) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const argvArb = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('run', 'replay', 'shrink', 'explore', 'list') },
      { weight: 1, arbitrary: fc.constantFrom('', 'frob', '--help', '--version', 'RUN', 'help') },
    ),
    fc.array(positional, { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(value, { nil: undefined, freq: 4 })), { maxLength: 6 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([command, positionals, flags, dice]) => {
    const args = [command, ...positionals];
    if (dice === 0) args.push('--all'); // every scenario: rare, it costs a hundred executions
    const budgeted = command === 'run' || command === 'explore';
    for (const [flag, given] of flags) {
      let v = given;
      // Budgets stay small: a valid large count or duration becomes a small one.
      if (v !== undefined && /^--(runs|unit-runs|depth)$/.test(flag) && /^\s*\d+\s*$/.test(v) && Number(v) > 5) v = '5';
      if (v !== undefined && flag === '--time-limit' && /^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/.test(v)) v = '30ms';
      args.push(flag);
      if (v !== undefined) args.push(v);
    }
    // Keep every execution cheap: a small budget unless the case is about the budget (only
    // for the commands that take one: `list --runs 2` would be refused before it ran).
    if (budgeted && !flags.some(([f]) => f.startsWith('--runs') || f === '--time-limit' || f === '--')) args.push('--runs', '2');
    if (budgeted && !flags.some(([f]) => f === '--out' || f === '--')) args.push('--out', 'out');
    return args;
  });

/** A mutation of a valid failure file, as text. */
const KEYS = ['format', 'version', 'engineVersion', 'scenario', 'variant', 'params', 'strategy', 'seed', 'execution', 'schedule', 'violation', 'trace', '__proto__', 'constructor', 'prototype', 'extra'];
const SUBKEYS = ['name', 'file', 'kind', 'message', 'step', 'time', 'goroutines', 'rounds', '__proto__', 'constructor', '0', 'effect'];
const jsonish = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, 0, -1, 1, 1.5, 2 ** 53, '', 'x', '<script>', '\u001b[31m', [], {}, [null], { polluted: true }, 'lost-update', 'bad', 'fixed', '/etc/passwd', '/tmp', 'il1:') },
);

type Edit =
  | { op: 'set'; key: string; sub: string | null; v: unknown }
  | { op: 'delete'; key: string; sub: string | null }
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; ch: string }
  | { op: 'schedule'; at: number; ch: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...KEYS), sub: fc.option(fc.constantFrom(...SUBKEYS), { nil: null }), v: jsonish }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KEYS), sub: fc.option(fc.constantFrom(...SUBKEYS), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 1 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('schedule' as const), at: fc.nat(), ch: fc.constantFrom('0', '1', 'x', ':', '.', 't', 'r', 'A', '') }) },
);

/** A failure file after `edits`, as JSON text (object edits) or raw text (byte edits). */
function applyEdits(edits: readonly Edit[]): string {
  let o: Record<string, unknown> = JSON.parse(validText) as Record<string, unknown>;
  let text: string | null = null;
  for (const e of edits) {
    if (text !== null || e.op === 'truncate' || e.op === 'flip') {
      const t: string = text ?? JSON.stringify(o, null, 2);
      if (e.op === 'truncate') text = t.slice(0, e.at % (t.length + 1));
      else if (e.op === 'flip') {
        const i = e.at % Math.max(1, t.length);
        text = t.slice(0, i) + e.ch + t.slice(i + 1);
      } else text = t;
      continue;
    }
    if (e.op === 'schedule') {
      const s = String(o['schedule']);
      const i = e.at % Math.max(1, s.length);
      o = { ...o, schedule: s.slice(0, i) + e.ch + s.slice(i + 1) };
      continue;
    }
    // own properties only: `o.__proto__` is Object.prototype, which the edits must not touch
    const own = (x: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(x, k) ? x[k] : undefined);
    const target = (e.sub === null ? o : own(o, e.key)) as Record<string, unknown>;
    const key = e.sub === null ? e.key : e.sub;
    if (typeof target !== 'object' || target === null) continue;
    if (e.op === 'delete') delete target[key];
    else Object.defineProperty(target, key, { value: e.op === 'set' ? e.v : undefined, enumerable: true, writable: true, configurable: true });
  }
  return text ?? JSON.stringify(o);
}

describe('fuzzing the CLI in-process', () => {
  it('should survive thousands of random argument lists', async () => {
    await fc.assert(
      fc.asyncProperty(argvArb, async (args) => {
        const r = await runInProcess(args);
        await settle();
        checkRun(r, args, codes.argv);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // Not every case refused up front: a good share ran (exit 0 or 1).
    expect(codes.argv[0]! + codes.argv[1]!).toBeGreaterThan(1500 * 0.15);
  }, 240_000);

  it('should survive thousands of random failure files, in replay and shrink', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 3 }), fc.boolean(), async (edits, doShrink) => {
        const text = applyEdits(edits);
        const file = path.join(work, `f${counter++}.json`); // a new file: rewriting one costs more here
        fs.writeFileSync(file, text);
        const args = doShrink ? ['shrink', file, '--json', '--out', 'shrunk'] : ['replay', file, '--json'];
        const r = await runInProcess(args);
        await settle();
        checkRun(r, args, codes.files);
        if (fs.readFileSync(file, 'utf8') !== text) throw new Error(`${args.join(' ')} changed its input`);
        if (r.code !== 2) {
          const o = JSON.parse(r.stdout) as { violation: { kind: string } | null };
          if (r.code === 1 && o.violation === null) throw new Error(`${args.join(' ')}: exit 1 without a violation`);
        }
        fs.unlinkSync(file);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // Edits that keep the file valid replay it (exit 1); the rest are refused (exit 2).
    expect(codes.files[1]).toBeGreaterThan(1500 * 0.15);
    expect(codes.files[2]).toBeGreaterThan(1500 * 0.15);
  }, 240_000);

  it('should survive thousands of corrupted schedule strings', async () => {
    const mutation = fc.oneof(
      fc.record({ at: fc.nat(), ch: fc.string({ maxLength: 3 }), cut: fc.constant(false) }),
      fc.record({ at: fc.nat(), ch: fc.constant(''), cut: fc.constant(true) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        let s = schedule;
        for (const m of ms) {
          const i = m.at % (s.length + 1);
          s = m.cut ? s.slice(0, i) : s.slice(0, i) + m.ch + s.slice(i + 1);
        }
        const args = ['replay', s, '--json'];
        const r = await runInProcess(args);
        await settle();
        checkRun(r, args, codes.corrupted);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  }, 120_000);

  it('should survive thousands of mutated schedule strings that pass the checksum, and replay each the same way twice', async () => {
    // A failing schedule of every built-in scenario (unshrunk: longer, more kinds of choice),
    // but the SCTBench ports: their replays are tested in scenarios/sctbench, and some of
    // their bugs are out of reach of 200 random or pos executions (twostage_100).
    const bases: { scenario: string; variant: string; variants: string[]; params: Record<string, unknown>; header: string; choices: string[] }[] = [];
    const fuzzed = registry().filter((e) => e.group !== 'sctbench');
    for (const { scenario: sc } of fuzzed) {
      const tries = ['random', 'pos'].flatMap((strategy) => sc.variants.filter((x) => x.expect === 'fail').map((v) => [strategy, v.name] as const));
      for (const [strategy, variant] of tries) {
        const found = explore(sc, { variant, strategy, seed: 1, runs: 200, shrink: false }).violation;
        if (found === undefined) continue;
        const [, , , header, choices] = found.schedule.split(':') as [string, string, string, string, string];
        bases.push({ scenario: sc.name, variant, variants: sc.variants.map((x) => x.name), params: { ...sc.params }, header, choices: choices === '-' ? [] : choices.split('.') });
        break;
      }
    }
    expect(bases.length).toBe(fuzzed.length);

    const token = fc
      .tuple(fc.constantFrom('', '', 't', 'r'), fc.nat({ max: 12 }), fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined, freq: 3 }))
      .map(([tag, id, n]) => `${tag}${id}${n === undefined ? '' : `x${n}`}`);
    const edit = fc.tuple(fc.constantFrom('set', 'delete', 'insert', 'repeat', 'cut'), fc.nat(), token);
    // Parameter values stay small: the CLI runs in-process here, without the worker's watchdog,
    // so a million goroutines would stall the test (the corpus runs those in a subprocess).
    const value = fc.constantFrom<unknown>(-1, 0, 1, 2, 3, 1.5, 1e309, true, false, 'x', '', null, {}, [], 'SIGSTOP');
    const header = fc.record(
      {
        p: fc.array(fc.tuple(fc.nat(), value, fc.boolean()), { maxLength: 3 }),
        o: fc.dictionary(fc.constantFrom('idleTimers', 'quantum', 'maxSteps', 'other'), fc.constantFrom<unknown>(true, false, 0, 1, 3, 1000, -1, 1.5, 2 ** 53, 'x', null), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(edit, { maxLength: 4 }), fc.option(header, { nil: undefined, freq: 3 }), fc.nat({ max: 9 }), async (pick, edits, head, variantDice) => {
        const base = bases[pick % bases.length]!;
        const choices = [...base.choices];
        for (const [op, at, tok] of edits) {
          const i = choices.length === 0 ? 0 : at % choices.length;
          if (op === 'set' && choices.length > 0) choices[i] = tok;
          else if (op === 'delete') choices.splice(i, 1);
          else if (op === 'insert') choices.splice(i, 0, tok);
          else if (op === 'repeat') choices.splice(i, 0, ...choices.slice(i, i + 3));
          else choices.length = i;
        }
        let encodedHead = base.header;
        if (head !== undefined) {
          const keys = [...Object.keys(base.params), 'x', '__proto__', 'constructor'];
          const p: Record<string, unknown> = {};
          for (const [k, v, keepDefault] of head.p ?? []) {
            const key = keys[k % keys.length]!;
            Object.defineProperty(p, key, { value: keepDefault && key in base.params ? base.params[key] : v, enumerable: true, writable: true, configurable: true });
          }
          encodedHead = Buffer.from(JSON.stringify({ p, o: head.o ?? {} })).toString('base64url');
        }
        // Mostly the variant the schedule was found in; sometimes another of the scenario's.
        const variant = variantDice === 0 ? base.variants[pick % base.variants.length]! : base.variant;
        const body = `il1:${base.scenario}:${variant}:${encodedHead}:${choices.length === 0 ? '-' : choices.join('.')}`;
        const s = `${body}:${fnv1a(body)}`;
        const args = ['replay', s, '--json'];
        const r = await runInProcess(args);
        await settle();
        checkRun(r, args, codes.signed);
        if (r.code === 2) return;
        const again = await runInProcess(args);
        const stable = (t: string): string => t.replace(/"elapsedMs":\d+/, '"elapsedMs":0');
        if (again.code !== r.code || stable(again.stdout) !== stable(r.stdout)) throw new Error(`replay ${s}: two replays differ`);
        if (r.code === 1 && (JSON.parse(r.stdout) as { violation: unknown }).violation === null) throw new Error(`replay ${s}: exit 1 without a violation`);
      }),
      { seed: SEED, numRuns: 1000 },
    );
    // Most of them reach the replay: a violation or a divergence (exit 1), or a pass (exit 0).
    expect(codes.signed[0]! + codes.signed[1]!).toBeGreaterThan(1000 * 0.4);
  }, 240_000);
});
