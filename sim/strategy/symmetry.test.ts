/**
 * Symmetry reduction (symmetry.ts): on generated programs where a group of identical
 * goroutines runs beside another one, DPOR with symmetry reaches exactly the outcomes of
 * plain DFS (every choice at every point, no symmetry) up to renaming the group's members,
 * in no more executions than DPOR alone; the example — seven identical goroutines
 * and one other around one lock and a few atomics — is exhausted in a few thousand
 * executions where DPOR alone is not within 100,000, and a planted lost update is still
 * found; members of one group must run the same code.
 */
import fc from 'fast-check';
import { defineScenario, explore, type Scenario, type Sim } from '../internal';
import { lastRecord, programScenario, type Op } from '../test-helpers/programs';
import { reach } from '../test-helpers/reach';
import { DfsStrategy } from './dfs';

/**
 * The operations a group's members run (`test-helpers/programs.ts`): none names its
 * goroutine (no spawns, no timers), so members with the same operations are identical.
 */
const OPS: readonly Op[] = [
  { t: 'lock' },
  { t: 'add' },
  { t: 'load' },
  { t: 'store', v: 7 },
  { t: 'cas', v: 0 },
  { t: 'rlock' },
  { t: 'wlock' },
  { t: 'yield' },
  { t: 'send1' },
  { t: 'select', recv: true, dflt: true, same: false },
  { t: 'tryLock' },
];

/** A group of `copies` goroutines running `member`, and one other running `other`. */
interface SymProgram {
  readonly copies: number;
  readonly member: readonly Op[];
  readonly other: readonly Op[];
}

const ops = (maxLength: number): fc.Arbitrary<Op[]> => fc.array(fc.constantFrom(...OPS), { minLength: 1, maxLength });

/** Small enough for plain DFS: two members of up to three operations, or three of up to two; the other of one or two. */
const symArb: fc.Arbitrary<SymProgram> = fc.oneof(
  fc.record({ copies: fc.constant(2), member: ops(3), other: ops(2) }),
  fc.record({ copies: fc.constant(3), member: ops(2), other: ops(1) }),
);

/** The program as `programs.ts` runs it: the members `g0`…, then the other; outcomes up to renaming the members. */
function symScenario(p: SymProgram, declared: boolean): Scenario {
  return programScenario({
    gs: [...Array.from({ length: p.copies }, () => p.member), p.other],
    timers: 'go1.23',
    group: { size: p.copies, declared },
  });
}

describe('symmetry', () => {
  it('should reach the outcomes of plain DFS up to renaming on generated symmetric programs, in no more executions than DPOR alone', () => {
    let compared = 0;
    let reduced = 0;
    fc.assert(
      fc.property(symArb, (p) => {
        // a deadlock's message names goroutines: outcomes keep a violation's kind only (up to renaming)
        const plain = reach(symScenario(p, false), { dpor: false, cap: 3000, kindOnly: true });
        if (plain.capped) return;
        compared++;
        const dpor = reach(symScenario(p, false), { dpor: true, cap: 100_000, kindOnly: true });
        const sym = reach(symScenario(p, true), { dpor: true, cap: 100_000, kindOnly: true });
        const plainSym = reach(symScenario(p, true), { dpor: false, cap: 100_000, kindOnly: true });
        expect([...sym.outcomes].sort()).toEqual([...plain.outcomes].sort());
        expect([...plainSym.outcomes].sort()).toEqual([...plain.outcomes].sort());
        expect(sym.executions).toBeLessThanOrEqual(dpor.executions);
        if (sym.executions < dpor.executions) reduced++;
      }),
      { seed: 16, numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(15);
    expect(reduced).toBeGreaterThan(3);
  }, 600_000);

  it('should tell when the promise is broken: members that differ by an argument lose outcomes', () => {
    // each member stores its own number: not symmetric, though the code is the same
    const broken = (declare: boolean): Scenario =>
      defineScenario({
        name: 'broken-promise',
        description: 'members with different arguments',
        variants: { v: 'v' },
        setup(sim: Sim) {
          const a = sim.atomic('a', 0);
          const mk = (v: number) =>
            function* () {
              yield* a.store(v);
            };
          for (let i = 1; i <= 3; i++) sim.go(`w${i}`, mk(i), declare ? { symmetric: 'w' } : {});
          sim.atEnd('record', () => {
            lastRecord.value = `a=${a.value}`;
            return true;
          });
        },
      });
    const plain = reach(broken(false), { dpor: false, cap: 10_000 });
    const sym = reach(broken(true), { dpor: true, cap: 10_000 });
    expect([...plain.outcomes].sort()).toEqual(['a=1', 'a=2', 'a=3']);
    expect(sym.outcomes.size).toBeLessThan(plain.outcomes.size);
  });

  it('should refuse members of one group that run different code', () => {
    const s = defineScenario({
      name: 'different-code',
      description: 'two bodies in one group',
      variants: { v: 'v' },
      setup(sim: Sim) {
        const a = sim.atomic('a', 0);
        sim.go('x', function* () { yield* a.add(1); }, { symmetric: 'g' });
        sim.go('y', function* () { yield* a.add(2); }, { symmetric: 'g' });
      },
    });
    // a setup error: the scenario is wrong (the command line says it in one line, exit 2)
    expect(() => explore(s, { strategy: 'dfs', runs: 10, shrink: false })).toThrow(/go\("y", body, \{ symmetric: "g" \}\): the goroutines of a symmetric group must run the same code/);
  });
});

/**
 * The example: seven identical goroutines and one other take one lock around a
 * few atomic accesses. `bug`: the workers add to `total` after unlocking, so the auditor
 * can see a hit not yet added.
 */
function sevenWorkers(bug: boolean, declare: boolean): Scenario {
  return defineScenario({
    name: 'seven-workers',
    description: 'seven identical workers and an auditor around one lock',
    variants: { v: 'v' },
    setup(sim: Sim) {
      const m = sim.mutex('m');
      const hits = sim.atomic('hits', 0);
      const total = sim.atomic('total', 0);
      const worker = function* () {
        yield* m.lock();
        const h = yield* hits.load();
        yield* hits.store(h + 1);
        if (bug) yield* m.unlock();
        yield* total.add(2);
        if (!bug) yield* m.unlock();
      };
      for (let i = 0; i < 7; i++) sim.go(`worker${i}`, worker, declare ? { symmetric: 'worker' } : {});
      sim.go('auditor', function* () {
        yield* m.lock();
        const h = yield* hits.load();
        const t = yield* total.load();
        sim.assert(t === 2 * h, `total ${t} with ${h} hits`);
        yield* m.unlock();
      });
      sim.atEnd('every hit counted', () => hits.value === 7 || `hits ${hits.value}`);
    },
  });
}

describe('symmetry on seven identical workers', () => {
  it('should exhaust in one execution per place of the auditor, where DPOR alone is not done in 20,000', () => {
    const sym = new DfsStrategy();
    const r = explore(sevenWorkers(false, true), { strategy: sym, runs: 100_000, shrink: false });
    expect(r.violation).toBeUndefined();
    expect(r.exhausted).toBe(true);
    // the auditor takes the lock before the first worker, after the first, …, after the seventh
    expect(sym.classes.size).toBe(8);
    expect(r.executions).toBe(8);
    expect(sym.symmetry!.used).toBe(true);
    const plain = explore(sevenWorkers(false, false), { strategy: 'dfs', runs: 20_000, shrink: false });
    expect(plain.exhausted).toBe(false);
  }, 120_000);

  it('should still find the planted bug, and its replay', () => {
    const r = explore(sevenWorkers(true, true), { strategy: 'dfs', runs: 100_000 });
    expect(r.violation?.kind).toBe('assertion');
    expect(r.violation?.message).toMatch(/total \d+ with \d+ hits/);
  });

  it('should not use twins under a preemption bound', () => {
    const d = new DfsStrategy({ preemptionBound: 1 });
    explore(sevenWorkers(false, true), { strategy: d, runs: 10, shrink: false });
    expect(d.symmetry).toBeNull();
  });
});
