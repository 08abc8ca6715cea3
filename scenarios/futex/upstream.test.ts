/**
 * gVisor's own tests of the futex manager, run on the model: the cases of
 * google/gvisor@3c5eee17dc45 pkg/sentry/kernel/futex/futex_test.go (`TestFutexWake`,
 * lines 84–105; `TestFutexWakeBitmask`, 107–138; `TestFutexWakeTwo`, 140–173;
 * `TestFutexWakeUnrelated`, 175–201; `TestWakeOp*`, 203–453), each for private and shared
 * futexes as upstream runs them. Upstream's addresses 0 and 4 are words A and B here;
 * each `NewWaiter` is the FutexWaiter of one task; `woken()` is `len(w.C) != 0`. The
 * expected numbers are upstream's.
 */
import type { Routine } from '../../sim';
import { FUTEX_BITSET_MATCH_ANY } from './manager';
import { WORD_A, WORD_B, type Keys } from './system';
import { onSystem, prepare, type Kit } from './test-kit';
import type { FutexVariant } from './variants';
import type { Waiter } from './waiter';

const ANY = FUTEX_BITSET_MATCH_ANY;

/** Runs body for a private and a shared Manager; returns what each recorded, by kind. */
function both(name: string, body: (k: Kit, record: (x: unknown) => void) => Routine<Waiter[]>, variant: FutexVariant = 'correct'): Record<Keys, unknown[]> {
  const out = {} as Record<Keys, unknown[]>;
  for (const keys of ['shared', 'private'] as const) {
    const rec: unknown[] = [];
    const v = onSystem(`${name}-${keys}`, { keys, buckets: 1024, variant }, function* (k) {
      const ws = yield* body(k, (x) => rec.push(x));
      // defer m.WaitComplete(w, d), for every waiter
      for (const w of ws.reverse()) yield* k.g.Futex().WaitComplete(w, k.g);
    });
    out[keys] = v === undefined ? rec : [...rec, v.message];
  }
  return out;
}

/** The same record for both kinds. */
function same(r: Record<Keys, unknown[]>): unknown[] {
  expect(r.private).toEqual(r.shared);
  return r.private;
}

describe('gVisor futex_test.go on the model', () => {
  it('TestFutexWake: one waiter, Wake(1) wakes it', () => {
    const r = both('TestFutexWake', function* (k, rec) {
      const w = yield* prepare(k, k.t[0]!, WORD_A, 0, ANY);
      rec(yield* k.g.Futex().Wake(k.g, WORD_A, k.sys.priv, ANY, 1));
      rec(w.woken());
      return [w];
    });
    expect(same(r)).toEqual([[1, null], true]);
  });

  function* wakeBitmask(k: Kit, rec: (x: unknown) => void): Routine<Waiter[]> {
    const w = yield* prepare(k, k.t[0]!, WORD_A, 0, 0x0000ffff);
    rec(yield* k.g.Futex().Wake(k.g, WORD_A, k.sys.priv, 0xffff0000, 1));
    rec(w.woken());
    rec(yield* k.g.Futex().Wake(k.g, WORD_A, k.sys.priv, 0x00000001, 1));
    rec(w.woken());
    return [w];
  }

  it('TestFutexWakeBitmask: a wake with a disjoint bitmask wakes nobody, one that intersects wakes the waiter', () => {
    expect(same(both('TestFutexWakeBitmask', wakeBitmask))).toEqual([[0, null], false, [1, null], true]);
  });

  it('TestFutexWakeBitmask fails on bitmask-ignored: the wake check stops the disjoint wake as it wakes the waiter', () => {
    const r = both('TestFutexWakeBitmask', wakeBitmask, 'bitmask-ignored');
    for (const rec of [r.private, r.shared]) {
      expect(rec).toHaveLength(1);
      expect(rec[0]).toMatch(/"wakeLocked wakes the first n waiters matching the key and bitmask" violated: a wake of .*bitmask 0xffff0000 for n=1 .* woke \[t0\]; the matching waiters in the list were \[\]: it woke "t0" \(waiting on .*, bitmask 0xffff\), which do not match/);
    }
  });

  it('TestFutexWakeTwo: Wake(2) of three waiters wakes exactly two', () => {
    const r = both('TestFutexWakeTwo', function* (k, rec) {
      const ws: Waiter[] = [];
      for (let i = 0; i < 3; i++) ws.push(yield* prepare(k, k.t[i]!, WORD_A, 0, ANY));
      rec(yield* k.g.Futex().Wake(k.g, WORD_A, k.sys.priv, ANY, 2));
      rec(ws.filter((w) => w.woken()).length);
      return ws;
    });
    expect(same(r)).toEqual([[2, null], 2]);
  });

  it('TestFutexWakeUnrelated: a wake on B does not wake a waiter on A', () => {
    const r = both('TestFutexWakeUnrelated', function* (k, rec) {
      const w1 = yield* prepare(k, k.t[0]!, WORD_A, 0, ANY);
      const w2 = yield* prepare(k, k.t[1]!, WORD_B, 0, ANY);
      rec(yield* k.g.Futex().Wake(k.g, WORD_B, k.sys.priv, ANY, 2));
      rec([w1.woken(), w2.woken()]);
      return [w1, w2];
    });
    expect(same(r)).toEqual([[1, null], [false, true]]);
  });

  /** The TestWakeOp* cases: waiters on A and B, WakeOp(A, B, nwake1, nwake2, op), the count and who woke. */
  const WAKE_OPS: readonly { name: string; onA: number; onB: number; sameAddress?: boolean; nwake1: number; nwake2: number; op: number; want: number; woken?: boolean[] }[] = [
    { name: 'TestWakeOpEmpty', onA: 0, onB: 0, nwake1: 10, nwake2: 10, op: 0, want: 0, woken: [] },
    { name: 'TestWakeOpFirstNonEmpty', onA: 2, onB: 0, nwake1: 10, nwake2: 0, op: 0, want: 2, woken: [true, true] },
    { name: 'TestWakeOpSecondNonEmpty', onA: 0, onB: 2, nwake1: 0, nwake2: 10, op: 0, want: 2, woken: [true, true] },
    { name: 'TestWakeOpSecondNonEmptyFailingOp', onA: 0, onB: 2, nwake1: 0, nwake2: 10, op: 1, want: 0, woken: [false, false] },
    { name: 'TestWakeOpAllNonEmpty', onA: 2, onB: 2, nwake1: 10, nwake2: 10, op: 0, want: 4, woken: [true, true, true, true] },
    { name: 'TestWakeOpAllNonEmptyFailingOp', onA: 2, onB: 2, nwake1: 10, nwake2: 10, op: 1, want: 2, woken: [true, true, false, false] },
    { name: 'TestWakeOpSameAddress', onA: 4, onB: 0, sameAddress: true, nwake1: 1, nwake2: 1, op: 0, want: 2 },
    { name: 'TestWakeOpSameAddressFailingOp', onA: 4, onB: 0, sameAddress: true, nwake1: 1, nwake2: 1, op: 1, want: 1 },
  ];
  for (const c of WAKE_OPS) {
    it(`${c.name}: WakeOp wakes ${c.want}`, () => {
      const r = both(c.name, function* (k, rec) {
        const ws: Waiter[] = [];
        for (let i = 0; i < c.onA; i++) ws.push(yield* prepare(k, k.t[i]!, WORD_A, 0, ANY));
        for (let i = 0; i < c.onB; i++) ws.push(yield* prepare(k, k.t[c.onA + i]!, WORD_B, 0, ANY));
        rec(yield* k.g.Futex().WakeOp(k.g, WORD_A, c.sameAddress === true ? WORD_A : WORD_B, k.sys.priv, c.nwake1, c.nwake2, c.op));
        rec(c.woken === undefined ? ws.filter((w) => w.woken()).length : ws.map((w) => w.woken()));
        return ws;
      });
      expect(same(r)).toEqual([[c.want, null], c.woken ?? c.want]);
    });
  }
});
