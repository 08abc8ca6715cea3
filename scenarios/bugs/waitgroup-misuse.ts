/**
 * `sync.WaitGroup` misuse, two classic ways:
 *
 * - `add-inside-goroutine`: `wg.Add(1)` inside the spawned goroutine instead of before
 *   `go`. `Wait` can run before any worker has added itself, see a zero counter and return
 *   at once; main then reads the results too early (Go's documentation: "calls with a
 *   positive delta ... must happen before a Wait").
 * - `hedged-double-done`: a job is hedged — a primary and a backup both work on it and
 *   whichever finishes first marks it done. Deciding "first" with a load and a later
 *   store lets both pass the check and both call `Done`: the counter goes negative
 *   (`panic: sync: negative WaitGroup counter`), or, when the extra `Done` comes before a
 *   worker's, `Wait` returns while that worker still runs. The fix decides with one
 *   compare-and-swap.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-waitgroup-misuse',
  description: 'main waits for workers with a WaitGroup',
  variants: {
    correct: 'Add before go; a hedged job is claimed with compare-and-swap',
    'add-inside-goroutine': { description: 'each worker calls Add itself: Wait may return before they start', expect: 'fail' },
    'hedged-double-done': { description: 'a hedged job is claimed with load-then-store: both copies call Done', expect: 'fail' },
  },
  params: { workers: 2 },
  setup(sim, { variant, params }) {
    const wg = sim.waitGroup('wg');
    const claimed = sim.atomic('hedge.claimed', false);
    const results: number[] = [];
    let mainDone = false;
    const worker = function* (i: number) {
      if (variant === 'add-inside-goroutine') yield* wg.add(1);
      results.push(i);
      yield* wg.done();
    };
    const hedge = function* () {
      let first: boolean;
      if (variant === 'hedged-double-done') {
        first = !(yield* claimed.load());
        if (first) yield* claimed.store(true);
      } else {
        first = yield* claimed.cas(false, true);
      }
      if (first) {
        yield* wg.done();
        results.push(-1);
      }
    };
    sim.go('main', function* () {
      for (let i = 0; i < params.workers; i++) {
        if (variant !== 'add-inside-goroutine') yield* wg.add(1);
        sim.go(`worker${i}`, () => worker(i));
      }
      yield* wg.add(1); // the hedged job, done by whichever copy finishes first
      sim.go('primary', hedge);
      sim.go('backup', hedge);
      yield* wg.wait();
      sim.assert(results.length === params.workers + 1, `Wait returned with ${results.length} results, want ${params.workers + 1}`);
      mainDone = true;
    });
    sim.atEnd('main finished', () => mainDone || 'main did not finish');
  },
});
