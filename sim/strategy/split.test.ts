/**
 * The split of one exhaustive search into parts (split.ts) is exactly one search: on
 * generated programs and on the kernel models' small configurations, the parts' classes
 * (with those of the pre-pass) are the sequential search's, each part is exhausted, and a
 * search stopped after k executions and resumed from its snapshot ends as an
 * uninterrupted one does.
 */
import fc from 'fast-check';
import { explore } from '../explore';
import type { Scenario } from '../scenario';
import { programArb, programScenario, uses0 } from '../test-helpers/programs';
import { findScenario } from '../../scenarios/registry';
import { DfsStrategy } from './dfs';
import { assignParts, splitSearch } from './split';
import { compareSplit } from './split-check';
import { prefixText } from './dfs-node';
import type { Strategy } from './strategy';

function classesOf(s: Scenario, variant: string): { classes: Set<number>; executions: number } {
  const d = new DfsStrategy();
  const r = explore(s, { variant, strategy: d, runs: 1_000_000, shrink: false });
  expect(r.exhausted).toBe(true);
  return { classes: d.classes, executions: r.executions };
}

function splitClasses(s: Scenario, variant: string, target: number): { classes: Set<number>; parts: number; duplicates: number } {
  const split = splitSearch(s, { explore: { variant }, dfs: {}, target });
  const all = new Set<number>(split.whole ? classesOf(s, variant).classes : split.prepassClasses);
  let duplicates = 0;
  for (const prefix of split.parts) {
    const d = new DfsStrategy({ prefix, observed: split.observed });
    const r = explore(s, { variant, strategy: d, runs: 1_000_000, shrink: false });
    expect(r.exhausted).toBe(true);
    for (const c of d.classes) {
      if (all.has(c)) duplicates++;
      all.add(c);
    }
  }
  return { classes: all, parts: split.parts.length, duplicates };
}

describe('splitSearch', () => {
  it('should check exactly the classes of one search on generated programs, none twice', () => {
    let split = 0;
    fc.assert(
      fc.property(programArb, (p) => {
        const s = programScenario(p);
        const v = s.variants[0]!.name;
        const one = new DfsStrategy();
        const r = explore(s, { variant: v, strategy: one, runs: 2000, shrink: false });
        // a violation stops the search (and the pre-pass too): only programs that pass compare
        if (r.violation !== undefined || !r.exhausted) return;
        const parts = splitClasses(s, v, 4);
        if (parts.parts > 0) split++;
        // With an invariant, a class's id includes the order of the steps it sees, as each search
        // learnt them (visibility.ts): compare ids hashed alike in both (split-check.ts). The
        // split may check more classes than the sequential search (its top is saturated), none fewer.
        if (p.inv !== undefined) {
          expect(compareSplit(s, { explore: { variant: v }, dfs: {}, target: 4 }, 1_000_000).missing).toEqual([]);
          return;
        }
        expect([...parts.classes].sort()).toEqual([...one.classes].sort());
        // a timer firing beside a value choice can reach one class in two parts (the known case below)
        if (!(uses0(p, 'after') && uses0(p, 'random'))) expect(parts.duplicates).toBe(0);
      }),
      { numRuns: 30, seed: 16 },
    );
    expect(split).toBeGreaterThan(2);
  });

  // futex-bitset has invariants: until its prefixes kept their sleep sets (split.ts, "With
  // invariants"; 2026-12-08) they were plain DFS's, and its parts repeated classes (6,671
  // repeats measured); now no part repeats another's class, with invariants or without
  it.each([
    ['futex-bitset', 'correct'],
    ['dining-philosophers', 'waiter'],
    ['bug-waitgroup-misuse', 'correct'],
  ])('should check exactly the classes of one search on %s/%s, in more than one part', (name, variant) => {
    const s = findScenario(name)!;
    const one = classesOf(s, variant);
    const parts = splitClasses(s, variant, 16);
    expect(parts.parts).toBeGreaterThanOrEqual(16);
    expect(parts.duplicates).toBe(0);
    expect(parts.classes.size).toBe(one.classes.size);
    expect([...one.classes].every((c) => parts.classes.has(c))).toBe(true);
  });

  it('should give the depth its parts were cut at when no depth up to the deepest gives the target', () => {
    // it said one past the deepest (timekeeper: "8 parts (65)" with a deepest cut of 64)
    const s = findScenario('futex-bitset')!;
    const split = splitSearch(s, { explore: { variant: 'correct' }, dfs: {}, target: 100_000, maxDepth: 3, weigh: false });
    expect([split.whole, split.cutDepth]).toEqual([false, 3]);
    const again = new DfsStrategy({ cutDepth: split.cutDepth, observed: split.observed });
    explore(s, { variant: 'correct', strategy: again, runs: 1_000_000, shrink: false });
    expect(again.cuts.map(prefixText)).toEqual(split.parts.map(prefixText));
  });

  it('should not split a search the pre-pass finishes', () => {
    const s = findScenario('lost-update')!;
    const split = splitSearch(s, { explore: { variant: 'fixed' }, dfs: {}, target: 4 });
    expect(split.whole).toBe(true);
    expect(split.parts).toEqual([]);
  });
});

describe('splitSearch, known redundancy', () => {
  // Found when the generated programs changed (2026-12-07): two parts of this program each
  // run one execution of the same class (every class is still checked: the split is sound,
  // but not free of repeats). Kept as a failing test until the split's sleep sets cover it.
  it.failing('should not check a class twice when a timer at 0 races a value choice', () => {
    const s = programScenario({ gs: [[{ t: 'after', d: 0 }], [{ t: 'random' }]], timers: 'go1.23' });
    expect(splitClasses(s, s.variants[0]!.name, 4).duplicates).toBe(0);
  });
});

describe('assignParts', () => {
  it('should put the heaviest first on the lightest shard, each list in part order', () => {
    expect(assignParts([5, 1, 1, 3], 2)).toEqual([[0], [1, 2, 3]]);
    expect(assignParts([1, 1, 1, 1, 1], 2)).toEqual([[0, 2, 4], [1, 3]]);
    expect(assignParts([2], 3)).toEqual([[0], [], []]);
  });
});

describe('DfsStrategy snapshot', () => {
  it.each([3, 40, 200])('should resume after %i executions and end as an uninterrupted search', (k) => {
    const s = findScenario('futex-bitset')!;
    const whole = new DfsStrategy();
    const w = explore(s, { variant: 'correct', strategy: whole, runs: 1_000_000, shrink: false });
    const first = new DfsStrategy();
    const a = explore(s, { variant: 'correct', strategy: first, runs: k, shrink: false });
    expect(a.exhausted).toBe(false);
    // through JSON, as a checkpoint file carries it
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DfsStrategy['snapshot']>;
    const second = new DfsStrategy({ resume: snap });
    // begin(n > 0) moves to the next branch: number the executions on from k, as explore would have
    const wrapper: Strategy = {
      name: 'dfs',
      wantsFootprints: true,
      exhaustive: true,
      get exhausted(): boolean {
        return second.exhausted;
      },
      begin: (n) => second.begin(n + k),
      pick: (p) => second.pick(p),
      choose: (n) => second.choose(n),
      end: (o) => second.end(o),
      afterStep: (p, st) => second.afterStep(p, st),
      observe: (key, check) => second.observe(key, check),
    };
    const b = explore(s, { variant: 'correct', strategy: wrapper, runs: 1_000_000, shrink: false });
    expect(b.exhausted).toBe(true);
    expect(a.executions + b.executions).toBe(w.executions);
    expect(second.classes.size).toBe(whole.classes.size);
  });
});
