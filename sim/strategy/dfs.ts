/**
 * `dfs`: exhaustive, stateless depth-first search over the choices of a scenario —
 * goroutine steps, timer firings, `random(n)` values and `select` cases — with dynamic
 * partial-order reduction and sleep sets (Flanagan and Godefroid, POPL 2005; Godefroid,
 * "Partial-order methods", 1996), so that it runs one execution per class of equivalent
 * interleavings (and a few more) instead of every interleaving.
 *
 * Each execution replays a prefix of the search tree and extends it with the first
 * choice that does not preempt (the goroutine that ran last keeps running). After each
 * step the footprint of what ran is checked for races (see dpor.ts), which adds
 * alternatives to earlier nodes; when an execution ends, the deepest node with an
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
 */
import { searchBound, type SearchBound } from './bound';
import { footprintsConflict } from './dependency';
import { HappensBefore } from './dpor';
import { isNodeData, nodeData, nodeOf, type Node, type NodeData, type SchedNode, type Twin } from './dfs-node';
import { Fairness } from './fairness';
import { Visibility } from './visibility';
import { SymmetryTracker } from './symmetry';
import { PRUNE, type ChoicePoint, type ExecutionOutcome, type StepInfo, type Strategy } from './strategy';

export interface DfsOptions {
  /** Dynamic partial-order reduction with sleep sets (default true). */
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

/** Where a search stands between two executions: enough to continue it exactly (checkpoint.ts). */
export interface DfsSnapshot {
  /** The path of the last execution, root first. */
  readonly path: readonly NodeData[];
  /** Nodes at the top of `path` that belong to a prefix (never backtracked into). */
  readonly floor: number;
  /** The distinct class hashes so far. */
  readonly classes: readonly number[];
  readonly pruned: number;
  /** Prefixes cut so far (pre-pass only). */
  readonly cuts: readonly (readonly NodeData[])[];
  /**
   * What the resumed search does first: `advance` to the next branch (the default: the
   * last execution is done), `repeat` the last execution (it found a violation, which the
   * resumed search then meets again at the same place), or `start` (no execution ran).
   */
  readonly next?: 'advance' | 'repeat' | 'start';
  /** What the invariants read (visibility.ts); absent in older checkpoints: nothing yet. */
  readonly observed?: readonly string[];
  /** What the steps classified so far write (visibility.ts); absent in older checkpoints. */
  readonly written?: readonly string[];
  /** Choices left to a twin so far (symmetry.ts); absent when no symmetry group was declared. */
  readonly twinsSkipped?: number;
}

/**
 * Whether `x` is a snapshot as `DfsStrategy.snapshot()` makes it, read back from JSON (a
 * checkpoint file): every field of the right type, the floor within the path.
 */
export function isDfsSnapshot(x: unknown): x is DfsSnapshot {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const path = o['path'];
  const n = o['next'];
  return (
    Array.isArray(path) &&
    path.every(isNodeData) &&
    Number.isSafeInteger(o['floor']) &&
    (o['floor'] as number) >= 0 &&
    (o['floor'] as number) <= path.length &&
    Array.isArray(o['classes']) &&
    o['classes'].every((c) => Number.isSafeInteger(c)) &&
    Number.isSafeInteger(o['pruned']) &&
    Array.isArray(o['cuts']) &&
    o['cuts'].every((c) => Array.isArray(c) && c.every(isNodeData)) &&
    (n === undefined || n === 'advance' || n === 'repeat' || n === 'start') &&
    isKeys(o['observed']) &&
    isKeys(o['written']) &&
    (o['twinsSkipped'] === undefined || (Number.isSafeInteger(o['twinsSkipped']) && (o['twinsSkipped'] as number) >= 0))
  );
}

function isKeys(x: unknown): boolean {
  return x === undefined || (Array.isArray(x) && x.every((k) => typeof k === 'string'));
}

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
  private stepNodes: SchedNode[] = [];
  private readonly hb = new HappensBefore();
  private nextSleep = new Map<string, StepInfo>();
  /** Keys of the timers pending before the current step (a stop or reset may disarm one). */
  private pendingBefore: string[] = [];
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
  /** The search starts again at the next `begin` (the visible steps changed). */
  private restartNext = false;
  /** A part of a split search found the visible steps changed: its prefix may be incomplete. */
  private staleSplit: string | undefined = undefined;

  constructor(opts: DfsOptions = {}) {
    this.dpor = opts.dpor !== false;
    this.preemptionBound = opts.preemptionBound ?? Infinity;
    this.delayBound = opts.delayBound ?? Infinity;
    this.bound = searchBound(opts);
    this.cutDepth = opts.cutDepth ?? Infinity;
    this.symmetry = opts.symmetry !== false && this.bound === null ? new SymmetryTracker() : null;
    const r = opts.resume;
    this.visibility = new Visibility(r?.observed ?? opts.observed ?? [], r?.written ?? []);
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
    const next = !this.begun ? 'start' : repeat ? 'repeat' : 'advance';
    const twins = this.symmetry?.used === true ? { twinsSkipped: this.symmetry.skipped } : {};
    return { path: this.path.map(nodeData), floor: this.floor, classes: [...this.classes], pruned: this.pruned, cuts: this.cuts.slice(), next, observed: this.visibility.observed, written: this.visibility.writtenKeys, ...twins };
  }

  begin(execution: number): boolean {
    const move = (execution > 0 || this.advanceFirst) && !this.restartNext;
    this.advanceFirst = false;
    this.restartNext = false;
    this.begun = true;
    if (move && !this.advance()) {
      this.exhausted = true;
      return false;
    }
    this.pos = 0;
    this.stepNodes = [];
    this.hb.reset();
    this.nextSleep = new Map();
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
    this.stepNodes[point.step] = node;
    if (this.dpor) this.pendingBefore = point.timers.map((t) => t.key);
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
    const node = this.stepNodes[point.step];
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
    if (this.dpor) {
      this.hb.races(step, point.step, this.ctx, this.backtrack);
      if (step.gid >= 0) this.disarmRaces(node, point.step, step);
      const next = new Map<string, StepInfo>();
      for (const [k, fp] of node.sleep) if (!footprintsConflict(fp, step)) next.set(k, fp);
      this.nextSleep = next;
    }
    this.hb.record(step, point.step, spawned);
    if (this.dpor) this.checkPending(point);
  }

  /**
   * A step that stops or resets a pending timer races with that timer's firing, which
   * then may never run (Go's Stop vs the fire): try the firing first, or, if it could not
   * fire at that state, everything that could (Flanagan and Godefroid's fallback).
   */
  private disarmRaces(node: SchedNode, stepIndex: number, step: StepInfo): void {
    for (const a of step.accesses) {
      if (a.kind !== 'timer' || !a.write || this.pendingBefore.indexOf(a.key) < 0) continue;
      this.backtrack(stepIndex, node.allowed.indexOf(a.key) >= 0 ? [a.key] : null);
    }
  }

  /**
   * An event that cannot run now may race with what just ran and then never run here (a
   * goroutine left waiting, a timer that is stopped or never due): check the pending
   * effects of waiting goroutines and the firings of pending timers at every state, as
   * Flanagan and Godefroid check every process's next event. (Goroutines that can run
   * either run later here, with their own check, or sleep: covered by another branch.)
   */
  private checkPending(point: ChoicePoint): void {
    const after = point.step + 1;
    for (const g of point.goroutines) {
      if (g.done || g.runnable) continue;
      const f = point.footprintOf(g);
      if (f !== null) this.hb.races(this.visibility.classify(f), after, this.ctx, this.backtrack);
    }
    for (const t of point.timers) {
      const f = point.footprintOf(t);
      if (f !== null) this.hb.races(this.visibility.classify(f), after, this.ctx, this.backtrack);
    }
  }

  end(outcome: ExecutionOutcome): void {
    if (this.dpor && this.visibility.stale) return this.restart();
    if (this.prunedNow || this.point === null) return;
    if (outcome.violation === null) this.classes.add(this.hb.traceClass);
    else if (this.dpor) this.checkStranded(this.point);
  }

  observe(key: string, check: number): void {
    if (this.dpor) this.visibility.observe(key, check);
  }

  /**
   * The invariants read an object that steps already analysed write: those steps were
   * taken for invisible, so the search so far may have merged classes it must tell apart.
   * Start again below the floor with what is now known (it only grows, so this happens
   * at most once per object). A part of a split search cannot redo the pre-pass above it:
   * it says so (a divergence) rather than claim a verdict.
   */
  private restart(): void {
    this.visibility.restart();
    this.path.length = this.floor;
    this.classes.clear();
    this.cuts.length = 0;
    this.restartNext = true;
    if (this.floor > 0) {
      this.staleSplit =
        'the invariants read an object that the split search above this part did not see them read, so the part may be incomplete. ' +
        'Run this search unsplit (one worker, no --shard)';
    }
  }

  /**
   * An execution that ended early — at a violation, or the step limit — leaves goroutines
   * that could still run and now never will: their next steps may race with what ran
   * (two senders on a channel that was closed: whichever runs first panics), so check them
   * as `checkPending` checks the waiting ones. Found by the DPOR differential campaign.
   */
  private checkStranded(point: ChoicePoint): void {
    const last = point.step - 1;
    const opts = this.ctx.options(last);
    const ran = this.stepNodes[last]?.chosen;
    for (const g of point.runnable) {
      const f = point.footprintOf(g);
      if (f !== null) this.hb.races(this.visibility.classify(f), point.step, this.ctx, this.backtrack);
      // the step that ended the run disables every other: each stranded goroutine's next
      // step, whatever it is (one not yet started has no footprint), races with it
      if (g.key !== ran && opts !== undefined && opts.indexOf(g.key) >= 0) this.backtrack(last, [g.key]);
    }
  }

  private readonly ctx = { options: (i: number): readonly string[] | undefined => this.stepNodes[i]?.allowed };

  /**
   * Source-DPOR: unless one of the race's initials is already to be tried at that node,
   * add one (preferring one that is not asleep); with no runnable initial, add them all.
   */
  private readonly backtrack = (step: number, initials: readonly string[] | null): void => {
    const node = this.stepNodes[step];
    if (node === undefined) return;
    const tw = node.twins;
    const ks = tw === null || initials === null ? initials : forTwins(initials, tw);
    if (ks === null) {
      for (const k of node.allowed) if (tw === null || !tw.has(k)) node.backtrack.add(k);
      return;
    }
    if (ks.some((k) => node.backtrack.has(k))) return;
    node.backtrack.add(ks.find((k) => !node.sleep.has(k)) ?? ks[0]!);
  };

  private newNode(point: ChoicePoint): SchedNode | null {
    const options = preferenceOrder(point);
    const excluded = this.fairness.excluded(point);
    const allowed = excluded === null ? options : options.filter((k) => !excluded.has(k));
    const prev = this.lastSchedNode();
    const preemptionsBefore = prev === null ? 0 : prev.preemptionsBefore + (isPreemption(prev, prev.chosen) ? 1 : 0);
    const delaysBefore = prev === null ? 0 : prev.delaysBefore + (prev.chosen !== prev.allowed[0] ? 1 : 0);
    const last = point.lastGid >= 0 ? point.goroutines[point.lastGid]!.key : '';
    const twins = this.symmetry?.twins(point, allowed) ?? null;
    const node: SchedNode = {
      type: 'sched',
      options,
      allowed,
      chosen: '',
      backtrack: new Set(),
      done: new Set(),
      sleep: this.dpor ? this.nextSleep : new Map(),
      explored: new Map(),
      lastKey: last,
      preemptionsBefore,
      delaysBefore,
      twins,
    };
    const awake = allowed.filter((k) => !node.sleep.has(k) && (twins === null || !twins.has(k)) && this.withinBounds(node, k));
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

  private withinBounds(node: SchedNode, key: string): boolean {
    if (node.preemptionsBefore + (isPreemption(node, key) ? 1 : 0) > this.preemptionBound) return false;
    return node.delaysBefore + (key !== node.allowed[0] ? 1 : 0) <= this.delayBound;
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
      const next = node.allowed.find((k) => node.backtrack.has(k) && !node.done.has(k) && !node.sleep.has(k) && (node.twins === null || !node.twins.has(k)) && this.withinBounds(node, k));
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

/**
 * The initials of a reversed race as a node with twins (symmetry.ts) takes them: a twin
 * level with its representative is replaced by it (the reversed execution's image under
 * the swap starts with it); a twin behind it is an initial only because its next steps are
 * invisible, so the other initials stand for it, and only when there are none is it
 * replaced by its representative (then the reversal goes on with its visible step; null:
 * try every choice, when twins of several representatives are the only initials).
 */
function forTwins(initials: readonly string[], tw: ReadonlyMap<string, Twin>): string[] | null {
  const out: string[] = [];
  const behind = new Set<string>();
  for (const k of initials) {
    const t = tw.get(k);
    if (t === undefined) out.push(k);
    else if (!t.behind) out.push(t.rep);
    else behind.add(t.rep);
  }
  if (out.length > 0) return out;
  // twins of different representatives: which one's visible step comes first is not known here
  return behind.size === 1 ? [...behind] : null;
}

/** Last goroutine first (no preemption), then the others by id, then timers in arming order. */
function preferenceOrder(point: ChoicePoint): string[] {
  const gs = [...point.runnable].sort((a, b) => (a.id === point.lastGid ? -1 : b.id === point.lastGid ? 1 : a.id - b.id));
  return [...gs.map((g) => g.key), ...point.fireable.map((t) => t.key)];
}

/** Switching away from the goroutine that ran last while it may go on (a spinning one may not: it yielded). */
function isPreemption(node: SchedNode, key: string): boolean {
  return node.lastKey !== '' && key !== node.lastKey && node.allowed.indexOf(node.lastKey) >= 0;
}

function indexOfKey(point: ChoicePoint, key: string): number {
  const r = point.runnable;
  for (let i = 0; i < r.length; i++) if (r[i]!.key === key) return i;
  const f = point.fireable;
  for (let i = 0; i < f.length; i++) if (f[i]!.key === key) return r.length + i;
  return -1;
}

function listKeys(keys: readonly string[]): string {
  return keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ');
}
