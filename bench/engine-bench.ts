/**
 * Section 1: engine steps/s beside the bare generator loop (the "physical limit" of a
 * generator-based scheduler in this process), measured alternately in one process; each
 * figure is the median of several repetitions, so the ratio is robust to noise. Plus
 * executions/s of the tiny, setup-dominated scenario.
 */
import { explore, type Scenario } from '../sim';
import { median, timed } from './stats';
import { bareLoop, mutexWorkload, pingPongWorkload, timersWorkload, tinyWorkload } from './workloads';

export { median } from './stats';

export interface RatioRow {
  readonly key: string;
  readonly workload: string;
  /** Steps per CPU-second (median); see `timed` in stats.ts. */
  readonly engineStepsPerSec: number;
  readonly bareStepsPerSec: number;
  /** The same, per wall-clock second (median): lower when other processes held the core. */
  readonly engineStepsPerWallSec: number;
  readonly bareStepsPerWallSec: number;
  /** engine ÷ bare, CPU-time rates. */
  readonly ratio: number;
  readonly stepsPerExecution: number;
  readonly reps: number;
  readonly command: string;
}

export interface RateRow {
  readonly key: string;
  readonly workload: string;
  /** Per CPU-second (median). */
  readonly executionsPerSec: number;
  readonly executionsPerWallSec: number;
  readonly executions: number;
  readonly reps: number;
  readonly command: string;
}

interface EngineWorkload {
  readonly key: string;
  readonly label: string;
  readonly scenario: Scenario;
  /** The bare loop's shape: as many generators, as many resumptions each (≈ the engine's steps). */
  readonly goroutines: number;
  readonly yields: number;
}

export const ENGINE_WORKLOADS: readonly EngineWorkload[] = [
  { key: 'mutex', label: 'mutex: 8 goroutines × 10,000 lock/unlock', scenario: mutexWorkload, goroutines: 8, yields: 20_000 },
  { key: 'channel', label: 'channel ping-pong: 2 goroutines × 50,000 round trips', scenario: pingPongWorkload, goroutines: 2, yields: 100_000 },
  { key: 'timers', label: 'timers: 100 sleepers × 500 sleeps + 100 afterFunc', scenario: timersWorkload, goroutines: 100, yields: 500 },
];

/** The bare loop runs at least this many steps per measurement (about 0.1 s), so one measurement is not a few ms that a preemption ruins. */
const BARE_MIN_STEPS = 2_000_000;

/** Engine (random executions, one explore each, traces off) vs bare loop with the same shape, each repeated to at least BARE_MIN_STEPS. */
export function ratioRow(w: EngineWorkload, reps: number, quick: boolean): RatioRow {
  const eng: number[] = [];
  const bare: number[] = [];
  const engWall: number[] = [];
  const bareWall: number[] = [];
  let stepsPerExecution = 0;
  const bareReps = Math.max(1, Math.ceil(BARE_MIN_STEPS / (w.goroutines * w.yields)));
  for (let r = 0; r < reps; r++) {
    const engine = (): void => {
      let steps = 0;
      const t = timed(() => {
        // like the bare loop, repeated to at least BARE_MIN_STEPS (one explore per seed)
        for (let k = 0; k === 0 || steps < BARE_MIN_STEPS; k++) {
          const res = explore(w.scenario, { runs: 1, seed: r * 1000 + k, strategy: 'random' });
          if (res.violation !== undefined) throw new Error(`benchmark workload failed: ${res.violation.message}`);
          stepsPerExecution = res.steps;
          steps += res.steps;
        }
      });
      eng.push(steps / t.cpu);
      engWall.push(steps / t.wall);
    };
    const loop = (): void => {
      let bsteps = 0;
      const t = timed(() => {
        for (let k = 0; k < bareReps; k++) bsteps += bareLoop(w.goroutines, w.yields, r * bareReps + k + 1);
      });
      bare.push(bsteps / t.cpu);
      bareWall.push(bsteps / t.wall);
    };
    // alternate which goes first
    if (r % 2 === 0) {
      engine();
      loop();
    } else {
      loop();
      engine();
    }
  }
  const e = median(eng);
  const b = median(bare);
  return {
    key: w.key,
    workload: w.label,
    engineStepsPerSec: e,
    bareStepsPerSec: b,
    engineStepsPerWallSec: median(engWall),
    bareStepsPerWallSec: median(bareWall),
    ratio: e / b,
    stepsPerExecution,
    reps,
    command: `npm run bench -- --section engine --only ${w.key}${quick ? ' --quick' : ''}`,
  };
}

export function tinyRow(executions: number, reps: number, quick: boolean): RateRow {
  const rates: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < reps; r++) {
    let n = 0;
    const t = timed(() => {
      n = explore(tinyWorkload, { runs: executions, seed: r, strategy: 'random' }).executions;
    });
    rates.push(n / t.cpu);
    wall.push(n / t.wall);
  }
  return {
    key: 'tiny',
    workload: 'tiny scenario: 2 goroutines, one lock/increment/unlock each (random)',
    executionsPerSec: median(rates),
    executionsPerWallSec: median(wall),
    executions,
    reps,
    command: `npm run bench -- --section engine --only tiny${quick ? ' --quick' : ''}`,
  };
}

export function engineBench(quick: boolean, only?: string): { ratios: RatioRow[]; tiny: RateRow | null } {
  const reps = quick ? 3 : 7;
  const chosen = ENGINE_WORKLOADS.filter((w) => only === undefined || w.key === only);
  // warm up the JIT on every path first
  for (const w of chosen) ratioRow(w, 1, quick);
  const wantTiny = only === undefined || only === 'tiny';
  if (wantTiny) tinyRow(20_000, 1, quick);
  const ratios = chosen.map((w) => ratioRow(w, reps, quick));
  const tiny = wantTiny ? tinyRow(quick ? 50_000 : 100_000, reps, quick) : null;
  return { ratios, tiny };
}
