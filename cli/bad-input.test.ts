/**
 * The bad-input corpus (cli/test-corpus/, see its README): every case exits 2 with one
 * clear line (or 1 with the documented violation kind), prints no stack trace, and
 * changes or removes no existing file — in-process through `runInProcess` (the same code
 * path as the executable) and as a subprocess.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION } from '../sim/internal';
import { fnv1a as fnv } from '../sim/schedule';
import { runInProcess } from './in-process';
import { buildCli, ROOT, runCli, tempDir, type BuiltCli } from './test-helpers/build';

interface Case {
  readonly name: string;
  readonly args: string[];
  readonly code: number;
  readonly stderr?: string;
  readonly stdout?: string;
  readonly kind?: string;
  /** For `explore --json`: the violation kind of each variant. */
  readonly kinds?: Readonly<Record<string, string>>;
  readonly run?: 'process';
  readonly needs?: 'fifo' | 'mknod';
  readonly asNobody?: boolean;
  /** Environment variables of the subprocess (only with `run: "process"`). */
  readonly env?: Readonly<Record<string, string>>;
}

const CORPUS = path.join(ROOT, 'cli', 'test-corpus');
const cases = JSON.parse(fs.readFileSync(path.join(CORPUS, 'cases.json'), 'utf8')) as Case[];

let cli: BuiltCli;
let work: string;
let corpus: string;
const tokens = new Map<string, string>();
const available = { fifo: false, mknod: false };
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Replaces the corpus tokens in `text`. */
function fill(text: string): string {
  let s = text.replace(/\{corpus\}/g, corpus).replace(/\{work\}/g, work);
  s = s.replace(/@SIGN:([^@]*)@/g, (_m, body: string) => `${body}:${fnv(body)}`);
  for (const [k, v] of tokens) s = s.split(k).join(v);
  return s;
}

function copyCorpus(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === 'cases.json' || e.name === 'README.md') continue;
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyCorpus(src, path.join(to, e.name));
    else fs.writeFileSync(path.join(to, e.name.replace(/\.txt$/, '')), fill(fs.readFileSync(src, 'latin1')), 'latin1');
  }
}

/** Every file under `dir`: its content hash (regular files) or its type. */
function snapshot(dir: string, out = new Map<string, string>(), base = dir): Map<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.relative(base, p);
    if (e.isDirectory()) {
      out.set(`${rel}/`, 'dir');
      snapshot(p, out, base);
    } else if (e.isFile()) {
      const st = fs.statSync(p);
      let hash: string;
      try {
        // big files by identity and time (hashing 20 MB for every case costs more than the case)
        hash = st.size > 1_000_000 ? `big ${st.ino} ${st.size} ${st.mtimeMs} ${st.ctimeMs}` : crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      } catch {
        hash = `unreadable ${st.size} ${st.mtimeMs}`;
      }
      out.set(rel, `${hash} ${st.mode}`);
    } else {
      const st = fs.lstatSync(p);
      out.set(rel, `${e.isFIFO() ? 'fifo' : e.isCharacterDevice() ? 'chardev' : e.isSymbolicLink() ? 'link' : 'other'} ${st.mode} ${st.rdev}`);
    }
  }
  return out;
}

beforeAll(async () => {
  cli = buildCli();
  work = tempDir('interleave-corpus-');
  fs.chmodSync(work, 0o755); // the unprivileged user of the permission case walks it
  corpus = path.join(work, 'corpus');
  // A fresh failure to fill the templates with (in-process: fast).
  const found = await runInProcess(['run', 'lost-update', '--variant', 'bad', '--json', '--out', path.join(work, 'out')]);
  expect(found.code).toBe(1);
  const v = (JSON.parse(found.stdout) as { violation: { kind: string; message: string; schedule: string; replayFile: string; trace: { effect: string }[] } }).violation;
  const file = JSON.parse(fs.readFileSync(v.replayFile, 'utf8')) as { violation: { step: number; time: number } };
  const tampered = v.trace.map((s, i) => (i === 1 ? { ...s, effect: 'tampered' } : s));
  const sch = v.schedule;
  tokens.set('@ENGINE_VERSION@', ENGINE_VERSION);
  tokens.set('@SCHEDULE_FLIPPED@', sch.slice(0, 25) + (sch[25] === 'A' ? 'B' : 'A') + sch.slice(26));
  tokens.set('@SCHEDULE_TRUNCATED@', sch.slice(0, sch.length - 12));
  tokens.set('@SCHEDULE@', sch);
  tokens.set('@KIND@', v.kind);
  tokens.set('@MESSAGE@', JSON.stringify(v.message));
  tokens.set('@STEP@', String(file.violation.step));
  tokens.set('@TIME@', String(file.violation.time));
  tokens.set('@TRACE_TAMPERED@', JSON.stringify(tampered));
  tokens.set('@TRACE@', JSON.stringify(v.trace));
  const hugeBody = `il1:lost-update:bad:e30:${'0.'.repeat(50_000)}0`;
  tokens.set('@HUGE_SCHEDULE@', `${hugeBody}:${fnv(hugeBody)}`);
  tokens.set('@HUGE_GARBAGE@', 'x'.repeat(100_000));
  tokens.set('@NINES@', '9'.repeat(400));
  copyCorpus(CORPUS, corpus);

  // What is too big or too odd for the repository.
  const gen = path.join(work, 'generated');
  fs.mkdirSync(gen);
  const valid = fs.readFileSync(path.join(corpus, 'failure-files', 'valid.json'), 'utf8');
  const base = JSON.parse(valid) as Record<string, unknown>;
  fs.writeFileSync(path.join(gen, 'deep-nesting.json'), JSON.stringify({ ...base, trace: 'X' }).replace('"X"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
  fs.writeFileSync(path.join(gen, 'huge-message.json'), JSON.stringify({ ...base, violation: { ...(base['violation'] as object), message: 'm'.repeat(20_000_000) } }));
  const pass = 'il1:lost-update:fixed:e30:0x5.1x5';
  fs.writeFileSync(path.join(gen, 'passing-schedule.json'), JSON.stringify({ ...base, variant: 'fixed', schedule: `${pass}:${fnv(pass)}` }));
  fs.writeFileSync(path.join(gen, 'unreadable.json'), valid, { mode: 0o000 });
  try {
    execFileSync('mkfifo', [path.join(gen, 'fifo.json')], { stdio: 'ignore' });
    available.fifo = true;
  } catch {
    available.fifo = false;
  }
  try {
    execFileSync('mknod', [path.join(gen, 'null-device'), 'c', '1', '3'], { stdio: 'ignore' });
    available.mknod = true;
  } catch {
    available.mknod = false;
  }
  // An existing report file that a case might try to replace.
  fs.writeFileSync(path.join(work, 'existing-report.html'), '<p>keep me</p>\n');
}, 60_000);

afterAll(() => {
  cli?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Checks one run of a case against the table, and that no existing file changed. */
function check(c: Case, r: { code: number | null; stdout: string; stderr: string }, before: Map<string, string>): void {
  const label = { case: c.name };
  const after = snapshot(work);
  for (const [file, hash] of before) expect({ ...label, file, hash: after.get(file) }).toEqual({ ...label, file, hash });
  if (c.code === 2) expect({ ...label, created: [...after.keys()].filter((f) => !before.has(f)) }).toEqual({ ...label, created: [] });
  expect({ ...label, code: r.code }).toEqual({ ...label, code: c.code });
  // never a stack trace, never an internal error
  expect({ ...label, stack: /^\s+at .+[:(]\d+/m.test(r.stderr + r.stdout) || /internal error/.test(r.stderr) }).toEqual({ ...label, stack: false });
  if (c.code === 2) {
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    expect({ ...label, lines: lines.length, stdout: r.stdout }).toEqual({ ...label, lines: 1, stdout: '' });
    expect(lines[0]).toMatch(/^error: \S/);
    expect(lines[0]).toMatch(new RegExp(fill(c.stderr!)));
    expect(lines[0]!.length).toBeLessThanOrEqual(2100);
  }
  if (c.kind !== undefined) {
    const o = JSON.parse(r.stdout) as { violation: { kind: string } | null };
    expect({ ...label, kind: o.violation?.kind }).toEqual({ ...label, kind: fill(c.kind) });
  }
  if (c.kinds !== undefined) {
    const o = JSON.parse(r.stdout) as { results: { variant: string; violation: { kind: string } | null }[] };
    expect({ ...label, kinds: Object.fromEntries(o.results.map((x) => [x.variant, x.violation?.kind])) }).toEqual({ ...label, kinds: c.kinds });
  }
  if (c.stdout !== undefined) expect(r.stdout).toMatch(new RegExp(c.stdout));
}

const skipped = (c: Case): boolean => c.needs !== undefined && !available[c.needs];

describe('bad input corpus', () => {
  it('should run a case that sets its environment only as a subprocess', () => {
    for (const c of cases) if (c.env !== undefined) expect({ case: c.name, run: c.run }).toEqual({ case: c.name, run: 'process' });
  });

  it('should have a case for every corpus file', () => {
    const used = cases.map((c) => c.args.join(' ')).join('\n');
    for (const dir of ['failure-files', 'scenarios']) {
      for (const f of fs.readdirSync(path.join(CORPUS, dir))) {
        if (f === 'valid.json') continue;
        expect({ file: f, used: used.includes(`${dir}/${f.replace(/\.txt$/, '')}`) }).toEqual({ file: f, used: true });
      }
    }
  });

  describe('in-process', () => {
    let cwd: string;
    beforeAll(() => {
      cwd = process.cwd();
      process.chdir(work); // relative defaults (interleave-out) land in the work directory
    });
    afterAll(() => process.chdir(cwd));

    it.each(cases.filter((c) => c.run !== 'process').map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      if (skipped(c)) return;
      const before = snapshot(work);
      const r = await runInProcess(c.args.map(fill));
      check(c, r, before);
      expect(Object.keys(Object.prototype)).toEqual([]);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });

  describe('as a subprocess', () => {
    // Every case that needs a real process, and a sample of the rest (one per kind of input).
    const sample = new Set(['a 20 MB message', 'a failure file of another scenario', 'a trace that the replay does not reproduce', 'a schedule string with a flipped character', '--shard 3/2', '--html to a character device writes through it']);
    it.each(cases.filter((c) => c.run === 'process' || sample.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
      if (skipped(c)) return;
      const before = snapshot(work);
      const who = c.asNobody === true && asRoot ? { uid: 65534, gid: 65534 } : {};
      const env = c.env === undefined ? {} : { env: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)])) };
      const r = runCli(cli, c.args.map(fill), { cwd: work, ...who, ...env });
      check(c, r, before);
    });
  });
});
