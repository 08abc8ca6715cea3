/**
 * Engine steps/s beside the bare generator loop, measured alternately in one process;
 * each figure is the median of several repetitions, so the ratio is robust to noise.
 */
import { explore } from '../sim';
import { bareLoop, mutexWorkload, pingPongWorkload, timersWorkload, tinyWorkload } from './workloads';
import type { Scenario } from '../sim';

export interface RatioRow {
  readonly workload: string;
  readonly engineStepsPerSec: number;
  readonly bareStepsPerSec: number;
  readonly ratio: number;
  readonly stepsPerExecution: number;
}

export interface RateRow {
  readonly workload: string;
  readonly executionsPerSec: number;
  readonly executions: number;
}

function seconds(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Engine (one random execution, traces off) vs bare loop with the same resumption count. */
export function ratioRow(name: string, scenario: Scenario, goroutines: number, yields: number, reps: number): RatioRow {
  const eng: number[] = [];
  const bare: number[] = [];
  let stepsPerExecution = 0;
  for (let r = 0; r < reps; r++) {
    let steps = 0;
    const te = seconds(() => {
      const res = explore(scenario, { runs: 1, seed: r, strategy: 'random' });
      if (res.violation !== undefined) throw new Error(`benchmark workload failed: ${res.violation.message}`);
      steps = res.steps;
    });
    stepsPerExecution = steps;
    eng.push(steps / te);
    let bsteps = 0;
    const tb = seconds(() => {
      bsteps = bareLoop(goroutines, yields, r + 1);
    });
    bare.push(bsteps / tb);
  }
  const e = median(eng);
  const b = median(bare);
  return { workload: name, engineStepsPerSec: e, bareStepsPerSec: b, ratio: e / b, stepsPerExecution };
}

export function tinyRow(executions: number, reps: number): RateRow {
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) {
    let n = 0;
    const t = seconds(() => {
      n = explore(tinyWorkload, { runs: executions, seed: r, strategy: 'random' }).executions;
    });
    rates.push(n / t);
  }
  return { workload: 'tiny two-goroutine scenario (random)', executionsPerSec: median(rates), executions };
}

export function engineBench(quick: boolean): { ratios: RatioRow[]; tiny: RateRow } {
  const reps = quick ? 3 : 7;
  // warm up the JIT on every path first
  ratioRow('warmup', mutexWorkload, 8, 20_000, 1);
  ratioRow('warmup', pingPongWorkload, 2, 100_000, 1);
  ratioRow('warmup', timersWorkload, 100, 500, 1);
  tinyRow(20_000, 1);
  const ratios = [
    ratioRow('mutex: 8 goroutines x 10,000 lock/unlock', mutexWorkload, 8, 20_000, reps),
    ratioRow('channel ping-pong: 2 goroutines x 50,000 round trips', pingPongWorkload, 2, 100_000, reps),
    ratioRow('timers: 100 sleepers x 500 sleeps + 100 afterFunc', timersWorkload, 100, 500, reps),
  ];
  const tiny = tinyRow(quick ? 100_000 : 300_000, reps);
  return { ratios, tiny };
}
