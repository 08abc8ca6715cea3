/**
 * The pieces shrinking works with (`shrink.ts`): a schedule's size and how two compare,
 * the signature a shrunk schedule must keep, a schedule's blocks (runs of one goroutine),
 * and a strategy wrapper that records the choices made as interleaving-independent keys.
 */
import type { RawViolation } from './kernel/execution';
import type { Kernel } from './kernel/kernel';
import type { Target } from './strategy/lenient';
import type { ChoicePoint, ExecutionOutcome, StepInfo, Strategy } from './strategy/strategy';

/** A schedule's size: what shrinking minimizes, in this order. */
export interface ScheduleSize {
  readonly preemptions: number;
  readonly steps: number;
}

/** The size of the execution `k` ran. */
export function sizeOf(k: Kernel): ScheduleSize {
  return { preemptions: k.preemptions, steps: k.step };
}

/** Whether `a` is smaller than `b`: fewer preemptions, or as many and fewer steps. */
export function smaller(a: ScheduleSize, b: ScheduleSize): boolean {
  return a.preemptions < b.preemptions || (a.preemptions === b.preemptions && a.steps < b.steps);
}

/** The violation up to where it happened: kind and message without step numbers and times. */
export function signature(v: RawViolation): string {
  return `${v.kind}: ${v.detail.replace(/\bstep \d+/g, 'step N').replace(/\bt=[^)\s,;]+/g, 't=T')}`;
}

/** Maximal runs of the same goroutine or timer (values ride along with the step before them). */
export function blocksOf(t: readonly Target[]): { key: string; start: number; end: number }[] {
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
export class KeyRecorder implements Strategy {
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

  observe(key: string, check: number): void {
    this.inner.observe?.(key, check);
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
