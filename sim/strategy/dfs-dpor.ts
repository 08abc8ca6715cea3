/**
 * The DPOR bookkeeping of one `dfs` execution: which scheduling node each step was taken
 * at, the happens-before record of the steps so far (dpor.ts), the races found among them
 * and the alternatives they add to earlier nodes (source-DPOR: Abdulla, Aronis, Jonsson
 * and Sagonas, POPL 2014), and the sleep set a new node starts with (Godefroid,
 * "Partial-order methods", 1996).
 *
 * `DfsStrategy` (dfs.ts) owns the search tree and tells this record what happened: a step
 * was picked, a step ran, the execution ended early. Without DPOR (`dpor: false`) it only
 * keeps the happens-before record, for the count of distinct classes.
 */
import { footprintsConflict } from './dependency';
import { HappensBefore } from './dpor';
import type { SchedNode, Twin } from './dfs-node';
import type { ChoicePoint, StepInfo } from './strategy';
import type { Visibility } from './visibility';

/** The steps of the current execution and the races among them (see the module comment). */
export class DporRecord {
  /** The scheduling node each step of this execution was taken at, by step index. */
  private stepNodes: SchedNode[] = [];
  private readonly hb = new HappensBefore();
  /** The sleep set of the state after the last step: what a new node there starts with. */
  private nextSleep = new Map<string, StepInfo>();
  /** Keys of the timers pending before the current step (a stop or reset may disarm one). */
  private pendingBefore: string[] = [];

  /**
   * @param dpor whether races are checked (`DfsOptions.dpor`)
   * @param visibility which steps write what the invariants read: a footprint is classified
   *   through it before it is checked for races
   */
  constructor(
    private readonly dpor: boolean,
    private readonly visibility: Visibility,
  ) {}

  /** Forgets the last execution (at the start of the next). */
  reset(): void {
    this.stepNodes = [];
    this.hb.reset();
    this.nextSleep = new Map();
  }

  /** Order-independent hash of this execution's partial order (its Mazurkiewicz class). */
  get traceClass(): number {
    return this.hb.traceClass;
  }

  /** The node step `step` of this execution was taken at, if it was a scheduling step. */
  nodeAt(step: number): SchedNode | undefined {
    return this.stepNodes[step];
  }

  /** The sleep set for a new node at the current state (empty without DPOR; the node owns it). */
  sleepForNewNode(): Map<string, StepInfo> {
    return this.dpor ? this.nextSleep : new Map();
  }

  /** Step `point.step` is taken at `node` (its choice made, not yet run). */
  picked(point: ChoicePoint, node: SchedNode): void {
    this.stepNodes[point.step] = node;
    if (this.dpor) this.pendingBefore = point.timers.map((t) => t.key);
  }

  /**
   * The step picked at `node` ran with footprint `step` (already classified for
   * visibility), spawning `spawned`: check its races, carry the sleep set past it, record
   * it, then check the pending effects that may now never run.
   */
  stepped(point: ChoicePoint, node: SchedNode, step: StepInfo, spawned: readonly string[]): void {
    if (this.dpor) {
      this.hb.races(step, point.step, this.ctx, this.backtrack);
      if (step.gid >= 0) this.disarmRaces(node, point.step, step);
      this.partnerRaces(point, node);
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
   * A step that completed the pending effect of a goroutine that could run itself — the
   * two sides of a rendezvous, both ready: the receiver's step takes the sender's value;
   * or a timer's firing delivering to one —
   * races with that goroutine's own step, which now never runs: try it first. The states
   * differ (who is left to resume, and what may happen before it does). Found by the DPOR
   * differential campaign: a timer that fires before the resumed sender's last step.
   */
  private partnerRaces(point: ChoicePoint, node: SchedNode): void {
    if (node.allowed.length < 2) return; // no other choice here: nothing to try first
    for (const g of point.goroutines) {
      if (g.completedAt === point.step && g.key !== node.chosen && node.allowed.indexOf(g.key) >= 0) this.backtrack(point.step, [g.key]);
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

  /**
   * An execution that ended early — at a violation, or the step limit — leaves goroutines
   * that could still run and now never will: their next steps may race with what ran
   * (two senders on a channel that was closed: whichever runs first panics), so check them
   * as `checkPending` checks the waiting ones. Found by the DPOR differential campaign.
   * Nothing without DPOR.
   */
  stranded(point: ChoicePoint): void {
    if (!this.dpor) return;
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
