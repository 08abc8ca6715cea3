/**
 * `npm run bench`: every benchmark, side by side in one run, written to `BENCHMARKS.md`
 * (project root), `bench/results.json` and the chart `bench/strategy-chart.svg`.
 *
 *   npm run bench                          full run (about 9 minutes on 2 busy cores), writes the files
 *   npm run bench -- --quick               fewer seeds and repetitions (about 2 minutes)
 *   npm run bench -- --section peer        only some sections: engine, peer, strategies,
 *                                          dpor, scaling, memory, sctbench, struct, profile (comma-separated)
 *   npm run bench -- --section sctbench --write   the SCTBench table alone, spliced into the
 *                                          project's BENCHMARKS.md and bench/results.json
 *   npm run bench -- --section dpor --write   the DPOR section (whole) and its target alone,
 *                                          spliced into BENCHMARKS.md and bench/results.json
 *   npm run bench -- --section strategies --only tcpip-job    rows whose id contains this
 *   options of the strategies section: --seeds N --budget N --strategies random,pct:3,dfs
 *   (sctbench: --only NAME is that port alone when one is named exactly so; --strategies
 *   surw,portfolio measures those columns and, with --write, keeps the others of the
 *   previous run of the same seeds and budget)
 *
 * A full run rewrites BENCHMARKS.md but keeps, verbatim, the sections it does not own
 * (kept-sections.ts): the split search, largest size proven and symmetry sections, which
 * their own scripts measure (bench/split-bench.ts, largest-proven.ts, symmetry-bench.ts;
 * each section gives its command — the largest-proven ladder takes hours).
 *
 * Only a full run of every section writes the files at the project root; a quick or
 * partial run prints its markdown and writes into `.bench-build/` (pass `--write` to
 * write the project's files anyway). Progress goes to stderr. The script runs node with
 * `--expose-gc`, so each timed measurement starts after a collection (`settle`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { __version as fastCheckVersion } from 'fast-check';
import { strategyChart } from './chart';
import { dporBench, dporCap } from './dpor-bench';
import { engineBench } from './engine-bench';
import { memoryBench } from './memory-bench';
import { chooseWait, peerFind, peerThroughput } from './peer-bench';
import { profileWorkload, type ProfileSummary } from './profile';
import { keepForeignSections } from './kept-sections';
import { renderMarkdown } from './report';
import { spliceGeneratedSection, SPLICED_SECTIONS } from './section-splice';
import { judgeTargets, RESULTS_SCHEMA_VERSION, type BenchResults } from './results';
import { scalingBench } from './scaling-bench';
import { mergeSctbench, sctbenchBench, sctbenchMarkdown, sctbenchSettings, spliceSection, type SctbenchResult } from './sctbench-bench';
import { sctbenchTarget, spliceTargetJson, spliceTargetRow } from './sctbench-targets';
import { DEFAULT_STRATEGIES, strategyBench, strategySettings, type StrategyConfig } from './strategy-bench';
import { fmtMs } from './stats';
import { structBench } from './struct-bench';

export const SECTIONS = ['engine', 'peer', 'strategies', 'dpor', 'scaling', 'memory', 'sctbench', 'struct', 'profile'] as const;
export type Section = (typeof SECTIONS)[number];

/** The heading (its start) of each section that `--write` splices alone (section-splice.ts). */
const SECTION_HEADINGS: Readonly<Record<string, string>> = { engine: '1. Engine', strategies: '3. Strategies', dpor: '4. DPOR', memory: '6. Memory' };

export interface BenchArgs {
  readonly quick: boolean;
  readonly sections: readonly Section[];
  readonly only: string | undefined;
  readonly write: boolean;
  readonly seeds: number | undefined;
  readonly budget: number | undefined;
  readonly strategies: readonly StrategyConfig[] | undefined;
}

function value(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

function positive(argv: readonly string[], name: string): number | undefined {
  const v = value(argv, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
}

/** `random,pct:3,dfs` → strategy columns. */
export function parseStrategies(list: string): StrategyConfig[] {
  return list.split(',').map((x) => {
    const [strategy, d] = x.split(':');
    if (strategy === undefined || strategy === '') throw new Error(`--strategies: empty entry in "${list}"`);
    if (d !== undefined) return { label: `${strategy} d=${d}`, strategy, depth: Number(d) };
    return DEFAULT_STRATEGIES.find((s) => s.label === strategy) ?? { label: strategy, strategy, ...(strategy === 'dfs' ? { deterministic: true } : {}) };
  });
}

/** Parses the command line (after `node main.js`). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const known = new Set(['--quick', '--write', '--section', '--only', '--seeds', '--budget', '--strategies']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!known.has(a)) throw new Error(`unknown argument "${a}" (see bench/main.ts)`);
    if (a !== '--quick' && a !== '--write') i++;
  }
  const sec = value(argv, 'section');
  const sections = sec === undefined ? [...SECTIONS] : sec.split(',').map((s) => s.trim());
  for (const s of sections) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
  const strategies = value(argv, 'strategies');
  const spliced = sections.filter((s) => SPLICED_SECTIONS.includes(s));
  if (argv.includes('--write') && value(argv, 'only') !== undefined && spliced.length > 0) {
    throw new Error(`--write with --only: the ${spliced.join(', ')} section is written whole (run it without --only, or without --write)`);
  }
  // a partial run written whole would replace BENCHMARKS.md with its own sections alone
  const partial = sections.length !== SECTIONS.length || value(argv, 'only') !== undefined || value(argv, 'seeds') !== undefined || value(argv, 'budget') !== undefined || strategies !== undefined;
  const whole = value(argv, 'only') === undefined && value(argv, 'seeds') === undefined && value(argv, 'budget') === undefined && strategies === undefined;
  const writesAlone = sections.length === 1 && ((SPLICED_SECTIONS.includes(sections[0]!) && whole) || sections[0] === 'sctbench');
  if (argv.includes('--write') && partial && !writesAlone) {
    throw new Error(`--write with a partial run: only ${[...SPLICED_SECTIONS, 'sctbench'].join(', ')} can be written alone (--section NAME --write); run \`npm run bench -- --write\` for the rest, or leave out --write (the run is written to .bench-build/)`);
  }
  return {
    quick: argv.includes('--quick'),
    sections: sections as Section[],
    only: value(argv, 'only'),
    write: argv.includes('--write'),
    seeds: positive(argv, 'seeds'),
    budget: positive(argv, 'budget'),
    strategies: strategies === undefined ? undefined : parseStrategies(strategies),
  };
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    // bad arguments: one line, exit 2, nothing run or written
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const started = new Date();
  const t0 = process.hrtime.bigint();
  const loadStart = os.loadavg();
  const elapsed = (): string => fmtMs(Number(process.hrtime.bigint() - t0) / 1e6);
  const has = (s: Section): boolean => args.sections.includes(s);
  const complete = args.sections.length === SECTIONS.length && args.only === undefined && args.seeds === undefined && args.budget === undefined && args.strategies === undefined;
  const toRoot = args.write || (complete && !args.quick);
  log(`interleave benchmarks (${args.quick ? 'quick' : 'full'}; node ${process.version}; load ${loadStart.map((x) => x.toFixed(2)).join(' ')})`);

  const sections: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  /** Runs one section; a failure is reported in the results and the run goes on. */
  const section = async (name: Section, title: string, f: () => unknown): Promise<void> => {
    if (!has(name)) return;
    log(`[${elapsed()}] ${title}`);
    try {
      sections[name] = await f();
    } catch (e) {
      errors[name] = e instanceof Error ? e.message : String(e);
      log(`  failed: ${errors[name]}`);
    }
  };
  await section('engine', '1. engine vs the bare generator loop', () => engineBench(args.quick, args.only));
  await section('peer', '2. fast-check fc.scheduler() vs interleave', async () => {
    const waits = await chooseWait(args.quick ? 500 : 2000);
    const throughput = await peerThroughput(args.quick, waits, args.only);
    const find = await peerFind(args.quick, waits, args.only);
    return { waits, throughput, find };
  });
  const chartFile = toRoot ? 'bench/strategy-chart.svg' : '.bench-build/strategy-chart.svg';
  await section('strategies', '3. strategies: executions to the first bug', () => {
    const base = strategySettings(args.quick);
    const budget = args.budget ?? base.budget;
    const set = { seeds: args.seeds ?? base.seeds, budget, cellCap: 4 * budget, strategies: args.strategies ?? base.strategies };
    const rows = strategyBench(set, args.quick, args.only, log);
    const labels = set.strategies.map((s) => s.label);
    const chart = strategyChart(rows, labels, set.budget, `interleave: executions to the first bug per strategy (${set.seeds} seeds, ${args.quick ? 'quick run' : 'full run'})`);
    writeOut(chartFile, chart);
    return { settings: { seeds: set.seeds, budget: set.budget, cellCap: set.cellCap, strategies: labels }, rows, chart: chartFile };
  });
  await section('dpor', '4. DPOR vs plain DFS', () => {
    const rows = dporBench(args.quick, args.only, log);
    return { cap: dporCap(args.quick), rows };
  });
  await section('scaling', '5. scaling: explore --all, 1 and 2 workers', () => scalingBench(args.quick, log));
  await section('memory', '6. memory: peak RSS', () => memoryBench(args.quick, log));
  await section('sctbench', '7. SCTBench: executions to the first bug beside the published figures', () =>
    sctbenchBench(sctbenchSettings(args.quick, args.seeds, args.budget, args.strategies?.map((s) => s.label)), args.quick, args.only, log),
  );
  await section('struct', '8. tracked sim.struct accesses, coarse and with preemptAtAccesses', () => structBench(args.quick));
  const targets = judgeTargets(sections as Parameters<typeof judgeTargets>[0]);
  const profiles: ProfileSummary[] = [];
  if (has('profile')) {
    const wanted = [...new Set(targets.filter((t) => !t.pass && t.profile !== undefined).map((t) => t.profile!))];
    if (args.only !== undefined && targets.length === 0) wanted.push(args.only);
    for (const w of wanted) {
      log(`[${elapsed()}] profile: ${w}`);
      try {
        profiles.push(profileWorkload(w, args.quick ? 2 : 5));
      } catch (e) {
        errors[`profile ${w}`] = e instanceof Error ? e.message : String(e);
      }
    }
  }
  const results: BenchResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: args.quick ? 'quick' : 'full',
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      fastCheck: fastCheckVersion,
      loadStart,
      loadEnd: os.loadavg(),
      startedAt: started.toISOString(),
      durationMs: Number(process.hrtime.bigint() - t0) / 1e6,
    },
    ...sections,
    targets,
    profiles,
    errors,
  };
  const md = renderMarkdown(results, toRoot ? 'bench/strategy-chart.svg' : 'strategy-chart.svg');
  const sctbench = sections['sctbench'] as SctbenchResult | undefined;
  if (toRoot && !complete && sctbench !== undefined && args.sections.length === 1) {
    // The SCTBench section alone: into the project's files in place of the previous one.
    const mdFile = path.join(projectRoot(), 'BENCHMARKS.md');
    const jsonFile = path.join(projectRoot(), 'bench/results.json');
    const previous = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : '# Benchmarks\n';
    const json = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8'), jsonNumbersBack) as Record<string, unknown>) : {};
    // A run of some programs (--only) or some columns (--strategies) fills its part of the previous table.
    const partial = args.only !== undefined || args.strategies !== undefined;
    const merged = mergeSctbench(partial ? (json['sctbench'] as SctbenchResult | undefined) : undefined, sctbench);
    // The section's target row, judged on the merged section: into the targets table too.
    const target = sctbenchTarget(merged);
    writeOut('BENCHMARKS.md', target === null ? spliceSection(previous, sctbenchMarkdown(merged)) : spliceTargetRow(spliceSection(previous, sctbenchMarkdown(merged)), target));
    json['sctbench'] = merged;
    if (target !== null) json['targets'] = spliceTargetJson(json['targets'], target);
    const runs = Array.isArray(json['sctbenchRuns']) && partial ? (json['sctbenchRuns'] as unknown[]) : [];
    json['sctbenchRuns'] = [...runs, { command: results.command, environment: results.environment }];
    writeOut('bench/results.json', `${JSON.stringify(json, jsonNumbers, 1)}\n`);
    process.stdout.write(sctbenchMarkdown(merged));
    if (target !== null) log(`${target.pass ? 'pass  ' : 'MISSED'} ${target.target}: ${target.measured}`);
    log(`[${elapsed()}] wrote the SCTBench section and its target into BENCHMARKS.md and bench/results.json`);
  } else if (toRoot && !complete && !args.quick && args.sections.length === 1 && SPLICED_SECTIONS.includes(args.sections[0]!)) {
    // One section measured whole (section-splice.ts): into the project's files in place of the previous one.
    const name = args.sections[0]!;
    const mdFile = path.join(projectRoot(), 'BENCHMARKS.md');
    const jsonFile = path.join(projectRoot(), 'bench/results.json');
    const json = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8'), jsonNumbersBack) as Record<string, unknown>) : {};
    const e = results.environment;
    const provenance = `This section alone was written by \`${results.command}\`, started ${e.startedAt}, took ${fmtMs(e.durationMs)}; load average ${e.loadStart.map((x) => x.toFixed(2)).join(' / ')} at the start, ${e.loadEnd.map((x) => x.toFixed(2)).join(' / ')} at the end (the head of this file describes the last full run).`;
    const previous = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : '# Benchmarks\n';
    const own = targets.filter((t) => t.key === name || t.key.startsWith(`${name}-`));
    writeOut('BENCHMARKS.md', spliceGeneratedSection(previous, md, SECTION_HEADINGS[name]!, provenance, own));
    json[name] = sections[name];
    for (const t of own) json['targets'] = spliceTargetJson(json['targets'], t);
    json[`${name}Runs`] = [{ command: results.command, environment: results.environment }];
    writeOut('bench/results.json', `${JSON.stringify(json, jsonNumbers, 1)}\n`);
    log(`[${elapsed()}] wrote the ${name} section and its target into BENCHMARKS.md and bench/results.json`);
  } else if (toRoot) {
    // sections measured by their own scripts (split, largest size proven, symmetry) are kept as they were
    const mdFile = path.join(projectRoot(), 'BENCHMARKS.md');
    writeOut('BENCHMARKS.md', keepForeignSections(existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : null, md));
    writeOut('bench/results.json', `${JSON.stringify(results, jsonNumbers, 1)}\n`);
    log(`[${elapsed()}] wrote BENCHMARKS.md, bench/results.json, bench/strategy-chart.svg`);
  } else {
    writeOut('.bench-build/BENCHMARKS.md', md);
    writeOut('.bench-build/results.json', `${JSON.stringify(results, jsonNumbers, 1)}\n`);
    process.stdout.write(md);
    log(`[${elapsed()}] wrote .bench-build/BENCHMARKS.md and .bench-build/results.json (a ${args.quick ? 'quick' : 'partial'} run does not touch the project's files; --write to)`);
  }
  for (const t of targets) log(`${t.pass ? 'pass  ' : 'MISSED'} ${t.target}: ${t.measured}`);
  if (Object.keys(errors).length > 0) {
    log(`failed sections: ${Object.keys(errors).join(', ')}`);
    process.exitCode = 1;
  }
}

/** JSON has no Infinity or NaN: write them as strings. */
function jsonNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** Reads back what `jsonNumbers` wrote. */
function jsonNumbersBack(_key: string, v: unknown): unknown {
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v;
}

/** The project root: main.js runs from `.bench-build/bench/` (or, through ts-node, `bench/`). */
function projectRoot(): string {
  const up = path.join(__dirname, '..');
  return path.basename(up) === '.bench-build' ? path.join(up, '..') : up;
}

/** Writes a file relative to the project root. */
function writeOut(rel: string, text: string): void {
  const file = path.join(projectRoot(), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
