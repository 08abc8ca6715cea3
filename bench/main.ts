/**
 * `npm run bench`: prints the engine benchmark (issue: engine) as a table.
 * `npm run bench -- --quick` runs fewer repetitions.
 */
import { engineBench } from './engine-bench';

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
}

function main(): void {
  const quick = process.argv.includes('--quick');
  console.log(`interleave engine benchmark (node ${process.version}, ${quick ? 'quick' : 'full'})\n`);
  const { ratios, tiny } = engineBench(quick);
  console.log('| workload | engine steps/s | bare generator loop steps/s | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const r of ratios) console.log(`| ${r.workload} | ${fmt(r.engineStepsPerSec)} | ${fmt(r.bareStepsPerSec)} | ${r.ratio.toFixed(3)} |`);
  console.log(`\n| workload | executions/s |\n|---|---:|\n| ${tiny.workload} | ${fmt(tiny.executionsPerSec)} |`);
}

main();
