/**
 * Splitting one exhaustive search (`dfs` with source-DPOR and sleep sets) into parts that
 * workers and CI shards run independently, whose union is exactly one search: no class
 * missed, and no execution run twice except the short executions of a shared pre-pass.
 *
 * **The difficulty.** In DPOR the backtrack set of a node is not known when the node is
 * first visited: a race found deep in one subtree adds a branch at a shallow node
 * (Flanagan and Godefroid, POPL 2005; Abdulla et al., POPL 2014). A split that handed out
 * the subtrees of a shallow node as they stand would miss the branches added later.
 * Parallel DPOR (Yang, Chen, Gopalakrishnan and Kirby, SPIN 2007; Simsa, Bryant, Gibson
 * and Hickey, "Scalable dynamic partial order reduction", RV 2012) either lets the owner
 * of the shared prefix collect the added branches and hand them out, or makes the
 * shallow backtrack sets final.
 *
 * **Our choice: final backtrack sets above a cut.** A pre-pass runs `dfs` with
 * `cutDepth = d`: every node less than `d` deep tries every awake choice (its backtrack
 * set is the whole set of enabled, non-sleeping choices within the bounds, so nothing a
 * later race adds can enlarge it), and an execution that reaches depth `d` is cut there
 * and its prefix (the nodes above the cut, with their sleep sets as the depth-first order
 * leaves them) becomes a *part*. Each part is searched by an ordinary `dfs` that replays
 * the prefix and never backtracks into it (`prefix`). Why this is sound and exact:
 *
 * - Source-DPOR with sleep sets stays sound when any backtrack set is enlarged (it only
 *   needs each to contain a source set; a superset is tried in full, with sleep sets
 *   keeping equivalent siblings apart), so the *saturated-top search* — the sequential
 *   search with the top `d` levels saturated — checks every class.
 * - Within a part, everything the sequential saturated-top search would do below the cut
 *   depends only on the prefix's choices and sleep sets (happens-before, fairness and the
 *   bounds are recomputed by replaying the prefix; races reaching above the cut would add
 *   nothing there). So each part runs exactly the executions the saturated-top search
 *   runs in that subtree, in the same order, and the parts together run exactly its
 *   executions. The only repeated work is the pre-pass: one short execution (at most `d`
 *   nodes) per part, and the few executions that end above the cut.
 * - Saturating the top costs a little: branches that DPOR would not have added are
 *   explored there, but a branch whose step commutes with a sibling's starts with that
 *   sibling asleep and is soon abandoned (sleep-set blocked). BENCHMARKS.md measures it.
 *
 * **With invariants** the steps that write what an invariant reads are kept in order
 * (visibility.ts), and what the invariants read is learnt as the search runs. The sleep
 * sets of the prefixes, and those they carry down into the parts, hold only for what the
 * pre-pass knew: a step put to sleep above the cut stays asleep in a part until a step
 * that conflicts with it runs, and a step that writes an object later learnt to be read
 * conflicts with more. A part that knows less than another may then keep asleep a step
 * the other would wake, and a class is missed (split-invariants.test.ts has such a
 * program). So the parts together are one search only if they all know the same:
 * - the split search takes the invariants as one (`Visibility.merged`): a step that writes
 *   what any invariant reads is visible to all, so learning that one more invariant reads
 *   an object already known to be read changes nothing;
 * - the pre-pass and the probes that weigh the parts learn first, and the split is made
 *   again, knowing more, until the probes learn no new object (`splitSearch`);
 * - a part that still learns that the invariants read a new object says so (a divergence)
 *   rather than claim a verdict (dfs.ts, `learntInPart`); run such a search unsplit.
 * If no part learns anything, the pre-pass and the parts are exactly one saturated-top
 * search that knew the same throughout and learnt nothing new, which is sound as the
 * sequential search is (visibility.ts). (Until 2026-12-08 nothing above the cut was put to
 * sleep when the scenario had invariants: sound, but the parts repeated classes, 22–51
 * times the sequential search's executions on the futex models; BENCHMARKS.md.)
 *
 * The cut depth is the first that gives at least `target` parts, deepening by the growth
 * of the cuts seen so far (`nextStep`). Parts are numbered in
 * depth-first order; a violation in a lower-numbered part is the one the sequential
 * saturated-top search would meet first.
 *
 * **Shards** get fixed sets of parts, balanced by a measured estimate of each part's size
 * (`weights`): the number of nodes a deeper pre-pass finds below it, which a cheap second
 * pre-pass at depth `d + extra` counts. Greedy longest-first assignment (Graham's LPT).
 */
import type { Scenario } from '../scenario';
import { explore, type ExploreOptions } from '../explore';
import type { Violation } from '../types';
import { prefixText, type NodeData } from './dfs-node';
import { DfsStrategy, type DfsOptions } from './dfs';

/** A split of one search. */
export interface SearchSplit {
  /** Depth of the cut (nodes above a part). */
  readonly cutDepth: number;
  /** Each part's prefix, in depth-first order. */
  readonly parts: readonly (readonly NodeData[])[];
  /** Estimated size of each part (same order as `parts`; at least 1 each). */
  readonly weights: readonly number[];
  /** Executions the pre-passes ran (cut ones included): the work every shard repeats. */
  readonly prepassExecutions: number;
  readonly prepassSteps: number;
  /** Class hashes of the pre-pass executions that ended above the cut (they belong to the search). */
  readonly prepassClasses: readonly number[];
  /**
   * A violation an execution that ended above the cut found, or the pre-pass finished the
   * whole search (no parts): then the search is not split (run it whole).
   */
  readonly whole: boolean;
  readonly violation: Violation | undefined;
  /** A fingerprint of the split (depth and every part's choices), equal wherever it is computed. */
  readonly fingerprint: string;
  /** What the invariants read, as the pre-pass learnt it: each part starts from it (visibility.ts). */
  readonly observed: readonly string[];
}

/** How to split: the exploration (variant, parameters, limits), the `dfs` options, and how many parts to aim for. */
export interface SplitOptions {
  readonly explore: Omit<ExploreOptions, 'strategy' | 'runs' | 'shrink'>;
  readonly dfs: Omit<DfsOptions, 'cutDepth' | 'prefix' | 'resume'>;
  /** At least this many parts (fewer when the whole tree has fewer). */
  readonly target: number;
  /** Weigh the parts by one execution each and Knuth's estimate (default true; false: every part weighs 1). */
  readonly weigh?: boolean;
  /** Executions run in each part to weigh it (default 4). */
  readonly probes?: number;
  /** Deepest cut tried (default 64). */
  readonly maxDepth?: number;
}

interface Prepass {
  readonly cuts: readonly (readonly NodeData[])[];
  readonly executions: number;
  readonly steps: number;
  readonly classes: readonly number[];
  readonly violation: Violation | undefined;
  readonly observed: readonly string[];
}

function prepass(scenario: Scenario, o: SplitOptions, depth: number, observed: readonly string[]): Prepass {
  const s = new DfsStrategy({ ...o.dfs, cutDepth: depth, observed });
  const r = explore(scenario, { ...o.explore, strategy: s, runs: Number.MAX_SAFE_INTEGER, shrink: false });
  return { cuts: s.cuts, executions: r.executions, steps: r.steps, classes: [...s.classes], violation: r.violation, observed: s.visibility.observed };
}

/**
 * Splits the search of `scenario` into at least `o.target` parts (see the module comment).
 * With invariants, the parts must start from what the invariants read (visibility.ts): the
 * pre-pass and the probes that weigh the parts learn it, and when the probes see more than
 * the pre-pass knew, the split is made again knowing it (at most `MAX_ROUNDS` times); a part
 * that still finds more says so rather than claim a verdict (dfs.ts).
 */
export function splitSearch(scenario: Scenario, o: SplitOptions): SearchSplit {
  const maxDepth = o.maxDepth ?? 64;
  const total = { executions: 0, steps: 0 };
  let known: readonly string[] = [];
  for (let round = 0; ; round++) {
    const r = splitOnce(scenario, o, maxDepth, known, total);
    // what matters is which objects are read (the split takes the invariants as one)
    if (objects(r.seen) === objects(r.split.observed) || round >= MAX_ROUNDS) return { ...r.split, prepassExecutions: total.executions, prepassSteps: total.steps };
    known = r.seen;
  }
}

/** Splits made at most, each knowing more than the last (what is read only grows, so this is rarely reached). */
const MAX_ROUNDS = 8;

/** The objects a learnt set (`Visibility.observed`, `check:key`) says are read, as one string. */
function objects(observed: readonly string[]): string {
  return [...new Set(observed.map((o) => o.slice(o.indexOf(':') + 1)))].sort().join('\u0000');
}

/**
 * How many levels deeper the next pre-pass cuts: half of those that the growth of the cuts
 * from the pre-pass `before` to this one (`cuts` at `depth`), continued, says still give
 * fewer than `target`, and at least one. Each pre-pass costs about its cuts, and deepening
 * one level at a time cost about five times the last pre-pass on the futex models (597
 * executions for a last one of 119). Half, because the growth per level can rise: a full
 * jump took futex-condvar to depth 21 and 185 parts where depth 17 gives 73.
 */
function nextStep(before: { depth: number; cuts: number }, depth: number, cuts: number, target: number): number {
  if (before.depth === 0 || cuts <= before.cuts) return 1;
  const growth = Math.pow(cuts / before.cuts, 1 / (depth - before.depth));
  return Math.max(1, Math.floor(Math.log(target / cuts) / Math.log(growth) / 2));
}

function splitOnce(scenario: Scenario, o: SplitOptions, maxDepth: number, known: readonly string[], total: { executions: number; steps: number }): { split: SearchSplit; seen: readonly string[] } {
  const cut = (d: number, observed: readonly string[]): Prepass => {
    const r = prepass(scenario, o, d, observed);
    total.executions += r.executions;
    total.steps += r.steps;
    return r;
  };
  let depth = 1; // the depth the parts are cut at (at most maxDepth when no depth gives enough)
  let last = cut(depth, known);
  let before = { depth: 0, cuts: 0 };
  while (last.violation === undefined && last.cuts.length > 0 && last.cuts.length < o.target && depth < maxDepth) {
    const next = Math.min(maxDepth, depth + nextStep(before, depth, last.cuts.length, o.target));
    before = { depth, cuts: last.cuts.length };
    last = cut(next, last.observed);
    depth = next;
  }
  const whole = last.violation !== undefined || last.cuts.length === 0;
  const seen = new Set(last.observed);
  let weights = last.cuts.map(() => 1);
  if (!whole && o.weigh !== false && last.cuts.length > 1) {
    weights = last.cuts.map((prefix) => {
      const d = new DfsStrategy({ ...o.dfs, prefix, observed: last.observed });
      const probes = o.probes ?? 4;
      let sum = 0;
      const r = explore(scenario, {
        ...o.explore,
        strategy: d,
        runs: probes,
        shrink: false,
        progressEvery: 1,
        onProgress: () => void (sum += d.sizeEstimate()),
      });
      total.executions += r.executions;
      total.steps += r.steps;
      for (const k of d.visibility.observed) seen.add(k);
      // a part its probes finished is as big as they were; else the mean of the estimates
      return d.exhausted || r.executions < probes ? r.executions : Math.max(probes, sum / r.executions);
    });
  }
  const parts = whole ? [] : last.cuts;
  // `merged`: since 2026-12-08 the parts take the invariants as one and keep their prefixes'
  // sleep sets, so a checkpoint of an older split of the same choices is not this one's
  const fingerprint = fnv(`merged|${depth}|${parts.map(prefixText).join('|')}`);
  const split = { cutDepth: depth, parts, weights: whole ? [] : weights, prepassExecutions: 0, prepassSteps: 0, prepassClasses: whole ? [] : last.classes, whole, violation: last.violation, fingerprint, observed: last.observed };
  return { split, seen: [...seen].sort() };
}

/**
 * Assigns parts to `n` shards: heaviest first, each to the shard with the least weight so
 * far (ties: the lower part number, the lower shard). Each shard's list is in part order.
 *
 * @example assignParts([5, 1, 1, 3], 2) → [[0], [1, 2, 3]]
 */
export function assignParts(weights: readonly number[], n: number): number[][] {
  const order = weights.map((w, i) => i).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const load = new Array<number>(n).fill(0);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < n; s++) if (load[s]! < load[best]!) best = s;
    load[best]! += weights[i]!;
    out[best]!.push(i);
  }
  for (const l of out) l.sort((a, b) => a - b);
  return out;
}

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
