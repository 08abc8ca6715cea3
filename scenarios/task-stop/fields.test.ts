/**
 * `structFields`: a declared property reads and writes its field of the instance's
 * `sim.struct`, so it is race-checked as the struct's field is (a plain property would not
 * be), and every field of the model's structs has its accessor.
 */
import { defineScenario, explore, type Sim } from '../../sim';
import { structFields, type StructFields } from './fields';
import { Kernel } from './task-set';

const BOX_FIELDS = ['x', 'y'] as const;

/** A class with two struct-backed properties, made the way the model's classes are. */
class Box {
  /** One field. */
  declare x: number;
  /** Another, read-only outside the class. */
  declare readonly y: string;
  protected readonly f: StructFields<Box, (typeof BOX_FIELDS)[number]>;
  constructor(sim: Sim) {
    this.f = sim.struct('box', { x: 0, y: 'a' });
  }
  /** Writes `y` through the struct, as the model's `TaskSet.add` writes `tasks`. */
  setY(v: string): void {
    this.f.y = v;
  }
}
structFields(Box, BOX_FIELDS);

/** The first violation's kind under exhaustive dfs of two goroutines writing `box.x`, with or without a mutex. */
function twoWriters(locked: boolean): string {
  const s = defineScenario({
    name: 'fields-two-writers',
    description: 'two goroutines write a struct-backed property',
    variants: { v: 'as written' },
    setup(sim) {
      const box = new Box(sim);
      const mu = sim.mutex('mu');
      for (const name of ['a', 'b']) {
        sim.go(name, function* () {
          if (locked) yield* mu.lock();
          box.x = box.x + 1;
          if (locked) yield* mu.unlock();
        });
      }
      sim.atEnd('both increments land', () => box.x === 2 || `box.x is ${box.x}`);
    },
  });
  const r = explore(s, { strategy: 'dfs', runs: 1000, shrink: false });
  return r.violation?.kind ?? (r.exhausted ? 'holds' : 'not exhausted');
}

describe('structFields', () => {
  it('should make a declared property read and write its struct field', () => {
    let seen: unknown[] = [];
    const s = defineScenario({
      name: 'fields-round-trip',
      description: 'a property and its struct field agree',
      variants: { v: 'as written' },
      setup(sim) {
        const box = new Box(sim);
        const f = (box as unknown as { f: { x: number; y: string } }).f;
        box.x = 5;
        const afterSet = f.x;
        f.x = 7;
        box.setY('b');
        seen = [afterSet, box.x, box.y, Object.prototype.hasOwnProperty.call(box, 'x'), Object.keys(box).includes('y')];
      },
    });
    explore(s, { runs: 1 });
    expect(seen).toEqual([5, 7, 'b', false, false]);
  });

  it('should race-check the property as the struct field: unlocked writers race, locked ones do not', () => {
    expect(twoWriters(false)).toBe('data-race');
    expect(twoWriters(true)).toBe('holds');
  });

  it("should give every field of the model's structs (Task, ThreadGroup, TaskSet) its accessor", () => {
    const missing: string[] = [];
    let checked = 0;
    const s = defineScenario({
      name: 'fields-model',
      description: 'the task-stop classes expose every struct field',
      variants: { correct: 'as modelled' },
      setup(sim) {
        const k = new Kernel({ sim, variant: 'correct' });
        const tg = k.newThreadGroup('tg0', null);
        const t = k.tasks.bootTask('t0', tg);
        for (const [label, o] of [['Task', t], ['ThreadGroup', tg], ['TaskSet', k.tasks]] as const) {
          const f = (o as unknown as { f: Record<string, unknown> }).f;
          for (const key of Object.keys(f)) {
            checked++;
            const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(o), key);
            if (d?.get === undefined || d.set === undefined || (o as unknown as Record<string, unknown>)[key] !== f[key]) missing.push(`${label}.${key}`);
          }
        }
      },
    });
    explore(s, { runs: 1 });
    expect(checked).toBe(6 + 8 + 3);
    expect(missing).toEqual([]);
  });
});
