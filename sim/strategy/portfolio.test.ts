import { explore, replay } from '..';
import lostWakeup from '../../scenarios/bugs/lost-wakeup';
import narrowWindow from '../../scenarios/bugs/narrow-window';
import { DEFAULT_PORTFOLIO, PortfolioStrategy } from './portfolio';
import { RandomStrategy } from './random';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** A member that records what it is asked to do. */
class Recorder implements Strategy {
  readonly name = 'recorder';
  readonly begun: number[] = [];
  ended = 0;
  afterSteps = 0;
  private readonly rnd: RandomStrategy;
  constructor(readonly seed: string) {
    this.rnd = new RandomStrategy(seed);
  }
  begin(i: number): boolean {
    this.begun.push(i);
    return this.rnd.begin(i);
  }
  pick(point: ChoicePoint): number {
    return this.rnd.pick(point);
  }
  choose(n: number): number {
    return this.rnd.choose(n);
  }
  afterStep(): void {
    this.afterSteps++;
  }
  end(o: ExecutionOutcome): void {
    this.ended++;
    this.rnd.end(o);
  }
}

describe('PortfolioStrategy', () => {
  describe('explore', () => {
    it('should give identical traces for the same seed', () => {
      for (const seed of [1, 7, 'x']) {
        const a = explore(narrowWindow, { variant: 'ready-then-data', strategy: 'portfolio', seed, runs: 2000 });
        const b = explore(narrowWindow, { variant: 'ready-then-data', strategy: 'portfolio', seed, runs: 2000 });
        expect(a.violation).toBeDefined();
        expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
        expect(a.violation!.message).toBe(b.violation!.message);
        expect(a.executions).toBe(b.executions);
      }
    });

    it('should replay a violation to the identical message', () => {
      const r = explore(lostWakeup, { variant: 'check-before-lock', strategy: 'portfolio', seed: 5, runs: 1000 });
      expect(r.violation?.kind).toBe('deadlock');
      expect(r.strategy).toBe('portfolio');
      const again = replay(lostWakeup, r.violation!.schedule);
      expect(again.violation!.message).toBe(r.violation!.message);
    });
  });

  describe('begin', () => {
    it('should give execution i to member i mod m as its execution ⌊i/m⌋', () => {
      const made: Recorder[] = [];
      const p = new PortfolioStrategy(9, [0, 1, 2].map(() => (seed: string) => {
        const r = new Recorder(seed);
        made.push(r);
        return r;
      }));
      explore(narrowWindow, { variant: 'data-then-ready', params: { work: 1 }, strategy: p, runs: 10 });
      expect(made.map((r) => r.begun)).toEqual([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2]]);
      expect(made.map((r) => r.ended)).toEqual([4, 3, 3]);
      expect(made.every((r) => r.afterSteps > 0)).toBe(true);
      expect(made.map((r) => r.seed)).toEqual(['9/0', '9/1', '9/2']);
      expect(p.memberFor(4)).toBe(made[1]);
    });

    it('should follow a cycle of turns, each member counting its own executions', () => {
      const made: Recorder[] = [];
      const p = new PortfolioStrategy(
        3,
        [0, 1].map(() => (seed: string) => {
          const r = new Recorder(seed);
          made.push(r);
          return r;
        }),
        [0, 1, 0, 0],
      );
      explore(narrowWindow, { variant: 'data-then-ready', params: { work: 1 }, strategy: p, runs: 9 });
      expect(made.map((r) => r.begun)).toEqual([[0, 1, 2, 3, 4, 5, 6], [0, 1]]);
      expect(p.memberFor(5)).toBe(made[1]);
      expect(() => new PortfolioStrategy(1, [(s) => new Recorder(s), (s) => new Recorder(s)], [0, 0])).toThrow(/every member needs a turn/);
      expect(() => new PortfolioStrategy(1, [(s) => new Recorder(s)], [0, 1])).toThrow(/names no member/);
    });

    it('should derive different member seeds from different portfolio seeds', () => {
      const a = explore(narrowWindow, { variant: 'ready-then-data', strategy: 'portfolio', seed: 1, runs: 2000 });
      const b = explore(narrowWindow, { variant: 'ready-then-data', strategy: 'portfolio', seed: 2, runs: 2000 });
      expect(a.violation!.schedule).not.toBe(b.violation!.schedule);
    });

    it('should give step footprints to the members that want them, in their own executions only', () => {
      const seen: boolean[][] = [[], []];
      const member = (k: number, wants: boolean) => (seed: string): Strategy => {
        const rnd = new RandomStrategy(seed);
        return {
          name: `m${k}`,
          wantsFootprints: wants,
          begin: (i) => rnd.begin(i),
          pick: (p) => rnd.pick(p),
          choose: (n) => rnd.choose(n),
          afterStep: (_p, step) => void seen[k]!.push(step !== undefined),
          end: (o) => rnd.end(o),
        };
      };
      explore(narrowWindow, { variant: 'data-then-ready', params: { work: 1 }, strategy: new PortfolioStrategy(1, [member(0, false), member(1, true)]), runs: 6 });
      expect(seen[0]!.length).toBeGreaterThan(0);
      expect(seen[0]!.every((x) => !x)).toBe(true);
      expect(seen[1]!.length).toBeGreaterThan(0);
      expect(seen[1]!.every((x) => x)).toBe(true);
    });

    it('should run surw, surw, rff, rff, pct by default', () => {
      const p = new PortfolioStrategy(1);
      expect([0, 1, 2, 3, 4, 5].map((i) => p.memberFor(i).name)).toEqual(['surw', 'surw', 'rff', 'rff', 'pct', 'surw']);
    });

    it('should refuse an empty portfolio', () => {
      expect(() => new PortfolioStrategy(1, [])).toThrow(RangeError);
      expect(new PortfolioStrategy(1).members.length).toBe(DEFAULT_PORTFOLIO.length);
    });
  });
});
