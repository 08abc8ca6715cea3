/**
 * Shrinking: from a failing schedule, find one with the fewest preemptions, then the
 * fewest steps, that fails with the same violation (same kind, same message up to step
 * numbers and times). Deterministic: the same input gives the same result.
 *
 * First, the fewest preemptions: a preemption-bounded exhaustive search (CHESS's
 * bound, Musuvathi and Qadeer, PLDI 2007) for a schedule that fails the same way with
 * 0, 1, 2… preemptions, below what the schedule has, within a budget.
 *
 * Then, the schedule is worked on as a sequence of goroutine and timer *keys* (names that
 * do not depend on the interleaving), replayed leniently: a choice that cannot run is
 * skipped, and once the sequence is used up the run goes on without preemptions. The
 * candidates tried, greedily, until none is better:
 *  1. the shortest prefix whose non-preemptive completion still fails;
 *  2. each block of consecutive steps of one goroutine deleted (its steps then come
 *     where that goroutine runs next);
 *  3. each later block of a goroutine moved up to join its earlier block (one switch
 *     fewer);
 *  4. each value choice (`random(n)`, `select`) set to 0.
 * A candidate is kept when it fails the same way and has fewer preemptions, or as many
 * and fewer steps; what actually ran becomes the new schedule.
 */
import { Kernel, type RawViolation } from './kernel/kernel';
import { finishViolation, runExecution, scheduleConfig, type RunConfig } from './run';
import type { Scenario } from './scenario';
import { decodeSchedule, type Schedule } from './schedule';
import { DEFAULT_MAX_STEPS_VALUE } from './limits';
import { LenientReplay, type Target } from './strategy/lenient';
import { ReplayStrategy } from './strategy/replay';
import { DfsStrategy } from './strategy/dfs';
import type { ChoicePoint, ExecutionOutcome, StepInfo, Strategy } from './strategy/strategy';
import type { Violation } from './types';

/** A schedule's size: what shrinking minimizes, in this order. */
export interface ScheduleSize {
  readonly preemptions: number;
  readonly steps: number;
}

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
}

/** How hard `shrink` tries. */
export interface ShrinkOptions {
  /** Give up improving after this many executions (default 2,000). */
  readonly maxAttempts?: number;
  /** The execution number to report (as found by `explore`). */
  readonly execution?: number;
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
  const s = new Shrinker(cfg, raw, opts.maxAttempts ?? 2000);
  const start: Candidate = { targets: rec.targets, choices: k0.choices, size: sizeOf(k0) };
  const best = s.run(s.bounded(start));
  const found = finishViolation(cfg, best.choices, s.rawOf(best), opts.execution ?? 1);
  const violation: Violation = { ...found, shrink: { before: start.size, after: best.size, attempts: s.attempts } };
  return { violation, schedule: violation.schedule, before: start.size, after: best.size, attempts: s.attempts };
}

class Shrinker {
  attempts = 0;
  private readonly want: string;
  private readonly raws = new Map<Candidate, RawViolation>();

  constructor(
    private readonly cfg: RunConfig,
    private readonly raw: RawViolation,
    private readonly maxAttempts: number,
  ) {
    this.want = signature(raw);
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
    const budget = Math.floor(this.maxAttempts / 2);
    for (let bound = 0; bound < start.size.preemptions && this.attempts < budget; bound++) {
      const dfs = new DfsStrategy({ dpor: false, preemptionBound: bound });
      for (let i = 0; this.attempts < budget && dfs.begin(i); i++) {
        this.attempts++;
        const rec = new KeyRecorder(dfs);
        const k = runExecution(this.cfg, rec, false);
        dfs.end({ steps: k.step, violation: k.violation === null ? null : k.violation.kind });
        if (k.violation !== null && signature(k.violation) === this.want && smaller(sizeOf(k), start.size)) {
          const c: Candidate = { targets: rec.targets.slice(), choices: k.choices, size: sizeOf(k) };
          this.raws.set(c, k.violation);
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
    // 1. the shortest failing prefix, completed without preemptions
    for (const b of [0, ...blocks.map((x) => x.end)]) {
      if (b >= t.length) break;
      const c = this.better(t.slice(0, b), best);
      if (c !== null) return c;
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
    if (this.attempts >= this.maxAttempts) return null;
    this.attempts++;
    const rec = new KeyRecorder(new LenientReplay(targets));
    rec.begin(0);
    const k = runExecution(this.cfg, rec, false);
    const v = k.violation;
    if (v === null || signature(v) !== this.want) return null;
    const size = sizeOf(k);
    if (!smaller(size, best.size)) return null;
    const c: Candidate = { targets: rec.targets, choices: k.choices, size };
    this.raws.set(c, v);
    return c;
  }
}

function sizeOf(k: Kernel): ScheduleSize {
  return { preemptions: k.preemptions, steps: k.step };
}

function smaller(a: ScheduleSize, b: ScheduleSize): boolean {
  return a.preemptions < b.preemptions || (a.preemptions === b.preemptions && a.steps < b.steps);
}

/** The violation up to where it happened: kind and message without step numbers and times. */
export function signature(v: RawViolation): string {
  return `${v.kind}: ${v.detail.replace(/\bstep \d+/g, 'step N').replace(/\bt=[^)\s,;]+/g, 't=T')}`;
}

/** Maximal runs of the same goroutine or timer (values ride along with the step before them). */
function blocksOf(t: readonly Target[]): { key: string; start: number; end: number }[] {
  const out: { key: string; start: number; end: number }[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const last = out[out.length - 1];
    if (!('key' in x)) {
      if (last !== undefined) last.end = i + 1;
      continue;
    }
    if (last !== undefined && last.key === x.key) last.end = i + 1;
    else out.push({ key: x.key, start: i, end: i + 1 });
  }
  return out;
}

/** Wraps a strategy and records its choices as keys and values. */
class KeyRecorder implements Strategy {
  readonly name: string;
  readonly targets: Target[] = [];

  constructor(private readonly inner: Strategy) {
    this.name = inner.name;
  }

  get divergence(): string | undefined {
    return this.inner.divergence;
  }

  begin(execution: number): boolean {
    this.targets.length = 0;
    return this.inner.begin(execution);
  }

  get wantsFootprints(): boolean | undefined {
    return this.inner.wantsFootprints;
  }

  afterStep(point: ChoicePoint, step?: StepInfo): void {
    this.inner.afterStep?.(point, step);
  }

  pick(point: ChoicePoint): number {
    const i = this.inner.pick(point);
    const nR = point.runnable.length;
    if (i >= 0 && i < nR) this.targets.push({ key: point.runnable[i]!.key });
    else if (i >= nR && i < nR + point.fireable.length) this.targets.push({ key: point.fireable[i - nR]!.key });
    return i;
  }

  choose(n: number, point: ChoicePoint): number {
    const v = this.inner.choose(n, point);
    if (v >= 0) this.targets.push({ value: v });
    return v;
  }

  end(outcome: ExecutionOutcome): void {
    this.inner.end(outcome);
  }
}
