import { defineScenario, explore, replay, UsageError, type Sim } from '..';
import depth3 from '../../scenarios/bugs/depth3';
import twoPreemptions from '../../scenarios/bugs/two-preemptions';
import { DEFAULT_PCT_LENGTH, PctStrategy, PCT_FAIRNESS_BOUND } from './pct';
import type { ChoicePoint, ExecutionOutcome, Strategy } from './strategy';

/** Wraps a strategy and records, per execution, its preemptions and decision points. */
class Spy implements Strategy {
  readonly name = 'spy';
  preemptions: number[] = [];
  decisions: number[] = [];
  counted: number[] = [];
  private last = -1;
  constructor(readonly inner: PctStrategy) {}
  begin(i: number): boolean {
    this.preemptions.push(0);
    this.decisions.push(0);
    this.last = -1;
    return this.inner.begin(i);
  }
  pick(point: ChoicePoint): number {
    const i = this.inner.pick(point);
    const n = point.runnable.length + point.fireable.length;
    if (n > 1) this.decisions[this.decisions.length - 1]!++;
    const chosen = i < point.runnable.length ? point.runnable[i]!.id : -1;
    if (this.last >= 0 && chosen !== this.last && point.runnable.some((g) => g.id === this.last)) this.preemptions[this.preemptions.length - 1]!++;
    this.last = chosen;
    return i;
  }
  choose(n: number): number {
    return this.inner.choose(n);
  }
  end(o: ExecutionOutcome): void {
    this.counted.push(this.inner.decisionPoints);
    this.inner.end(o);
  }
}

/**
 * Three goroutines adding to counters (a shared one, or each its own): atomics never
 * block, so no step ever enables or disables another goroutine, and every preemption
 * is PCT's own doing.
 */
const independent = defineScenario({
  name: 'independent',
  description: 'three goroutines add to counters',
  variants: { shared: 'one counter for all', private: 'a counter each' },
  setup(sim: Sim, { variant }) {
    const shared = sim.atomic('c', 0);
    for (let g = 0; g < 3; g++) {
      const c = variant === 'shared' ? shared : sim.atomic(`c${g}`, 0);
      sim.go(`g${g}`, function* () {
        for (let i = 0; i < 5; i++) yield* c.add(1);
      });
    }
  },
});

describe('PctStrategy', () => {
  describe('explore', () => {
    it('should give identical traces for the same seed', () => {
      for (const seed of [1, 7, 'x']) {
        const a = explore(depth3, { variant: 'read-twice', strategy: 'pct', depth: 3, seed, runs: 5000 });
        const b = explore(depth3, { variant: 'read-twice', strategy: 'pct', depth: 3, seed, runs: 5000 });
        expect(a.violation).toBeDefined();
        expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
        expect(a.violation!.message).toBe(b.violation!.message);
        expect(a.executions).toBe(b.executions);
      }
    });

    it('should replay a violation to the identical message', () => {
      const r = explore(twoPreemptions, { variant: 'turn-then-flag', strategy: 'pct', depth: 3, seed: 2, runs: 5000 });
      expect(r.violation?.kind).toBe('invariant');
      const again = replay(twoPreemptions, r.violation!.schedule);
      expect(again.violation!.message).toBe(r.violation!.message);
      expect(JSON.stringify(again.trace)).toBe(JSON.stringify(r.violation!.trace));
    });
  });

  describe('pick', () => {
    it('should never preempt a goroutine that can run with depth 1', () => {
      const spy = new Spy(new PctStrategy(3, 1));
      explore(independent, { strategy: spy, runs: 300 });
      expect(spy.preemptions.every((p) => p === 0)).toBe(true);
    });

    it('should preempt at most d-1 times per execution, and use its change points', () => {
      for (const d of [2, 3, 4]) {
        const spy = new Spy(new PctStrategy(5, d));
        explore(independent, { strategy: spy, runs: 500 });
        expect(Math.max(...spy.preemptions)).toBe(d - 1);
      }
    });

    it('should find a depth-3 bug with depth 3 and never with depth 2', () => {
      expect(explore(depth3, { variant: 'read-twice', strategy: 'pct', depth: 2, seed: 1, runs: 3000 }).violation).toBeUndefined();
      expect(explore(depth3, { variant: 'read-twice', strategy: 'pct', depth: 3, seed: 1, runs: 3000 }).violation?.kind).toBe('assertion');
    });

    it('should give a timer a priority like a goroutine', () => {
      const firstStep = new Set<string>();
      const s = defineScenario({
        name: 'timer-vs-goroutine',
        description: 'a timer and a goroutine race',
        variants: { v: 'test' },
        setup(sim) {
          const order: string[] = [];
          sim.afterFunc(5, 'tick', function* () {
            order.push('timer');
          });
          sim.go('g', function* () {
            order.push('g');
            yield* sim.yieldNow();
          });
          sim.atEnd('record', () => (firstStep.add(order[0]!), true));
        },
      });
      for (let seed = 0; seed < 40; seed++) explore(s, { strategy: 'pct', depth: 1, seed, runs: 1 });
      expect([...firstStep].sort()).toEqual(['g', 'timer']);
    });

    it('should let a spinning goroutine yield to the one it waits for', () => {
      const s = defineScenario({
        name: 'spin',
        description: 'a goroutine spins on a flag, with and without yielding',
        variants: { yielding: 'yieldNow in the loop', busy: 'no yield' },
        maxSteps: 20 * PCT_FAIRNESS_BOUND,
        setup(sim, { variant }) {
          const flag = sim.atomic('flag', false);
          sim.go('spinner', function* () {
            while (!(yield* flag.load())) if (variant === 'yielding') yield* sim.yieldNow();
          });
          sim.go('setter', function* () {
            yield* flag.store(true);
          });
        },
      });
      for (const variant of ['yielding', 'busy']) {
        expect(explore(s, { variant, strategy: 'pct', depth: 1, seed: 1, runs: 50 }).violation).toBeUndefined();
      }
    });
  });

  describe('end', () => {
    it('should learn k as the most decision points that touch shared state', () => {
      const pct = new PctStrategy(1, 3);
      const spy = new Spy(pct);
      explore(independent, { strategy: spy, runs: 20 });
      expect(pct.length).toBe(Math.max(...spy.counted));
      expect(pct.length).toBeGreaterThan(8);
      for (let i = 0; i < spy.counted.length; i++) expect(spy.counted[i]).toBeLessThanOrEqual(spy.decisions[i]!);
    });

    it('should not count steps on private objects', () => {
      const pct = new PctStrategy(1, 3);
      explore(independent, { variant: 'private', strategy: pct, runs: 20 });
      expect(pct.length).toBe(DEFAULT_PCT_LENGTH);
    });

    it('should reject a depth below 1 as bad usage', () => {
      expect(() => new PctStrategy(1, 0)).toThrow(UsageError);
      expect(() => explore(depth3, { strategy: 'pct', depth: 1.5 })).toThrow(/depth must be a positive integer/);
    });

    it('should draw distinct change points within 1..k', () => {
      const pct = new PctStrategy(3, 6, 8);
      for (let i = 0; i < 200; i++) {
        pct.begin(i);
        const cps = [...pct.changePoints];
        expect(new Set(cps).size).toBe(5);
        for (const c of cps) expect(c >= 1 && c <= 8).toBe(true);
      }
    });
  });
});
