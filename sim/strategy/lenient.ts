/**
 * A replay that tolerates a schedule that no longer fits (for shrinking): it follows a
 * sequence of goroutine and timer keys, skipping any that cannot run at that point, and
 * when the sequence is used up it runs without preemptions — the goroutine that ran last
 * while it can, else the lowest id, and timers only when no goroutine can run. Values
 * (`random(n)`, `select`) come from their own queue, 0 when it runs out.
 */
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** One target choice: a goroutine or timer key, or a value. */
export type Target = { readonly key: string } | { readonly value: number };

export class LenientReplay implements Strategy {
  readonly name = 'replay';
  private pos = 0;
  private vpos = 0;
  private readonly steps: readonly string[];
  private readonly values: readonly number[];

  constructor(targets: readonly Target[]) {
    this.steps = targets.flatMap((t) => ('key' in t ? [t.key] : []));
    this.values = targets.flatMap((t) => ('value' in t ? [t.value] : []));
  }

  begin(execution: number): boolean {
    this.pos = 0;
    this.vpos = 0;
    return execution === 0;
  }

  pick(point: ChoicePoint): number {
    const r = point.runnable;
    const f = point.fireable;
    while (this.pos < this.steps.length) {
      const key = this.steps[this.pos++]!;
      for (let i = 0; i < r.length; i++) if (r[i]!.key === key) return i;
      for (let i = 0; i < f.length; i++) if (f[i]!.key === key) return r.length + i;
    }
    return nonPreemptive(point);
  }

  choose(n: number): number {
    const v = this.values[this.vpos++];
    return v !== undefined && v < n ? v : 0;
  }

  end(_outcome: ExecutionOutcome): void {}
}

/** The choice that preempts nothing: the last goroutine, else the lowest id, else the first timer. */
export function nonPreemptive(point: ChoicePoint): number {
  const r = point.runnable;
  let best = -1;
  for (let i = 0; i < r.length; i++) {
    const g = r[i]!;
    if (g.id === point.lastGid) return i;
    if (best < 0 || g.id < r[best]!.id) best = i;
  }
  return best >= 0 ? best : r.length;
}
