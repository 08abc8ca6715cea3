import { defineScenario, explore, replay, type Sim } from '..';
import { decodeSchedule, encodeSchedule } from '../schedule';
import { shrink } from '../shrink';

const STRATEGIES = ['random', 'pct', 'pos', 'surw', 'rff', 'dfs', 'portfolio'] as const;

/**
 * The Timekeeper example, reduced: `SetClocks` writes `clocks` and then
 * `monotonicOffset` in one step (google/gvisor@3c5eee17dc45659fb86843531074f38e78e0cc35
 * pkg/sentry/kernel/timekeeper.go, lines 165 and 206); the monotonic time, clocks +
 * offset, stays 7 s across the restore. The reader is an invariant (checked after every
 * step; it is not a goroutine, so no race is reported): between the two writes it sees 63 s.
 * A goroutine reading there would be a data race, which both granularities report.
 */
const timekeeper = defineScenario({
  name: 'tk-example',
  description: 'two writes of struct fields in one step, a reader in between',
  variants: { restore: 'SetClocks on a restored Timekeeper' },
  setup(sim: Sim) {
    // saved: monotonic 7 s = clocks 4 + offset 3; the restored host: clocks 60, offset -53
    const tk = sim.struct('tk', { clocks: 4, monotonicOffset: 3 });
    const restored = sim.chan<void>('restored');
    sim.go('SetClocks', function* () {
      tk.clocks = 60;
      tk.monotonicOffset = -53;
      yield* restored.close();
    });
    sim.go('GetTime', function* () {
      yield* restored.recv();
      const mono = tk.clocks + tk.monotonicOffset;
      sim.assert(mono === 7, `read monotonic ${mono}s, want 7s`);
    });
    sim.invariant('monotonic time is continuous', () => tk.clocks + tk.monotonicOffset === 7 || `monotonic ${tk.clocks + tk.monotonicOffset}s, want 7s: clocks is published without its monotonicOffset`);
  },
});

describe('preemptAtAccesses', () => {
  describe('the Timekeeper example', () => {
    it('should hold at the coarse granularity under exhaustive search (the reader after restored is ordered)', () => {
      const r = explore(timekeeper, { strategy: 'dfs', runs: 10_000 });
      expect([r.violation?.message, r.exhausted, r.preemptAtAccesses]).toEqual([undefined, true, false]);
    });

    it('should fail with preemptAtAccesses under every strategy: the invariant sees the first write without the second', () => {
      for (const st of STRATEGIES) {
        const r = explore(timekeeper, { strategy: st, runs: 200, seed: 1, preemptAtAccesses: true });
        expect([st, r.violation?.kind, r.violation?.message, r.preemptAtAccesses]).toEqual([
          st,
          'invariant',
          expect.stringMatching(/^invariant .*monotonic 63s, want 7s: clocks is published without its monotonicOffset/),
          true,
        ]);
      }
    });

    it('should show each published write as a step of its own in the trace', () => {
      const r = explore(timekeeper, { strategy: 'dfs', runs: 100, preemptAtAccesses: true });
      const steps = r.violation!.trace.map((t) => `${t.goroutine ?? ''} ${t.effect ?? ''} ${t.object ?? ''}`);
      expect(steps.join('\n')).toMatch(/SetClocks write clocks = 60 struct "tk"/);
    });
  });

  describe('replay and shrinking', () => {
    it('should record the mode in the schedule and replay it identically', () => {
      const r = explore(timekeeper, { strategy: 'pct', runs: 200, seed: 3, preemptAtAccesses: true });
      const v = r.violation!;
      expect(decodeSchedule(v.schedule).options.preemptAtAccesses).toBe(true);
      const again = replay(timekeeper, v.schedule);
      expect(again.violation?.message).toBe(v.message);
    });

    it('should shrink in the mode the schedule records', () => {
      const r = explore(timekeeper, { strategy: 'random', runs: 200, seed: 4, preemptAtAccesses: true, shrink: false });
      const sh = shrink(timekeeper, r.violation!.schedule);
      expect(sh.violation.kind).toBe('invariant');
      expect(decodeSchedule(sh.violation.schedule).options.preemptAtAccesses).toBe(true);
    });

    it('should replay a schedule in the mode it records: the same choices without the option diverge', () => {
      const r = explore(timekeeper, { strategy: 'dfs', runs: 100, preemptAtAccesses: true });
      const sch = decodeSchedule(r.violation!.schedule);
      const coarse = { ...sch, options: {} };
      expect(replay(timekeeper, coarse).violation?.kind).toBe('nondeterminism');
    });

    it('should leave the option out of default-mode schedules, so that older schedules read as the default mode', () => {
      const sch = { scenario: 'tk-example', variant: 'restore', params: {}, options: {}, choices: [0, 0] };
      const coarse = explore(timekeeper, { strategy: 'dfs', runs: 1 });
      expect(coarse.preemptAtAccesses).toBe(false);
      expect(encodeSchedule(sch)).not.toMatch(/preempt/);
      expect(decodeSchedule(encodeSchedule(sch)).options).toEqual({});
      expect(atob(encodeSchedule({ ...sch, options: { preemptAtAccesses: true } }).split(':')[3]!)).toContain('"preemptAtAccesses":true');
    });
  });

  describe('what stays as it was', () => {
    it('should publish the writes before a goroutine it spawns can run (go is a release)', () => {
      const s = defineScenario({
        name: 'spawn-release',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const st = sim.struct('st', { ready: false });
          sim.go('parent', function* () {
            st.ready = true;
            sim.go('child', function* () {
              sim.assert(st.ready, 'the child sees the write made before go');
            });
          });
        },
      });
      const r = explore(s, { strategy: 'dfs', runs: 1000, preemptAtAccesses: true });
      expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
    });

    it('should let a goroutine read its own writes within its step', () => {
      const s = defineScenario({
        name: 'own-writes',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const m = sim.mutex('m');
          const st = sim.struct('st', { n: 0 });
          for (const name of ['a', 'b']) {
            sim.go(name, function* () {
              yield* m.lock();
              st.n = st.n + 1;
              st.n = st.n + 1;
              sim.assert(st.n % 2 === 0, 'own writes seen');
              yield* m.unlock();
            });
          }
          sim.atEnd('four', () => st.n === 4 || `n is ${st.n}`);
        },
      });
      const r = explore(s, { strategy: 'dfs', runs: 10_000, preemptAtAccesses: true });
      expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
    });

    it('should report an unsynchronized write at its own step, naming both accesses', () => {
      const s = defineScenario({
        name: 'race',
        description: 'x',
        variants: { v: 'v' },
        setup(sim) {
          const st = sim.struct('st', { n: 0 });
          for (const name of ['a', 'b']) {
            sim.go(name, function* () {
              st.n = st.n + 1;
            });
          }
        },
      });
      for (const st of STRATEGIES) {
        const r = explore(s, { strategy: st, runs: 1, seed: 2, preemptAtAccesses: true });
        expect([st, r.violation?.message]).toEqual([st, expect.stringMatching(/^data-race .*"(a|b)" (read|write) of struct "st"\.n races with "(a|b)" (read|write) at step \d+/)]);
      }
    });
  });
});

describe('preemptAtAccesses: invariants after a publication', () => {
  // Found by the models' runs (futex-wakeop, callout under the portfolio): after a step
  // that published a write, an invariant's read was charged to the publishing goroutine,
  // so random search reported a data race that the traced re-run did not (nondeterminism).
  const s = defineScenario({
    name: 'publish-then-invariant',
    description: 'an invariant reads a field written under a lock while another goroutine publishes its own write',
    variants: { v: 'test' },
    setup(sim: Sim) {
      const m = sim.mutex('m');
      const f = sim.struct('f', { guarded: 0, own: 0 });
      sim.invariant('guarded is 0 or 1', () => f.guarded === 0 || f.guarded === 1);
      sim.go('locker', function* () {
        yield* m.lock();
        f.guarded = 1;
        yield* m.unlock();
      });
      sim.go('publisher', function* () {
        f.own = 1;
        yield* sim.yieldNow();
        f.own = 2;
      });
    },
  });
  for (const strategy of ['random', 'pct', 'portfolio'] as const) {
    it(`should report nothing under ${strategy}`, () => {
      const r = explore(s, { strategy, runs: 200, seed: 1, preemptAtAccesses: true });
      expect(r.violation?.message).toBeUndefined();
    });
  }
});
