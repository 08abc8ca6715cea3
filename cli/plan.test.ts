/**
 * The work plan in-process: fixed units with their own seeds, shards that partition the
 * units exactly, and a scheduler whose results do not depend on the order outcomes arrive.
 */
import { explore } from '../sim/internal';
import { fromEngine } from '../reports/types';
import { allBuiltins, builtin } from './scenario-source';
import { isExhaustive, plan, shardSlices, unitNumber, unitSeed, type PlannedVariant } from './plan';
import { Scheduler } from './scheduler';
import type { UnitOutcome } from './pool';
import type { UnitSpec } from './unit';

const options = { strategy: 'random', seed: 7, runs: 2500, unitRuns: 1000, variants: null, deadline: null };

/** Every unit id a shard runs. */
function unitsOf(planned: readonly PlannedVariant[], index: number, count: number): number[] {
  const ids: number[] = [];
  shardSlices(planned, { index, count }).forEach((slice, i) => {
    if (slice === null) return;
    for (let k = slice.start; k < planned[i]!.unitCount; k += slice.step) ids.push(planned[i]!.unit(k).id);
  });
  return ids;
}

describe('plan', () => {
  it('should split each variant into fixed units with their own seeds', () => {
    const planned = plan([builtin('lost-update')], options);
    expect(planned.map((p) => p.variant.name)).toEqual(['fixed', 'bad']);
    const units = [0, 1, 2].map((k) => planned[0]!.unit(k));
    expect(units.map((u) => [u.seed, u.runs])).toEqual([
      [7, 1000],
      ['7/1', 1000],
      ['7/2', 500],
    ]);
    expect(planned[0]!.unitCount).toBe(3);
    expect(unitSeed('x', 3)).toBe('x/3');
    expect(unitNumber(planned[1]!.unit(2).id)).toBe(2);
  });

  it('should give an exhaustive strategy one unit per variant, and split the others by seed', () => {
    expect(['random', 'pct', 'pos', 'surw', 'portfolio', 'dfs'].filter(isExhaustive)).toEqual(['dfs']);
    const planned = plan([builtin('lost-update')], { ...options, strategy: 'dfs' });
    expect(planned.map((p) => p.unitCount)).toEqual([1, 1]);
  });

  it.each([1, 2, 3, 5])('should give %i shards exactly the units of one job, each once', (n) => {
    const planned = plan(allBuiltins(), options);
    const all = unitsOf(planned, 1, 1).sort((a, b) => a - b);
    const parts = Array.from({ length: n }, (_, i) => unitsOf(planned, i + 1, n));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(all);
    // a fail variant is never split
    for (const p of planned.filter((x) => x.variant.expect === 'fail')) {
      const holders = parts.filter((ids) => ids.some((id) => Math.floor(id / 2 ** 32) === p.index));
      expect(holders).toHaveLength(1);
    }
  });
});

describe('Scheduler', () => {
  /** Runs every unit in-process, delivering outcomes in the given order. */
  function simulate(order: 'forward' | 'reverse'): string {
    const planned = plan([builtin('bounded-buffer')], { ...options, runs: 60, unitRuns: 10 });
    const recorded: string[] = [];
    const s = new Scheduler(planned, shardSlices(planned, { index: 1, count: 1 }), (pv, o) => {
      if (o.type !== 'done' || o.result.violation === null) return null;
      recorded.push(`${pv.variant.name}@${String(o.spec.seed)}`);
      const v = o.result.violation;
      return fromEngine(v, `interleave replay ${v.schedule}`, null);
    });
    const specs: UnitSpec[] = [];
    for (let spec = s.next(); spec !== undefined; spec = s.next()) specs.push(spec);
    const outcomes: UnitOutcome[] = specs.map((spec) => {
      const r = explore(builtin('bounded-buffer').scenario, { variant: spec.variant, seed: spec.seed, runs: spec.runs });
      return { type: 'done', spec, result: { id: spec.id, strategy: r.strategy, params: r.params, executions: r.executions, steps: r.steps, elapsedMs: 1, exhausted: r.exhausted, stopped: false, violation: r.violation ?? null } };
    });
    for (const o of order === 'forward' ? outcomes : outcomes.slice().reverse()) s.take(o);
    const results = s.results().map((r) => ({ ...r, elapsedMs: 0 }));
    return JSON.stringify({ results, recorded: recorded.sort() });
  }

  it('should give the same results whatever order units finish in', () => {
    expect(simulate('reverse')).toBe(simulate('forward'));
  });

  it('should record one violation per failing variant: its first in unit order', () => {
    const out = JSON.parse(simulate('reverse')) as { recorded: string[]; results: { variant: string; outcome: string }[] };
    expect(out.results.map((r) => `${r.variant}:${r.outcome}`)).toEqual(['correct:pass', 'wait-with-if:fail', 'one-cond-signal:fail']);
    expect(out.recorded).toHaveLength(2);
  });

  it('should keep a worker on the variant it ran while that variant has units, and hand out every unit once', () => {
    const planned = plan([builtin('lost-update'), builtin('bounded-buffer')], { ...options, runs: 3000 });
    const s = new Scheduler(planned, shardSlices(planned, { index: 1, count: 1 }), () => null);
    const variantOf = (u: UnitSpec): string => `${u.scenario.kind === 'builtin' ? u.scenario.name : '?'}/${u.variant}`;
    // two workers: each asks again with the unit it just finished
    const a: UnitSpec[] = [s.next()!];
    const b: UnitSpec[] = [s.next()!];
    for (;;) {
      const na = s.next(a[a.length - 1]);
      if (na !== undefined) a.push(na);
      const nb = s.next(b[b.length - 1]);
      if (nb !== undefined) b.push(nb);
      if (na === undefined && nb === undefined) break;
    }
    // a fresh worker starts round-robin; then each finishes its variant's 3 units before moving on
    expect(a.slice(0, 3).map(variantOf)).toEqual(['lost-update/fixed', 'lost-update/fixed', 'lost-update/fixed']);
    expect(b.slice(0, 3).map(variantOf)).toEqual(['lost-update/bad', 'lost-update/bad', 'lost-update/bad']);
    // 5 variants × 3 units; each worker's units of one variant come one after another
    expect(a.length + b.length).toBe(15);
    const switches = (xs: UnitSpec[]): number => xs.filter((u, i) => i > 0 && variantOf(u) !== variantOf(xs[i - 1]!)).length;
    expect(switches(a) + switches(b)).toBeLessThanOrEqual(4);
    const ids = [...a, ...b].map((u) => u.id).sort((x, y) => x - y);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(unitsOf(planned, 1, 1).sort((x, y) => x - y));
    // and without the hint it is plain round-robin
    const t = new Scheduler(planned, shardSlices(planned, { index: 1, count: 1 }), () => null);
    expect([t.next()!, t.next()!, t.next()!].map(variantOf)).toEqual(['lost-update/fixed', 'lost-update/bad', 'bounded-buffer/correct']);
  });
});
