import { explore, replay, type ExploreResult, type Scenario, type ViolationKind } from '../../sim';
import { itHolds } from '../test-helpers/holds';
import { futex, futexBitset, futexCondvar, futexRequeueCross, futexScenarios, futexWakeop } from './index';
import { bucketIndexForAddr, getKey, type Key } from './key';
import { WORD_A, WORD_B, type Keys } from './system';
import { FUTEX_OP, FUTEX_OP_ADD, FUTEX_OP_ANDN, FUTEX_OP_CMP_EQ, FUTEX_OP_CMP_GE, FUTEX_OP_CMP_GT, FUTEX_OP_CMP_LT, FUTEX_OP_OPARG_SHIFT, FUTEX_OP_OR, FUTEX_OP_SET, FUTEX_OP_XOR, atomicOp } from './target';
import { bucketNamed, listed, onSystem, prepare } from './test-kit';
import type { FutexVariant } from './variants';

const SEED = 1;
const INT_MAX = 0x7fffffff;

describe('futex model', () => {
  describe('bucketIndexForAddr', () => {
    it('should map adjacent words to adjacent buckets', () => {
      // gVisor's 1024 buckets: (0x400 + 0x1) % 1024 and (0x401 + 0x1) % 1024.
      expect(bucketIndexForAddr(0x1000, 1024)).toBe(1);
      expect(bucketIndexForAddr(0x1004, 1024)).toBe(2);
      expect(bucketIndexForAddr(0x7f0000001000, 1024)).toBe(bucketIndexForAddr(0x7f0000001000 + 4, 1024) - 1);
    });

    it('should collide modulo a small bucket count', () => {
      expect(bucketIndexForAddr(0x1000, 2)).not.toBe(bucketIndexForAddr(0x1004, 2));
      expect(bucketIndexForAddr(0x1000, 2)).toBe(bucketIndexForAddr(0x1008, 2));
      expect(bucketIndexForAddr(0x1000, 1)).toBe(bucketIndexForAddr(0x1004, 1));
    });
  });

  describe('getKey', () => {
    /** getKey(addr, private) for each setting of `keys`: the key's text and kind, and the MappingIdentity references after. */
    function keysOf(keys: Keys, priv: boolean): unknown[] {
      const out: unknown[] = [];
      const v = onSystem(`get-key-${keys}-${priv}`, { keys }, function* (k) {
        for (const addr of [WORD_A, WORD_B, WORD_A + 2]) {
          const [key, err] = getKey(k.g, addr, priv);
          out.push(err ?? `${key.Kind} ${key}`);
          if (err === null) key.release();
        }
        out.push(k.sys.world.memory.shm.refs);
        yield* k.g.mem.load(WORD_A);
      });
      expect(v?.message).toBeUndefined();
      return out;
    }

    it('should give KindPrivate keys with FUTEX_PRIVATE_FLAG, and EINVAL for an address that is not 4-aligned', () => {
      expect(keysOf('private', true)).toEqual(['KindPrivate 0x1000', 'KindPrivate 0x1004', 'EINVAL', 0]);
    });

    it('should give KindSharedMappable keys, by offset into the mapping, for words in a shared mapping', () => {
      expect(keysOf('shared', false)).toEqual(['KindSharedMappable shm+0x0', 'KindSharedMappable shm+0x4', 'EINVAL', 0]);
    });

    it('should give a KindSharedPrivate key for a word in a private mapping and a KindSharedMappable one in a shared mapping (keys=mixed)', () => {
      expect(keysOf('mixed', false)).toEqual(['KindSharedPrivate shared 0x1000', 'KindSharedMappable shm+0x4', 'EINVAL', 0]);
    });

    it('should take a MappingIdentity reference per shared key, which release drops and clone takes again', () => {
      const refs: number[] = [];
      onSystem('get-key-refs', { keys: 'shared' }, function* (k) {
        const shm = k.sys.world.memory.shm;
        const [a] = getKey(k.g, WORD_A, false);
        refs.push(shm.refs);
        const b: Key = a.clone();
        refs.push(shm.refs);
        refs.push((a.release(), shm.refs), (b.release(), shm.refs));
        yield* k.g.mem.load(WORD_A);
      });
      expect(refs).toEqual([1, 2, 1, 0]);
    });
  });

  describe('atomicOp', () => {
    /** Runs atomicOp on word A holding `init`: what it returns and what A holds after. */
    function op(init: number, opIn: number): unknown {
      let out: unknown;
      const v = onSystem(`atomic-op-${init}-${opIn}`, { init: [init, 0] }, function* (k) {
        const [cond, err] = yield* atomicOp(k.g, WORD_A, opIn);
        out = [cond, err, k.sys.world.memory.word(WORD_A).value];
      });
      expect(v?.message).toBeUndefined();
      return out;
    }

    it('should apply the FUTEX_OP operation and compare the old value', () => {
      expect(op(2, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1))).toEqual([true, null, 0]);
      expect(op(1, FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1))).toEqual([false, null, 0]);
      expect(op(5, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5))).toEqual([true, null, 8]);
      expect(op(4, FUTEX_OP(FUTEX_OP_OR, 1, FUTEX_OP_CMP_LT, 4))).toEqual([false, null, 5]);
      expect(op(7, FUTEX_OP(FUTEX_OP_ANDN, 2, FUTEX_OP_CMP_GE, 8))).toEqual([false, null, 5]);
      expect(op(6, FUTEX_OP(FUTEX_OP_XOR, 3, FUTEX_OP_CMP_EQ, 6))).toEqual([true, null, 5]);
      expect(op(0, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 0))).toEqual([true, null, 16]);
    });

    it('should return ENOSYS for an unknown operation (word unchanged) or comparison (after the operation)', () => {
      expect(op(3, FUTEX_OP(5, 1, FUTEX_OP_CMP_EQ, 0))).toEqual([false, 'ENOSYS', 3]);
      expect(op(3, FUTEX_OP(FUTEX_OP_ADD, 1, 6, 0))).toEqual([false, 'ENOSYS', 4]);
    });
  });

  describe('lockBuckets', () => {
    /** lockBuckets(key of a1, key of a2): [b1, b2, lockedFirst, lockedSecond] and who holds each bucket lock after. */
    function lockBuckets(keys: Keys, a1: number, a2: number, variant: FutexVariant = 'correct'): string[] {
      let out: string[] = [];
      const v = onSystem(`lock-buckets-${keys}-${a1}-${a2}-${variant}`, { keys, variant }, function* (k) {
        const m = k.g.Futex();
        const [k1] = getKey(k.g, a1, k.sys.priv);
        const [k2] = getKey(k.g, a2, k.sys.priv);
        const r = yield* m.lockBuckets(k1, k2);
        out = [...r.map((b) => b?.name ?? 'nil'), ...k.sys.world.buckets.filter((b) => b.mu.locked).map((b) => `${b.name} locked`)];
        yield* m.unlockBuckets(r[2], r[3]);
        k1.release();
        k2.release();
      });
      expect(v?.message).toBeUndefined();
      return out;
    }

    it('should lock two private buckets lowest index first (A is in bucket 1, B in bucket 0)', () => {
      expect(lockBuckets('private', WORD_A, WORD_B)).toEqual(['privateBuckets[1]', 'privateBuckets[0]', 'privateBuckets[0]', 'privateBuckets[1]', 'privateBuckets[0] locked', 'privateBuckets[1] locked']);
      expect(lockBuckets('private', WORD_B, WORD_A)).toEqual(['privateBuckets[0]', 'privateBuckets[1]', 'privateBuckets[0]', 'privateBuckets[1]', 'privateBuckets[0] locked', 'privateBuckets[1] locked']);
      expect(lockBuckets('private', WORD_A, WORD_A)).toEqual(['privateBuckets[1]', 'privateBuckets[1]', 'privateBuckets[1]', 'nil', 'privateBuckets[1] locked']);
    });

    it('should take the mixed branches: the private bucket first, then sharedBucket, whichever key is first', () => {
      expect(lockBuckets('mixed', WORD_A, WORD_B)).toEqual(['privateBuckets[1]', 'sharedBucket', 'privateBuckets[1]', 'sharedBucket', 'sharedBucket locked', 'privateBuckets[1] locked']);
      expect(lockBuckets('mixed', WORD_B, WORD_A)).toEqual(['sharedBucket', 'privateBuckets[1]', 'privateBuckets[1]', 'sharedBucket', 'sharedBucket locked', 'privateBuckets[1] locked']);
    });

    it('should lock sharedBucket once for two shared keys (b58e8a1), and nothing in shared-pair-unlocked (445fa6f)', () => {
      expect(lockBuckets('shared', WORD_A, WORD_B)).toEqual(['sharedBucket', 'sharedBucket', 'sharedBucket', 'nil', 'sharedBucket locked']);
      expect(lockBuckets('shared', WORD_A, WORD_B, 'shared-pair-unlocked')).toEqual(['sharedBucket', 'sharedBucket', 'nil', 'nil']);
    });

    it('should lock in argument order in lock-in-argument-order, in the private and the mixed branches', () => {
      expect(lockBuckets('private', WORD_A, WORD_B, 'lock-in-argument-order').slice(0, 4)).toEqual(['privateBuckets[1]', 'privateBuckets[0]', 'privateBuckets[1]', 'privateBuckets[0]']);
      expect(lockBuckets('mixed', WORD_B, WORD_A, 'lock-in-argument-order').slice(0, 4)).toEqual(['sharedBucket', 'privateBuckets[1]', 'sharedBucket', 'privateBuckets[1]']);
    });
  });

  describe('requeueLocked', () => {
    it('should walk the live list: a waiter requeued onto the same key in the same bucket is met again and moved again', () => {
      // gVisor's loop follows w.Next() through the list it appends to, so with key == nkey
      // it keeps moving the same waiters until it has moved n. Linux's requeue_futex does
      // not move a waiter whose two keys hash to one bucket (torvalds/linux
      // kernel/futex/requeue.c, "If key1 and key2 hash to the same bucket, no need to
      // requeue"), so each waiter is visited once there.
      const seen: unknown[] = [];
      const v = onSystem('requeue-same-key', {}, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        const b = bucketNamed(k.sys, 'privateBuckets[1]');
        const [key] = getKey(k.g, WORD_A, true);
        yield* b.mu.Lock();
        seen.push(yield* b.requeueLocked(b, key, key, 3, 'g'));
        yield* b.mu.Unlock();
        seen.push(listed(k.sys, b));
        for (const t of k.t.slice(0, 2)) yield* k.g.Futex().WaitComplete(t.FutexWaiter(), t);
      });
      expect(v?.message).toBeUndefined();
      expect(seen).toEqual([3, ['t1', 't0']]); // t0, t1, t0 moved: three moves of two waiters
    });

    it('should keep FUTEX_REQUEUE(A, 0, INT_MAX, A) with two waiters moving them until the step limit', () => {
      // With one waiter, w.Next() is nil before the move and the walk ends after it.
      const v = onSystem('requeue-same-addr-forever', { maxSteps: 5_000 }, function* (k) {
        for (const t of k.t.slice(0, 2)) yield* prepare(k, t, WORD_A);
        yield* k.g.Futex().Requeue(k.g, WORD_A, WORD_A, true, 0, INT_MAX);
      });
      expect(v?.kind).toBe('step-limit');
      expect(v?.message).toContain('"g"');
    });
  });
});

/**
 * Every buggy variant: the kinds it may show, what the message says, a budget of random
 * executions (seed 1), and the strategy that finds it first at its defaults with its
 * budget (measured with seed 1; see README.md "Measurements").
 */
const BUGS: readonly {
  readonly scenario: Scenario;
  readonly variant: string;
  readonly kinds: readonly ViolationKind[];
  readonly budget: number;
  readonly message: RegExp;
  readonly first: { readonly strategy: 'dfs' | 'pct'; readonly runs: number };
}[] = [
  { scenario: futex, variant: 'check-outside-lock', kinds: ['deadlock', 'at-end'], budget: 100, message: /FutexWaiter\.C" recv|no lost wakeup/, first: { strategy: 'dfs', runs: 50 } },
  { scenario: futexCondvar, variant: 'check-outside-lock', kinds: ['deadlock', 'at-end'], budget: 200, message: /FutexWaiter\.C" recv|no lost wakeup/, first: { strategy: 'dfs', runs: 50 } },
  {
    scenario: futexCondvar,
    variant: 'waitcomplete-no-recheck',
    kinds: ['invariant', 'data-race'],
    budget: 100,
    message: /returned from WaitComplete but is still in the list|its bucket pointer is nil|bucket lists are well-formed|read of struct "\w+\.FutexWaiter"\.(next|prev) races with/,
    first: { strategy: 'pct', runs: 500 },
  },
  { scenario: futexRequeueCross, variant: 'lock-in-argument-order', kinds: ['deadlock'], budget: 100, message: /lock-order cycle "r\d" → "r\d" → "r\d"/, first: { strategy: 'dfs', runs: 600 } },
  { scenario: futexRequeueCross, variant: 'check-outside-lock', kinds: ['at-end'], budget: 1000, message: /"no lost wakeup" failed: "r1" Wake\(0x1000/, first: { strategy: 'dfs', runs: 2_500 } },
  {
    scenario: futexRequeueCross,
    variant: 'waitcomplete-no-recheck',
    kinds: ['invariant', 'data-race'],
    budget: 100,
    message: /returned from WaitComplete but is still in the list|its bucket pointer is nil|bucket lists are well-formed|read of struct "waiter\.FutexWaiter"\.(next|prev) races with/,
    first: { strategy: 'dfs', runs: 100 },
  },
  { scenario: futexWakeop, variant: 'check-outside-lock', kinds: ['deadlock', 'at-end'], budget: 100, message: /FutexWaiter\.C" recv|no lost wakeup/, first: { strategy: 'dfs', runs: 50 } },
  {
    scenario: futexWakeop,
    variant: 'shared-pair-unlocked',
    kinds: ['data-race', 'invariant'],
    budget: 10,
    message: /struct "sharedBucket\.waiters"\.\w+ races with|ran wakeLocked on bucket "sharedBucket" while/,
    first: { strategy: 'dfs', runs: 10 },
  },
  { scenario: futexBitset, variant: 'bitmask-ignored', kinds: ['invariant'], budget: 10, message: /a wake of 0x1000, bitmask 0x\d for n=1 .* which do not match/, first: { strategy: 'dfs', runs: 1000 } },
  { scenario: futexBitset, variant: 'check-outside-lock', kinds: ['deadlock', 'at-end'], budget: 100, message: /FutexWaiter\.C" recv|no lost wakeup/, first: { strategy: 'dfs', runs: 100 } },
];

/** The random exploration of each buggy variant (seed 1, its budget), run once and shared by its tests. */
const hunted = new Map<(typeof BUGS)[number], ExploreResult>();
function hunt(bug: (typeof BUGS)[number]): ExploreResult {
  let r = hunted.get(bug);
  if (r === undefined) {
    r = explore(bug.scenario, { variant: bug.variant, strategy: 'random', runs: bug.budget, seed: SEED });
    hunted.set(bug, r);
  }
  return r;
}

/** Other settings exhaustive search checks the correct model under (measured executions in README.md). */
const EXHAUSTIVE: readonly { readonly scenario: Scenario; readonly params: Record<string, unknown>; readonly why: string }[] = [
  { scenario: futex, params: { keys: 'shared' }, why: 'a process-shared mutex across m and m.Fork()' },
  { scenario: futexCondvar, params: { buckets: 1 }, why: 'mutex and condition words in one bucket' },
  { scenario: futexCondvar, params: { broadcastLocked: false }, why: 'the broadcast outside the mutex' },
  { scenario: futexCondvar, params: { keys: 'mixed' }, why: 'the requeue from a shared condition word to a private mutex word (a mixed branch of lockBuckets)' },
  { scenario: futexRequeueCross, params: { buckets: 1 }, why: 'both requeues within one bucket' },
  { scenario: futexRequeueCross, params: { keys: 'mixed' }, why: 'both mixed branches of lockBuckets' },
  { scenario: futexRequeueCross, params: { keys: 'shared' }, why: 'both keys shared (sharedBucket)' },
  { scenario: futexWakeop, params: { keys: 'private' }, why: 'private words in two buckets' },
  { scenario: futexWakeop, params: { keys: 'mixed' }, why: 'a private lock word and a shared sequence word' },
  { scenario: futexBitset, params: { keys: 'shared' }, why: 'shared keys' },
];

/** Executions exhaustive search needs for each correct model at its defaults (README.md), with room. */
const DFS_RUNS = 30_000;
// futex-condvar and futex-requeue-cross grew from 782 and 134 when DPOR began keeping the
// steps the invariants see in order (sim/strategy/visibility.ts): the earlier counts skipped
// states the invariants never saw.
const DFS_MEASURED: Readonly<Record<string, number>> = { futex: 877, 'futex-condvar': 11_898, 'futex-requeue-cross': 5_742, 'futex-wakeop': 76, 'futex-bitset': 508 };
/** The same with `preemptAtAccesses` (FINDINGS.md, "Runs"). */
// futex-condvar (over 30,000) and futex-requeue-cross (29,408) no longer fit a unit test at
// this granularity since DPOR keeps the steps the invariants see in order (they were 870 and
// 136): measured with `npx interleave explore <name> --variant correct --strategy dfs
// --preempt-at-accesses --runs 30000`, and left to that command.
const FINE_MEASURED: Readonly<Record<string, number | null>> = { futex: 709, 'futex-condvar': null, 'futex-requeue-cross': null, 'futex-wakeop': 59, 'futex-bitset': 503 };

/** Non-default settings under which the correct model must hold too (random exploration). */
const SETTINGS: readonly { readonly scenario: Scenario; readonly params: Record<string, unknown>; readonly why: string }[] = [
  { scenario: futex, params: { buckets: 1, tasks: 3 }, why: 'one bucket, three tasks' },
  { scenario: futexCondvar, params: { waiters: 2 }, why: 'two waiters, so the broadcast requeues one' },
  { scenario: futexCondvar, params: { waiters: 2, keys: 'mixed' }, why: 'two waiters, requeued from a shared word to a private one' },
  { scenario: futexCondvar, params: { broadcasters: 2, broadcastLocked: false }, why: 'two broadcasts, so RequeueCmp sees mismatched values' },
  { scenario: futexWakeop, params: { waiters: 2 }, why: 'two waiters and two signals' },
  { scenario: futexBitset, params: { waiters: 3, buckets: 1 }, why: 'three bits, one bucket' },
];

describe('futex scenarios', () => {
  describe('variants', () => {
    it('should list correct first and every other variant as expected to fail', () => {
      for (const s of futexScenarios) {
        expect(s.variants[0]!.name).toBe('correct');
        for (const v of s.variants.slice(1)) expect(v.expect).toBe('fail');
      }
      const buggy = futexScenarios.flatMap((s) => s.variants.filter((v) => v.expect === 'fail').map((v) => `${s.name}/${v.name}`));
      expect(buggy.sort()).toEqual(BUGS.map((b) => `${b.scenario.name}/${b.variant}`).sort());
    });
  });

  describe('correct', () => {
    for (const s of futexScenarios) {
      describe(s.name, () => {
        itHolds(s, 'correct', {
          dfsRuns: DFS_RUNS,
          measured: DFS_MEASURED[s.name],
          seed: SEED,
          exhaustive: EXHAUSTIVE.filter((e) => e.scenario === s),
          ...(FINE_MEASURED[s.name] !== null ? { preemptAtAccesses: { params: {}, why: `the defaults (${(FINE_MEASURED[s.name] ?? 0).toLocaleString('en-US')})` } } : {}),
          timeoutMs: 120_000,
        });
      });
    }

    for (const { scenario, params, why } of SETTINGS) {
      it(`should hold in ${scenario.name} with ${why}`, () => {
        const r = explore(scenario, { variant: 'correct', strategy: 'random', runs: 2000, seed: SEED, params });
        expect(r.violation?.message).toBeUndefined();
      });
    }
  });

  describe('buggy variants', () => {
    for (const bug of BUGS) {
      describe(`${bug.scenario.name} ${bug.variant}`, () => {
        it(`should be found as ${bug.kinds.join(' or ')} by ${bug.first.strategy} within ${bug.first.runs} executions at its defaults`, () => {
          const r = explore(bug.scenario, { variant: bug.variant, strategy: bug.first.strategy, runs: bug.first.runs, seed: SEED });
          expect(r.violation).toBeDefined();
          expect(bug.kinds).toContain(r.violation!.kind);
          expect(r.violation!.message).toMatch(bug.message);
        });

        it(`should be found as ${bug.kinds.join(' or ')} within ${bug.budget} random executions`, () => {
          const r = hunt(bug);
          expect(r.violation).toBeDefined();
          expect(bug.kinds).toContain(r.violation!.kind);
          expect(r.violation!.message).toMatch(bug.message);
        });

        it('should replay to the identical violation', () => {
          const v = hunt(bug).violation!;
          const again = replay(bug.scenario, v.schedule);
          expect(again.violation?.message).toBe(v.message);
          expect(again.trace).toEqual(v.trace);
        });
      });
    }

    it('lock-in-argument-order should deadlock in the mixed branches too (keys=mixed), where correct holds', () => {
      const r = explore(futexRequeueCross, { variant: 'lock-in-argument-order', strategy: 'dfs', runs: 600, params: { keys: 'mixed' } });
      expect(r.violation?.message).toMatch(/deadlock .*"r\d" blocked on mutex "sharedBucket\.mu" held by "r\d"/);
    });
  });

  describe('check-outside-lock', () => {
    it("should tell the story on the shrunk trace: the waker's write and wake land between the waiter's check and its enqueue", () => {
      const v = explore(futex, { variant: 'check-outside-lock', strategy: 'dfs', runs: 50 }).violation!;
      expect(v.kind).toBe('deadlock');
      expect(v.shrink!.after.preemptions).toBeLessThanOrEqual(2);
      const waiter = /"(\w+)" blocked on chan "\w+\.FutexWaiter\.C"/.exec(v.message)![1]!;
      const t = v.trace;
      const word = `atomic "mutex@0x${WORD_A.toString(16)}"`;
      const bucket = `privateBuckets[${bucketIndexForAddr(WORD_A, futex.params.buckets)}]`;

      // The enqueue: WaitPrepare's PushBack and `w.bucket.Store(b)`, noted on that store.
      const enqueue = t.findIndex((s) => s.goroutine === waiter && s.object === `atomic "${waiter}.FutexWaiter.bucket"` && s.effect.startsWith('store(bucket'));
      expect(t[enqueue]!.note).toContain(`WaitPrepare: "${waiter}" is queued in bucket "${bucket}"`);
      // The check: the waiter's last load of the word before that, which saw 2 (locked, contended), without the bucket lock.
      let check = -1;
      for (let i = enqueue - 1; i >= 0 && check < 0; i--) if (t[i]!.goroutine === waiter && t[i]!.object === word && t[i]!.effect === 'load') check = i;
      expect(t[check]!.result).toBe('2');
      expect(t[check]!.note).toContain('WaitPrepare: 0x1000 holds 2, without the bucket lock');

      // Between them, exactly: another task unlocks (writes the word), takes the bucket lock,
      // finds nobody to wake and drops the lock; then the waiter takes the lock.
      const between = t.slice(check + 1, enqueue);
      const waker = between[0]!.goroutine;
      expect(waker).not.toBe(waiter);
      expect(between.map((s) => `${s.goroutine === waker ? 'waker' : s.goroutine === waiter ? 'waiter' : s.goroutine} ${s.effect} ${s.object ?? ''}`)).toEqual([
        `waker swap(0) ${word}`,
        `waker lock mutex "${bucket}.mu"`,
        `waker unlock mutex "${bucket}.mu"`,
        `waiter lock mutex "${bucket}.mu"`,
      ]);
      expect(between[1]!.note).toContain('Wake(0x1000, n=1) woke 0');
      // The waiter sleeps; nobody wakes it.
      expect(t.slice(enqueue + 1).filter((s) => s.object === `chan "${waiter}.FutexWaiter.C"` && s.effect.startsWith('send'))).toEqual([]);
      expect(v.message).toContain(`"no lost wakeup" failed: "${waker}" Wake(0x1000, n=1) found 0 of 1 waiters`);
    });
  });
});
