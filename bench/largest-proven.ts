/**
 * "Largest size proven" (issue 16, item 7): for each kernel model's correct variant, climb
 * a ladder of configurations (each one step bigger than the last) and record, for one
 * core and for two workers, which ones an exhaustive `dfs` finishes within a time limit
 * (10 minutes by default), with executions and executions ÷ classes.
 *
 * One core: a child process (`largest-proven-child.js`) runs `explore` with a `dfs`
 * strategy on its main thread and stops at the limit. Two workers: the command line,
 * `explore <model> --variant V --strategy dfs --workers 2 --time-limit …`, which splits the
 * search into parts (sim/strategy/split.ts). A ladder stops at its first configuration not
 * exhausted in time. Rows go to stdout as they finish and, as JSON lines, to `--out`.
 *
 *   npx tsc -p tsconfig.bench.json && nice node .bench-build/bench/largest-proven.js \
 *     [--limit 600] [--only futex] [--modes 1,2] [--out largest-proven.jsonl]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A rung: a model's correct variant at one configuration. */
export interface Rung {
  readonly model: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** One measurement of a rung. */
export interface ProvenRow extends Rung {
  /** 1: one core (one thread); 2: `explore --workers 2`. */
  readonly workers: number;
  readonly exhausted: boolean;
  readonly executions: number;
  /** Distinct interleaving classes checked (null when the output does not say). */
  readonly classes: number | null;
  readonly violation: string | null;
  readonly wallMs: number;
}

/** The ladders, smallest first: the default configuration, then one goroutine or round more at a time. */
export const LADDERS: readonly (readonly Rung[])[] = [
  [
    { model: 'futex', variant: 'correct', params: { tasks: 2, rounds: 2 } },
    { model: 'futex', variant: 'correct', params: { tasks: 2, rounds: 3 } },
    { model: 'futex', variant: 'correct', params: { tasks: 3, rounds: 1 } },
    { model: 'futex', variant: 'correct', params: { tasks: 3, rounds: 2 } },
    { model: 'futex', variant: 'correct', params: { tasks: 4, rounds: 2 } },
  ],
  [1, 2, 3, 4].map((tasks) => ({ model: 'task-stop', variant: 'correct', params: { tasks } })),
  [1, 2, 3, 4].map((readers) => ({ model: 'timekeeper', variant: 'correct', params: { readers } })),
  [1, 2, 3, 4].map((callouts) => ({ model: 'callout', variant: 'drain', params: { callouts } })),
  [3, 4, 5, 6, 7, 8, 9, 10].map((rounds) => ({ model: 'tcpip-job', variant: 'correct', params: { rounds } })),
  [1, 2, 3, 4].map((callouts) => ({ model: 'callout', variant: 'async-drain', params: { callouts } })),
];

const ROOT = path.join(__dirname, '..');

function paramArgs(p: Rung['params']): string[] {
  return Object.entries(p).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
}

/** Runs one rung in one mode, in a child process, within `limitS` seconds. */
export function measure(r: Rung, workers: number, limitS: number): ProvenRow {
  const t0 = Date.now();
  if (workers === 1) {
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'largest-proven-child.js'), r.model, r.variant, JSON.stringify(r.params), String(limitS * 1000)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const o = JSON.parse(child.stdout) as { exhausted: boolean; executions: number; classes: number; violation: string | null };
    return { ...r, workers, ...o, wallMs: Date.now() - t0 };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-proven-'));
  try {
    const args = [path.join(ROOT, 'cli', 'main.js'), 'explore', r.model, '--variant', r.variant, ...paramArgs(r.params), '--strategy', 'dfs', '--workers', String(workers), '--time-limit', `${limitS}s`, '--runs', '1000000000', '--json', '--no-progress', '--watchdog', '120s', '--out', dir];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const res = (JSON.parse(child.stdout) as { results: { executions: number; exhausted: boolean; violation: { kind: string } | null; part?: { classes: number; prepassClasses: number } }[] }).results[0]!;
    const classes = res.part !== undefined ? res.part.classes + res.part.prepassClasses : null;
    return { ...r, workers, exhausted: res.exhausted, executions: res.executions, classes, violation: res.violation?.kind ?? null, wallMs: Date.now() - t0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function describe(row: ProvenRow): string {
  const p = Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const ratio = row.classes !== null && row.classes > 0 ? (row.executions / row.classes).toFixed(2) : '-';
  return `${row.model}/${row.variant} ${p} workers=${row.workers}: ${row.exhausted ? 'exhausted' : row.violation !== null ? `violation ${row.violation}` : 'not exhausted'} executions=${row.executions} classes=${row.classes ?? '-'} exec/class=${ratio} wall=${(row.wallMs / 1000).toFixed(1)}s`;
}

function main(argv: string[]): void {
  const arg = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const limitS = Number(arg('--limit') ?? 600);
  const only = arg('--only');
  const modes = (arg('--modes') ?? '1,2').split(',').map(Number);
  const out = arg('--out');
  for (const ladder of LADDERS) {
    for (const workers of modes) {
      for (const rung of ladder) {
        if (only !== undefined && !`${rung.model}/${rung.variant}`.includes(only)) break;
        const row = measure(rung, workers, limitS);
        console.log(describe(row));
        if (out !== undefined) fs.appendFileSync(out, `${JSON.stringify(row)}\n`);
        if (!row.exhausted) break;
      }
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
