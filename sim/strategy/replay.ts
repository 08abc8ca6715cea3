/**
 * `replay`: follows a recorded schedule choice by choice.
 *
 * Strict mode (the default) reports the first choice the execution cannot take as a
 * divergence: the scenario did something else than when the schedule was recorded.
 * Lenient mode (for shrinking) tolerates a schedule that no longer fits: an unavailable
 * pick falls back to the goroutine that ran last (else the lowest runnable id, else the
 * first timer), and when the schedule runs out it keeps going the same way.
 */
import { ChoiceTag, choiceId, choiceTag } from '../schedule';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

export class ReplayStrategy implements Strategy {
  readonly name = 'replay';
  private pos = 0;
  divergence: string | undefined = undefined;

  constructor(
    private readonly choices: readonly number[],
    private readonly lenient = false,
  ) {}

  /** Choices not consumed yet. */
  get remaining(): number {
    return this.choices.length - this.pos;
  }

  /** Choices consumed so far. */
  get consumed(): number {
    return this.pos;
  }

  begin(execution: number): boolean {
    this.pos = 0;
    this.divergence = undefined;
    return execution === 0;
  }

  pick(point: ChoicePoint): number {
    const code = this.choices[this.pos];
    if (code === undefined) {
      if (this.lenient) return fallback(point);
      this.divergence = `the schedule ended after ${this.pos} choices but the run goes on (${describePoint(point)})`;
      return -1;
    }
    const id = choiceId(code);
    const tag = choiceTag(code);
    let i = -1;
    if (tag === ChoiceTag.Goroutine) {
      const r = point.runnable;
      for (let k = 0; k < r.length; k++) if (r[k]!.id === id) { i = k; break; }
    } else if (tag === ChoiceTag.Timer) {
      const f = point.fireable;
      for (let k = 0; k < f.length; k++) if (f[k]!.timerId === id) { i = point.runnable.length + k; break; }
    }
    if (i < 0) {
      if (this.lenient) {
        this.pos++;
        return fallback(point);
      }
      const what = tag === ChoiceTag.Goroutine ? `goroutine ${id}` : tag === ChoiceTag.Timer ? `timer ${id}` : `a value (${id})`;
      this.divergence = `the schedule picks ${what} but it cannot run now (${describePoint(point)})`;
      return -1;
    }
    this.pos++;
    return i;
  }

  choose(n: number): number {
    const code = this.choices[this.pos];
    if (code === undefined || choiceTag(code) !== ChoiceTag.Value || choiceId(code) >= n) {
      if (this.lenient) {
        if (code !== undefined && choiceTag(code) === ChoiceTag.Value) this.pos++;
        return 0;
      }
      this.divergence =
        code === undefined
          ? `the schedule ended after ${this.pos} choices but the run draws a value in 0..${n - 1}`
          : `the run draws a value in 0..${n - 1} but the schedule has ${choiceTag(code) === ChoiceTag.Value ? `the value ${choiceId(code)}` : 'a step'} there`;
      return -1;
    }
    this.pos++;
    return choiceId(code);
  }

  end(_outcome: ExecutionOutcome): void {}
}

function fallback(point: ChoicePoint): number {
  const r = point.runnable;
  for (let k = 0; k < r.length; k++) if (r[k]!.id === point.lastGid) return k;
  if (r.length > 0) return 0;
  return 0;
}

function describePoint(point: ChoicePoint): string {
  const r = point.runnable.map((g) => `"${g.name}" (${g.id})`);
  const t = point.fireable.map((t) => `timer "${t.name}" (${t.timerId})`);
  const all = [...r, ...t];
  return all.length === 0 ? 'nothing can run' : `can run: ${all.join(', ')}`;
}
