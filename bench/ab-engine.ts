/**
 * A/B of the engine of two builds of this package: the engine workloads (mutex, channel
 * ping-pong, timers; `sim.struct` unused), each measurement in a fresh child process that
 * loads one build (two builds in one process optimize each other's code unpredictably: the
 * same pair measured 0.93 and 1.54 in two runs), alternating A and B; a measurement is the
 * median of five timed runs of at least 400,000 steps, CPU time. It prints the medians
 * and the median of the paired ratios (B ÷ A).
 *
 *   npm run build && (cd ../other-checkout && npm run build)
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/ab-engine.js ../other-checkout . 9
 *
 * Arguments: build roots A and B (each with `dist/sim/internal.js`), repetitions, and an
 * optional comma-separated subset of `mutex,channel,timers`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

type Api = typeof import('../sim/internal');
type Workloads = Record<'mutex' | 'channel' | 'timers', ReturnType<Api['defineScenario']>>;

function workloads(sim: Api): Workloads {
  const { defineScenario } = sim;
  return {
    mutex: defineScenario({
      name: 'ab-mutex',
      description: '8 goroutines × 10,000 lock/unlock',
      variants: { d: 'd' },
      maxSteps: 1e8,
      setup(s) {
        const m = s.mutex('m');
        for (let i = 0; i < 8; i++) {
          s.go(`w${i}`, function* () {
            for (let j = 0; j < 10_000; j++) {
              yield* m.lock();
              yield* m.unlock();
            }
          });
        }
      },
    }),
    channel: defineScenario({
      name: 'ab-channel',
      description: 'ping-pong, 50,000 round trips',
      variants: { d: 'd' },
      maxSteps: 1e8,
      setup(s) {
        const ping = s.chan<number>('ping');
        const pong = s.chan<number>('pong');
        s.go('pinger', function* () {
          for (let i = 0; i < 50_000; i++) {
            yield* ping.send(i);
            yield* pong.recv();
          }
        });
        s.go('ponger', function* () {
          for (let i = 0; i < 50_000; i++) yield* pong.send((yield* ping.recv())!);
        });
      },
    }),
    timers: defineScenario({
      name: 'ab-timers',
      description: '100 sleepers × 500 sleeps + 100 afterFunc',
      variants: { d: 'd' },
      maxSteps: 1e8,
      setup(s) {
        for (let i = 0; i < 100; i++) {
          s.go(`s${i}`, function* () {
            for (let j = 0; j < 500; j++) yield* s.sleep(1 + ((i + j) % 7));
          });
        }
        for (let i = 0; i < 100; i++) {
          s.afterFunc(1000 + i, `f${i}`, function* () {
            yield* s.yieldNow();
          });
        }
      },
    }),
  };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function measure(api: Api, scenario: Workloads[keyof Workloads], seed: number): number {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = cpuSeconds();
  let steps = 0;
  for (let k = 0; steps < 400_000; k++) {
    const r = api.explore(scenario, { runs: 1, seed: seed * 100 + k, strategy: 'random' });
    if (r.violation !== undefined) throw new Error(r.violation.message);
    steps += r.steps;
  }
  return steps / (cpuSeconds() - c0);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** In a child: one build, one workload; prints steps per CPU-second. */
function child(root: string, key: keyof Workloads): void {
  const api = require(path.resolve(root, 'dist/sim/internal.js')) as Api;
  const w = workloads(api)[key];
  measure(api, w, 0);
  const rates: number[] = [];
  for (let r = 1; r <= 5; r++) rates.push(measure(api, w, r));
  process.stdout.write(`${median(rates)}\n`);
}

function main(argv: readonly string[]): void {
  if (argv[0] === '--child') {
    child(argv[1]!, argv[2] as keyof Workloads);
    return;
  }
  const [a, b, repsArg, only] = argv;
  if (a === undefined || b === undefined) throw new Error('usage: ab-engine.js <build root A> <build root B> [reps] [mutex,channel,timers]');
  const reps = Number(repsArg ?? 9);
  const keys = (['mutex', 'channel', 'timers'] as const).filter((k) => only === undefined || only.split(',').includes(k));
  const once = (root: string, key: string): number => {
    const r = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', root, key], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return Number(r.stdout.trim());
  };
  for (const key of keys) {
    const res: number[][] = [[], []];
    for (let r = 0; r < reps; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) res[i]!.push(once(i === 0 ? a : b, key));
    }
    const [ma, mb] = [median(res[0]!), median(res[1]!)];
    const paired = median(res[0]!.map((x, i) => res[1]![i]! / x));
    console.log(`${key}: A ${(ma / 1e6).toFixed(2)} M steps/s, B ${(mb / 1e6).toFixed(2)} M steps/s, B/A of medians ${(mb / ma).toFixed(3)}, median of paired B/A ${paired.toFixed(3)} (${reps} alternated pairs, one process each)`);
  }
}

main(process.argv.slice(2));
