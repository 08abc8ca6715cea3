/**
 * Section 5: `explore --all` throughput of the command line with 1 and with 2 worker
 * threads, run as child processes, alternately (1, 2, 1, 2, …), medians. Throughput is
 * the executions the JSON summary reports over the wall time of the whole command
 * (start-up, planning, worker start, shrinking and failure files included: what a CI job
 * sees). Both worker counts must report the same executions (the CLI's determinism).
 *
 * The CLI runs from `.bench-build/cli/main.js`, compiled by `tsc -p tsconfig.bench.json`
 * from the same sources and with the same compiler options as `dist/` (`npm run build`),
 * so the figure is that of the code in this tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats';

export interface ScalingRun {
  readonly workers: number;
  readonly executions: number;
  readonly wallMs: number;
  readonly executionsPerSec: number;
  readonly exitCode: number;
  /** User + system CPU seconds of the process and its threads (`/usr/bin/time`), or null. */
  readonly cpuSec: number | null;
}

export interface ScalingRow {
  readonly workers: number;
  readonly runsPerVariant: number;
  readonly executions: number;
  readonly medianWallMs: number;
  readonly executionsPerSec: number;
  readonly samples: readonly number[];
  /** Median CPU seconds ÷ wall seconds: how many cores the command got (null: not measured). */
  readonly coresUsed: number | null;
  /** Median CPU seconds of the command (null: not measured). */
  readonly cpuSec: number | null;
  readonly command: string;
}

export interface ScalingResult {
  readonly rows: readonly ScalingRow[];
  /** 2 workers ÷ 1 worker, executions/s (medians). */
  readonly ratio: number;
  readonly runs: readonly ScalingRun[];
  /** Both worker counts reported the same executions in every run. */
  readonly deterministic: boolean;
  /** Cores the OS reports. */
  readonly cores: number;
}

const TIME = '/usr/bin/time';

function cliPath(): string {
  return path.join(__dirname, '..', 'cli', 'main.js');
}

/** The command line a row reports (relative to the project root). */
export function scalingCommand(workers: number, runs: number): string {
  return `node .bench-build/cli/main.js explore --all --workers ${workers} --runs ${runs} --json --no-progress --out <tmpdir>`;
}

function runOnce(workers: number, runs: number): ScalingRun {
  const out = mkdtempSync(path.join(os.tmpdir(), 'interleave-bench-'));
  try {
    const cli = [process.execPath, cliPath(), 'explore', '--all', '--workers', String(workers), '--runs', String(runs), '--json', '--no-progress', '--out', out];
    // /usr/bin/time adds the CPU time of the process (all its threads) on stderr's last line
    const timed = existsSync(TIME) ? [TIME, '-f', 'cpu %U %S', ...cli] : cli;
    const t0 = process.hrtime.bigint();
    const r = spawnSync(timed[0]!, timed.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const m = /cpu ([0-9.]+) ([0-9.]+)\s*$/.exec(r.stderr ?? '');
    const cpuSec = m === null ? null : Number(m[1]) + Number(m[2]);
    // exit 1: some outcome contradicted its expectation (a bug not found in a small budget)
    if (r.status !== 0 && r.status !== 1) throw new Error(`scaling bench: explore exited ${String(r.status)}: ${r.stderr}`);
    const json = JSON.parse(r.stdout) as { results: { executions: number }[] };
    const executions = json.results.reduce((a, x) => a + x.executions, 0);
    return { workers, executions, wallMs, executionsPerSec: executions / (wallMs / 1000), exitCode: r.status, cpuSec };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Alternates 1 and 2 workers `pairs` times. */
export function scalingBench(quick: boolean, log: (s: string) => void): ScalingResult {
  // 20,000 executions per variant: about 20 s, a short CI job; at 2,000 start-up and V8 compiling the
  // scenarios in each worker (a few seconds) are most of the run
  const runs = quick ? 200 : 20_000;
  const pairs = quick ? 1 : 2;
  const all: ScalingRun[] = [];
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? [1, 2] : [2, 1];
    for (const w of order) {
      const r = runOnce(w, runs);
      log(`  ${w} worker${w === 1 ? '' : 's'}: ${r.executions} executions in ${(r.wallMs / 1000).toFixed(1)} s${r.cpuSec === null ? '' : ` (${r.cpuSec.toFixed(1)} CPU s)`}`);
      all.push(r);
    }
  }
  const rows = [1, 2].map((w): ScalingRow => {
    const mine = all.filter((r) => r.workers === w);
    const rates = mine.map((r) => r.executionsPerSec);
    return {
      workers: w,
      runsPerVariant: runs,
      executions: mine[0]!.executions,
      medianWallMs: median(mine.map((r) => r.wallMs)),
      executionsPerSec: median(rates),
      samples: rates,
      coresUsed: mine.every((r) => r.cpuSec !== null) ? median(mine.map((r) => r.cpuSec! / (r.wallMs / 1000))) : null,
      cpuSec: mine.every((r) => r.cpuSec !== null) ? median(mine.map((r) => r.cpuSec!)) : null,
      command: scalingCommand(w, runs),
    };
  });
  const deterministic = all.every((r) => r.executions === all[0]!.executions);
  return { rows, ratio: rows[1]!.executionsPerSec / rows[0]!.executionsPerSec, runs: all, deterministic, cores: os.cpus().length };
}
