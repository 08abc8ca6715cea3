/**
 * Section `struct`: what a tracked `sim.struct` access costs, at the coarse granularity and
 * with `preemptAtAccesses` (where each write becomes a step of its own), against the same
 * goroutines touching a plain object. Alternated in one process; medians.
 *
 * The cost per access is (time per execution with the struct − time with the plain
 * object) ÷ accesses per execution, CPU time. Each goroutine has its own struct (a shared
 * one would be a data race and end the run), so this is the bookkeeping of an access —
 * footprint, vector-clock check, freezing, and with `preemptAtAccesses` the buffered write
 * and its publication step — not contention.
 */
import { defineScenario, explore, type Scenario } from '../sim';
import { fmtRate, median, timed } from './stats';

/** One row: a configuration of the workload and its measured cost. */
export interface StructRow {
  readonly key: string;
  readonly workload: string;
  /** Executions per CPU-second (median). */
  readonly executionsPerSec: number;
  /** Steps per execution (a publication is a step). */
  readonly stepsPerExecution: number;
  /** Tracked accesses per execution (0 for the plain object). */
  readonly accessesPerExecution: number;
  /** Nanoseconds of CPU per tracked access beyond the plain object's run (null for the plain row). */
  readonly nsPerAccess: number | null;
  readonly reps: number;
  readonly command: string;
}

const GOROUTINES = 4;
const ROUNDS = 500;
/** Reads and writes per round: `s.a = s.b + 1; s.b = s.a + s.c; s.c = s.a;` → 4 reads, 3 writes. */
const READS = 4;
const WRITES = 3;

/** The workload over a plain object (`struct: false`) or a `sim.struct`. */
function workload(struct: boolean): Scenario {
  return defineScenario({
    name: struct ? 'bench-struct' : 'bench-struct-plain',
    description: 'goroutines updating fields between yields',
    variants: { default: 'each goroutine its own fields' },
    maxSteps: 100_000_000,
    setup(sim) {
      for (let i = 0; i < GOROUTINES; i++) {
        const s = struct ? sim.struct(`s${i}`, { a: 0, b: 0, c: 0 }) : { a: 0, b: 0, c: 0 };
        sim.go(`g${i}`, function* () {
          for (let j = 0; j < ROUNDS; j++) {
            s.a = s.b + 1;
            s.b = s.a + s.c;
            s.c = s.a;
            yield* sim.yieldNow();
          }
        });
      }
    },
  });
}

interface Config {
  readonly key: string;
  readonly label: string;
  readonly scenario: Scenario;
  readonly preemptAtAccesses: boolean;
  readonly accesses: number;
}

/** Runs the section: `reps` alternated repetitions of each configuration. */
export function structBench(quick: boolean): StructRow[] {
  const plain = workload(false);
  const tracked = workload(true);
  const accesses = GOROUTINES * ROUNDS * (READS + WRITES);
  const configs: Config[] = [
    { key: 'plain', label: `plain object: ${GOROUTINES} goroutines × ${ROUNDS} rounds of ${READS} reads + ${WRITES} writes, then yieldNow`, scenario: plain, preemptAtAccesses: false, accesses: 0 },
    { key: 'struct', label: 'the same fields in a sim.struct', scenario: tracked, preemptAtAccesses: false, accesses },
    { key: 'struct-preempt', label: 'the same, with preemptAtAccesses (each write a step)', scenario: tracked, preemptAtAccesses: true, accesses },
  ];
  const reps = quick ? 5 : 11;
  const runsPer = quick ? 10 : 30;
  const rates: number[][] = configs.map(() => []);
  const steps: number[] = configs.map(() => 0);
  const measure = (c: Config, i: number, seed: number): void => {
    let n = 0;
    const t = timed(() => {
      const r = explore(c.scenario, { runs: runsPer, seed, strategy: 'random', preemptAtAccesses: c.preemptAtAccesses });
      if (r.violation !== undefined) throw new Error(`benchmark workload failed: ${r.violation.message}`);
      n = r.executions;
      steps[i] = r.steps / r.executions;
    });
    rates[i]!.push(n / t.cpu);
  };
  configs.forEach((c, i) => measure(c, i, 0)); // warm-up
  for (const r of rates) r.length = 0;
  for (let r = 0; r < reps; r++) {
    const order = r % 2 === 0 ? configs.map((_, i) => i) : configs.map((_, i) => configs.length - 1 - i);
    for (const i of order) measure(configs[i]!, i, r + 1);
  }
  const plainRate = median(rates[0]!);
  return configs.map((c, i) => {
    const rate = median(rates[i]!);
    return {
      key: c.key,
      workload: c.label,
      executionsPerSec: rate,
      stepsPerExecution: steps[i]!,
      accessesPerExecution: c.accesses,
      nsPerAccess: c.accesses === 0 ? null : ((1 / rate - 1 / plainRate) * 1e9) / c.accesses,
      reps,
      command: `npm run bench -- --section struct${quick ? ' --quick' : ''}`,
    };
  });
}

/** The section's markdown. */
export function structMarkdown(rows: readonly StructRow[]): string[] {
  const out = ['## Tracked `sim.struct` accesses', ''];
  out.push(
    'Executions/s (CPU time, medians of alternated repetitions, strategy `random`) of goroutines that update three fields between yields, as a plain object and as a `sim.struct`, and the CPU cost per tracked access beyond the plain run. With `preemptAtAccesses` each write is published as a step of its own (more steps per execution).',
    '',
    '| workload | executions/s | steps/execution | tracked accesses/execution | ns per tracked access | reps | reproduce |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    out.push(`| ${r.workload} | ${fmtRate(r.executionsPerSec)} | ${r.stepsPerExecution} | ${r.accessesPerExecution} | ${r.nsPerAccess === null ? '—' : r.nsPerAccess.toFixed(0)} | ${r.reps} | \`${r.command}\` |`);
  }
  out.push('');
  return out;
}
