/**
 * shuttle's test suite (awslabs/shuttle shuttle/tests/basic/) mapped onto Go primitives;
 * where shuttle's Rust semantics and Go's disagree, Go wins (see `shuttle-mutex.ts`,
 * `shuttle-condvar.ts`). `shuttle-dfs.ts` holds the ports of `dfs.rs`, which assert exact
 * execution counts; the counts are recomputed here by an enumerator that shares no code
 * with the engine.
 */
import { conformAll, verdictOf } from './harness';
import { shuttleCondvarCases } from './shuttle-condvar';
import { countedLoops, shuttleDfsCases, yieldLoop, type YieldForm, type YieldLoop } from './shuttle-dfs';
import { shuttleMpscCases } from './shuttle-mpsc';
import { shuttleMutexCases } from './shuttle-mutex';
import { shuttleRwlockCases } from './shuttle-rwlock';
import { shuttleSource } from './shuttle-thread';

/** One step of a goroutine: whether it applies a bare yield, and the goroutine it spawns (runs up to its first effect). */
interface Step {
  readonly yields: boolean;
  readonly spawns?: number;
}

/**
 * Counts the executions of a plain (no DPOR) exhaustive search over goroutines given as
 * step lists, goroutine 0 runnable first: every interleaving, except that — as DFS's
 * fairness rule says — a goroutine whose last step was a counted yield is not picked for
 * another yield while some other goroutine can run. A yield counts unless it is the
 * goroutine's first since it spawned one; any step of another goroutine resets the count.
 */
function countSchedules(gs: readonly (readonly Step[])[]): number {
  const idx = gs.map(() => 0);
  const spawned = gs.map((_, i) => i === 0);
  const spins = new Map<number, number>();
  const spawnedSinceYield = new Set<number>();
  function walk(): number {
    const runnable = gs.map((_, g) => g).filter((g) => spawned[g] && idx[g]! < gs[g]!.length);
    if (runnable.length === 0) return 1;
    const spinning = runnable.filter((g) => (spins.get(g) ?? 0) >= 1 && gs[g]![idx[g]!]!.yields);
    const allowed = spinning.length === runnable.length ? runnable : runnable.filter((g) => !spinning.includes(g));
    let total = 0;
    for (const g of allowed) {
      const saved = { spins: new Map(spins), since: new Set(spawnedSinceYield) };
      const step = gs[g]![idx[g]!]!;
      const counts = step.yields && !spawnedSinceYield.delete(g);
      if (step.spawns !== undefined) {
        spawned[step.spawns] = true;
        spawnedSinceYield.add(g);
      }
      for (const k of [...spins.keys()]) if (k !== g) spins.delete(k);
      idx[g]!++;
      if (idx[g] === gs[g]!.length) spins.delete(g);
      else if (counts) spins.set(g, (spins.get(g) ?? 0) + 1);
      total += walk();
      idx[g]!--;
      if (step.spawns !== undefined) spawned[step.spawns] = false;
      spins.clear();
      for (const [k, v] of saved.spins) spins.set(k, v);
      spawnedSinceYield.clear();
      for (const k of saved.since) spawnedSinceYield.add(k);
    }
    return total;
  }
  return walk();
}

/** The step lists of `yieldLoop(loop, form)`: start, a switch per later spawn, the yields, the exit switch. */
function stepsOf(loop: YieldLoop, form: YieldForm): Step[][] {
  const y = form === 'yieldNow';
  const main: Step[] = loop.threadYields.map((_, i) => ({ yields: false, spawns: i + 1 }));
  for (let j = 0; j < loop.mainYields; j++) main.push({ yields: y });
  main.push({ yields: false });
  const threads = loop.threadYields.map((k) => [{ yields: false }, ...Array.from({ length: k }, () => ({ yields: y }))]);
  return [main, ...threads];
}

describe('conformance: shuttle (awslabs/shuttle shuttle/tests/basic/)', () => {
  describe('mutex.rs, rwlock.rs', () => {
    conformAll(shuttleMutexCases);
    conformAll(shuttleRwlockCases);
  });
  describe('condvar.rs, once.rs, thread.rs', () => {
    conformAll(shuttleCondvarCases);
  });
  describe('mpsc.rs', () => {
    conformAll(shuttleMpscCases);
  });
  describe('dfs.rs', () => {
    conformAll(shuttleDfsCases);

    describe('countSchedules (the independent enumerator)', () => {
      it.each(countedLoops)('should give shuttle\'s count for $test with independent steps', ({ loop, shuttle }) => {
        expect(countSchedules(stepsOf(loop, 'independent'))).toBe(shuttle);
      });
      it.each(countedLoops)('should give the plain DFS count the $test/yieldNow case asserts', ({ loop, yieldNow }) => {
        expect(countSchedules(stepsOf(loop, 'yieldNow'))).toBe(yieldNow[0]);
      });
      it('should count fewer schedules when the fairness rule is the only difference', () => {
        const loop = countedLoops[0]!.loop;
        expect(countSchedules(stepsOf(loop, 'yieldNow'))).toBeLessThan(countSchedules(stepsOf(loop, 'independent')));
      });
    });

    it('yield_loop_two_threads_bounded: should stop plain DFS after 100 executions, not exhausted; DPOR exhausts in 1', () => {
      const c = {
        name: 'dfs/yield_loop_two_threads_bounded',
        source: shuttleSource('dfs', 'yield_loop_two_threads_bounded', 'DfsScheduler::new(Some(100), false): 100 of the 252'),
        expect: { holds: true } as const,
        runs: 100,
        setup: (sim: Parameters<typeof yieldLoop>[0]) => yieldLoop(sim, countedLoops[1]!.loop, 'independent'),
      };
      const plain = verdictOf(c, false);
      expect({ kind: plain.kind, executions: plain.executions, exhausted: plain.exhausted }).toEqual({ kind: 'holds', executions: 100, exhausted: false });
      const dpor = verdictOf(c, true);
      expect({ kind: dpor.kind, executions: dpor.executions, exhausted: dpor.exhausted }).toEqual({ kind: 'holds', executions: 1, exhausted: true });
    });
  });
});
