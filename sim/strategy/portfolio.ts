/**
 * `portfolio`: several strategies taking turns in one process, so one exploration gets
 * the strengths of each (by default SURW for narrow windows among many goroutines, PCT
 * for ordering bugs of small depth, RFF for reads-from orders no execution showed yet).
 *
 * Members take turns in a fixed cycle, `turns` (by default one turn each, in order):
 * execution `i` goes to member `turns[i mod T]`, as that member's own next execution (the
 * number of its turns before `i`). Every member has its own seed derived from the
 * portfolio's (`<seed>/<index>`), and learns only from its own executions. So execution
 * `i` of a portfolio seed is the same wherever it runs, given the same history of that
 * member. A wrapper around the same
 * `Strategy` interface, as in shuttle; the CLI spreads a portfolio over worker threads
 * separately.
 *
 * @example
 *   explore(scenario, { strategy: 'portfolio', seed: 1, runs: 10_000 });
 *   new PortfolioStrategy(1, [(s) => new RandomStrategy(s), (s) => new PctStrategy(s, 2)]);
 */
import { PctStrategy } from './pct';
import { RffStrategy } from './rff';
import type { ChoicePoint, ExecutionOutcome, StepInfo, Strategy } from './strategy';
import { SurwStrategy } from './surw';

/** Builds a member from its derived seed. */
export type MemberFactory = (seed: string) => Strategy;

/**
 * The default members: SURW (uniform over the interleavings of shared accesses: narrow
 * windows among many goroutines), PCT with depth 3 (ordering bugs of depth up to 3, with
 * PCT's guarantee) and RFF (reads-from fuzzing: schedules steered towards reads-from
 * pairs not seen yet). POS stays a strategy of its own, not a member.
 */
export const DEFAULT_PORTFOLIO: readonly MemberFactory[] = [(s) => new SurwStrategy(s), (s) => new PctStrategy(s, 3), (s) => new RffStrategy(s)];

/**
 * The default cycle of turns: SURW, SURW, RFF, RFF, PCT. Chosen from measurements, not
 * by feel: each member's executions to the first bug on the 18 SCTBench ports with
 * published figures and on the 47 bugs of the strategy bench (20 seeds each; a member's
 * executions do not depend on the others', so any cycle's outcome follows exactly), over
 * every cycle of up to five turns of surw, pct, pos, rff and random. This one meets the
 * published PCT-3 and SURW means on the most ports (11 of 18) with the smallest geometric
 * mean ratio among those that keep the bug suite's figures (every bug found by the median
 * seed; task-stop dostop-if, which needs thousands of RFF executions, by 15 of 20 seeds
 * within 10,000). POS in any share made the ports worse.
 */
export const DEFAULT_TURNS: readonly number[] = [0, 0, 2, 2, 1];

export class PortfolioStrategy implements Strategy {
  readonly name = 'portfolio';
  /** The members, in turn order (at least one). */
  readonly members: readonly Strategy[];
  /** The cycle of turns: member indexes (every member has at least one). */
  readonly turns: readonly number[];
  /** `before[t]`: turns of member `turns[t]` before position `t` of the cycle; `per[k]`: turns of member k per cycle. */
  private readonly before: readonly number[];
  private readonly per: readonly number[];
  /** The member running the current execution. */
  private current: Strategy;

  /**
   * @param seed the portfolio seed; member k gets the seed `<seed>/<k>`
   * @param members factories of the members (default `DEFAULT_PORTFOLIO`)
   * @param turns the cycle of turns, as member indexes (default `DEFAULT_TURNS` for the
   *   default members, else one turn each in order)
   */
  constructor(seed: number | string, members: readonly MemberFactory[] = DEFAULT_PORTFOLIO, turns?: readonly number[]) {
    if (members.length === 0) throw new RangeError('portfolio: at least one member is needed');
    this.members = members.map((make, k) => make(`${String(seed)}/${k}`));
    this.turns = turns ?? (members === DEFAULT_PORTFOLIO ? DEFAULT_TURNS : members.map((_, k) => k));
    const per = members.map(() => 0);
    const before: number[] = [];
    for (const k of this.turns) {
      if (!(Number.isInteger(k) && k >= 0 && k < members.length)) throw new RangeError(`portfolio: turn ${String(k)} names no member`);
      before.push(per[k]!);
      per[k]!++;
    }
    if (per.some((n) => n === 0)) throw new RangeError('portfolio: every member needs a turn');
    this.before = before;
    this.per = per;
    this.current = this.members[this.turns[0]!]!;
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
    return this.members[this.turns[execution % this.turns.length]!]!;
  }

  begin(execution: number): boolean {
    const t = execution % this.turns.length;
    const k = this.turns[t]!;
    this.current = this.members[k]!;
    return this.current.begin(Math.floor(execution / this.turns.length) * this.per[k]! + this.before[t]!);
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
