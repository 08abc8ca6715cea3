/**
 * `portfolio`: several strategies taking turns in one process, so one exploration gets
 * the strengths of each (by default SURW for narrow windows among many goroutines, PCT
 * for ordering bugs of small depth, POS for races among many events).
 *
 * Execution `i` goes to member `i mod m`, as that member's own execution `⌊i / m⌋`; every
 * member has its own seed derived from the portfolio's (`<seed>/<index>`), and
 * learns only from its own executions. So execution `i` of a portfolio seed is the same
 * wherever it runs, given the same history of that member. A wrapper around the same
 * `Strategy` interface, as in shuttle; the CLI spreads a portfolio over worker threads
 * separately.
 *
 * @example
 *   explore(scenario, { strategy: 'portfolio', seed: 1, runs: 10_000 });
 *   new PortfolioStrategy(1, [(s) => new RandomStrategy(s), (s) => new PctStrategy(s, 2)]);
 */
import { PctStrategy } from './pct';
import { PosStrategy } from './pos';
import type { ChoicePoint, ExecutionOutcome, StepInfo, Strategy } from './strategy';
import { SurwStrategy } from './surw';

/** Builds a member from its derived seed. */
export type MemberFactory = (seed: string) => Strategy;

/**
 * The default members, in turn order: SURW (uniform over the interleavings of shared
 * accesses: narrow windows among many goroutines), PCT with depth 3 (ordering bugs of
 * depth up to 3, with PCT's guarantee) and POS (races among many events). Measured on
 * the bug suite, this mix finds every bug, and no member's weak spot goes unbalanced
 * (see `bench/strategy-bench.ts`).
 */
export const DEFAULT_PORTFOLIO: readonly MemberFactory[] = [
  (s) => new SurwStrategy(s),
  (s) => new PctStrategy(s, 3),
  (s) => new PosStrategy(s),
];

export class PortfolioStrategy implements Strategy {
  readonly name = 'portfolio';
  /** The members, in turn order (at least one). */
  readonly members: readonly Strategy[];
  /** The member running the current execution. */
  private current: Strategy;

  /**
   * @param seed the portfolio seed; member k gets the seed `<seed>/<k>`
   * @param members factories of the members (default `DEFAULT_PORTFOLIO`)
   */
  constructor(seed: number | string, members: readonly MemberFactory[] = DEFAULT_PORTFOLIO) {
    if (members.length === 0) throw new RangeError('portfolio: at least one member is needed');
    this.members = members.map((make, k) => make(`${String(seed)}/${k}`));
    this.current = this.members[0]!;
  }

  /** Why the current member returned -1. */
  get divergence(): string | undefined {
    return this.current.divergence;
  }

  /** Whether the current member wants step footprints (read by the kernel after `begin`). */
  get wantsFootprints(): boolean {
    return this.current.wantsFootprints === true;
  }

  /** The member that runs execution `i`. */
  memberFor(execution: number): Strategy {
    return this.members[execution % this.members.length]!;
  }

  begin(execution: number): boolean {
    const m = this.members.length;
    this.current = this.members[execution % m]!;
    return this.current.begin(Math.floor(execution / m));
  }

  pick(point: ChoicePoint): number {
    return this.current.pick(point);
  }

  choose(n: number, point: ChoicePoint): number {
    return this.current.choose(n, point);
  }

  afterStep(point: ChoicePoint, step?: StepInfo): void {
    const c = this.current;
    if (c.afterStep !== undefined) c.afterStep(point, step);
  }

  end(outcome: ExecutionOutcome): void {
    this.current.end(outcome);
  }
}
