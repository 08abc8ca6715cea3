/**
 * `dfs`: exhaustive, stateless depth-first search over the choices of a scenario —
 * goroutine steps, timer firings, `random(n)` values and `select` cases — with dynamic
 * partial-order reduction and sleep sets (Flanagan and Godefroid, POPL 2005; Godefroid,
 * "Partial-order methods", 1996), so that it runs one execution per class of equivalent
 * interleavings (and a few more) instead of every interleaving.
 *
 * Each execution replays a prefix of the search tree and extends it with the first
 * choice that does not preempt (the goroutine that ran last keeps running). After each
 * step the footprint of what ran is checked for races (dfs-dpor.ts over dpor.ts), which
 * adds alternatives to earlier nodes; when an execution ends, the deepest node with an
 * untried alternative is the next branch. When no node has one, the space is finished:
 * "exhausted: every interleaving class checked".
 *
 * Fairness (see fairness.ts): a goroutine that would yield again with nothing else having
 * run since its last yield is not a choice while anything else can run, so spin-waits end.
 *
 * Options: `dpor: false` explores every interleaving (for comparison); `preemptionBound`
 * and `delayBound` limit the search to schedules with at most that many preemptions
 * (switching away from a goroutine that could continue) or delays (choices other than
 * the default) — CHESS's bounds; a bounded search is exhausted only within its bound.
 * Within a bound the search is plain (no DPOR, no sleep sets): reduction and bounds do not
 * combine soundly. A race whose reversal costs a preemption the bound does not allow has
 * no backtrack point, and the schedule that reaches the same reversal within the bound (by
 * switching earlier, where the switch is free) is one DPOR never adds (Coons, Musuvathi and
 * McKinley, "Bounded partial-order reduction", OOPSLA 2013). Found by the bounded
 * differential test (dpor-bounded.test.ts): with both on, `dfs` said "exhausted within 0
 * preemptions" after 1 execution on programs where plain DFS within 0 preemptions reached
 * other outcomes.
 *
 * The tree's nodes are in dfs-node.ts, the choices at a node and the bounds in
 * dfs-choices.ts, and a search saved between executions in dfs-snapshot.ts.
 */
import { searchBound, type SearchBound } from './bound';
import { indexOfKey, listKeys, newSchedNode, preferenceOrder, withinBounds } from './dfs-choices';
import { DporRecord } from './dfs-dpor';
import { nodeData, nodeOf, type Node, type NodeData, type SchedNode } from './dfs-node';
import type { DfsSnapshot } from './dfs-snapshot';
import { Fairness } from './fairness';
import { Visibility } from './visibility';
import { SymmetryTracker } from './symmetry';
import { PRUNE, SEARCH_REFUSES, type ChoicePoint, type ExecutionOutcome, type StepInfo, type Strategy } from './strategy';

export { isDfsSnapshot, type DfsSnapshot } from './dfs-snapshot';

/** How a `dfs` search runs, and where it starts (the root, a prefix, or a snapshot). */
export interface DfsOptions {
  /** Dynamic partial-order reduction with sleep sets (default true; always off within a bound, see above). */
  readonly dpor?: boolean;
  /** At most this many preemptions per execution. */
  readonly preemptionBound?: number;
  /** At most this many delays (non-default choices) per execution. */
  readonly delayBound?: number;
  /**
   * The pre-pass of a split search (split.ts): an execution that reaches a new scheduling
   * node `cutDepth` nodes deep is cut there — its prefix is added to `cuts` and it is
   * abandoned — and every node above the cut tries every awake choice (its backtrack set
   * is final from the start, so no later race can add to it).
   */
  readonly cutDepth?: number;
  /** Search only the subtree below this prefix (one part of a split search; see split.ts). */
  readonly prefix?: readonly NodeData[];
  /** Continue a search from a snapshot (`snapshot()`), as if it had never stopped. */
  readonly resume?: DfsSnapshot;
  /**
   * Explore one of each set of symmetric twins (goroutines of a `symmetric` group that
   * cannot yet be told apart; symmetry.ts). Default true; it does nothing for scenarios
   * that declare no group, and is off under a preemption or delay bound.
   */
  readonly symmetry?: boolean;
  /** What the invariants are known to read (visibility.ts), e.g. learnt by a split's pre-pass. */
  readonly observed?: readonly string[];
}

/**
 * The `dfs` strategy (see the module comment). One instance runs one search: `begin(i)`
 * returns false when it is exhausted; `snapshot()` between executions saves it.
 *
 * @example
 * const st = new DfsStrategy({ preemptionBound: 2 });
 * for (let i = 0; st.begin(i); i++) { const k = runExecution(cfg, st, false); st.end({ steps: k.step, violation: k.violation?.kind ?? null }); }
 */
export class DfsStrategy implements Strategy {
  readonly name = 'dfs';
  readonly wantsFootprints = true;
  exhausted = false;
  readonly exhaustive = true;
  divergence: string | undefined = undefined;
  /** Distinct Mazurkiewicz traces among the executions that ran to the end. */
  readonly classes = new Set<number>();
  /** Executions abandoned because every choice was asleep (covered elsewhere). */
  pruned = 0;
  /** The preemption and delay bounds, or null for an unbounded search ("exhausted within …"). */
  readonly bound: SearchBound | null;
  private readonly dpor: boolean;
  private readonly preemptionBound: number;
  private readonly delayBound: number;
  private path: Node[] = [];
  /** Nodes at the top of `path` that belong to the prefix of this part (never backtracked into). */
  private readonly floor: number;
  private readonly cutDepth: number;
  /** Pre-pass: the prefix of every execution cut at `cutDepth`, in depth-first order. */
  readonly cuts: (readonly NodeData[])[] = [];
  private pos = 0;
  private seen = 0;
  private point: ChoicePoint | null = null;
  private prunedNow = false;
  private readonly fairness = new Fairness();
  /** Whether the step just picked applies a bare yield (for fairness). */
  private pickedYield = false;
  /** A resumed search's first `begin` moves to the next branch whatever its execution number. */
  private advanceFirst = false;
  /** Some execution has begun (a snapshot before that says `start`). */
  private begun = false;
  /** Symmetric twins (symmetry.ts); null when off. `symmetry.used`: a group was declared. */
  readonly symmetry: SymmetryTracker | null;
  /** A value choice was made during the step being run (for symmetry). */
  private choseValue = false;
  /** Which steps write what the invariants read (DPOR keeps those in order). */
  readonly visibility: Visibility;
  /** The steps of the current execution, their happens-before record and races (dfs-dpor.ts). */
  private readonly races: DporRecord;
  /** The search starts again at the next `begin` (the visible steps changed). */
  private restartNext = false;
  /** A part of a split search found the visible steps changed: its prefix may be incomplete. */
  private staleSplit: string | undefined = undefined;

  constructor(opts: DfsOptions = {}) {
    this.preemptionBound = opts.preemptionBound ?? Infinity;
    this.delayBound = opts.delayBound ?? Infinity;
    this.bound = searchBound(opts);
    this.dpor = opts.dpor !== false && this.bound === null;
    this.cutDepth = opts.cutDepth ?? Infinity;
    this.symmetry = opts.symmetry !== false && this.bound === null ? new SymmetryTracker() : null;
    const r = opts.resume;
    // a split search (its pre-pass, or a part) takes the invariants as one (split.ts, "With invariants")
    const split = Number.isFinite(this.cutDepth) || (r !== undefined ? r.floor : (opts.prefix ?? []).length) > 0;
    this.visibility = new Visibility(r?.observed ?? opts.observed ?? [], r?.written ?? [], split);
    this.races = new DporRecord(this.dpor, this.visibility);
    if (r !== undefined) {
      this.path = r.path.map(nodeOf);
      this.floor = r.floor;
      for (const c of r.classes) this.classes.add(c);
      this.pruned = r.pruned;
      for (const c of r.cuts) this.cuts.push(c);
      this.advanceFirst = (r.next ?? 'advance') === 'advance';
      this.begun = (r.next ?? 'advance') !== 'start';
      if (r.twinsSkipped !== undefined && this.symmetry !== null) {
        this.symmetry.used = true;
        this.symmetry.skipped = r.twinsSkipped;
      }
    } else {
      this.path = (opts.prefix ?? []).map(nodeOf);
      this.floor = this.path.length;
    }
  }

  /**
   * Knuth's estimate of the size of the tree below the prefix (Knuth, "Estimating the
   * efficiency of backtrack programs", Math. Comp. 1975), from the path of the execution
   * that just ended: the product of the branching at each node below the floor — the
   * choices to be tried (the backtrack set as the races found so far have made it) at a
   * scheduling node, the values at a value node. The backtrack sets only grow as the
   * search goes on, so this underestimates, but it ranks subtrees (split.ts).
   */
  sizeEstimate(): number {
    let e = 1;
    for (let i = this.floor; i < this.path.length; i++) {
      const n = this.path[i]!;
      e *= n.type === 'data' ? n.n : Math.max(1, n.backtrack.size);
      if (e > 1e12) return 1e12;
    }
    return e;
  }

  /**
   * The state of the search after the execution that just ended (call between `end` and
   * the next `begin`): a strategy built with `{ resume: snapshot }` continues it exactly,
   * numbering its executions from 0 again. `repeat`: the resumed search runs the last
   * execution again first (use it after an execution that found a violation, so that the
   * resumed search meets the same violation; repeating an execution adds nothing to the
   * search's state that it did not add the first time).
   */
  snapshot(repeat = false): DfsSnapshot {
    // after a restart (visibility.ts) the search begins again: nothing to advance from
    const next = !this.begun || this.restartNext ? 'start' : repeat ? 'repeat' : 'advance';
    const twins = this.symmetry?.used === true ? { twinsSkipped: this.symmetry.skipped } : {};
    return { path: this.path.map(nodeData), floor: this.floor, classes: [...this.classes], pruned: this.pruned, cuts: this.cuts.slice(), next, observed: this.visibility.observed, written: this.visibility.writtenKeys, ...twins };
  }

  begin(execution: number): boolean {
    if (this.staleSplit !== undefined) return true; // its first pick says why (learntInPart)
    const move = (execution > 0 || this.advanceFirst) && !this.restartNext;
    this.advanceFirst = false;
    this.restartNext = false;
    this.begun = true;
    if (move && !this.advance()) {
      this.exhausted = true;
      return false;
    }
    this.pos = 0;
    this.races.reset();
    this.seen = 0;
    this.point = null;
    this.prunedNow = false;
    this.divergence = undefined;
    this.fairness.reset();
    this.symmetry?.reset();
    return true;
  }

  pick(point: ChoicePoint): number {
    if (this.staleSplit !== undefined) return this.diverged(this.staleSplit);
    if (this.point === null) {
      this.seen = point.goroutines.length; // spawned by setup: no causal past
      this.symmetry?.spawned(point.goroutines, -1);
    }
    this.point = point;
    this.choseValue = false;
    let node: SchedNode;
    if (this.pos < this.path.length) {
      const n = this.path[this.pos]!;
      if (n.type !== 'sched') return this.diverged(`the search expected a value choice at step ${point.step}, but the scenario scheduled a step`);
      node = n;
      const now = preferenceOrder(point);
      if (now.join(' ') !== node.options.join(' ')) {
        return this.diverged(`at step ${point.step} the choices were ${listKeys(node.options)} when this branch was recorded and are ${listKeys(now)} now`);
      }
    } else {
      const made = this.newNode(point);
      if (made !== null && this.path.length >= this.cutDepth) {
        // pre-pass: the subtree below is one part of the split search
        this.cuts.push(this.path.map(nodeData));
        this.prunedNow = true;
        return PRUNE;
      }
      if (made === null) {
        // Everything that can run is asleep: covered by another branch.
        this.prunedNow = true;
        this.pruned++;
        return PRUNE;
      }
      node = made;
      this.path.push(node);
    }
    const i = indexOfKey(point, node.chosen);
    if (i < 0) return this.diverged(`the search replays "${node.chosen}" at step ${point.step} but it cannot run`);
    this.pickedYield = i < point.runnable.length && Fairness.yields(point.runnable[i]!);
    this.pos++;
    this.races.picked(point, node);
    return i;
  }

  choose(n: number): number {
    this.choseValue = true;
    if (this.pos < this.path.length) {
      const node = this.path[this.pos]!;
      if (node.type !== 'data' || node.n !== n) return this.diverged(`the search expected the same choice as before (of ${n} values)`);
      this.pos++;
      return node.value;
    }
    this.path.push({ type: 'data', n, value: 0 });
    this.pos++;
    return 0;
  }

  afterStep(point: ChoicePoint, executed?: StepInfo): void {
    const node = this.races.nodeAt(point.step);
    if (node === undefined || executed === undefined) return;
    const gs = point.goroutines;
    const spawned: string[] = [];
    const from = this.seen;
    for (; this.seen < gs.length; this.seen++) spawned.push(gs[this.seen]!.key);
    const done = executed.gid >= 0 && gs[executed.gid]!.done;
    const fstep = this.fairness.step(node.chosen, this.pickedYield, executed, done, spawned.length > 0);
    const step = this.dpor ? this.visibility.classify(fstep) : fstep;
    if (this.symmetry !== null) {
      if (from < gs.length) this.symmetry.spawned(gs.slice(from), point.step);
      if (step.gid >= 0) this.symmetry.stepped(step.key, step, spawned.length > 0, this.choseValue);
    }
    node.explored.set(node.chosen, step);
    this.races.stepped(point, node, step, spawned);
  }

  end(outcome: ExecutionOutcome): void {
    if (this.floor > 0 && this.visibility.fresh.size > 0) this.learntInPart();
    if (this.dpor && this.visibility.stale) return this.restart();
    if (this.prunedNow || this.point === null) return;
    if (outcome.violation === null) this.classes.add(this.races.traceClass);
    else this.races.stranded(this.point);
  }

  observe(key: string, check: number): void {
    if (this.dpor) this.visibility.observe(key, check);
  }

  /**
   * The invariants read an object that steps already analysed write: those steps were
   * taken for invisible, so the search so far may have merged classes it must tell apart.
   * Start again below the floor with what is now known (it only grows, so this happens
   * at most once per object).
   */
  private restart(): void {
    this.visibility.restart();
    this.path.length = this.floor;
    this.classes.clear();
    this.cuts.length = 0;
    this.restartNext = true;
  }

  /**
   * A part of a split search learnt that the invariants read objects that neither the
   * pre-pass nor the probes saw them read (`Visibility.fresh`). The parts together are one
   * search only if they all know the same (split.ts, "With invariants": the sleep sets of
   * the prefixes, and those they carry into the parts, hold for what the pre-pass knew), so
   * the part says so — a divergence at its next execution — rather than claim a verdict.
   */
  private learntInPart(): void {
    const keys = [...this.visibility.fresh];
    this.staleSplit =
      `${SEARCH_REFUSES}the invariants read ${keys.slice(0, 3).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 3 ? ', …' : ''}, which the split search did not see them read before it made its parts, so the split may be incomplete. ` +
      'Run this search unsplit (one worker, no --shard)';
  }

  private newNode(point: ChoicePoint): SchedNode | null {
    const options = preferenceOrder(point);
    const excluded = this.fairness.excluded(point);
    const allowed = excluded === null ? options : options.filter((k) => !excluded.has(k));
    const twins = this.symmetry?.twins(point, allowed) ?? null;
    const node = newSchedNode(point, options, allowed, this.lastSchedNode(), this.races.sleepForNewNode(), twins);
    const awake = allowed.filter((k) => !node.sleep.has(k) && (twins === null || !twins.has(k)) && withinBounds(node, k, this.preemptionBound, this.delayBound));
    if (awake.length === 0) return null;
    node.chosen = awake[0]!;
    // Above a pre-pass's cut every awake choice is tried (a final backtrack set; see split.ts).
    if (this.dpor && !Number.isFinite(this.cutDepth)) node.backtrack.add(node.chosen);
    else for (const k of awake) node.backtrack.add(k);
    return node;
  }

  private lastSchedNode(): SchedNode | null {
    for (let i = this.path.length - 1; i >= 0; i--) {
      const n = this.path[i]!;
      if (n.type === 'sched') return n;
    }
    return null;
  }

  /** Moves to the next branch: the deepest node with an untried alternative. */
  private advance(): boolean {
    const path = this.path;
    while (path.length > this.floor) {
      const node = path[path.length - 1]!;
      if (node.type === 'data') {
        if (node.value + 1 < node.n) {
          node.value++;
          return true;
        }
        path.pop();
        continue;
      }
      node.done.add(node.chosen);
      if (this.dpor) {
        const fp = node.explored.get(node.chosen);
        if (fp !== undefined) node.sleep.set(node.chosen, fp);
      }
      const next = node.allowed.find((k) => node.backtrack.has(k) && !node.done.has(k) && !node.sleep.has(k) && (node.twins === null || !node.twins.has(k)) && withinBounds(node, k, this.preemptionBound, this.delayBound));
      if (next !== undefined) {
        node.chosen = next;
        return true;
      }
      path.pop();
    }
    return false;
  }

  private diverged(why: string): number {
    this.divergence = why;
    return -1;
  }
}
