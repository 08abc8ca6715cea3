/**
 * Visible steps (visibility.ts): with invariants checked at every state, DPOR must still
 * find every violation plain DFS finds. Each scenario here was a false "exhausted" before
 * the invariants' reads were made visible to the search.
 */
import { defineScenario, type Scenario, type Sim } from '..';
import { runExecution } from '../internal';
import { reach } from '../test-helpers/reach';
import { DfsStrategy } from './dfs';
import { isVirtualAccess, Visibility, visibleTo } from './visibility';
import { CLOCK_KEY, type StepInfo } from './strategy';

function scenario(setup: (sim: Sim) => void): Scenario {
  return defineScenario({ name: 'visibility', description: 'visible steps', variants: { v: 'v' }, setup });
}

/**
 * The invariant reads y only once x is 1: y's writes are analysed before y is seen, so the
 * search starts again when it first is.
 */
function startsAgain(): Scenario {
  return scenario((sim) => {
    const x = sim.atomic('x', 0);
    const y = sim.atomic('y', 0);
    const z = sim.atomic('z', 0);
    sim.invariant('y is 0 while x is 1 and z is 0', () => x.value !== 1 || z.value !== 0 || y.value === 0 || 'y set');
    sim.go('a', function* () {
      yield* y.store(1);
      yield* y.store(0);
    });
    sim.go('b', function* () {
      yield* x.store(1);
      yield* z.store(1);
    });
  });
}

/** Runs the search `d` on `s` (at most `upTo` executions); each execution's violation kind or 'pass', in order. */
function search(s: Scenario, d: DfsStrategy, upTo = Infinity): string[] {
  const cfg = { scenario: s, variant: 'v', params: s.params, maxSteps: 1000, idleTimers: s.idleTimers, quantum: s.quantum, preemptAtAccesses: false };
  const out: string[] = [];
  for (let i = 0; i < upTo && d.begin(i); i++) {
    const k = runExecution(cfg, d, false);
    d.end({ steps: k.step, violation: k.violation?.kind ?? null });
    out.push(k.violation?.kind ?? 'pass');
  }
  return out;
}

/** DPOR reaches exactly plain DFS's outcomes; returns both searches. */
function agree(s: Scenario): { plain: ReturnType<typeof reach>; dpor: ReturnType<typeof reach> } {
  const plain = reach(s, { dpor: false });
  const dpor = reach(s, { dpor: true });
  expect([...dpor.outcomes].sort()).toEqual([...plain.outcomes].sort());
  return { plain, dpor };
}

describe('Visibility', () => {
  it('should make a step visible exactly when it writes what an invariant read', () => {
    const v = new Visibility();
    const step = (key: string, write: boolean, clockWrite = false): StepInfo => ({ gid: 0, key: 'g', accesses: [{ id: 1, key, kind: 'atomic', write, op: -1 }], clockRead: false, clockWrite, completedAt: -1 });
    const V0 = visibleTo(0);
    const V1 = visibleTo(1);
    v.observe('x', 0);
    expect(v.classify(step('x', true)).accesses).toContain(V0);
    expect(v.classify(step('x', false)).accesses).not.toContain(V0);
    expect(v.classify(step('y', true)).accesses).not.toContain(V0);
    expect(v.stale).toBe(false);
    // y was written by a step taken for invisible: the search so far is stale
    v.observe('y', 1);
    expect(v.stale).toBe(true);
    v.restart();
    expect(v.stale).toBe(false);
    // visible to invariant 1 only: it commutes with a step visible to invariant 0 only
    expect(v.classify(step('y', true)).accesses).toContain(V1);
    expect(v.classify(step('y', true)).accesses).not.toContain(V0);
    // the clock: a firing that advances it is visible once an invariant reads it
    expect(v.classify(step('z', false, true)).accesses).not.toContain(V0);
    v.observe(CLOCK_KEY, 0);
    expect(v.stale).toBe(true);
    expect(v.classify(step('z', false, true)).accesses).toContain(V0);
    // a snapshot's list gives the same classification
    const again = new Visibility(v.observed);
    expect(again.classify(step('y', true)).accesses).toContain(V1);
    expect(again.observed.sort()).toEqual(v.observed.sort());
  });

  it('should take the invariants as one when merged (a split search), so that only new objects are news', () => {
    const step = (key: string): StepInfo => ({ gid: 0, key: 'g', accesses: [{ id: 1, key, kind: 'atomic', write: true, op: -1 }], clockRead: false, clockWrite: false, completedAt: -1 });
    const m = new Visibility(['0:x'], [], true);
    const x = m.classify(step('x')).accesses.filter(isVirtualAccess);
    expect(x).toHaveLength(1);
    expect(x[0]).not.toBe(visibleTo(0));
    m.observe('y', 1);
    // one virtual object for both invariants: x and y writes are ordered (per invariant, they would commute)
    expect(m.classify(step('y')).accesses.filter(isVirtualAccess)).toEqual(x);
    expect(new Visibility(['0:x', '1:y']).classify(step('y')).accesses).not.toContain(visibleTo(0));
    // a second invariant reading x is no news; a new object is (`fresh`), and stale once written
    m.observe('x', 1);
    expect([m.stale, [...m.fresh]]).toEqual([false, ['y']]);
    m.classify(step('z'));
    m.observe('z', 0);
    expect([m.stale, [...m.fresh]]).toEqual([true, ['y', 'z']]);
    // the same second read, not merged, is news (steps that write x become visible to invariant 1)
    const p = new Visibility(['0:x']);
    p.classify(step('x'));
    p.observe('x', 1);
    expect([p.stale, [...p.fresh]]).toEqual([true, ['x']]);
  });
});

describe('DfsStrategy with invariants', () => {
  it('should check the state between two independent writes in both orders', () => {
    // x = 1 ‖ y = 1: only the order y first passes through y == 1, x == 0
    const s = scenario((sim) => {
      const x = sim.atomic('x', 0);
      const y = sim.atomic('y', 0);
      sim.invariant('y is set only after x', () => !(y.value === 1 && x.value === 0) || 'y before x');
      sim.go('a', function* () {
        yield* x.store(1);
      });
      sim.go('b', function* () {
        yield* y.store(1);
      });
    });
    const { dpor } = agree(s);
    expect([...dpor.outcomes].some((o) => o.startsWith('invariant: "y is set only after x" violated'))).toBe(true);
  });

  it('should see a state that exists only while two goroutines overlap', () => {
    // each goroutine's writes are its own objects; the invariant reads them all
    const s = scenario((sim) => {
      const inA = sim.atomic('inA', 0);
      const inB = sim.atomic('inB', 0);
      sim.invariant('at most one inside', () => inA.value + inB.value <= 1 || 'both inside');
      sim.go('a', function* () {
        yield* inA.store(1);
        yield* inA.store(0);
      });
      sim.go('b', function* () {
        yield* inB.store(1);
        yield* inB.store(0);
      });
    });
    const { dpor } = agree(s);
    expect(dpor.outcomes.has('invariant: "at most one inside" violated: both inside (after "b" store(1) of atomic "inB")') || dpor.outcomes.has('invariant: "at most one inside" violated: both inside (after "a" store(1) of atomic "inA")')).toBe(true);
  });

  it('should see sim.struct fields an invariant reads', () => {
    const s = scenario((sim) => {
      const st = sim.struct('st', { a: 0, b: 0 });
      const m1 = sim.mutex('m1');
      const m2 = sim.mutex('m2');
      sim.invariant('b only after a', () => st.b <= st.a || `b=${st.b} a=${st.a}`);
      sim.go('a', function* () {
        yield* m1.lock();
        st.a = 1;
        yield* m1.unlock();
      });
      sim.go('b', function* () {
        yield* m2.lock();
        st.b = 1;
        yield* m2.unlock();
      });
    });
    const { dpor } = agree(s);
    expect([...dpor.outcomes].some((o) => o.includes('b only after a'))).toBe(true);
  });

  it('should start again when an invariant first reads what earlier steps wrote', () => {
    const s = startsAgain();
    const { dpor, plain } = agree(s);
    expect([...dpor.outcomes].some((o) => o.includes('y set'))).toBe(true);
    expect(dpor.executions).toBeLessThanOrEqual(plain.executions);
  });

  it('should record a plain read of .value inside a goroutine as its step\'s access', () => {
    // b reads x.value between two steps on z: a's store of x must be tried on either side
    const s = scenario((sim) => {
      const x = sim.atomic('x', 0);
      const z = sim.atomic('z', 0);
      sim.go('a', function* () {
        yield* x.store(1);
      });
      sim.go('b', function* () {
        yield* z.load();
        sim.assert(x.value === 1, 'b saw x = 0');
        yield* z.load();
      });
    });
    const { dpor } = agree(s);
    expect(dpor.outcomes.has('assertion: "b" failed: b saw x = 0')).toBe(true);
  });

  it('should resume from a snapshot taken at any execution, also just after it started again, to the uninterrupted result', () => {
    const s = startsAgain();
    const whole = search(s, new DfsStrategy());
    expect(whole).toContain('invariant');
    for (let k = 1; k < whole.length; k++) {
      const first = new DfsStrategy();
      const head = search(s, first, k);
      const snap = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DfsStrategy['snapshot']>;
      const rest = search(s, new DfsStrategy({ resume: snap }));
      expect([k, [...head, ...rest]]).toEqual([k, whole]);
    }
  });

  it('should keep what the invariants read in its snapshot, so a resumed search does not start again', () => {
    const s = scenario((sim) => {
      const x = sim.atomic('x', 0);
      const y = sim.atomic('y', 0);
      sim.invariant('never both', () => x.value + y.value < 2 || 'both');
      sim.go('a', function* () {
        yield* x.store(1);
        yield* x.store(0);
      });
      sim.go('b', function* () {
        yield* y.store(1);
      });
    });
    const whole = search(s, new DfsStrategy());
    const first = new DfsStrategy();
    expect(search(s, first, 1)).toHaveLength(1);
    const snap = first.snapshot();
    expect([...(snap.observed ?? [])].sort()).toEqual(['0:o0', '0:o1']);
    const rest = search(s, new DfsStrategy({ resume: snap }));
    expect(1 + rest.length).toBe(whole.length);
  });
});
