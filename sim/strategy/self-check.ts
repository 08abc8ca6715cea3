/**
 * The nondeterminism self-check (as shuttle's and madsim's): wraps a strategy and records,
 * at every scheduling point, what could run — the runnable goroutines and the due timers,
 * by key. Re-running the execution's schedule under another recorder must see exactly the
 * same sets; the first step where they differ shows where the scenario did something else
 * (its own random numbers, the wall clock, state kept between executions).
 */
import type { ChoicePoint, ExecutionOutcome, StepInfo, Strategy } from './strategy';

export class RunnableSetRecorder implements Strategy {
  readonly name: string;
  /** What could run at each step, as a canonical string. */
  readonly sets: string[] = [];

  constructor(private readonly inner: Strategy) {
    this.name = inner.name;
  }

  get divergence(): string | undefined {
    return this.inner.divergence;
  }

  get exhausted(): boolean | undefined {
    return this.inner.exhausted;
  }

  get wantsFootprints(): boolean | undefined {
    return this.inner.wantsFootprints;
  }

  begin(execution: number): boolean {
    this.sets.length = 0;
    return this.inner.begin(execution);
  }

  pick(point: ChoicePoint): number {
    this.sets.push(describeChoices(point));
    return this.inner.pick(point);
  }

  choose(n: number, point: ChoicePoint): number {
    return this.inner.choose(n, point);
  }

  end(outcome: ExecutionOutcome): void {
    this.inner.end(outcome);
  }

  afterStep(point: ChoicePoint, step?: StepInfo): void {
    this.inner.afterStep?.(point, step);
  }

  observe(key: string, check: number): void {
    this.inner.observe?.(key, check);
  }
}

/** `"a", "b" | timer "t"` — sorted, so the kernel's runnable order does not matter. */
export function describeChoices(point: ChoicePoint): string {
  const gs = point.runnable.map((g) => `"${g.name}"`).sort();
  const ts = point.fireable.map((t) => `timer "${t.name}"`).sort();
  return [...gs, ...ts].join(', ') || 'nothing';
}

/** The first step where two recordings differ, or -1. */
export function firstDifference(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}
