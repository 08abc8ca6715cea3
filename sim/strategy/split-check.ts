/**
 * Checking a split search (split.ts) against the sequential one with class ids that do not
 * depend on what each search learnt about the invariants.
 *
 * `dfs` counts the classes it checks by a hash of each execution's happens-before relation
 * (dpor.ts). With invariants, that relation includes the writes of the invariants' virtual
 * objects (visibility.ts), which a search adds to the steps that write what it has *learnt*
 * the invariants read. Two searches that learnt different sets hash one execution
 * differently: a part started from nothing (rather than from the pre-pass's learnt set, as
 * the CLI starts it) may learn an object late, or never, so its ids are not the sequential
 * search's, and a union of parts can differ from the sequential ids with no class missed.
 * That was the bench's "union ≠" on futex-condvar/correct (8 ids missing, 4 extra): its
 * parts started from nothing. Hashed alike, parts started as the CLI starts them miss no
 * class (nor on futex and futex-bitset); parts started from nothing miss none without the
 * invariants' objects, but 4 with the sequential search's learnt set: classes that differ
 * in the order of writes of objects that those parts never saw an invariant read (each
 * such part lacked some of the 29 objects the sequential search learnt in other subtrees).
 *
 * `Witness` wraps a `dfs` search and hashes each execution it counts twice more, whatever
 * the search learnt: with the virtual objects of one fixed learnt set (`fixed`: given the
 * sequential search's, every search is hashed under the relation the sequential search
 * ended with, so a union of parts is compared id for id), and with none (`invisible`: the
 * coarser classes of the relation without the invariants). `compareSplit` runs both
 * searches so. The saturated top of a split (split.ts) may check classes the sequential
 * search does not (extra ids), never fewer.
 */
import type { Scenario } from '../scenario';
import { explore } from '../explore';
import { HappensBefore } from './dpor';
import { DfsStrategy } from './dfs';
import { prefixText } from './dfs-node';
import { splitSearch, type SearchSplit, type SplitOptions } from './split';
import { PRUNE, type ChoicePoint, type ExecutionOutcome, type StepInfo, type Strategy } from './strategy';
import { isVirtualAccess, Visibility } from './visibility';

/**
 * A `dfs` search observed from outside (see the module comment): for each execution the
 * inner search counts in its `classes`, its class hashed without the virtual objects
 * (`invisible`) and with those of one fixed learnt set (`fixed`).
 *
 * @example
 * const w = new Witness(new DfsStrategy({ prefix, observed }), learnt);
 * explore(s, { variant, strategy: w, runs: 1e6, shrink: false }); // w.invisible, w.fixed, w.inner.classes
 */
export class Witness implements Strategy {
  readonly name = 'dfs';
  readonly wantsFootprints = true;
  readonly exhaustive = true;
  /** Class ids without the virtual objects. */
  readonly invisible = new Set<number>();
  /** Class ids with the virtual objects of `visible` (every search hashes alike). */
  readonly fixed = new Set<number>();
  /** Times the inner search started again because it learnt late what it had taken for invisible. */
  restarts = 0;
  private readonly hbInvisible = new HappensBefore();
  private readonly hbFixed = new HappensBefore();
  private readonly visible: Visibility;
  /** Steps the inner search picked in this execution (it records only those). */
  private picked: boolean[] = [];
  private seen = 0;
  private started = false;
  private prunedNow = false;

  /**
   * @param inner the search
   * @param visible the learnt set (`Visibility.observed`) whose virtual objects `fixed` hashes
   * @param onCounted called at the end of each execution the inner search counts as a class
   *   (a passing execution that ran to its end), e.g. to collect outcomes
   */
  constructor(
    readonly inner: DfsStrategy,
    visible: readonly string[] = [],
    private readonly onCounted?: () => void,
  ) {
    this.visible = new Visibility(visible);
  }

  get exhausted(): boolean {
    return this.inner.exhausted;
  }

  get divergence(): string | undefined {
    return this.inner.divergence;
  }

  /** The inner search's `pruned` (explore reports it). */
  get pruned(): number {
    return this.inner.pruned;
  }

  begin(execution: number): boolean {
    this.hbInvisible.reset();
    this.hbFixed.reset();
    this.picked = [];
    this.started = false;
    this.prunedNow = false;
    return this.inner.begin(execution);
  }

  pick(point: ChoicePoint): number {
    if (!this.started) {
      this.seen = point.goroutines.length; // spawned by setup, as dfs counts them
      this.started = true;
    }
    const i = this.inner.pick(point);
    if (i === PRUNE) this.prunedNow = true;
    else if (i >= 0) this.picked[point.step] = true;
    return i;
  }

  choose(n: number): number {
    return this.inner.choose(n);
  }

  afterStep(point: ChoicePoint, step?: StepInfo): void {
    this.inner.afterStep(point, step);
    if (step === undefined || this.picked[point.step] !== true) return;
    const spawned: string[] = [];
    const gs = point.goroutines;
    for (; this.seen < gs.length; this.seen++) spawned.push(gs[this.seen]!.key);
    // the footprint as dfs recorded it (with its fairness access), less the virtual objects
    const fp = step.accesses.some(isVirtualAccess) ? { ...step, accesses: step.accesses.filter((a) => !isVirtualAccess(a)) } : step;
    this.hbInvisible.record(fp, point.step, spawned);
    this.hbFixed.record(this.visible.classify(fp), point.step, spawned);
  }

  end(outcome: ExecutionOutcome): void {
    // a restart (the learnt set grew over a step already classified) clears the inner classes
    const restart = this.inner.visibility.stale;
    this.inner.end(outcome);
    if (restart) {
      this.restarts++;
      this.invisible.clear();
      this.fixed.clear();
      return;
    }
    if (this.prunedNow || !this.started || outcome.violation !== null) return;
    this.invisible.add(this.hbInvisible.traceClass);
    this.fixed.add(this.hbFixed.traceClass);
    this.onCounted?.();
  }

  observe(key: string, check: number): void {
    this.inner.observe(key, check);
  }
}

/** Whether two learnt sets (`Visibility.observed`) are the same set. */
export function sameKnowledge(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((k) => sb.has(k));
}

/** The sequential search and the split one, compared (see the module comment). */
export interface SplitComparison {
  readonly sequential: SearchClasses;
  /** The split as the CLI makes it, or null when the pre-pass finished the search (nothing to compare). */
  readonly split: SearchSplit | null;
  /** The parts' classes with those of the pre-pass executions that ended above the cut. */
  readonly union: SearchClasses & {
    /** Executions of each part. */
    readonly partExecutions: readonly number[];
    /** Classes (fixed ids) counted again by a later part or after the pre-pass. */
    readonly duplicates: number;
    /** Parts that started their subtree again, having learnt late what the invariants read. */
    readonly restarted: number;
  };
  /** Every search ended knowing what the sequential search learnt (so `classes` ids are comparable too). */
  readonly sameKnowledge: boolean;
  /** Fixed ids: the sequential search's in no part (a class the split missed), and the parts' not in it. */
  readonly missing: readonly number[];
  readonly extra: readonly number[];
  /** The same for the invisible ids. */
  readonly invisibleMissing: readonly number[];
  readonly invisibleExtra: readonly number[];
  /** The same for `dfs`'s own ids (each search's learnt set: comparable when `sameKnowledge`). */
  readonly ownMissing: readonly number[];
  readonly ownExtra: readonly number[];
}

/** What one search (or a union of parts) checked. */
export interface SearchClasses {
  readonly executions: number;
  /** `dfs`'s own class ids (`DfsStrategy.classes`: with the virtual objects of what it learnt). */
  readonly classes: ReadonlySet<number>;
  /** Class ids with the virtual objects of what the sequential search learnt (`Witness.fixed`). */
  readonly fixed: ReadonlySet<number>;
  /** Class ids without the virtual objects (`Witness.invisible`). */
  readonly invisible: ReadonlySet<number>;
  /** What `outcome` said at the end of each counted execution (empty without it). */
  readonly outcomes: ReadonlySet<string>;
  /** What the invariants were learnt to read (every part's, for a union). */
  readonly observed: readonly string[];
}

/**
 * Runs `scenario` sequentially and split as the CLI splits it (splitSearch, then every part
 * from the split's learnt set), and compares the classes each checked, hashed alike: with
 * the virtual objects of what the sequential search learnt (a first sequential run learns
 * it; a second, under a `Witness`, hashes). Throws when a search is not exhausted within
 * `cap` executions or meets a violation, or when the pre-pass run again under a `Witness`
 * (to hash its executions that ended above the cut) cuts differently.
 * `outcome`: read at the end of each counted execution (e.g. a generated program's record).
 * (Parts started from nothing, as this bench once started them, now say that the split may
 * be incomplete as soon as they learn what the invariants read: split.ts.)
 */
export function compareSplit(scenario: Scenario, o: SplitOptions, cap: number, outcome?: () => string): SplitComparison {
  const learn = new DfsStrategy(o.dfs);
  const first = explore(scenario, { ...o.explore, strategy: learn, runs: cap, shrink: false });
  if (!first.exhausted || first.violation !== undefined) throw new Error(`sequential: ${first.violation !== undefined ? 'a violation' : `not exhausted within ${cap} executions`}`);
  const learnt = learn.visibility.observed;
  const run = (d: DfsStrategy, what: string): { w: Witness; executions: number; outcomes: Set<string> } => {
    const outcomes = new Set<string>();
    const w = new Witness(d, learnt, outcome === undefined ? undefined : () => void outcomes.add(outcome()));
    const r = explore(scenario, { ...o.explore, strategy: w, runs: cap, shrink: false });
    if (r.violation !== undefined) throw new Error(`${what}: a violation (${r.violation.kind}): compare passing searches only`);
    if (!r.exhausted) throw new Error(`${what}: not exhausted within ${cap} executions${d.divergence !== undefined ? ` (${d.divergence})` : ''}`);
    return { w, executions: r.executions, outcomes };
  };
  const seq = run(new DfsStrategy(o.dfs), 'sequential');
  const sequential: SearchClasses = { executions: seq.executions, classes: seq.w.inner.classes, fixed: seq.w.fixed, invisible: seq.w.invisible, outcomes: seq.outcomes, observed: learnt };
  const split = splitSearch(scenario, o);
  if (split.whole) {
    const none = { executions: 0, classes: new Set<number>(), fixed: new Set<number>(), invisible: new Set<number>(), outcomes: new Set<string>(), observed: split.observed, partExecutions: [], duplicates: 0, restarted: 0 };
    return { sequential, split: null, union: none, sameKnowledge: true, missing: [], extra: [], invisibleMissing: [], invisibleExtra: [], ownMissing: [], ownExtra: [] };
  }
  // the pre-pass again, to hash its executions that ended above the cut
  const pre = new DfsStrategy({ ...o.dfs, cutDepth: split.cutDepth, observed: split.observed });
  const pr = run(pre, 'pre-pass');
  if (pre.cuts.map(prefixText).join('|') !== split.parts.map(prefixText).join('|')) throw new Error('the pre-pass run again cut the tree differently');
  const classes = new Set<number>(split.prepassClasses);
  const fixed = new Set<number>(pr.w.fixed);
  const invisible = new Set<number>(pr.w.invisible);
  const outcomes = new Set<string>(pr.outcomes);
  const observed = new Set<string>(split.observed);
  const partExecutions: number[] = [];
  let duplicates = 0;
  let restarted = 0;
  let same = sameKnowledge(split.observed, learnt);
  split.parts.forEach((prefix, k) => {
    const p = run(new DfsStrategy({ ...o.dfs, prefix, observed: split.observed }), `part ${k}`);
    partExecutions.push(p.executions);
    if (p.w.restarts > 0) restarted++;
    for (const c of p.w.inner.classes) classes.add(c);
    for (const c of p.w.fixed) {
      if (fixed.has(c)) duplicates++;
      fixed.add(c);
    }
    for (const c of p.w.invisible) invisible.add(c);
    for (const x of p.outcomes) outcomes.add(x);
    const l = p.w.inner.visibility.observed;
    for (const x of l) observed.add(x);
    if (!sameKnowledge(l, learnt)) same = false;
  });
  const union = { executions: partExecutions.reduce((a, b) => a + b, 0), classes, fixed, invisible, outcomes, observed: [...observed].sort(), partExecutions, duplicates, restarted };
  const minus = (a: ReadonlySet<number>, b: ReadonlySet<number>): number[] => [...a].filter((c) => !b.has(c)).sort((x, y) => x - y);
  return {
    sequential,
    split,
    union,
    sameKnowledge: same,
    missing: minus(sequential.fixed, fixed),
    extra: minus(fixed, sequential.fixed),
    invisibleMissing: minus(sequential.invisible, invisible),
    invisibleExtra: minus(invisible, sequential.invisible),
    ownMissing: minus(sequential.classes, classes),
    ownExtra: minus(classes, sequential.classes),
  };
}
