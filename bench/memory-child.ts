/**
 * The child process of the memory section: runs one workload and prints one JSON line
 * `{ mode, n, maxRssBytes, heapAfterGcBytes, executions, steps, elapsedMs }` with its own
 * peak resident set size: Linux's `VmHWM` (the high-water mark of its own memory), else
 * `process.resourceUsage().maxRSS`. Not `maxRSS` alone: on Linux a child's `maxRSS` keeps
 * the high-water mark of the process it was spawned from, so under a 300 MB bench process
 * every case read at least 300 MB (a 300 MB parent gives its child maxRSS 311 MB, VmHWM 40 MB).
 *
 *   node --expose-gc .bench-build/bench/memory-child.js executions 1000000
 *   node --expose-gc .bench-build/bench/memory-child.js steps 1000000
 *   node --expose-gc .bench-build/bench/memory-child.js goroutines 10000
 *   node --expose-gc .bench-build/bench/memory-child.js baseline 1
 */
import fs from 'node:fs';
import { defineScenario, explore } from '../sim';
import { mutexWorkload, tinyWorkload } from './workloads';

/** `goroutines` goroutines, each one lock/increment/unlock under one mutex, all alive at once. */
export const manyGoroutines = defineScenario({
  name: 'bench-many-goroutines',
  description: 'many goroutines contend for one mutex once each',
  variants: { default: 'one lock/unlock each' },
  params: { goroutines: 10_000 },
  maxSteps: 100_000_000,
  setup(sim, { params }) {
    const m = sim.mutex('m');
    let n = 0;
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(`g${i}`, function* () {
        yield* m.lock();
        n++;
        yield* m.unlock();
      });
    }
    sim.atEnd('every goroutine ran', () => n === params.goroutines || `n is ${n}`);
  },
});

export type MemoryMode = 'executions' | 'steps' | 'goroutines' | 'baseline';

function run(mode: MemoryMode, n: number): { executions: number; steps: number } {
  switch (mode) {
    case 'executions': {
      const r = explore(tinyWorkload, { runs: n, seed: 1, strategy: 'random' });
      return { executions: r.executions, steps: r.steps };
    }
    case 'steps': {
      // 8 goroutines × rounds × (lock + unlock) ≈ n steps, in one execution
      const r = explore(mutexWorkload, { runs: 1, seed: 1, strategy: 'random', params: { goroutines: 8, rounds: Math.ceil(n / 16) } });
      return { executions: r.executions, steps: r.steps };
    }
    case 'goroutines': {
      const r = explore(manyGoroutines, { runs: 1, seed: 1, strategy: 'random', params: { goroutines: n } });
      return { executions: r.executions, steps: r.steps };
    }
    case 'baseline': {
      const r = explore(tinyWorkload, { runs: n, seed: 1, strategy: 'random' });
      return { executions: r.executions, steps: r.steps };
    }
  }
}

/** This process's peak resident set size in bytes (see the module comment). */
export function peakRssBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m !== null) return Number(m[1]) * 1024;
  } catch {
    // not Linux: maxRSS
  }
  return process.resourceUsage().maxRSS * 1024;
}

function main(): void {
  const mode = process.argv[2] as MemoryMode;
  const n = Number(process.argv[3]);
  if (!['executions', 'steps', 'goroutines', 'baseline'].includes(mode) || !(n >= 1)) {
    process.stderr.write('usage: memory-child.js executions|steps|goroutines|baseline N\n');
    process.exit(2);
  }
  const t0 = process.hrtime.bigint();
  const r = run(mode, n);
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  const out = { mode, n, maxRssBytes: peakRssBytes(), heapAfterGcBytes: process.memoryUsage().heapUsed, ...r, elapsedMs };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) main();
