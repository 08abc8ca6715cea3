/**
 * A workload to profile: runs it in a loop for a number of seconds, to be started with
 * `node --cpu-prof` (see `profile.ts`).
 *
 *   node --cpu-prof --cpu-prof-dir=prof .bench-build/bench/profile-target.js mutex 5
 *
 * With a third argument `alloc` it instead runs the workload for that many seconds
 * under V8's sampling heap profiler (every allocation, including what the young and old
 * generation collectors freed) and prints the bytes allocated per execution by function:
 *
 *   node .bench-build/bench/profile-target.js lost-update 3 alloc
 *
 * Workloads: `mutex` (the engine's mutex workload, one long execution after another),
 * `lost-update` and `multi-step` (the peer races without their check, 10,000 executions
 * per explore), `tiny` (the tiny scenario), `many-goroutines` (one execution of 10,000
 * goroutines on one mutex).
 */
import { Session } from 'node:inspector';
import { explore, type ExploreOptions, type Scenario } from '../sim';
import { sourceFile } from './profile';
import { manyGoroutines } from './memory-child';
import { lostUpdateRace, multiStepRace } from './peer-races';
import { mutexWorkload, tinyWorkload } from './workloads';

export const PROFILE_WORKLOADS: Readonly<Record<string, { readonly scenario: Scenario; readonly opts: ExploreOptions }>> = {
  mutex: { scenario: mutexWorkload, opts: { runs: 1, strategy: 'random' } },
  'lost-update': { scenario: lostUpdateRace, opts: { runs: 10_000, strategy: 'random', params: { check: false } } },
  'multi-step': { scenario: multiStepRace, opts: { runs: 10_000, strategy: 'random', params: { check: false } } },
  tiny: { scenario: tinyWorkload, opts: { runs: 10_000, strategy: 'random' } },
  'many-goroutines': { scenario: manyGoroutines, opts: { runs: 1, strategy: 'random', params: { goroutines: 10_000 } } },
};

/** A node of the sampling heap profile (the parts read here). */
interface AllocNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly AllocNode[];
}

/** One allocation site: bytes per execution. */
export interface AllocSite {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly bytesPerExecution: number;
  readonly bytesPerStep: number;
  readonly pct: number;
}

export interface AllocSummary {
  readonly workload: string;
  readonly executions: number;
  readonly steps: number;
  readonly bytesPerExecution: number;
  readonly bytesPerStep: number;
  readonly top: readonly AllocSite[];
}

function loop(w: { readonly scenario: Scenario; readonly opts: ExploreOptions }, secs: number): { executions: number; steps: number } {
  const end = Date.now() + secs * 1000;
  let executions = 0;
  let steps = 0;
  for (let seed = 0; Date.now() < end; seed++) {
    const r = explore(w.scenario, { ...w.opts, seed });
    executions += r.executions;
    steps += r.steps;
  }
  return { executions, steps };
}

function summarizeAlloc(head: AllocNode, workload: string, run: { executions: number; steps: number }): AllocSummary {
  const sites = new Map<string, { name: string; file: string; line: number; bytes: number }>();
  let total = 0;
  const walk = (n: AllocNode): void => {
    const cf = n.callFrame;
    const file = sourceFile(cf.url, cf.functionName);
    const name = cf.functionName === '' ? '(anonymous)' : cf.functionName;
    const key = `${file}:${cf.lineNumber}:${name}`;
    const s = sites.get(key) ?? { name, file, line: cf.lineNumber + 1, bytes: 0 };
    s.bytes += n.selfSize;
    sites.set(key, s);
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(head);
  const top = [...sites.values()]
    .filter((s) => s.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file) || a.line - b.line)
    .slice(0, 10)
    .map((s) => ({ name: s.name, file: s.file, line: s.line, bytesPerExecution: s.bytes / run.executions, bytesPerStep: s.bytes / run.steps, pct: (100 * s.bytes) / total }));
  return { workload, ...run, bytesPerExecution: total / run.executions, bytesPerStep: total / run.steps, top };
}

function main(): void {
  const name = process.argv[2] ?? '';
  const secs = Number(process.argv[3] ?? 5);
  const w = PROFILE_WORKLOADS[name];
  if (w === undefined) {
    process.stderr.write(`usage: profile-target.js ${Object.keys(PROFILE_WORKLOADS).join('|')} [seconds] [alloc]\n`);
    process.exit(2);
  }
  if (process.argv[4] !== 'alloc') {
    process.stdout.write(`${JSON.stringify({ workload: name, ...loop(w, secs) })}\n`);
    return;
  }
  loop(w, Math.min(1, secs)); // warm up first: the profile is of the steady state
  const session = new Session();
  session.connect();
  const params = { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
  session.post('HeapProfiler.startSampling', params, (err) => {
    if (err !== null) throw err;
    const run = loop(w, secs);
    session.post('HeapProfiler.stopSampling', (err2, res) => {
      if (err2 !== null) throw err2;
      const head = (res as unknown as { profile: { head: AllocNode } }).profile.head;
      process.stdout.write(`${JSON.stringify(summarizeAlloc(head, name, run))}\n`);
      session.disconnect();
    });
  });
}

if (require.main === module) main();
