/**
 * Section 6: peak RSS of child processes (`memory-child.ts`): a baseline (load the
 * engine, one execution), 1,000,000 executions of the tiny scenario (nothing per
 * execution may be retained), one execution of 1,000,000 steps, and one execution of
 * 10,000 goroutines alive at once.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { MemoryMode } from './memory-child';

export interface MemoryRow {
  readonly mode: MemoryMode;
  readonly label: string;
  readonly n: number;
  readonly maxRssBytes: number;
  readonly heapAfterGcBytes: number;
  readonly executions: number;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly command: string;
}

/** Runs one child and parses its JSON line. */
export function runMemoryChild(mode: MemoryMode, n: number): Omit<MemoryRow, 'label' | 'command'> {
  const child = path.join(__dirname, 'memory-child.js');
  const out = execFileSync(process.execPath, ['--expose-gc', child, mode, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = out.trim().split('\n').pop()!;
  return JSON.parse(line) as Omit<MemoryRow, 'label' | 'command'>;
}

/** The memory rows; quick mode runs 200,000 executions instead of 1,000,000. */
export function memoryBench(quick: boolean, log: (s: string) => void): MemoryRow[] {
  const cases: { mode: MemoryMode; n: number; label: string }[] = [
    { mode: 'baseline', n: 1, label: 'baseline: engine loaded, 1 execution of the tiny scenario' },
    { mode: 'executions', n: 1000, label: '1,000 executions of the tiny scenario' },
    { mode: 'executions', n: quick ? 200_000 : 1_000_000, label: `${quick ? '200,000' : '1,000,000'} executions of the tiny scenario` },
    { mode: 'steps', n: 1_000_000, label: 'one execution of 1,000,000 steps (8 goroutines, one mutex)' },
    { mode: 'goroutines', n: 10_000, label: 'one execution of 10,000 goroutines (one lock/unlock each)' },
  ];
  const rows: MemoryRow[] = [];
  for (const c of cases) {
    const r = runMemoryChild(c.mode, c.n);
    log(`  ${c.label}: ${(r.maxRssBytes / 1e6).toFixed(1)} MB, ${(r.elapsedMs / 1000).toFixed(1)} s`);
    rows.push({ ...r, label: c.label, command: `node --expose-gc .bench-build/bench/memory-child.js ${c.mode} ${c.n}` });
  }
  return rows;
}
