/**
 * Scale edges (issue 7, part 7): 10,000 goroutines in one execution (and, with its whole
 * 40,000-step trace kept and replayed, under 256 MB peak RSS); one execution of
 * 1,000,000 steps in bounded memory; `yield*` nested thousands of levels deep in user code
 * — on the main thread (where the stack overflows at some 4,000 levels, reported as a
 * `panic`, the same on replay) and through the CLI, whose worker threads have a 64 MiB
 * stack (no overflow at 50,000 levels, and replay agrees). Peak RSS is measured in child
 * processes (`process.resourceUsage().maxRSS`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defineScenario, explore, replay, type Routine, type Sim } from '.';
import { buildCli, runCli, tempDir, type BuiltCli } from '../cli/test-helpers/build';

let cli: BuiltCli;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = tempDir('interleave-scale-');
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

/** `n` goroutines that each add 1 to an atomic (with `locked`, under one mutex). */
const many = defineScenario({
  name: 'many-goroutines',
  description: 'thousands of goroutines in one execution',
  variants: { atomic: 'each adds once', mutex: 'each adds once under one mutex' },
  params: { goroutines: 10_000 },
  maxSteps: 1_000_000,
  setup(sim: Sim, { variant, params }) {
    const n = sim.atomic('n', 0);
    const m = sim.mutex('m');
    for (let i = 0; i < params.goroutines; i++) {
      sim.go('w', function* () {
        if (variant === 'mutex') yield* m.lock();
        yield* n.add(1);
        if (variant === 'mutex') yield* m.unlock();
      });
    }
    sim.atEnd('every add landed', () => n.value === params.goroutines || `n is ${n.value}`);
  },
});

/** Nests `yield*` `depth` levels deep, then two goroutines race at the bottom. */
function* down(sim: Sim, n: ReturnType<Sim['shared']>, d: number): Routine {
  if (d === 0) {
    const v = (yield* n.load()) as number;
    yield* n.store(v + 1);
    return;
  }
  yield* down(sim, n, d - 1);
}
const deep = defineScenario({
  name: 'deep-nesting',
  description: 'yield* nested deep in user code',
  variants: { race: { description: 'two goroutines race at the bottom', expect: 'fail' } },
  params: { depth: 2000 },
  setup(sim: Sim, { params }) {
    const n = sim.shared('n', 0);
    sim.go('a', () => down(sim, n, params.depth));
    sim.go('b', () => down(sim, n, params.depth));
  },
});

/**
 * The child's peak RSS in KB: its own memory's high-water mark (Linux `VmHWM`), else
 * `maxRSS`. Not `maxRSS` alone: on Linux it keeps the high-water mark of the memory the
 * child was spawned from, so a child of a large test process reported the parent's size
 * (282 MB in both tests below, in a full `npm test` run).
 */
const PEAK_RSS_KB = `(() => { try { const m = /VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); if (m) return Number(m[1]); } catch {} return process.resourceUsage().maxRSS; })()`;

/** Runs `script` in a child node process with the built engine as `sim`; returns its JSON line and peak RSS (MB). */
function measure(script: string): { out: Record<string, unknown>; rssMb: number } {
  const code = `const sim = require(${JSON.stringify(path.join(cli.dir, 'sim', 'index.js'))});\nconst out = (() => {${script}})();\nconsole.log(JSON.stringify({ out, rss: ${PEAK_RSS_KB} }));`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as { out: Record<string, unknown>; rss: number };
  return { out: o.out, rssMb: Math.round(o.rss / 1024) };
}

describe('scale edges', () => {
  it.each(['atomic', 'mutex'])('should run 10,000 goroutines in one execution (%s)', (variant) => {
    const r = explore(many, { variant, runs: 1, seed: 1 });
    expect(r.violation).toBeUndefined();
    expect(r.steps).toBe(variant === 'atomic' ? 20_000 : 40_000);
  }, 60_000);

  it('should run 10,000 goroutines in one execution in bounded memory, and replay it', () => {
    const script = (n: number): string => `
      const s = sim.defineScenario({ name: 'many', description: '', variants: { v: 'x' }, maxSteps: 1000000,
        setup(x) { const m = x.mutex('m'); const c = x.atomic('c', 0); for (let i = 0; i < ${n}; i++) x.go('w', function* () { yield* m.lock(); yield* c.add(1); yield* m.unlock(); });
          x.atEnd('all', () => c.value === ${n} - 1 || 'c is ' + c.value); } });
      const r = sim.explore(s, { runs: 1, seed: 1, shrink: false });
      const again = sim.replay(s, r.violation.schedule);
      return { steps: r.steps, violation: r.violation.kind, trace: r.violation.trace.length, same: again.violation.message === r.violation.message && again.trace.length === r.violation.trace.length };`;
    // an at-end check that fails on purpose: the run keeps its whole trace, and replays it
    const small = measure(script(1000));
    const big = measure(script(10_000));
    expect(big.out).toMatchObject({ violation: 'at-end', same: true });
    expect(big.out['trace']).toBeGreaterThanOrEqual(30_000);
    expect(big.rssMb - small.rssMb).toBeLessThan(128);
    expect(big.rssMb).toBeLessThan(256);
  }, 120_000);

  it('should run one execution of 1,000,000 steps in memory that does not grow with the steps', () => {
    const script = (steps: number): string => `
      const s = sim.defineScenario({ name: 'long', description: '', variants: { v: 'x' }, maxSteps: 2000000,
        setup(x) { const n = x.atomic('n', 0); x.go('loop', function* () { for (let i = 0; i < ${steps}; i++) yield* n.add(1); }); } });
      const t = Date.now();
      const r = sim.explore(s, { runs: 1 });
      return { steps: r.steps, violation: r.violation ? r.violation.kind : null, ms: Date.now() - t };`;
    const small = measure(script(10_000));
    const big = measure(script(1_000_000));
    expect(big.out).toMatchObject({ steps: 1_000_001, violation: null });
    expect(big.rssMb - small.rssMb).toBeLessThan(64); // no per-step memory without a trace
    expect(big.rssMb).toBeLessThan(256);
  }, 60_000);

  it('should nest yield* 2,000 levels deep on the main thread', () => {
    const r = explore(deep, { params: { depth: 2000 }, runs: 20, seed: 1 });
    expect(r.violation?.kind).toBe('data-race');
  });

  it('should report a stack overflow from nesting 100,000 levels deep as a panic, the same on replay', () => {
    const r = explore(deep, { params: { depth: 100_000 }, runs: 1, seed: 1 });
    expect(r.violation?.kind).toBe('panic');
    expect(r.violation?.message).toMatch(/threw RangeError: Maximum call stack size exceeded/);
    const again = replay(deep, r.violation!.schedule);
    expect(again.violation?.message).toBe(r.violation!.message);
    expect(again.trace).toEqual(r.violation!.trace);
  });

  it('should nest yield* 50,000 levels deep through the CLI (worker threads) without overflow, and replay it', () => {
    const file = path.join(work, 'deep.scenario.ts');
    fs.writeFileSync(
      file,
      `import { defineScenario } from 'interleave';
export default defineScenario({
  name: 'deep-nesting',
  description: 'yield* nested deep in user code',
  variants: { race: { description: 'two goroutines race at the bottom', expect: 'fail' } },
  params: { depth: 50000 },
  setup(sim, { params }) {
    const n = sim.shared('n', 0);
    function* down(d: number): Generator<any, void, any> {
      if (d === 0) { const v = yield* n.load(); yield* n.store(v + 1); return; }
      yield* down(d - 1);
    }
    sim.go('a', () => down(params.depth));
    sim.go('b', () => down(params.depth));
  },
});
`,
    );
    const r = runCli(cli, ['run', file, '--runs', '5', '--json'], { cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const v = (JSON.parse(r.stdout) as { violation: { kind: string; replayFile: string; trace: unknown[] } }).violation;
    expect(v.kind).toBe('data-race');
    const again = runCli(cli, ['replay', v.replayFile, '--json'], { cwd: work });
    expect(again.code).toBe(1);
    const w = (JSON.parse(again.stdout) as { violation: { kind: string; trace: unknown[] } }).violation;
    expect(w.kind).toBe('data-race'); // not nondeterminism: replay runs on the same stack
    expect(w.trace).toEqual(v.trace);
  }, 60_000);
});
