/**
 * Which cycle of turns would serve the portfolio best on SCTBench: runs each candidate
 * member alone on every port with a published PCT-3 or SURW mean (`seeds` seeds,
 * `budget` executions each), then scores every cycle of up to `maxTurns` turns that gives
 * each member at least one turn, composed exactly from those runs (`composeRuns` in
 * `sctbench-members.ts`: a cycle's seed s finds the bug at the earliest of its members'
 * finds at their turns). A cycle is scored by the programs where its mean is at most both
 * published means (issue 13's target), then by the geometric mean over the programs of
 * its mean over the lower published mean. The members are independent of the cycle, so
 * one run of each member scores every cycle; more seeds than section 7's 20 keep the
 * ranking from following the noise of a few seeds.
 *
 * Usage (after `npx tsc -p tsconfig.bench.json`):
 *   node .bench-build/bench/sctbench-cycles.js [--seeds 60] [--budget 10000] [--turns 5] [--members surw,pct:3,rff] [--top 10] [--skip CS/twostage_100]
 *
 * (`--skip` leaves programs out: twostage_100 alone takes most of an hour at 60 seeds,
 * as PCT misses it in most seeds and each miss is 10,000 executions of 100 threads.)
 *
 * @example
 *   const runs = memberRuns('rff', 60, 10_000);         // program → per-seed executions to the bug
 *   rankCycles([surwRuns, pctRuns, rffRuns], 5, 10_000); // best first
 */
import { sctbenchPrograms } from '../scenarios/sctbench';
import { explore } from '../sim/internal';
import { DEFAULT_TURNS } from '../sim/strategy/portfolio';
import { SurwStrategy, SURW_SUBSET_PROBABILITY } from '../sim/strategy/surw';
import { composeRuns } from './sctbench-members';
import { publishedCell, publishedFound, publishedMean, type PublishedTool } from './sctbench-published';

/** Per program (SCTBench name): executions to the first bug per seed, null for a miss. */
export type MemberRuns = Readonly<Record<string, readonly (number | null)[]>>;

/** A cycle's score over the programs. */
export interface CycleScore {
  /** Member indexes, one per turn. */
  readonly turns: readonly number[];
  /** Programs where the composed mean is at most every published mean compared with. */
  readonly met: number;
  readonly programs: number;
  /** Geometric mean over the programs of (composed mean / the lower published mean). */
  readonly ratio: number;
  /** Whether every seed found the bug on every program. */
  readonly everySeed: boolean;
  /** The programs above a published mean, with the composed mean. */
  readonly above: readonly { readonly program: string; readonly mean: number; readonly published: number }[];
}

const TOOLS: readonly PublishedTool[] = ['PCT-3', 'SURW'];

/** The lower of the published PCT-3 and SURW means of `program`, or null when neither found its bug. */
export function publishedTarget(program: string): number | null {
  const xs = TOOLS.map((t) => publishedCell(program, t)).flatMap((c) => (c !== undefined && publishedFound(c) > 0 ? [publishedMean(c)] : []));
  return xs.length === 0 ? null : Math.min(...xs);
}

/**
 * Runs `strategy` alone on every port with a published target: a registered name,
 * `pct:<depth>`, or `surw-one` (SURW selecting one shared object per execution, as its
 * artifact does: `new SurwStrategy(seed, SURW_SUBSET_PROBABILITY, 1)`).
 */
export function memberRuns(strategy: string, seeds: number, budget: number, skip: readonly string[] = []): MemberRuns {
  const [name, depth] = strategy.split(':');
  const make = (seed: number): string | SurwStrategy => (name === 'surw-one' ? new SurwStrategy(seed, SURW_SUBSET_PROBABILITY, 1) : name!);
  const out: Record<string, (number | null)[]> = {};
  for (const p of sctbenchPrograms) {
    if (publishedTarget(p.program) === null || skip.includes(p.program)) continue;
    const runs: (number | null)[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const r = explore(p.scenario, { variant: 'bug', strategy: make(seed), seed, runs: budget, shrink: false, ...(depth !== undefined ? { depth: Number(depth) } : {}) });
      runs.push(r.violation === undefined ? null : r.executions);
    }
    out[p.program] = runs;
  }
  return out;
}

/** Every cycle of 1 to `maxTurns` turns over `members` members (some may have no turn), one per rotation (the least rotation). */
export function cycles(members: number, maxTurns: number): number[][] {
  const out: number[][] = [];
  const rec = (c: number[]): void => {
    if (c.length > 0 && leastRotation(c).join() === c.join()) out.push(c);
    if (c.length < maxTurns) for (let k = 0; k < members; k++) rec([...c, k]);
  };
  rec([]);
  return out;
}

/** Scores one cycle on the programs every member ran. */
export function scoreCycle(members: readonly MemberRuns[], turns: readonly number[], budget: number): CycleScore {
  const programs = Object.keys(members[0] ?? {}).filter((p) => members.every((m) => m[p] !== undefined));
  // the members with a turn, and the turns as indexes among them
  const used = [...new Set(turns)].sort((a, b) => a - b);
  const local = turns.map((k) => used.indexOf(k));
  let met = 0;
  let logSum = 0;
  let everySeed = true;
  const above: { program: string; mean: number; published: number }[] = [];
  for (const p of programs) {
    const c = composeRuns(
      used.map((k) => members[k]![p]!),
      local,
      budget,
    );
    const t = publishedTarget(p)!;
    if (c.found < c.seeds) everySeed = false;
    const mean = c.found === 0 ? budget : c.mean;
    logSum += Math.log(mean / t);
    if (c.found > 0 && c.mean <= t) met++;
    else above.push({ program: p, mean, published: t });
  }
  return { turns, met, programs: programs.length, ratio: Math.exp(logSum / Math.max(1, programs.length)), everySeed, above };
}

/** Every cycle of up to `maxTurns` turns, best first (every seed finding every bug, then most programs met, then the lowest ratio, then the fewest turns). */
export function rankCycles(members: readonly MemberRuns[], maxTurns: number, budget: number): CycleScore[] {
  return cycles(members.length, maxTurns)
    .map((t) => scoreCycle(members, t, budget))
    .sort((a, b) => Number(b.everySeed) - Number(a.everySeed) || b.met - a.met || a.ratio - b.ratio || a.turns.length - b.turns.length || a.turns.join().localeCompare(b.turns.join()));
}

function flag(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : fallback;
}

function main(args: readonly string[]): void {
  const seeds = Number(flag(args, '--seeds', '60'));
  const budget = Number(flag(args, '--budget', '10000'));
  const maxTurns = Number(flag(args, '--turns', '5'));
  const top = Number(flag(args, '--top', '10'));
  const names = flag(args, '--members', 'surw,pct:3,rff').split(',');
  const skip = flag(args, '--skip', '').split(',').filter((x) => x !== '');
  const runs = names.map((n) => {
    process.stderr.write(`running ${n} alone (${seeds} seeds)…\n`);
    return memberRuns(n, seeds, budget, skip);
  });
  process.stdout.write(`each member alone: mean executions to the first bug (found/seeds when some missed); the lower published PCT-3/SURW mean\n`);
  for (const p of Object.keys(runs[0] ?? {})) {
    const cells = runs.map((r, k) => {
      const c = composeRuns([r[p]!], [0], budget);
      return `${names[k]} ${c.found === 0 ? '—' : c.mean.toFixed(1)}${c.found < c.seeds ? ` (${c.found}/${c.seeds})` : ''}`;
    });
    process.stdout.write(`  ${p}: ${cells.join(', ')}; published ${publishedTarget(p)!.toFixed(1)}\n`);
  }
  const ranked = rankCycles(runs, maxTurns, budget);
  const show = (s: CycleScore): string =>
    `${s.turns.map((k) => names[k]).join(',')}: ${s.met} of ${s.programs} met, ratio ${s.ratio.toFixed(3)}${s.everySeed ? '' : ', some seed missed'}; above: ${s.above.map((a) => `${a.program.replace(/^C[SB]\//, '')} ${a.mean.toFixed(1)} vs ${a.published.toFixed(1)}`).join(', ')}`;
  process.stdout.write(`${ranked.length} cycles of up to ${maxTurns} turns of ${names.join(', ')}; ${seeds} seeds, budget ${budget}\n`);
  ranked.slice(0, top).forEach((s, i) => process.stdout.write(`${i + 1}. ${show(s)}\n`));
  // the default members come first in this order: DEFAULT_TURNS names them by these indexes
  if (names.slice(0, 3).join() === 'surw,pct:3,rff') {
    const key = leastRotation(DEFAULT_TURNS).join();
    const at = ranked.findIndex((s) => s.turns.join() === key);
    if (at >= 0) process.stdout.write(`the default cycle (DEFAULT_TURNS): ${at + 1}. ${show(ranked[at]!)}\n`);
  }
}

/** The least rotation of a cycle (how `cycles` names it). */
export function leastRotation(turns: readonly number[]): number[] {
  let best = [...turns];
  for (let i = 1; i < turns.length; i++) {
    const r = [...turns.slice(i), ...turns.slice(0, i)];
    if (r.join() < best.join()) best = r;
  }
  return best;
}

if (require.main === module) main(process.argv.slice(2));
