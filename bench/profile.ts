/**
 * CPU profiles for missed targets: runs `profile-target.js` under `node --cpu-prof` in a
 * child process and sums the self time of every function from the `.cpuprofile` (the
 * sum of the sample time deltas of the nodes of that function), and per source file.
 * Paths are given as the TypeScript source (`sim/kernel/kernel.ts`); the line is that of
 * the compiled `.bench-build/…js`.
 *
 *   npm run bench -- --section profile --only mutex
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AllocSummary } from './profile-target';

/** The parts of a V8 `.cpuprofile` read here. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  /** `Kernel.run`-style name as V8 reports it (`(anonymous)` for unnamed). */
  readonly name: string;
  /** Source file relative to the project (`sim/kernel/kernel.ts`), or a V8 category. */
  readonly file: string;
  /** 1-based line in the compiled JavaScript. */
  readonly line: number;
  readonly selfMs: number;
  readonly selfPct: number;
  /** Time with this function anywhere on the stack (self + callees, each sample once). */
  readonly totalPct: number;
}

export interface ProfileSummary {
  readonly workload: string;
  readonly seconds: number;
  readonly totalMs: number;
  readonly top: readonly FunctionTime[];
  /** Self time per file, descending. */
  readonly files: readonly { readonly file: string; readonly selfMs: number; readonly selfPct: number }[];
  /** Share of self time in `sim/` files. */
  readonly simPct: number;
  readonly command: string;
  /** Bytes allocated per execution by function (sampling heap profiler), when measured. */
  readonly alloc?: AllocSummary & { readonly command: string };
  /** The same profile with `--no-turbo-inlining`: each function's own self time (slower code). */
  readonly noInlining?: { readonly top: readonly FunctionTime[]; readonly command: string };
}

/** Maps a profile URL to a project-relative TypeScript path, or a V8 category. */
export function sourceFile(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const m = /\.bench-build\/(.+)\.js$/.exec(url);
  if (m !== null) return `${m[1]}.ts`;
  if (url.startsWith('node:')) return url;
  const nm = /node_modules\/([^/]+)/.exec(url);
  return nm !== null ? `node_modules/${nm[1]}` : url;
}

/** Self time per function and per file of a parsed `.cpuprofile`. */
export function summarize(p: CpuProfile, workload: string, seconds: number, command: string, topN = 15): ProfileSummary {
  const byNode = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    byNode.set(id, (byNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, { name: string; file: string; line: number; us: number; totalUs: number }>();
  const files = new Map<string, number>();
  const keyOf = new Map<number, string>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
    const cf = n.callFrame;
    const file = sourceFile(cf.url, cf.functionName);
    const name = cf.functionName === '' ? '(anonymous)' : cf.functionName;
    const key = `${file}:${cf.lineNumber}:${name}`;
    keyOf.set(n.id, key);
    if (!fns.has(key)) fns.set(key, { name, file, line: cf.lineNumber + 1, us: 0, totalUs: 0 });
  }
  let total = 0;
  for (const n of p.nodes) {
    const us = byNode.get(n.id) ?? 0;
    if (us === 0) continue;
    const f = fns.get(keyOf.get(n.id)!)!;
    f.us += us;
    files.set(f.file, (files.get(f.file) ?? 0) + us);
    total += us;
    // inclusive time: every function on this node's stack, once
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf.get(id)!;
      if (seen.has(k)) continue;
      seen.add(k);
      fns.get(k)!.totalUs += us;
    }
  }
  const pct = (us: number): number => (total === 0 ? 0 : (100 * us) / total);
  const top = [...fns.values()]
    .filter((f) => f.us > 0)
    .sort((a, b) => b.us - a.us || a.file.localeCompare(b.file) || a.line - b.line)
    .slice(0, topN)
    .map((f) => ({ name: f.name, file: f.file, line: f.line, selfMs: f.us / 1000, selfPct: pct(f.us), totalPct: pct(f.totalUs) }));
  const fileRows = [...files.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([file, us]) => ({ file, selfMs: us / 1000, selfPct: pct(us) }));
  const simUs = [...files.entries()].filter(([f]) => f.startsWith('sim/')).reduce((a, [, us]) => a + us, 0);
  return { workload, seconds, totalMs: total / 1000, top, files: fileRows, simPct: pct(simUs), command };
}

function cpuProfile(workload: string, seconds: number, flags: readonly string[]): CpuProfile {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'interleave-prof-'));
  try {
    const target = path.join(__dirname, 'profile-target.js');
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...flags, target, workload, String(seconds)], { encoding: 'utf8' });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`profile: no .cpuprofile written for ${workload}`);
    return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Profiles one workload of `profile-target.ts` for `seconds`: the CPU profile, again
 * without inlining (so a callee's time is not its caller's), and the allocation profile.
 */
export function profileWorkload(workload: string, seconds: number): ProfileSummary {
  const base = `.bench-build/bench/profile-target.js ${workload} ${seconds}`;
  const main = summarize(cpuProfile(workload, seconds, []), workload, seconds, `node --cpu-prof ${base}`);
  const flat = summarize(cpuProfile(workload, seconds, ['--no-turbo-inlining']), workload, seconds, '', 10);
  const target = path.join(__dirname, 'profile-target.js');
  const allocOut = execFileSync(process.execPath, [target, workload, String(seconds), 'alloc'], { encoding: 'utf8' });
  const alloc = JSON.parse(allocOut.trim().split('\n').pop()!) as AllocSummary;
  return {
    ...main,
    noInlining: { top: flat.top, command: `node --cpu-prof --no-turbo-inlining ${base}` },
    alloc: { ...alloc, command: `node ${base} alloc` },
  };
}
