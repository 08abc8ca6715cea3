/**
 * `random`: a uniform random walk. At every scheduling point each runnable goroutine and
 * each fireable timer is equally likely; `random(n)` and `select` draw uniformly.
 */
import { Rng } from './rng';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

export class RandomStrategy implements Strategy {
  readonly name = 'random';
  private readonly rng: Rng;

  constructor(seed: number | string) {
    this.rng = new Rng(seed);
  }

  begin(execution: number): boolean {
    this.rng.reseed(execution);
    return true;
  }

  pick(point: ChoicePoint): number {
    return this.rng.int(point.runnable.length + point.fireable.length);
  }

  choose(n: number): number {
    return this.rng.int(n);
  }

  end(_outcome: ExecutionOutcome): void {}
}
