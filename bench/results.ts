/**
 * The benchmark's results (`bench/results.json`, schema version 1) and the targets they
 * are judged against.
 */
import type { StructRow } from './struct-bench';
import type { DporRow } from './dpor-bench';
import type { RateRow, RatioRow } from './engine-bench';
import type { MemoryRow } from './memory-bench';
import type { FindRow, ThroughputRow, WaitChoice } from './peer-bench';
import type { ProfileSummary } from './profile';
import type { ScalingResult } from './scaling-bench';
import type { SctbenchResult } from './sctbench-bench';
import { sctbenchTarget } from './sctbench-targets';
import type { StrategyRow, StrategySettings } from './strategy-bench';

export const RESULTS_SCHEMA_VERSION = 1;

/** Where and under which load the figures were taken. */
export interface Environment {
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly fastCheck: string;
  /** `os.loadavg()` (1, 5, 15 minutes) when the run started and when it ended. */
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface BenchResults {
  readonly schemaVersion: number;
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly environment: Environment;
  readonly engine?: { readonly ratios: readonly RatioRow[]; readonly tiny: RateRow | null };
  readonly peer?: { readonly waits: WaitChoice; readonly throughput: readonly ThroughputRow[]; readonly find: readonly FindRow[] };
  readonly strategies?: { readonly settings: Omit<StrategySettings, 'strategies'> & { readonly strategies: readonly string[] }; readonly rows: readonly StrategyRow[]; readonly chart: string };
  readonly dpor?: { readonly cap: number; readonly rows: readonly DporRow[] };
  readonly scaling?: ScalingResult;
  readonly memory?: readonly MemoryRow[];
  readonly sctbench?: SctbenchResult;
  readonly struct?: readonly StructRow[];
  readonly targets: readonly TargetResult[];
  readonly profiles: readonly ProfileSummary[];
  /** Sections (or profiles) that failed, with the error: the rest of the run went on. */
  readonly errors: Readonly<Record<string, string>>;
}

/** One target, as measured. */
export interface TargetResult {
  readonly key: string;
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
  /** The profile-target workload that explains a miss (see profile.ts), if any. */
  readonly profile?: string;
}

type Sections = Omit<BenchResults, 'schemaVersion' | 'mode' | 'command' | 'environment' | 'targets' | 'profiles' | 'errors'>;

/** The targets the sections that ran can judge. */
export function judgeTargets(r: Sections): TargetResult[] {
  const out: TargetResult[] = [];
  const mutex = r.engine?.ratios.find((x) => x.key === 'mutex');
  if (mutex !== undefined) {
    out.push({ key: 'engine-mutex', target: 'engine ÷ bare generator loop ≥ 0.25 on the mutex workload', measured: mutex.ratio.toFixed(3), pass: mutex.ratio >= 0.25, profile: 'mutex' });
  }
  const multi = r.peer?.throughput.find((x) => x.race === 'multi-step');
  if (multi !== undefined) {
    out.push({
      key: 'peer-steps',
      target: "≥ 10× fast-check's scheduler in steps/s on the multi-step race (4 tasks × 10 steps)",
      measured: `${multi.ratio.toFixed(2)}×`,
      pass: multi.ratio >= 10,
      profile: 'multi-step',
    });
  }
  const lost = r.peer?.throughput.find((x) => x.race === 'lost-update');
  if (lost !== undefined) {
    out.push({ key: 'peer-executions', target: "≥ 4× fast-check's executions/s on the two-task lost update", measured: `${lost.ratio.toFixed(2)}×`, pass: lost.ratio >= 4, profile: 'lost-update' });
  }
  if (r.scaling !== undefined) {
    out.push({ key: 'scaling', target: '2 workers ≥ 1.7× of 1 worker (explore --all)', measured: `${r.scaling.ratio.toFixed(2)}×`, pass: r.scaling.ratio >= 1.7 });
  }
  if (r.dpor !== undefined && r.dpor.rows.length > 0) {
    const many = r.dpor.rows.filter((x) => x.goroutines >= 3);
    const short = many.filter((x) => x.reduction === null || x.reduction < 10);
    const least = many.reduce<(typeof many)[number] | null>((a, x) => (x.reduction !== null && (a === null || a.reduction === null || x.reduction < a.reduction) ? x : a), null);
    out.push({
      key: 'dpor',
      target: 'DFS with DPOR ≤ 1/10 of plain DFS executions on every correct variant with 3+ goroutines, and exhausts each',
      measured:
        short.length === 0
          ? `${many.length} variants; least reduction ${least === null ? '—' : `${least.reductionIsLowerBound ? '>' : ''}${least.reduction!.toFixed(1)}× (${least.scenario} / ${least.variant})`}`
          : `short: ${short.map((x) => `${x.scenario} / ${x.variant} (${x.reduction === null ? 'DPOR did not finish' : `${x.reduction.toFixed(1)}×`})`).join(', ')}`,
      pass: short.length === 0,
    });
  }
  const million = r.memory?.filter((m) => m.mode === 'executions').sort((a, b) => b.n - a.n)[0];
  if (million !== undefined) {
    const scale = million.n === 1_000_000 ? '' : ` (at ${million.n.toLocaleString('en-US')} executions: quick run)`;
    out.push({ key: 'memory', target: 'peak RSS < 256 MB for 1,000,000 executions', measured: `${(million.maxRssBytes / 1e6).toFixed(1)} MB${scale}`, pass: million.maxRssBytes < 256e6 });
  }
  const sct = r.sctbench === undefined ? null : sctbenchTarget(r.sctbench);
  if (sct !== null) out.push(sct);
  return out;
}
