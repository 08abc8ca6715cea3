import { defineScenario, explore } from '..';
import { Effect, OpKind, type ObjectRef } from '../effect';
import type { GoroutineId } from '../ids';
import { SPIN_POLLS, SpinDetector } from './spin';
import type { ChoicePoint, GoroutineView, Strategy } from './strategy';

const flag: ObjectRef = { id: 0 as ObjectRef['id'], kind: 'atomic', name: 'flag', key: '' };
const YIELD = new Effect(OpKind.Yield, null);
const LOAD = new Effect(OpKind.ALoad, flag);
const STORE = new Effect(OpKind.AStore, flag, 1);

/** A goroutine view with `pending` after `steps` steps. */
function g(id: number, pending: Effect, steps = 1): GoroutineView {
  return { id: id as GoroutineId, name: `g${id}`, daemon: false, pending, steps, key: String(id), pendingSince: 0, runnable: true, done: false };
}

/** A choice point where `runnable` can run, among `total` goroutines. */
function point(runnable: GoroutineView[], total = 2): ChoicePoint {
  const goroutines = Array.from({ length: total }, (_, i) => runnable.find((x) => x.id === i) ?? g(i, YIELD));
  return { runnable, fireable: [], step: 0, now: 0, lastGid: -1, goroutines, timers: [], footprintOf: () => null };
}

/** Runs `pending` as goroutine `id`'s step and says whether it was taken for a spin. */
function step(spin: SpinDetector, id: number, pending: Effect, total = 2): boolean {
  const p = point([g(id, pending), g(1 - id, STORE)], total);
  const spinning = spin.spinning(p, p.runnable[0]!);
  spin.ran(p, 0);
  return spinning;
}

describe('SpinDetector', () => {
  describe('spinning', () => {
    it('should take a goroutine for a spinner at its limit-th poll with no change between', () => {
      for (const limit of [1, 2, SPIN_POLLS]) {
        const spin = new SpinDetector(limit);
        spin.begin();
        step(spin, 0, LOAD); // a first read: not a poll
        const seen: boolean[] = [];
        for (let i = 0; i < limit + 1; i++) seen.push(step(spin, 0, i % 2 === 0 ? YIELD : LOAD));
        expect(seen).toEqual([...Array<boolean>(limit - 1).fill(false), true, true]);
      }
    });

    it('should start counting again after a write by another goroutine', () => {
      const spin = new SpinDetector(3);
      spin.begin();
      step(spin, 0, YIELD);
      step(spin, 0, YIELD);
      step(spin, 1, STORE);
      expect(step(spin, 0, YIELD)).toBe(false);
      expect(step(spin, 0, YIELD)).toBe(false);
      expect(step(spin, 0, YIELD)).toBe(true);
    });

    it('should not count reads and polls of other goroutines as changes', () => {
      const spin = new SpinDetector(3);
      spin.begin();
      step(spin, 0, YIELD);
      step(spin, 1, LOAD);
      step(spin, 0, YIELD);
      step(spin, 1, YIELD);
      expect(step(spin, 0, YIELD)).toBe(true);
    });

    it('should never take a spawner that yields after each go for a spinner', () => {
      const spin = new SpinDetector(2);
      spin.begin();
      for (let total = 2; total < 20; total++) expect(step(spin, 0, YIELD, total)).toBe(false);
    });

    it('should never take a first step, or a step that is not a poll, for a spin', () => {
      const spin = new SpinDetector(1);
      spin.begin();
      const p = point([g(0, YIELD, 0), g(1, STORE)]);
      expect(spin.spinning(p, p.runnable[0]!)).toBe(false);
      spin.ran(p, 0);
      step(spin, 0, YIELD);
      expect(step(spin, 0, STORE)).toBe(false);
    });
  });

  describe('explore', () => {
    /** Records, per execution, the steps of goroutine "main" that the detector took for spins. */
    class Spy implements Strategy {
      readonly name = 'spy';
      readonly spin = new SpinDetector(2);
      spins = 0;
      begin(i: number): boolean {
        this.spin.begin();
        return i === 0;
      }
      pick(p: ChoicePoint): number {
        const i = p.runnable.findIndex((x) => x.name === 'main');
        const at = i >= 0 ? i : 0;
        if (i >= 0 && this.spin.spinning(p, p.runnable[i]!)) this.spins++;
        this.spin.ran(p, at);
        return at;
      }
      choose(): number {
        return 0;
      }
      end(): void {}
    }

    it('should tell a spawner that yields from a goroutine that polls a flag', () => {
      const s = defineScenario({
        name: 'spawner-and-poller',
        description: 'main yields after each spawn, or polls a flag',
        variants: { spawner: 'go, then yield', poller: 'poll a flag set by a child' },
        setup(sim, { variant }) {
          const done = sim.atomic('done', false);
          sim.go('main', function* () {
            if (variant === 'spawner') {
              for (let i = 0; i < 10; i++) {
                sim.go('child', function* () {});
                yield* sim.yieldNow();
              }
            } else {
              sim.go('child', function* () {
                yield* done.store(true);
              });
              for (let i = 0; i < 5 && !(yield* done.load()); i++) yield* sim.yieldNow();
            }
          });
        },
      });
      const spawner = new Spy();
      explore(s, { variant: 'spawner', strategy: spawner, runs: 1 });
      expect(spawner.spins).toBe(0);
      const poller = new Spy();
      explore(s, { variant: 'poller', strategy: poller, runs: 1 });
      expect(poller.spins).toBeGreaterThan(0);
    });
  });
});
