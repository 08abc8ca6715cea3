/**
 * Every check of world.ts can fail: each is fed a broken state (or run on a variant that
 * breaks it), since the correct model never produces one. And RequeueCmp's mismatch path,
 * step by step.
 */
import { EAGAIN, getKey, Key } from './key';
import { FUTEX_BITSET_MATCH_ANY } from './manager';
import { WORD_A, WORD_B } from './system';
import { bucketNamed, listed, onSystem, prepare } from './test-kit';

const INT_MAX = 0x7fffffff;
const ANY = FUTEX_BITSET_MATCH_ANY;

describe('World', () => {
  describe('wakeLocked wakes the first n waiters matching the key and bitmask', () => {
    it('should report a wake that skips the first matching waiter', () => {
      const v = onSystem('check-wake-order', {}, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        const b = bucketNamed(k.sys, 'privateBuckets[1]');
        const [key] = getKey(k.g, WORD_A, true);
        yield* b.mu.Lock();
        const scan = k.sys.world.wakeBegins('g', b, key, ANY, 1);
        scan.woke(k.t[1]!.FutexWaiter()); // as if the walk had skipped t0
        scan.end();
      });
      expect(v?.kind).toBe('invariant');
      expect(v?.message).toMatch(/"wakeLocked wakes the first n waiters matching the key and bitmask" violated: a wake of 0x1000 for n=1 in bucket "privateBuckets\[1\]" woke \[t1\]; the first 1 matching waiters in the list were \[t0\]: it woke "t1"/);
    });

    it('should report a wake that stops short of n matching waiters', () => {
      const v = onSystem('check-wake-short', {}, function* (k) {
        for (const t of k.t.slice(0, 3)) yield* prepare(k, t, WORD_A);
        const b = bucketNamed(k.sys, 'privateBuckets[1]');
        const [key] = getKey(k.g, WORD_A, true);
        yield* b.mu.Lock();
        const scan = k.sys.world.wakeBegins('g', b, key, ANY, 2);
        scan.woke(k.t[0]!.FutexWaiter());
        scan.end();
      });
      expect(v?.message).toContain('woke [t0]; the first 2 matching waiters in the list were [t0, t1]');
    });

    it('should report a wake of a waiter whose bitmask does not meet the wake', () => {
      const v = onSystem('check-wake-mask', { variant: 'bitmask-ignored' }, function* (k) {
        yield* prepare(k, k.t[0]!, WORD_A, 0, 0x2);
        yield* prepare(k, k.t[1]!, WORD_A, 0, 0x1);
        yield* k.g.Futex().Wake(k.g, WORD_A, true, 0x1, 1);
      });
      expect(v?.message).toContain('a wake of 0x1000, bitmask 0x1 for n=1 in bucket "privateBuckets[1]" woke [t0]; the first 1 matching waiters in the list were [t1]: it woke "t0" (waiting on 0x1000, bitmask 0x2), which do not match');
    });
  });

  it('should report wakeLocked run without the bucket lock (its precondition)', () => {
    const v = onSystem('check-precondition', {}, function* (k) {
      yield* prepare(k, k.t[0]!, WORD_A);
      const [key] = getKey(k.g, WORD_A, true);
      yield* bucketNamed(k.sys, 'privateBuckets[1]').wakeLocked(key, ANY, 1, 'g');
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toContain('"wakeLocked and requeueLocked run holding their buckets" violated: "g" ran wakeLocked on bucket "privateBuckets[1]" while nobody held privateBuckets[1].mu');
  });

  it('should report requeueLocked run while another task holds the target bucket', () => {
    const v = onSystem('check-precondition-requeue', {}, function* (k) {
      const [b0, b1] = [bucketNamed(k.sys, 'privateBuckets[0]'), bucketNamed(k.sys, 'privateBuckets[1]')];
      const [ka] = getKey(k.g, WORD_A, true);
      const [kb] = getKey(k.g, WORD_B, true);
      yield* b1.mu.Lock();
      yield* b1.requeueLocked(b0, ka, kb, 1, 't0');
    });
    expect(v?.message).toContain('"t0" ran requeueLocked on bucket "privateBuckets[1]" while "g" held privateBuckets[1].mu');
  });

  it('should report a list changed while nobody held its lock', () => {
    const v = onSystem('check-unlocked-list', {}, function* (k) {
      bucketNamed(k.sys, 'privateBuckets[0]').waiters.PushBack(k.t[0]!.FutexWaiter());
      yield* k.g.mem.load(WORD_A);
    });
    expect(v?.kind).toBe('invariant');
    expect(v?.message).toContain('"lists change only under their lock" violated: PushBack(t0) changed the list of bucket "privateBuckets[0]" while nobody held privateBuckets[0].mu');
  });

  describe('bucket lists are well-formed and hold what was queued', () => {
    it('should report a broken back link', () => {
      const v = onSystem('check-list-links', {}, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        const b = bucketNamed(k.sys, 'privateBuckets[1]');
        yield* b.mu.Lock();
        k.t[1]!.FutexWaiter().SetPrev(null);
        yield* b.mu.Unlock();
      });
      expect(v?.message).toContain('"bucket lists are well-formed and hold what was queued" violated: in the list of bucket "privateBuckets[1]", "t1".prev is nil, want "t0"');
    });

    it('should report a list whose head has lost the rest (what Remove from the wrong list does)', () => {
      const v = onSystem('check-list-tail', {}, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        const [b0, b1] = [bucketNamed(k.sys, 'privateBuckets[0]'), bucketNamed(k.sys, 'privateBuckets[1]')];
        yield* b0.mu.Lock();
        yield* b1.mu.Lock();
        b0.waiters.Remove(k.t[0]!.FutexWaiter()); // t0 is in b1's list, not b0's
        yield* b1.mu.Unlock();
        yield* b0.mu.Unlock();
      });
      expect(v?.message).toContain('the list of bucket "privateBuckets[1]" [t0] ends at "t0" but its tail is "t1"');
    });

    it('should report a list that does not hold what PushBack and Remove left in it', () => {
      const v = onSystem('check-list-contents', {}, function* (k) {
        yield* prepare(k, k.t[0]!, WORD_A);
        const b = bucketNamed(k.sys, 'privateBuckets[1]');
        yield* b.mu.Lock();
        b.waiters.f.head = null;
        b.waiters.f.tail = null;
        yield* b.mu.Unlock();
      });
      expect(v?.message).toContain('the list of bucket "privateBuckets[1]" is [], but PushBack and Remove left [t0] in it');
    });
  });

  it('should report a waiter in two bucket lists', () => {
    const v = onSystem('check-two-lists', {}, function* (k) {
      const bs = [bucketNamed(k.sys, 'privateBuckets[0]'), bucketNamed(k.sys, 'privateBuckets[1]')];
      for (const b of bs) yield* b.mu.Lock();
      const w0 = k.t[0]!.FutexWaiter();
      for (const b of bs) {
        b.waiters.PushBack(w0);
        w0.SetNext(null);
        w0.SetPrev(null);
      }
      for (const b of bs) yield* b.mu.Unlock();
    });
    expect(v?.message).toContain('"a waiter is in at most one bucket list, and its bucket pointer names it" violated: "t0" is in 2 bucket lists ("privateBuckets[0]", "privateBuckets[1]")');
  });

  it('should report a waiter whose bucket pointer names another bucket than its list', () => {
    const v = onSystem('check-pointer', {}, function* (k) {
      const w = yield* prepare(k, k.t[0]!, WORD_A);
      yield* w.bucket.store(bucketNamed(k.sys, 'privateBuckets[0]'));
    });
    expect(v?.message).toContain('"t0" is in the list of bucket "privateBuckets[1]" but its bucket pointer is bucket "privateBuckets[0]"');
  });

  it('should report a waiter still queued after WaitComplete', () => {
    const v = onSystem('check-queued-after-complete', {}, function* (k) {
      const w = yield* prepare(k, k.t[0]!, WORD_A);
      w.ghost.state = 'completed'; // as if WaitComplete had returned
      yield* k.g.mem.load(WORD_A);
    });
    expect(v?.message).toContain('"no waiter is queued after WaitComplete" violated: "t0" returned from WaitComplete but is still in the list of bucket "privateBuckets[1]"');
  });

  it('should report a MappingIdentity reference dropped twice', () => {
    const v = onSystem('check-refs-underflow', { keys: 'shared' }, function* (k) {
      const [key] = getKey(k.g, WORD_A, false);
      const copy = new Key(key.Kind, key.Mappable, key.MappingIdentity, key.Offset); // Go's `k2 := k` without clone
      key.release();
      copy.release();
      yield* k.g.mem.load(WORD_A);
    });
    expect(v?.message).toContain('"a key drops only MappingIdentity references it holds" violated: a key dropped a reference on MappingIdentity "shm" that it did not hold (refs -1)');
  });

  it('should report at the end a MappingIdentity reference never dropped', () => {
    const v = onSystem('check-refs-leak', { keys: 'shared' }, function* (k) {
      getKey(k.g, WORD_A, false);
      yield* k.g.mem.load(WORD_A);
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"every MappingIdentity reference taken is dropped" failed: MappingIdentity "shm" still has 1 reference from futex keys');
  });

  it('should report at the end a waiter left in a bucket', () => {
    const v = onSystem('check-left-queued', {}, function* (k) {
      for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"no waiter is left in a bucket" failed: bucket "privateBuckets[1]" still lists [t0, t1]');
  });

  it('should report at the end a wake that missed a waiter which checked the word before it was written', () => {
    const v = onSystem('check-lost-wakeup', {}, function* (k) {
      const w = k.t[0]!.FutexWaiter();
      // t0 checked 0 (as WaitPrepare's check does), then g writes the word and wakes: nobody is queued yet.
      w.ghost.state = 'checked';
      w.ghost.home = bucketNamed(k.sys, 'privateBuckets[1]');
      w.ghost.sawAddr = WORD_A;
      w.ghost.sawVersion = k.sys.world.memory.version(WORD_A);
      [w.ghost.key] = getKey(k.g, WORD_A, true);
      w.ghost.bitmask = ANY;
      yield* k.g.mem.store(WORD_A, 1);
      yield* k.g.Futex().Wake(k.g, WORD_A, true, ANY, 1);
      w.ghost.state = 'idle';
    });
    expect(v?.kind).toBe('at-end');
    expect(v?.message).toContain('"no lost wakeup" failed: "g" Wake(0x1000, n=1) found 0 of 1 waiters on 0x1000 in bucket "privateBuckets[1]" while "t0" had checked the old value 0');
  });
});

describe('Manager', () => {
  describe('RequeueCmp', () => {
    it('should return EAGAIN on a mismatched value, waking and moving nobody; with the value it expects, wake one and move the rest', () => {
      const seen: unknown[] = [];
      const v = onSystem('requeuecmp-mismatch', {}, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        const m = k.g.Futex();
        const [a, b] = [bucketNamed(k.sys, 'privateBuckets[1]'), bucketNamed(k.sys, 'privateBuckets[0]')];
        seen.push(yield* m.RequeueCmp(k.g, WORD_A, WORD_B, true, 1, 1, INT_MAX));
        seen.push(listed(k.sys, a), k.t.slice(0, 2).map((t) => t.FutexWaiter().woken()));
        seen.push(yield* m.RequeueCmp(k.g, WORD_A, WORD_B, true, 0, 1, INT_MAX));
        seen.push(listed(k.sys, a), listed(k.sys, b), k.t.slice(0, 2).map((t) => t.FutexWaiter().woken()));
        seen.push(yield* m.Wake(k.g, WORD_B, true, ANY, 1));
        for (const t of k.t.slice(0, 2)) yield* m.WaitComplete(t.FutexWaiter(), t);
      });
      expect(v?.message).toBeUndefined();
      expect(seen).toEqual([[0, EAGAIN], ['t0', 't1'], [false, false], [1, null], [], ['t1'], [true, false], [1, null]]);
    });
  });
});
