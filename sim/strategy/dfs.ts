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
import { footprintsConflict } from './dependency';
import { HappensBefore } from './dpor';
import { Fairness } from './fairness';
import { PRUNE, type ChoicePoint, type ExecutionOutcome, type StepInfo, type Strategy } from './strategy';

export interface DfsOptions {
  /** Dynamic partial-order reduction with sleep sets (default true). */
  readonly dpor?: boolean;
  /** At most this many preemptions per execution. */
  readonly preemptionBound?: number;
  /** At most this many delays (non-default choices) per execution. */
  readonly delayBound?: number;
}

interface SchedNode {
  readonly type: 'sched';
  /** Keys of the choices, in preference order: the last goroutine first, then by id, then timers. */
  readonly options: readonly string[];
  /** The options fairness allows (all but spinning goroutines, unless nothing else can run). */
  readonly allowed: readonly string[];
  chosen: string;
  /** Alternatives the search must try here (races found so far). */
  readonly backtrack: Set<string>;
  readonly done: Set<string>;
  /** Choices that need not be tried here, with their footprints (the sleep set). */
  readonly sleep: Map<string, StepInfo>;
  /** Footprint of each choice tried here. */
  readonly explored: Map<string, StepInfo>;
  /** Key of the goroutine that ran the step before, or ''. */
  readonly lastKey: string;
  readonly preemptionsBefore: number;
  readonly delaysBefore: number;
}

interface DataNode {
  readonly type: 'data';
  readonly n: number;
  value: number;
}

type Node = SchedNode | DataNode;

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
  private readonly dpor: boolean;
  private readonly preemptionBound: number;
  private readonly delayBound: number;
  private path: Node[] = [];
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

  constructor(opts: DfsOptions = {}) {
    this.dpor = opts.dpor !== false;
    this.preemptionBound = opts.preemptionBound ?? Infinity;
    this.delayBound = opts.delayBound ?? Infinity;
  }

  begin(execution: number): boolean {
    if (execution > 0 && !this.advance()) {
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
    return true;
  }

  pick(point: ChoicePoint): number {
    if (this.point === null) this.seen = point.goroutines.length; // spawned by setup: no causal past
    this.point = point;
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
    for (; this.seen < gs.length; this.seen++) spawned.push(gs[this.seen]!.key);
    const done = executed.gid >= 0 && gs[executed.gid]!.done;
    const step = this.fairness.step(node.chosen, this.pickedYield, executed, done, spawned.length > 0);
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
      if (f !== null) this.hb.races(f, after, this.ctx, this.backtrack);
    }
    for (const t of point.timers) {
      const f = point.footprintOf(t);
      if (f !== null) this.hb.races(f, after, this.ctx, this.backtrack);
    }
  }

  end(outcome: ExecutionOutcome): void {
    if (this.prunedNow || this.point === null) return;
    if (outcome.violation === null) this.classes.add(this.hb.traceClass);
    else if (this.dpor) this.checkStranded(this.point);
  }

  /**
   * An execution that ended early — at a violation, or the step limit — leaves goroutines
   * that could still run and now never will: their next steps may race with what ran
   * (two senders on a channel that was closed: whichever runs first panics), so check them
   * as `checkPending` checks the waiting ones. Found by the DPOR differential campaign.
   */
  private checkStranded(point: ChoicePoint): void {
    for (const g of point.runnable) {
      const f = point.footprintOf(g);
      if (f !== null) this.hb.races(f, point.step, this.ctx, this.backtrack);
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
    if (initials === null) {
      for (const k of node.allowed) node.backtrack.add(k);
      return;
    }
    if (initials.some((k) => node.backtrack.has(k))) return;
    node.backtrack.add(initials.find((k) => !node.sleep.has(k)) ?? initials[0]!);
  };

  private newNode(point: ChoicePoint): SchedNode | null {
    const options = preferenceOrder(point);
    const excluded = this.fairness.excluded(point);
    const allowed = excluded === null ? options : options.filter((k) => !excluded.has(k));
    const prev = this.lastSchedNode();
    const preemptionsBefore = prev === null ? 0 : prev.preemptionsBefore + (isPreemption(prev, prev.chosen) ? 1 : 0);
    const delaysBefore = prev === null ? 0 : prev.delaysBefore + (prev.chosen !== prev.allowed[0] ? 1 : 0);
    const last = point.lastGid >= 0 ? point.goroutines[point.lastGid]!.key : '';
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
    };
    const awake = allowed.filter((k) => !node.sleep.has(k) && this.withinBounds(node, k));
    if (awake.length === 0) return null;
    node.chosen = awake[0]!;
    if (this.dpor) node.backtrack.add(node.chosen);
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
    while (path.length > 0) {
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
      const next = node.allowed.find((k) => node.backtrack.has(k) && !node.done.has(k) && !node.sleep.has(k) && this.withinBounds(node, k));
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
