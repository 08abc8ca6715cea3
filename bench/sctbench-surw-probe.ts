/**
 * `surw` on one SCTBench port, its mean executions to the bug over seeds 0..N-1, with the
 * target forced to one object if asked: the per-target figures of
 * `scenarios/sctbench/README.md`. A diagnostic, not a section of BENCHMARKS.md.
 *
 *   npx tsc -p tsconfig.bench.json
 *   node .bench-build/bench/sctbench-surw-probe.js sctbench-stringbuffer-jdk1-4 --seeds 60
 *   node .bench-build/bench/sctbench-surw-probe.js sctbench-stringbuffer-jdk1-4 --seeds 60 --target shared:buffer.count
 *   node .bench-build/bench/sctbench-surw-probe.js sctbench-lazy01 --seeds 60 --param period=true
 *
 * `--target KEY` (`kind:name`, as `SurwStrategy.interestingObjects` prints them) makes every
 * execution that would draw one object draw KEY instead (the first, which knows nothing
 * yet, still selects all or a random half); `--target none` names no object, so no
 * access is interesting and every step goes by the random priorities alone. It replaces
 * `SurwSelection`'s private draw in this process only.
 */
import { explore } from '../sim';
import { SurwStrategy } from '../sim/strategy/surw';
import { SurwSelection } from '../sim/strategy/surw-selection';
import { sctbenchScenarios } from '../scenarios/sctbench';

function main(argv: readonly string[]): void {
  const name = argv[0];
  const scenario = sctbenchScenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`usage: sctbench-surw-probe.js <scenario> [--seeds N] [--target KEY] [--param k=v]; scenarios: ${sctbenchScenarios.map((s) => s.name).join(', ')}`);
  let seeds = 20;
  let target: string | null = null;
  const params: Record<string, unknown> = {};
  for (let i = 1; i < argv.length; i += 2) {
    const v = argv[i + 1] ?? '';
    if (argv[i] === '--seeds') seeds = Number(v);
    else if (argv[i] === '--target') target = v;
    else if (argv[i] === '--param') {
      const [k = '', x = ''] = v.split('=');
      params[k] = x === 'true' ? true : x === 'false' ? false : Number(x);
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (target !== null) {
    const proto = SurwSelection.prototype as unknown as { drawTarget(rng: unknown): string | null };
    const draw = proto.drawTarget;
    const forced = target;
    proto.drawTarget = function (this: unknown, rng: unknown): string | null {
      return draw.call(this, rng) === null ? null : forced;
    };
  }
  const found: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const r = explore(scenario, { variant: 'bug', strategy: new SurwStrategy(seed), seed, runs: 10_000, shrink: false, params });
    if (r.violation !== undefined) found.push(r.executions);
  }
  const mean = found.reduce((a, b) => a + b, 0) / found.length;
  console.log(`${name} ${JSON.stringify(params)} target ${target ?? '(drawn)'}: mean ${mean.toFixed(2)} over ${found.length}/${seeds} seeds that found it`);
}

main(process.argv.slice(2));
