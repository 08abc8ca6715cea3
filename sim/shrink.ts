/**
 * Shrinking: from a failing schedule, find one with the fewest preemptions, then the
 * fewest steps, that fails with the same violation (same kind, same message up to step
 * numbers and times). Deterministic: the same input gives the same result.
 *
 * First, the fewest preemptions: a preemption-bounded exhaustive search (CHESS's
 * bound, Musuvathi and Qadeer, PLDI 2007) for a schedule that fails the same way with
 * 0, 1, 2… preemptions, below what the schedule has, within a budget. (A long schedule,
 * of more than `SHRINK_CHUNKED_BLOCKS` blocks, is first cut down by the passes below: the
 * search rarely finds anything within budget among many goroutines and long executions.)
 *
 * Then, the schedule is worked on as a sequence of goroutine and timer *keys* (names that
 * do not depend on the interleaving), replayed leniently: a choice that cannot run is
 * skipped, and once the sequence is used up the run goes on without preemptions. The
 * candidates tried, greedily, until none is better:
 *  0. for a schedule of more than `SHRINK_CHUNKED_BLOCKS` blocks (runs of one goroutine),
 *     halves, then quarters… of its blocks deleted, as delta debugging does (Zeller and
 *     Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", TSE 2002);
 *  1. the shortest prefix whose non-preemptive completion still fails;
 *  2. each block of consecutive steps of one goroutine deleted (its steps then come
 *     where that goroutine runs next);
 *  3. each later block of a goroutine moved up to join its earlier block (one switch
 *     fewer);
 *  4. each value choice (`random(n)`, `select`) set to 0.
 * A candidate is kept when it fails the same way and has fewer preemptions, or as many
 * and fewer steps; what actually ran becomes the new schedule.
 *
 * Shrinking never turns a find into a wait: it stops with the best schedule so far after
 * `SHRINK_MAX_ATTEMPTS` executions or `SHRINK_MAX_STEPS` steps in all, whichever comes
 * first (both deterministic; the same input gives the same result on every machine). The
 * preemption-bounded search gets half of each, and counts each of its steps once per
 * goroutine of the execution, as its cost per step grows with them (100 goroutines: about
 * 100 µs a step). On this 2-core machine that bounds shrinking a 100-goroutine program's
 * bug to a few seconds: SCTBench's twostage_100 (a yielding spawner, 99 writers, one
 * reader), found by rff seed 1, shrinks from 140 preemptions and 505 steps to 2 and 112
 * in 1,821 executions, about 6 s; it took 84 s (and kept 134 preemptions) before. A caller may
 * also stop it earlier, between executions, with `shouldStop` (the CLI's wall-clock
 * `--shrink-time`; nothing here reads a clock), and watch it with `onProgress`.
 */
import type { RawViolation } from './kernel/execution';
import { finishViolation, runExecution, scheduleConfig, type RunConfig } from './run';
import type { Scenario } from './scenario';
import { decodeSchedule, type Schedule } from './schedule';
import { DEFAULT_MAX_STEPS_VALUE } from './limits';
import { LenientReplay, type Target } from './strategy/lenient';
import { ReplayStrategy } from './strategy/replay';
import { DfsStrategy } from './strategy/dfs';
import { blocksOf, KeyRecorder, signature, sizeOf, smaller, type ScheduleSize } from './shrink-parts';
import type { Violation } from './types';

/** What `shrink` made of a violation: the smallest failing schedule it found, and its size before and after. */
export interface ShrinkResult {
  /** The violation of the shrunk schedule, with its full trace and replay line. */
  readonly violation: Violation;
  /** The shrunk schedule string. */
  readonly schedule: string;
  readonly before: ScheduleSize;
  readonly after: ScheduleSize;
  /** Executions run while shrinking. */
  readonly attempts: number;
  /** Steps those executions took. */
  readonly steps: number;
  /** True when no candidate improved on the result (false: a budget or `shouldStop` ended it first). */
  readonly complete: boolean;
}

/** Where shrinking stands, after each execution it ran. */
export interface ShrinkProgress {
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly steps: number;
  readonly maxSteps: number;
  /** The smallest failing schedule so far. */
  readonly best: ScheduleSize;
}

/** The default budget of executions. */
export const SHRINK_MAX_ATTEMPTS = 2000;
/** The default budget of steps, over all executions. */
export const SHRINK_MAX_STEPS = 2_000_000;
/** Blocks (runs of one goroutine) above which a schedule is first cut in halves, quarters… (ddmin). */
export const SHRINK_CHUNKED_BLOCKS = 64;

/** How hard `shrink` tries. */
export interface ShrinkOptions {
  /** Give up improving after this many executions (default `SHRINK_MAX_ATTEMPTS`, 2,000). */
  readonly maxAttempts?: number;
  /** Give up improving after this many steps over all executions (default `SHRINK_MAX_STEPS`, 2,000,000). */
  readonly maxSteps?: number;
  /** The execution number to report (as found by `explore`). */
  readonly execution?: number;
  /** Called between executions; true stops shrinking with the best schedule so far (a wall-clock budget). */
  readonly shouldStop?: () => boolean;
  /** Called after each execution. */
  readonly onProgress?: (p: ShrinkProgress) => void;
}

interface Candidate {
  readonly targets: readonly Target[];
  readonly choices: readonly number[];
  readonly size: ScheduleSize;
}

/**
 * Shrinks a failing schedule of `scenario`.
 *
 * @example
 *   const s = shrink(scenario, violation.schedule);
 *   console.log(`${s.before.preemptions} → ${s.after.preemptions} preemptions`);
 */
export function shrink(scenario: Scenario, schedule: string | Schedule, opts: ShrinkOptions = {}): ShrinkResult {
  const sch = typeof schedule === 'string' ? decodeSchedule(schedule, scenario.maxSteps ?? DEFAULT_MAX_STEPS_VALUE) : schedule;
  const cfg = scheduleConfig(scenario, sch);
  const replayer = new ReplayStrategy(sch.choices);
  const rec = new KeyRecorder(replayer);
  rec.begin(0);
  const k0 = runExecution(cfg, rec, false);
  const raw = k0.violation;
  if (raw === null) throw new Error('internal error: shrink needs a failing schedule, and this one passes');
  const start: Candidate = { targets: rec.targets, choices: k0.choices, size: sizeOf(k0) };
  const s = new Shrinker(cfg, raw, opts, start.size);
  // a long schedule is cut down first: the bounded search rarely pays off on it
  const best = blocksOf(start.targets).length > SHRINK_CHUNKED_BLOCKS ? s.run(s.bounded(s.run(start))) : s.run(s.bounded(start));
  const found = finishViolation(cfg, best.choices, s.rawOf(best), opts.execution ?? 1);
  const violation: Violation = { ...found, shrink: { before: start.size, after: best.size, attempts: s.attempts } };
  return { violation, schedule: violation.schedule, before: start.size, after: best.size, attempts: s.attempts, steps: s.steps, complete: !s.out };
}

class Shrinker {
  attempts = 0;
  /** Steps run so far (the preemption-bounded search's weighted by goroutines). */
  steps = 0;
  /** True once a budget or `shouldStop` ended the search. */
  out = false;
  private readonly want: string;
  private readonly raws = new Map<Candidate, RawViolation>();
  private readonly maxAttempts: number;
  private readonly maxSteps: number;
  private best: ScheduleSize;
  /** The chunk size (in blocks) of the next ddmin round, 1 once chunks stopped cutting; and where it cut last. */
  private chunk = Infinity;
  private at = Infinity;
  /** Whether a whole prefix pass found nothing (then it is not repeated on a long schedule). */
  private prefixFailed = false;

  constructor(
    private readonly cfg: RunConfig,
    private readonly raw: RawViolation,
    private readonly opts: ShrinkOptions,
    start: ScheduleSize,
  ) {
    this.want = signature(raw);
    this.maxAttempts = opts.maxAttempts ?? SHRINK_MAX_ATTEMPTS;
    this.maxSteps = opts.maxSteps ?? SHRINK_MAX_STEPS;
    this.best = start;
  }

  /**
   * Whether another execution may run within `attempts` executions and `steps` steps (a
   * phase's budget); sets `out` when the whole budget is spent or `shouldStop` says so.
   */
  private may(attempts: number, steps: number): boolean {
    if (this.out) return false;
    if (this.attempts >= this.maxAttempts || this.steps >= this.maxSteps || (this.opts.shouldStop !== undefined && this.opts.shouldStop())) {
      this.out = true;
      return false;
    }
    return this.attempts < attempts && this.steps < steps;
  }

  /** Counts an execution of `steps` steps (weighted) and reports progress. */
  private ran(steps: number, best: ScheduleSize): void {
    this.attempts++;
    this.steps += steps;
    if (smaller(best, this.best)) this.best = best;
    this.opts.onProgress?.({ attempts: this.attempts, maxAttempts: this.maxAttempts, steps: this.steps, maxSteps: this.maxSteps, best: this.best });
  }

  rawOf(c: Candidate): RawViolation {
    return this.raws.get(c) ?? this.raw;
  }

  run(start: Candidate): Candidate {
    let best = start;
    for (;;) {
      const next = this.improve(best);
      if (next === null) return best;
      best = next;
    }
  }

  /**
   * The fewest preemptions: for each bound below `start`'s count, a preemption-bounded
   * search (half the budget at most) for a schedule that fails the same way.
   */
  bounded(start: Candidate): Candidate {
    const attempts = Math.floor(this.maxAttempts / 2);
    const steps = Math.floor(this.maxSteps / 2);
    for (let bound = 0; bound < start.size.preemptions && this.may(attempts, steps); bound++) {
      const dfs = new DfsStrategy({ dpor: false, preemptionBound: bound });
      for (let i = 0; this.may(attempts, steps) && dfs.begin(i); i++) {
        const rec = new KeyRecorder(dfs);
        const k = runExecution(this.cfg, rec, false);
        dfs.end({ steps: k.step, violation: k.violation === null ? null : k.violation.kind });
        const failed = k.violation !== null && signature(k.violation) === this.want;
        this.ran(k.step * Math.max(1, k.goroutines.length), failed ? sizeOf(k) : start.size);
        if (failed && smaller(sizeOf(k), start.size)) {
          const c: Candidate = { targets: rec.targets.slice(), choices: k.choices, size: sizeOf(k) };
          this.raws.set(c, k.violation!);
          return c;
        }
      }
    }
    return start;
  }

  /** The first candidate better than `best`, or null. */
  private improve(best: Candidate): Candidate | null {
    const t = best.targets;
    const blocks = blocksOf(t);
    // 0. a long schedule: delete halves, quarters… of its blocks first (ddmin), so that a
    //    cut costs O(log n) executions, not the O(n) of the one-block passes below. A cut
    //    keeps its chunk size and place for the next round; once chunks of two blocks no
    //    longer cut anything, the one-block passes take over, and the prefix pass, which
    //    rarely cuts again once the schedule ends at the bug, is not repeated.
    const long = blocks.length > SHRINK_CHUNKED_BLOCKS;
    if (long && this.chunk > 1) {
      for (let size = Math.min(this.chunk, blocks.length >> 1); size >= 2; size >>= 1) {
        const from = size === this.chunk ? Math.min(this.at, blocks.length - size) : blocks.length - size;
        for (let j = from; j >= 0; j -= size) {
          const c = this.better([...t.slice(0, blocks[j]!.start), ...t.slice(blocks[j + size - 1]!.end)], best);
          if (c !== null) {
            this.chunk = size;
            this.at = j;
            return c;
          }
        }
      }
      this.chunk = 1;
    }
    // 1. the shortest failing prefix, completed without preemptions
    if (!(long && this.prefixFailed)) {
      for (const b of [0, ...blocks.map((x) => x.end)]) {
        if (b >= t.length) break;
        const c = this.better(t.slice(0, b), best);
        if (c !== null) return c;
      }
      this.prefixFailed = true;
    }
    // 2. delete a block
    for (let j = blocks.length - 1; j >= 0; j--) {
      const { start, end } = blocks[j]!;
      const c = this.better([...t.slice(0, start), ...t.slice(end)], best);
      if (c !== null) return c;
    }
    // 3. move a later block of a goroutine up to its previous block
    for (let j = 0; j < blocks.length; j++) {
      for (let j2 = j + 2; j2 < blocks.length; j2++) {
        if (blocks[j2]!.key !== blocks[j]!.key) continue;
        const a = blocks[j]!;
        const b = blocks[j2]!;
        const moved = [...t.slice(0, a.end), ...t.slice(b.start, b.end), ...t.slice(a.end, b.start), ...t.slice(b.end)];
        const c = this.better(moved, best);
        if (c !== null) return c;
        break;
      }
    }
    // 4. zero a value choice
    for (let i = 0; i < t.length; i++) {
      const x = t[i]!;
      if ('value' in x && x.value !== 0) {
        const c = this.better([...t.slice(0, i), { value: 0 }, ...t.slice(i + 1)], best);
        if (c !== null) return c;
      }
    }
    return null;
  }

  /** Runs `targets`; the candidate if it fails the same way and is smaller than `best`. */
  private better(targets: readonly Target[], best: Candidate): Candidate | null {
    if (!this.may(this.maxAttempts, this.maxSteps)) return null;
    const rec = new KeyRecorder(new LenientReplay(targets));
    rec.begin(0);
    const k = runExecution(this.cfg, rec, false);
    const v = k.violation;
    const failed = v !== null && signature(v) === this.want;
    this.ran(k.step, failed ? sizeOf(k) : best.size);
    if (!failed) return null;
    const size = sizeOf(k);
    if (!smaller(size, best.size)) return null;
    const c: Candidate = { targets: rec.targets, choices: k.choices, size };
    this.raws.set(c, v);
    return c;
  }
}

export { signature, type ScheduleSize } from './shrink-parts';
