/**
 * Section 2: interleave against fast-check's `fc.scheduler()` on the same races, both
 * measured in this process, alternately, medians over repetitions.
 *
 * - Throughput (executions/s, steps/s): the race without its check, so no run stops;
 *   fast-check through `fc.assert(fc.asyncProperty(fc.scheduler(), …), { numRuns })`,
 *   interleave through `explore(…, { strategy: 'random', runs })`.
 * - Executions to the first bug, seeds 0..S-1: `fc.check(…, { seed, numRuns: B,
 *   endOnFailure: true })` (its `numRuns` is the 1-based failing run) against
 *   `explore(…, { strategy, seed, runs: B, shrink: false })`.
 *
 * Both sides pick uniformly among what may happen next (fast-check: the pending
 * scheduled tasks; interleave `random`: the runnable goroutines and fireable timers).
 */
import fc, { type Scheduler } from 'fast-check';
import { explore, type Scenario } from '../sim';
import { promiseLostUpdate, promiseMultiStep, promiseTcpipJob, stepCounter, type PromiseRun } from './peer-promises';
import { lostUpdateRace, multiStepRace, tcpipJobRace } from './peer-races';
import { mean, median, timed, timedAsync } from './stats';
import builtinLostUpdate from '../scenarios/demos/lost-update';
import builtinTcpipJob from '../scenarios/tcpip-job';

/** How fast-check waits for an execution to finish: `waitAll` (fastest) or `waitIdle`. */
export type WaitMode = 'all' | 'idle';

/** One race on both sides. */
export interface PeerRace {
  readonly key: string;
  readonly label: string;
  /** Scheduling points one execution resolves on the promise side (when fixed), for steps/s. */
  readonly promise: (s: Scheduler) => PromiseRun;
  readonly scenario: Scenario;
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export const PEER_RACES: readonly PeerRace[] = [
  { key: 'lost-update', label: 'lost update (2 tasks × load, store)', promise: (s) => promiseLostUpdate(s, 2), scenario: lostUpdateRace, variant: 'racy', params: {} },
  { key: 'multi-step', label: 'multi-step race (4 tasks × 10 steps)', promise: (s) => promiseMultiStep(s, 4, 10), scenario: multiStepRace, variant: 'racy', params: {} },
  { key: 'tcpip-job', label: 'tcpip.Job stop/reset race (shared earlyReturn)', promise: (s) => promiseTcpipJob(s, 'shared-flag'), scenario: tcpipJobRace, variant: 'shared-flag', params: {} },
];

/** Throughput of one side: executions/s and steps/s (each side counts its own steps), per CPU-second; and executions per wall second. */
export interface Rate {
  readonly executionsPerSec: number;
  readonly stepsPerSec: number;
  readonly stepsPerExecution: number;
  readonly executionsPerWallSec: number;
}

export interface ThroughputRow {
  readonly race: string;
  readonly label: string;
  readonly fastCheck: Rate;
  readonly interleave: Rate;
  /** interleave ÷ fast-check, executions/s. */
  readonly ratio: number;
  readonly reps: number;
  readonly wait: WaitMode;
  readonly command: string;
}

export interface FindRow {
  readonly race: string;
  readonly label: string;
  readonly side: string;
  /** Executions to the first bug per seed; null: not within the budget. */
  readonly runs: readonly (number | null)[];
  readonly mean: number;
  readonly median: number;
  readonly found: number;
  readonly budget: number;
  readonly elapsedMs: number;
  readonly command: string;
}

/** Counts executions that ended before every task finished (must stay 0). */
let incomplete = 0;

function fcProperty(race: PeerRace, check: boolean, wait: WaitMode): ReturnType<typeof fc.asyncProperty<[Scheduler]>> {
  return fc.asyncProperty(fc.scheduler(), async (s) => {
    const run = race.promise(s);
    if (wait === 'all') await s.waitAll();
    else await s.waitIdle();
    if (!run.complete()) incomplete++;
    return !check || run.verdict() === true;
  });
}

async function fastCheckRate(race: PeerRace, runs: number, wait: WaitMode, seed: number): Promise<Rate> {
  const before = stepCounter.steps;
  const t = await timedAsync(() => fc.assert(fcProperty(race, false, wait), { numRuns: runs, seed }));
  const steps = stepCounter.steps - before;
  return { executionsPerSec: runs / t.cpu, stepsPerSec: steps / t.cpu, stepsPerExecution: steps / runs, executionsPerWallSec: runs / t.wall };
}

function interleaveRate(race: PeerRace, runs: number, seed: number): Rate {
  let steps = 0;
  let executions = 0;
  const t = timed(() => {
    const r = explore(race.scenario, { variant: race.variant, params: { ...race.params, check: false }, strategy: 'random', seed, runs });
    if (r.violation !== undefined) throw new Error(`peer bench: ${race.key} without its check failed: ${r.violation.message}`);
    steps = r.steps;
    executions = r.executions;
  });
  return { executionsPerSec: executions / t.cpu, stepsPerSec: steps / t.cpu, stepsPerExecution: steps / executions, executionsPerWallSec: executions / t.wall };
}

function medianRate(xs: readonly Rate[]): Rate {
  return {
    executionsPerSec: median(xs.map((x) => x.executionsPerSec)),
    stepsPerSec: median(xs.map((x) => x.stepsPerSec)),
    stepsPerExecution: median(xs.map((x) => x.stepsPerExecution)),
    executionsPerWallSec: median(xs.map((x) => x.executionsPerWallSec)),
  };
}

/** fast-check's wait per race, and how many of the probe runs `waitAll` ended early. */
export type WaitChoice = Readonly<Record<string, { readonly wait: WaitMode; readonly earlyEnds: number; readonly probeRuns: number }>>;

/**
 * Which wait fast-check gets on each race: `waitAll` (deprecated, but the fastest) when
 * it runs every one of `probeRuns` executions to its end, else the recommended
 * `waitIdle` (`waitAll` stops when no task is scheduled at that instant, before a task
 * woken by a promise — here a mutex waiter — schedules its next step).
 */
export async function chooseWait(probeRuns: number): Promise<WaitChoice> {
  const out: Record<string, { wait: WaitMode; earlyEnds: number; probeRuns: number }> = {};
  for (const race of PEER_RACES) {
    incomplete = 0;
    await fc.assert(fcProperty(race, false, 'all'), { numRuns: probeRuns, seed: 7 });
    out[race.key] = { wait: incomplete === 0 ? 'all' : 'idle', earlyEnds: incomplete, probeRuns };
  }
  incomplete = 0;
  return out;
}

/** Throughput of both sides on every race, alternating the order each repetition. */
export async function peerThroughput(quick: boolean, waits: WaitChoice, only?: string): Promise<ThroughputRow[]> {
  const reps = quick ? 3 : 7;
  const runs = quick ? 4000 : 10_000;
  const out: ThroughputRow[] = [];
  for (const race of PEER_RACES) {
    if (only !== undefined && race.key !== only) continue;
    const wait = waits[race.key]!.wait;
    // warm up both sides (the JIT matters a lot for the promise side)
    await fastCheckRate(race, runs, wait, 99);
    interleaveRate(race, runs, 99);
    const f: Rate[] = [];
    const i: Rate[] = [];
    for (let r = 0; r < reps; r++) {
      if (r % 2 === 0) {
        f.push(await fastCheckRate(race, runs, wait, r));
        i.push(interleaveRate(race, runs, r));
      } else {
        i.push(interleaveRate(race, runs, r));
        f.push(await fastCheckRate(race, runs, wait, r));
      }
    }
    if (incomplete > 0) throw new Error(`peer bench: fast-check's wait${wait === 'all' ? 'All' : 'Idle'} ended ${incomplete} executions early`);
    const fm = medianRate(f);
    const im = medianRate(i);
    out.push({
      race: race.key,
      label: race.label,
      fastCheck: fm,
      interleave: im,
      ratio: im.executionsPerSec / fm.executionsPerSec,
      reps,
      wait,
      command: `npm run bench -- --section peer --only ${race.key}${quick ? ' --quick' : ''}`,
    });
  }
  return out;
}

async function fcFind(race: PeerRace, seed: number, budget: number, wait: WaitMode): Promise<number | null> {
  const d = await fc.check(fcProperty(race, true, wait), { seed, numRuns: budget, endOnFailure: true });
  return d.failed ? d.numRuns : null;
}

function findRow(race: PeerRace, side: string, runs: (number | null)[], budget: number, elapsedMs: number, command: string): FindRow {
  const found = runs.filter((x): x is number => x !== null);
  const all = runs.map((x) => (x === null ? Infinity : x));
  return { race: race.key, label: race.label, side, runs, mean: mean(found), median: median(all), found: found.length, budget, elapsedMs, command };
}

/** Executions to the first bug on both sides, seeds 0..seeds-1, for the two bug races. */
export async function peerFind(quick: boolean, waits: WaitChoice, only?: string): Promise<FindRow[]> {
  const seeds = 20;
  const budget = 10_000;
  const out: FindRow[] = [];
  const q = quick ? ' --quick' : '';
  for (const race of PEER_RACES) {
    if (race.key === 'multi-step' || (only !== undefined && race.key !== only)) continue;
    const wait = waits[race.key]!.wait;
    let t0 = process.hrtime.bigint();
    const fr: (number | null)[] = [];
    for (let seed = 0; seed < seeds; seed++) fr.push(await fcFind(race, seed, budget, wait));
    out.push(findRow(race, 'fast-check fc.scheduler()', fr, budget, Number(process.hrtime.bigint() - t0) / 1e6, `npm run bench -- --section peer --only ${race.key}${q}`));
    for (const strategy of ['random', 'portfolio']) {
      t0 = process.hrtime.bigint();
      const ir: (number | null)[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const r = explore(race.scenario, { variant: race.variant, params: race.params, strategy, seed, runs: budget, shrink: false });
        ir.push(r.violation === undefined ? null : r.executions);
      }
      out.push(findRow(race, `interleave ${strategy}`, ir, budget, Number(process.hrtime.bigint() - t0) / 1e6, `npm run bench -- --section peer --only ${race.key}${q}`));
    }
  }
  // The full models, for reference: the same races as built-in scenarios.
  // lost-update/bad uses `shared`: the race detector reports the unsynchronised accesses.
  for (const [key, scenario, variant] of [
    ['lost-update', builtinLostUpdate, 'bad'],
    ['tcpip-job', builtinTcpipJob, 'shared-flag-reset-in-callback'],
  ] as const) {
    const race = PEER_RACES.find((r) => r.key === key)!;
    if (only !== undefined && race.key !== only) continue;
    const t0 = process.hrtime.bigint();
    const ir: (number | null)[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const r = explore(scenario, { variant, strategy: 'random', seed, runs: budget, shrink: false });
      ir.push(r.violation === undefined ? null : r.executions);
    }
    const name = `${scenario.name} --variant ${variant}`;
    out.push(findRow(race, `interleave random, built-in \`${name}\``, ir, budget, Number(process.hrtime.bigint() - t0) / 1e6, `interleave run ${name} --strategy random --runs ${budget} --seed S (S = 0..19)`));
  }
  return out;
}
