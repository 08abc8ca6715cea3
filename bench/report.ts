/**
 * Writes `BENCHMARKS.md` from the results: the targets, then one section per benchmark,
 * every row with the command that reproduces it.
 */
import { structMarkdown } from './struct-bench';
import { formatCell } from './strategy-bench';
import type { ProfileSummary } from './profile';
import type { BenchResults } from './results';
import { fmtCount, fmtMB, fmtMs, fmtRate, fmtRatio } from './stats';
import { PLAIN_CAP_MAX } from './dpor-bench';
import { sctbenchMarkdown } from './sctbench-bench';

/** A markdown table; cells are escaped for `|`. */
export function mdTable(head: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`| ${head.map(esc).join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n');
}

function fmtBytes(b: number): string {
  return b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e4 ? `${(b / 1e3).toFixed(1)} kB` : `${b.toFixed(0)} B`;
}

function code(s: string): string {
  return `\`${s}\``;
}

function load(l: readonly number[]): string {
  return l.map((x) => x.toFixed(2)).join(' / ');
}

/** The whole BENCHMARKS.md. `chartPath` is the SVG file, relative to the project root. */
export function renderMarkdown(r: BenchResults, chartPath: string): string {
  const e = r.environment;
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(`Written by ${code(r.command)} (bench/, compiled with tsconfig.bench.json: the same compiler options as dist/). Machine-readable: ${code('bench/results.json')}.`);
  out.push('');
  out.push(`- ${r.mode} run, started ${e.startedAt}, took ${fmtMs(e.durationMs)}`);
  out.push(`- Node ${e.node} on ${e.platform}, ${e.cores} × ${e.cpuModel}; fast-check ${e.fastCheck}`);
  out.push(`- load average (1 / 5 / 15 min, \`os.loadavg()\`): ${load(e.loadStart)} at the start, ${load(e.loadEnd)} at the end, on ${e.cores} cores shared with other work`);
  out.push(
    '- in-process rates (sections 1 and 2) are per **CPU-second** of the benchmark process (`process.cpuUsage()`, user + system, all its threads), each measured after a forced GC, medians of alternated repetitions: on a loaded machine that is what the wall clock would show with a core to itself; the per-wall-second figures are beside them and in `bench/results.json`. Sections 5 and 6 use wall time and peak RSS of child processes. Execution counts to a bug (sections 2–4) are exact: the same on every run and machine',
  );
  out.push('');
  const failed = Object.entries(r.errors);
  if (failed.length > 0) {
    out.push('**Failed sections** (the rest of the run went on):', '');
    for (const [k, m] of failed) out.push(`- ${k}: ${m.split('\n')[0]}`);
    out.push('');
  }
  out.push('## Targets');
  out.push('');
  out.push(mdTable(['target', 'measured', 'result'], ['l', 'r', 'l'], r.targets.map((t) => [t.target, t.measured, t.pass ? 'pass' : '**MISSED**'])));
  if (r.profiles.length > 0) out.push('', 'Missed targets are profiled below ([Profiles](#profiles-of-missed-targets)).');
  out.push('');
  if (r.engine !== undefined) engine(out, r);
  if (r.peer !== undefined) peer(out, r);
  if (r.strategies !== undefined) strategies(out, r, chartPath);
  if (r.dpor !== undefined) dpor(out, r);
  if (r.scaling !== undefined) scaling(out, r);
  if (r.memory !== undefined) memory(out, r);
  if (r.sctbench !== undefined) out.push(sctbenchMarkdown(r.sctbench));
  if (r.struct !== undefined) out.push(...structMarkdown(r.struct));
  if (r.profiles.length > 0) profiles(out, r);
  return `${out.join('\n')}\n`;
}

function engine(out: string[], r: BenchResults): void {
  const en = r.engine!;
  out.push('## 1. Engine vs the physical limit', '');
  out.push(
    'Steps/s of the engine running the workload (strategy `random`, traces off; one `explore` of one execution per seed) beside a bare generator loop that resumes as many generators as many times, with a seeded pick per step (sfc32, the generator the strategies use) and nothing else; each side repeated to at least 2,000,000 steps per measurement. Alternated in one process; medians. (The bare loop of one workload alone is 20,000–160,000 steps, a few milliseconds: timed alone on the wall clock, as this benchmark did before, a preemption or the engine\'s garbage collected during it makes it look 2–3 times slower, and the ratio 2–3 times better than it is.)',
    '',
  );
  out.push(
    mdTable(
      ['workload', 'engine steps/s', 'bare loop steps/s', 'ratio', 'per wall second: engine / bare', 'reps', 'reproduce'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      en.ratios.map((x) => [x.workload, fmtRate(x.engineStepsPerSec), fmtRate(x.bareStepsPerSec), fmtRatio(x.ratio), `${fmtRate(x.engineStepsPerWallSec)} / ${fmtRate(x.bareStepsPerWallSec)}`, String(x.reps), code(x.command)]),
    ),
  );
  if (en.tiny !== null) {
    const t = en.tiny;
    out.push('', mdTable(['workload', 'executions/s', 'per wall second', 'executions', 'reps', 'reproduce'], ['l', 'r', 'r', 'r', 'r', 'l'], [[t.workload, fmtRate(t.executionsPerSec), fmtRate(t.executionsPerWallSec), String(t.executions), String(t.reps), code(t.command)]]));
  }
  out.push('');
}

function peer(out: string[], r: BenchResults): void {
  const p = r.peer!;
  out.push("## 2. Against a peer: fast-check's `fc.scheduler()`", '');
  out.push(
    '**What each side explores.** fast-check\'s scheduler orders *promise resolutions*: the code awaits `s.schedule(…)` at each point where it wants a choice, and the scheduler resolves the pending scheduled tasks one at a time in a random order; there is no clock (a timer expiry is modelled as one more scheduled task) and no notion of blocking (a mutex is built from promises). interleave explores *goroutine steps and timer expiries*: every effect (`load`, `lock`, `stop`, …) is a scheduling point, a goroutine blocked on a mutex is not a choice, timers fire in deadline order on a virtual clock, and spawning a goroutine is a step of its own. Both pick uniformly among what may happen next (fast-check: pending tasks; interleave `random`: runnable goroutines and fireable timers).',
    '',
  );
  out.push(
    'Both sides run the same code, scheduling point for scheduling point (`bench/peer-promises.ts` and `bench/peer-races.ts`): the lost update (two tasks, load then store), a multi-step race (4 tasks × 10 steps: alternately load and store of one counter) and gVisor\'s `tcpip.Job` stop/reset race (T1 holds L, schedules instance A, then three times cancels and reschedules; fired instances block on L; one `earlyReturn` shared by all instances and reset by the callback — the bug the per-instance flag fixed, `scenarios/tcpip-job` variant `shared-flag-reset-in-callback`). The counters are `atomic`, not `shared`: with `shared`, interleave\'s race detector flags the unsynchronised accesses in the first execution whatever the order (the row "built-in `lost-update`" shows it), and the comparison would not measure exploration.',
    '',
  );
  const waitNote = Object.entries(p.waits)
    .map(([k, w]) => `${k}: \`${w.wait === 'all' ? 'waitAll' : 'waitIdle'}\`${w.earlyEnds > 0 ? ` (\`waitAll\` ended ${w.earlyEnds} of ${w.probeRuns} probe runs early)` : ''}`)
    .join('; ');
  out.push(`fast-check waits for each execution with the fastest wait that runs it to its end (checked before measuring: every task finished): ${waitNote}.`, '');
  out.push('**Throughput** (the race without its check, so no run stops; alternated, medians). Steps are each side\'s own count: fast-check\'s resolved scheduled tasks (a stopped timer\'s task still resolves), interleave\'s kernel steps (including one start step per goroutine: 44 on the multi-step race whose program has 40 scheduling points). The ratio is of executions/s, which on the multi-step race is also the ratio of the program\'s 40 steps per execution.', '');
  out.push(
    mdTable(
      ['race', 'fast-check exec/s', 'fast-check steps/s', 'interleave exec/s', 'interleave steps/s', 'interleave ÷ fast-check', 'exec per wall second: fast-check / interleave', 'reproduce'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      p.throughput.map((x) => [
        x.label,
        fmtRate(x.fastCheck.executionsPerSec),
        fmtRate(x.fastCheck.stepsPerSec),
        fmtRate(x.interleave.executionsPerSec),
        fmtRate(x.interleave.stepsPerSec),
        fmtRatio(x.ratio, true),
        `${fmtRate(x.fastCheck.executionsPerWallSec)} / ${fmtRate(x.interleave.executionsPerWallSec)}`,
        code(x.command),
      ]),
    ),
  );
  out.push('');
  const budget = p.find[0]?.budget ?? 0;
  out.push(`**Executions to the first bug**, seeds 0..19, budget ${budget.toLocaleString('en-US')} executions per seed (\`fc.check(…, { seed, numRuns, endOnFailure: true })\`; \`explore(…, { seed, runs, shrink: false })\`). interleave's \`random\` is the like-for-like walk; \`portfolio\` is what \`interleave explore\` uses by default.`, '');
  out.push(
    mdTable(
      ['race', 'side', 'mean', 'median', 'found', 'wall time (20 seeds)', 'reproduce'],
      ['l', 'l', 'r', 'r', 'r', 'r', 'l'],
      p.find.map((x) => [x.label, x.side, fmtCount(x.mean), x.median === Infinity ? `>${x.budget}` : fmtCount(x.median), `${x.found}/${x.runs.length}`, fmtMs(x.elapsedMs), code(x.command)]),
    ),
  );
  out.push('');
}

function strategies(out: string[], r: BenchResults, chartPath: string): void {
  const s = r.strategies!;
  const st = s.settings;
  out.push('## 3. Strategies: executions to the first bug', '');
  out.push(
    `Every buggy variant of the built-in scenarios (groups kernel, demo, bug-suite), seeds 0..${st.seeds - 1}, budget ${st.budget.toLocaleString('en-US')} executions per seed, \`shrink: false\`. Cell: **median / mean** executions to the first violation (median over the seeds run, a miss counting as more than the budget; mean over the seeds that found it), then (found/seeds run) when some seed missed; \`>${st.budget}\` when the median seed missed. A cell stops after its seeds have used ${st.cellCap.toLocaleString('en-US')} executions, so a cell that misses may show fewer seeds. \`dfs\` (with DPOR) is deterministic: one exploration, its count. \`pct\` at depth 1 is left out: it never preempts a goroutine that can run, so it misses every bug that needs a preemption.`,
    '',
  );
  out.push(`![executions to the first bug per strategy, log scale](${chartPath})`, '');
  const head = ['bug', ...st.strategies, 'kinds', 'reproduce'];
  out.push(
    mdTable(
      head,
      ['l', ...st.strategies.map(() => 'r' as const), 'l', 'l'],
      s.rows.map((row) => [`${row.scenario} / ${row.variant}`, ...row.cells.map((c) => formatCell(c, st.budget)), [...new Set(row.cells.flatMap((c) => c.kinds))].sort().join(', '), code(row.command)]),
    ),
  );
  out.push('');
  // per-strategy summary
  const sums = st.strategies.map((label, i) => {
    const cells = s.rows.map((row) => row.cells[i]!);
    const found = cells.filter((c) => c.median !== Infinity && c.found > 0).length;
    const all = cells.filter((c) => c.found === c.seedsRun).length;
    const ms = cells.reduce((a, c) => a + c.elapsedMs, 0);
    const execs = cells.reduce((a, c) => a + c.executions, 0);
    return [label, `${found}/${cells.length}`, `${all}/${cells.length}`, fmtMs(ms), execs.toLocaleString('en-US')];
  });
  out.push('Per strategy, over all bugs: found by the median seed; found by every seed run; wall time and executions spent on the whole column.', '');
  out.push(mdTable(['strategy', 'median seed finds', 'every seed finds', 'wall time', 'executions'], ['l', 'r', 'r', 'r', 'r'], sums));
  out.push('');
  out.push('Wall time per cell (all seeds run):', '');
  out.push(mdTable(['bug', ...st.strategies], ['l', ...st.strategies.map(() => 'r' as const)], s.rows.map((row) => [`${row.scenario} / ${row.variant}`, ...row.cells.map((c) => fmtMs(c.elapsedMs))])));
  out.push('');
}

function dpor(out: string[], r: BenchResults): void {
  const d = r.dpor!;
  out.push('## 4. DPOR: executions to exhaust each correct variant', '');
  out.push(
    `\`dfs\` with DPOR (source sets and sleep sets) and without (\`dpor: false\`: every interleaving). DPOR is capped at ${d.cap.toLocaleString('en-US')} executions; plain DFS at the larger of that and 10 × DPOR's count + 1 (at most ${PLAIN_CAP_MAX.toLocaleString('en-US')}), so a plain search that does not finish still shows a reduction above 10×; \`>N\` where a search hit its cap N. Reduction = plain ÷ DPOR executions (a lower bound, \`>\`, when plain DFS hit its cap). Goroutines: those one execution spawns (timer bodies included); the target, DPOR ≤ 1/10 of plain DFS, is for three or more. Classes: distinct interleaving classes (Mazurkiewicz traces) checked within the cap.`,
    '',
  );
  const ex = (s: { executions: number; exhausted: boolean }, cap: number): string => (s.exhausted ? String(s.executions) : `>${cap}`);
  out.push(
    mdTable(
      ['correct variant', 'goroutines', 'DPOR executions', 'plain DFS executions', 'reduction', 'classes DPOR / plain', 'time DPOR / plain', 'reproduce'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      d.rows.map((x) => [
        `${x.scenario} / ${x.variant}`,
        String(x.goroutines),
        ex(x.dpor, x.cap),
        ex(x.plain, x.plainCap),
        x.reduction === null ? '— (DPOR did not finish)' : `${x.reductionIsLowerBound ? '>' : ''}${fmtRatio(x.reduction, true)}`,
        `${x.dpor.classes} / ${x.plain.classes}`,
        `${fmtMs(x.dpor.elapsedMs)} / ${fmtMs(x.plain.elapsedMs)}`,
        code(x.command),
      ]),
    ),
  );
  out.push('');
}

function scaling(out: string[], r: BenchResults): void {
  const s = r.scaling!;
  out.push('## 5. Scaling: `explore --all` with 1 and 2 workers', '');
  out.push(
    `The command line, as a CI job runs it, in child processes alternated 1, 2, 2, 1, …; executions/s = the executions the JSON summary reports ÷ the wall time of the command (start-up, worker start, shrinking and failure files included). Medians. Both worker counts ran the same executions in every run: ${s.deterministic ? 'yes' : '**no**'}. The OS reports ${s.cores} cores; "cores used" is the CPU time of the command (main thread and workers, \`/usr/bin/time\`) over its wall time: with other work on the machine, 2 workers cannot use 2 cores.`,
    '',
  );
  out.push(
    mdTable(
      ['workers', 'executions', 'median wall time', 'executions/s (median)', 'samples (exec/s)', 'CPU time (median)', 'cores used (CPU s ÷ wall s)', 'reproduce'],
      ['r', 'r', 'r', 'r', 'l', 'r', 'r', 'l'],
      s.rows.map((x) => [
        String(x.workers),
        x.executions.toLocaleString('en-US'),
        fmtMs(x.medianWallMs),
        fmtRate(x.executionsPerSec),
        x.samples.map(fmtRate).join(', '),
        x.cpuSec === null ? '—' : fmtMs(x.cpuSec * 1000),
        x.coresUsed === null ? '—' : x.coresUsed.toFixed(2),
        code(x.command),
      ]),
    ),
  );
  out.push('', `2 workers ÷ 1 worker: **${fmtRatio(s.ratio, true)}**.`, '');
}

function memory(out: string[], r: BenchResults): void {
  out.push('## 6. Memory: peak RSS', '');
  out.push('Each case in its own child process; peak RSS is the child’s own high-water mark, Linux’s `VmHWM` (a child’s `process.resourceUsage().maxRSS` keeps the high-water mark of the bench process that spawned it, and read the bench’s own size before 2026-12-07); heap after GC is `heapUsed` after `gc()` at the end. The baseline is Node with the engine loaded.', '');
  out.push(
    mdTable(
      ['case', 'peak RSS', 'heap after GC', 'steps', 'time', 'reproduce'],
      ['l', 'r', 'r', 'r', 'r', 'l'],
      r.memory!.map((m) => [m.label, fmtMB(m.maxRssBytes), fmtMB(m.heapAfterGcBytes), m.steps.toLocaleString('en-US'), fmtMs(m.elapsedMs), code(m.command)]),
    ),
  );
  out.push('');
}

/** One sentence from a profile: the top `sim/` functions, the GC share, the allocation. */
export function reading(p: ProfileSummary): string {
  const sim = p.top.filter((f) => f.file.startsWith('sim/')).slice(0, 4);
  const gc = p.top.find((f) => f.file === '(garbage collector)');
  const parts = [`the top functions of \`sim/\` by self time are ${sim.map((f) => `\`${f.name}\` (${f.file}) ${f.selfPct.toFixed(1)} % self, ${f.totalPct.toFixed(1)} % total`).join('; ')}`];
  if (gc !== undefined) parts.push(`the garbage collector takes ${gc.selfPct.toFixed(1)} %`);
  const a = p.alloc;
  if (a !== undefined) {
    const sites = a.top.slice(0, 3).map((s) => `\`${s.name}\` (${s.file}) ${s.pct.toFixed(0)} %`);
    parts.push(`${fmtBytes(a.bytesPerExecution)} are allocated per execution (${fmtBytes(a.bytesPerStep)} per step), by ${sites.join(', ')}`);
  }
  return `${parts.join('; ')}.`;
}

function profiles(out: string[], r: BenchResults): void {
  out.push('## Profiles of missed targets', '');
  out.push(
    '`node --cpu-prof` on the compiled code. Self time per function (the sample intervals attributed to it), top 15; total = time with the function anywhere on the stack (self + callees). Then self time per file. Lines are those of the compiled `.bench-build/…js`. V8 inlines small callees into their optimised callers, and their time then counts as the caller\'s self time (the second table of each profile is taken with `--no-turbo-inlining`, which splits it out at some cost in speed). `(anonymous)` in `bench/peer-races.ts` is the goroutine body: resuming a generator, the `yield*` delegation to the effect and creating the generator object are counted there.',
    '',
  );
  for (const p of r.profiles) {
    out.push(`### ${p.workload}`, '');
    out.push(`${code(p.command)}: ${fmtMs(p.totalMs)} sampled; ${p.simPct.toFixed(1)} % of the self time is in \`sim/\`.`, '');
    out.push(`In short: ${reading(p)}`, '');
    out.push(mdTable(['function', 'file:line (js)', 'self ms', 'self %', 'total %'], ['l', 'l', 'r', 'r', 'r'], p.top.map((f) => [f.name, `${f.file}:${f.line}`, f.selfMs.toFixed(0), f.selfPct.toFixed(1), f.totalPct.toFixed(1)])));
    out.push('');
    out.push(mdTable(['file', 'self ms', 'self %'], ['l', 'r', 'r'], p.files.slice(0, 10).map((f) => [f.file, f.selfMs.toFixed(0), f.selfPct.toFixed(1)])));
    out.push('');
    const flat = p.noInlining;
    if (flat !== undefined) {
      out.push(`Without inlining (${code(flat.command)}; the code is slower, but each function keeps its own time):`, '');
      out.push(mdTable(['function', 'file:line (js)', 'self %', 'total %'], ['l', 'l', 'r', 'r'], flat.top.map((f) => [f.name, `${f.file}:${f.line}`, f.selfPct.toFixed(1), f.totalPct.toFixed(1)])));
      out.push('');
    }
    const a = p.alloc;
    if (a !== undefined) {
      out.push(
        `Allocation (${code(a.command)}, V8's sampling heap profiler, counting what the collectors freed too): **${fmtBytes(a.bytesPerExecution)} per execution, ${fmtBytes(a.bytesPerStep)} per step** over ${a.executions.toLocaleString('en-US')} executions. By the function that allocated:`,
        '',
      );
      out.push(mdTable(['function', 'file:line (js)', 'bytes/execution', 'bytes/step', '%'], ['l', 'l', 'r', 'r', 'r'], a.top.map((s) => [s.name, `${s.file}:${s.line}`, fmtBytes(s.bytesPerExecution), fmtBytes(s.bytesPerStep), s.pct.toFixed(1)])));
      out.push('');
    }
  }
}
