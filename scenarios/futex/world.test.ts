/**
 * The futex checks (world.ts) can fail: each is fed a broken state directly, since the
 * correct model never produces one and no variant trips the FIFO, mismatch and
 * unlocked-write checks. And RequeueCmp's mismatch path, driven step by step.
 */
import { defineScenario, explore, type Routine, type Violation } from '../../sim';
import type { bucket } from './bucket';
import { bucketIndexForAddr, EAGAIN, getKey } from './key';
import { FUTEX_BITSET_MATCH_ANY } from './manager';
import { FutexSystem, WORD_A, WORD_B } from './system';
import type { Task } from './task';

/**
 * One goroutine, "g", runs `body` on a correct futex system with two private buckets (words
 * A and B map to different ones) and two tasks; the futex checks are installed. Returns the
 * violation of its one execution.
 */
function onSystem(name: string, body: (sys: FutexSystem, t: readonly [Task, Task]) => Routine<void>): Violation | undefined {
  const s = defineScenario({
    name,
    description: 'a unit of the futex checks',
    variants: { correct: 'as modelled' },
    setup(sim) {
      const sys = new FutexSystem(sim, 'correct', { buckets: 2, private: true });
      sys.map(WORD_A, 'A', 0);
      sys.map(WORD_B, 'B', 0);
      const t = [sys.task('t0', 0), sys.task('t1', 1)] as const;
      sim.go('g', () => body(sys, t));
      sys.install();
    },
  });
  return explore(s, { runs: 1 }).violation;
}

/** The bucket of `sys` called `name`. */
function bucketNamed(sys: FutexSystem, name: string): bucket {
  const b = sys.world.buckets.find((x) => x.name === name);
  if (b === undefined) throw new Error(`no bucket ${name}`);
  return b;
}

/** Queues both tasks' waiters on word A, in order, through WaitPrepare. */
function* queueBoth(t: readonly [Task, Task]): Routine<void> {
  for (const x of t) expect(yield* x.Futex().WaitPrepare(x.FutexWaiter, x.checker, WORD_A, true, 0, FUTEX_BITSET_MATCH_ANY)).toBeNull();
}

const INT_MAX = 0x7fffffff;

describe('World', () => {
  it('should report a wake that skips the first matching waiter (FIFO order)', () => {
    const v = onSystem('futex-check-fifo', function* (sys, t) {
      yield* queueBoth(t);
      const b = sys.world.buckets.find((x) => x.waiters.value.length === 2)!;
      const [k] = getKey(t[0].checker, WORD_A, true);
      sys.world.woke(b, k, FUTEX_BITSET_MATCH_ANY, 1, b.waiters.value, [t[1].FutexWaiter]);
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toMatch(/"Wake\(n\) wakes at most n matching waiters, in FIFO order" violated: a wake of 0x1000 for n=1 in bucket "privateBuckets\[1\]" woke \[t1\]; FIFO order wants \[t0\]/);
  });

  it('should report a wake of more waiters than n', () => {
    const v = onSystem('futex-check-wake-n', function* (sys, t) {
      yield* queueBoth(t);
      const b = sys.world.buckets.find((x) => x.waiters.value.length === 2)!;
      const [k] = getKey(t[0].checker, WORD_A, true);
      sys.world.woke(b, k, FUTEX_BITSET_MATCH_ANY, 1, b.waiters.value, b.waiters.value);
    });
    expect(v?.message).toContain('woke [t0, t1]; FIFO order wants [t0]');
  });

  it('should report a list changed while nobody held its lock', () => {
    const v = onSystem('futex-check-unlocked-list', function* (sys, t) {
      // What PushBack records when its bucket is unlocked (the list itself is left alone, or
      // the bucket-pointer check, which comes first, would report it).
      sys.world.listWritten(bucketNamed(sys, 'privateBuckets[0]'), 'PushBack(t0)');
      yield* t[0].mem.load(WORD_A);
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toMatch(/"lists change only under their lock" violated: PushBack\(t0\) changed the list of bucket "privateBuckets\[0\]" while nobody held privateBuckets\[0\]\.mu/);
  });

  it('should report a waiter in two bucket lists', () => {
    const v = onSystem('futex-check-two-lists', function* (sys, t) {
      const bs = [bucketNamed(sys, 'privateBuckets[0]'), bucketNamed(sys, 'privateBuckets[1]')];
      for (const b of bs) yield* b.mu.Lock();
      for (const b of bs) yield* b.waiters.PushBack(t[0].FutexWaiter);
      for (const b of bs) yield* b.mu.Unlock();
    });
    expect(v?.message).toContain('"a waiter is in at most one bucket list, and its bucket pointer names it" violated: "t0" is in 2 bucket lists ("privateBuckets[0]", "privateBuckets[1]")');
  });

  it('should report a waiter still queued after WaitComplete', () => {
    const v = onSystem('futex-check-queued-after-complete', function* (sys, t) {
      yield* queueBoth(t);
      t[0].FutexWaiter.ghost.state = 'completed'; // as if WaitComplete had returned
    });
    expect(v?.message).toContain('"no waiter is queued after WaitComplete" violated: "t0" returned from WaitComplete but is still in the list of bucket "privateBuckets[1]"');
  });

  it('should report a RequeueCmp whose check failed but which changed a list', () => {
    const v = onSystem('futex-check-mismatch', function* (sys, t) {
      const bs = [bucketNamed(sys, 'privateBuckets[0]'), bucketNamed(sys, 'privateBuckets[1]')];
      const before = sys.world.snapshot(bs);
      yield* queueBoth(t);
      sys.world.mismatchChanged('g', before, sys.world.snapshot(bs));
      yield* t[0].mem.load(WORD_A);
    });
    expect(v?.message).toMatch(/"RequeueCmp with a mismatched value changes nothing" violated: "g" RequeueCmp saw a mismatched value but changed .*wakes 0 into .*\[t0, t1\]/);
  });

  it('should report at the end a waiter left in a bucket', () => {
    const v = onSystem('futex-check-left-queued', function* (_sys, t) {
      yield* queueBoth(t);
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"no waiter is left in a bucket" failed: bucket "privateBuckets[1]" still lists [t0, t1]');
  });
});

describe('Manager', () => {
  describe('RequeueCmp', () => {
    it('should return EAGAIN on a mismatched value, waking and moving nobody; Wake(1) then wakes the first waiter', () => {
      const v = onSystem('futex-requeuecmp-mismatch', function* (sys, t) {
        yield* queueBoth(t);
        const m = t[0].Futex();
        const [n, err] = yield* m.RequeueCmp(t[0].checker, WORD_A, WORD_B, true, 1, 1, INT_MAX);
        expect([n, err]).toEqual([0, EAGAIN]);
        const a = sys.world.buckets.find((x) => x.waiters.value.length > 0)!;
        expect(a.waiters.value.map((w) => w.name)).toEqual(['t0', 't1']);
        expect(t.map((x) => x.FutexWaiter.woken())).toEqual([false, false]);
        // With the value it expects, it wakes t0 and moves t1 onto B.
        expect(yield* m.RequeueCmp(t[0].checker, WORD_A, WORD_B, true, 0, 1, INT_MAX)).toEqual([1, null]);
        expect(t.map((x) => x.FutexWaiter.woken())).toEqual([true, false]);
        expect(t[1].FutexWaiter.bucket.value?.name).toBe(`privateBuckets[${bucketIndexForAddr(WORD_B, 2)}]`);
        expect(yield* m.Wake(t[0].checker, WORD_B, true, FUTEX_BITSET_MATCH_ANY, 1)).toEqual([1, null]);
        for (const x of t) yield* m.WaitComplete(x.FutexWaiter);
      });
      expect(v?.message).toBeUndefined();
    });
  });
});
