import fc from 'fast-check';
import { defineScenario, explore, replay, runExecution, type Scenario, type Sim } from '../internal';
import { DfsStrategy } from './dfs';
import lostUpdate from '../../scenarios/demos/lost-update';
import boundedBuffer from '../../scenarios/demos/bounded-buffer';
import dining from '../../scenarios/demos/dining-philosophers';

/** Every outcome and class `dfs` reaches, not stopping at violations. */
function reach(s: Scenario, opts: { dpor: boolean; variant?: string; cap?: number }): { outcomes: Set<string>; classes: number; executions: number; capped: boolean } {
  const st = new DfsStrategy({ dpor: opts.dpor });
  const cfg = { scenario: s, variant: opts.variant ?? s.variants[0]!.name, params: s.params, maxSteps: 10_000, idleTimers: false, quantum: Infinity };
  const outcomes = new Set<string>();
  let executions = 0;
  const cap = opts.cap ?? 1_000_000;
  for (let i = 0; st.begin(i); i++) {
    if (executions >= cap) return { outcomes, classes: st.classes.size, executions, capped: true };
    const k = runExecution(cfg, st, false);
    executions++;
    st.end({ steps: k.step, violation: k.violation?.kind ?? null });
    if (!k.pruned) outcomes.add(k.violation === null ? lastRecord : `${k.violation.kind}: ${k.violation.detail.replace(/step \d+/g, 'step N')}`);
  }
  return { outcomes, classes: st.classes.size, executions, capped: false };
}

let lastRecord = '';

/** `FUZZ_RUNS=500 npx jest sim/strategy/dfs` runs a longer campaign (and FUZZ_SEED another one). */
const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 25);
const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 20261121);
const TIMING_OR_RENDEZVOUS = new Set(['send0', 'recv0', 'select', 'sleep', 'after', 'reset', 'stop', 'now']);

type Op =
  | { t: 'lock' }
  | { t: 'rlock' }
  | { t: 'wlock' }
  | { t: 'load' }
  | { t: 'store'; v: number }
  | { t: 'add' }
  | { t: 'cas'; v: number }
  | { t: 'send0' }
  | { t: 'recv0' }
  | { t: 'send1' }
  | { t: 'recv1' }
  | { t: 'select' }
  | { t: 'sleep'; d: number }
  | { t: 'now' }
  | { t: 'random' }
  | { t: 'spawn' }
  | { t: 'after'; d: number }
  | { t: 'stop' }
  | { t: 'reset'; d: number }
  | { t: 'wait' }
  | { t: 'signal' }
  | { t: 'yield' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ t: 'lock' as const }),
  fc.constant({ t: 'rlock' as const }),
  fc.constant({ t: 'wlock' as const }),
  fc.constant({ t: 'load' as const }),
  fc.record({ t: fc.constant('store' as const), v: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ t: 'add' as const }),
  fc.record({ t: fc.constant('cas' as const), v: fc.integer({ min: 0, max: 2 }) }),
  fc.constant({ t: 'send0' as const }),
  fc.constant({ t: 'recv0' as const }),
  fc.constant({ t: 'send1' as const }),
  fc.constant({ t: 'recv1' as const }),
  fc.constant({ t: 'select' as const }),
  fc.record({ t: fc.constant('sleep' as const), d: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ t: 'now' as const }),
  fc.constant({ t: 'random' as const }),
  fc.constant({ t: 'spawn' as const }),
  fc.record({ t: fc.constant('after' as const), d: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ t: 'stop' as const }),
  fc.record({ t: fc.constant('reset' as const), d: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ t: 'wait' as const }),
  fc.constant({ t: 'signal' as const }),
  fc.constant({ t: 'yield' as const }),
);

/** A random small program over most primitives; it records what each goroutine observes. */
function programScenario(progs: Op[][]): Scenario {
  return defineScenario({
    name: 'generated',
    description: 'a generated program',
    variants: { v: 'generated' },
    setup(sim: Sim) {
      const m = sim.mutex('m');
      const rw = sim.rwmutex('rw');
      const c = sim.cond(m, 'c');
      const a = sim.atomic('a', 0);
      const ch0 = sim.chan<number>('ch0');
      const ch1 = sim.chan<number>('ch1', 1);
      let flag = false;
      const logs: string[][] = progs.map(() => []);
      const t = sim.afterFunc(2, 'T', function* () {
        yield* a.add(100);
      });
      progs.forEach((prog, gi) => {
        const log = logs[gi]!;
        sim.go(`g${gi}`, function* () {
          for (const op of prog) {
            switch (op.t) {
              case 'lock':
                yield* m.lock();
                log.push(`l${yield* a.load()}`);
                yield* m.unlock();
                break;
              case 'rlock':
                yield* rw.rlock();
                log.push(`r${yield* a.load()}`);
                yield* rw.runlock();
                break;
              case 'wlock':
                yield* rw.lock();
                yield* a.add(1);
                yield* rw.unlock();
                break;
              case 'load':
                log.push(`=${yield* a.load()}`);
                break;
              case 'store':
                yield* a.store(op.v);
                break;
              case 'add':
                log.push(`+${yield* a.add(1)}`);
                break;
              case 'cas':
                log.push(`c${String(yield* a.cas(op.v, op.v + 5))}`);
                break;
              case 'send0':
                yield* ch0.send(gi);
                break;
              case 'recv0':
                log.push(`<${yield* ch0.recv()}`);
                break;
              case 'send1':
                yield* ch1.send(gi);
                break;
              case 'recv1':
                log.push(`<<${yield* ch1.recv()}`);
                break;
              case 'select': {
                const r = yield* sim.select([ch0.recv(), ch1.recv()], { default: true });
                log.push(`s${r.index}:${r.value}`);
                break;
              }
              case 'sleep':
                yield* sim.sleep(op.d);
                break;
              case 'now':
                log.push(`@${sim.now()}`);
                break;
              case 'random':
                log.push(`?${yield* sim.random(2)}`);
                break;
              case 'spawn':
                sim.go('child', function* () {
                  yield* a.add(10);
                });
                break;
              case 'after':
                sim.afterFunc(op.d, 'f', function* () {
                  yield* a.add(1000);
                });
                break;
              case 'stop':
                log.push(`x${String(yield* t.stop())}`);
                break;
              case 'reset':
                log.push(`R${String(yield* t.reset(op.d))}`);
                break;
              case 'wait':
                yield* m.lock();
                if (!flag) yield* c.wait();
                yield* m.unlock();
                break;
              case 'signal':
                yield* m.lock();
                flag = true;
                yield* c.signal();
                yield* m.unlock();
                break;
              case 'yield':
                yield* sim.yieldNow();
                break;
            }
          }
        });
      });
      sim.atEnd('record', () => {
        lastRecord = `${logs.map((l) => l.join(',')).join(' | ')} ; a=${a.value} t=${sim.now()}`;
        return true;
      });
    },
  });
}

describe('DfsStrategy', () => {
  describe('with DPOR', () => {
    it('should reach exactly the outcomes and classes of plain DFS on generated programs', () => {
      let compared = 0;
      fc.assert(
        fc.property(fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }), (progs) => {
          const s = programScenario(progs);
          const plain = reach(s, { dpor: false, cap: 2_000 });
          fc.pre(!plain.capped);
          const dpor = reach(s, { dpor: true });
          compared++;
          expect([...dpor.outcomes].sort()).toEqual([...plain.outcomes].sort());
          expect(dpor.executions).toBeLessThanOrEqual(plain.executions);
          // The class hash tells apart executions that differ only in which side performs
          // an unbuffered rendezvous, or which of two timers due at the same instant
          // advances the clock; DPOR (rightly) runs one of each. Without those, classes
          // must match exactly.
          if (!progs.some((p) => p.some((o) => TIMING_OR_RENDEZVOUS.has(o.t)))) expect(dpor.classes).toBe(plain.classes);
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
      );
      expect(compared).toBeGreaterThan(FUZZ_RUNS / 2);
    }, 300_000);

    it('should exhaust the demos with far fewer executions than plain DFS, and say so', () => {
      const r = explore(dining, { variant: 'ordered', strategy: 'dfs', runs: 100_000 });
      expect(r.exhausted).toBe(true);
      expect(r.violation).toBeUndefined();
      const plain = explore(dining, { variant: 'ordered', strategy: 'dfs', dpor: false, runs: 100_000 });
      expect(plain.exhausted).toBe(true);
      expect(r.executions * 10).toBeLessThanOrEqual(plain.executions);
    });

    it('should find each demo bug and replay it', () => {
      for (const [s, v, kind] of [
        [lostUpdate, 'bad', 'data-race'],
        [dining, 'naive', 'deadlock'],
        [boundedBuffer, 'wait-with-if', 'assertion'],
        [boundedBuffer, 'one-cond-signal', 'deadlock'],
      ] as const) {
        const r = explore(s as Scenario, { variant: v, strategy: 'dfs', runs: 10_000 });
        expect(r.violation?.kind).toBe(kind);
        expect(replay(s as Scenario, r.violation!.schedule).violation!.message).toBe(r.violation!.message);
      }
    });

    it('should be deterministic: the same executions in the same order', () => {
      const a = explore(boundedBuffer, { variant: 'one-cond-signal', strategy: 'dfs', runs: 10_000 });
      const b = explore(boundedBuffer, { variant: 'one-cond-signal', strategy: 'dfs', runs: 10_000 });
      expect(a.executions).toBe(b.executions);
      expect(JSON.stringify(a.violation!.trace)).toBe(JSON.stringify(b.violation!.trace));
    });
  });

  describe('bounds', () => {
    it('should explore only schedules within the preemption bound', () => {
      const zero = explore(dining, { variant: 'naive', strategy: 'dfs', preemptionBound: 0, runs: 10_000 });
      expect(zero.violation).toBeUndefined(); // the deadlock needs preemptions
      expect(zero.exhausted).toBe(true);
      const two = explore(dining, { variant: 'naive', strategy: 'dfs', preemptionBound: 2, runs: 10_000 });
      expect(two.violation?.kind).toBe('deadlock');
    });

    it('should explore only schedules within the delay bound', () => {
      const zero = explore(lostUpdate, { variant: 'fixed', strategy: 'dfs', delayBound: 0, dpor: false, runs: 10_000 });
      expect(zero.executions).toBe(1);
      expect(zero.exhausted).toBe(true);
    });
  });

  describe('divergence', () => {
    it('should report a scenario that changes between executions as nondeterminism', () => {
      let n = 0;
      const s = defineScenario({
        name: 'changing',
        description: 'spawns one more goroutine each execution',
        variants: { v: 'test' },
        setup(sim) {
          n++;
          const m = sim.mutex('m');
          for (let i = 0; i < 1 + (n % 2); i++) sim.go(`g${i}`, function* () {
            yield* m.lock();
            yield* m.unlock();
          });
          sim.go('h', function* () {
            yield* m.lock();
            yield* m.unlock();
          });
        },
      });
      const r = explore(s, { strategy: 'dfs', runs: 100 });
      expect(r.violation?.kind).toBe('nondeterminism');
      expect(r.violation?.message).toMatch(/at step \d+ the choices were .* when this branch was recorded and are .* now/);
    });
  });
});
