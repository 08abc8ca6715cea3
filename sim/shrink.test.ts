import { explore, replay, shrink } from '.';
import { scenarioOf } from './test-helpers/run';
import lostUpdate from '../scenarios/demos/lost-update';
import dining from '../scenarios/demos/dining-philosophers';
import peterson from '../scenarios/bugs/two-preemptions';
import { registry } from '../scenarios/registry';
import { SHRINK_MAX_ATTEMPTS, SHRINK_MAX_STEPS } from './shrink';
import { twostage } from './strategy/test-programs/twostage';

/** Preemptions of a trace: switches away from a goroutine whose next step came later. */
function switches(trace: readonly { gid: number }[]): number {
  let n = 0;
  for (let i = 1; i < trace.length; i++) if (trace[i]!.gid !== trace[i - 1]!.gid) n++;
  return n;
}

describe('shrink', () => {
  it('should shrink a one-preemption bug to exactly one preemption', () => {
    // check-then-act: a reader checks a flag, another goroutine flips it, the reader acts
    const s = scenarioOf((sim) => {
      const ready = sim.atomic('ready', 1);
      sim.go('noise', function* () {
        for (let i = 0; i < 4; i++) yield* sim.yieldNow();
      });
      sim.go('reader', function* () {
        for (let i = 0; i < 3; i++) yield* sim.yieldNow();
        if ((yield* ready.load()) === 1) {
          yield* sim.yieldNow();
          sim.assert((yield* ready.load()) === 1, 'still ready when acting on it');
        }
      });
      sim.go('writer', function* () {
        for (let i = 0; i < 3; i++) yield* sim.yieldNow();
        yield* ready.store(0);
      });
    });
    const found = explore(s, { runs: 1000, seed: 4, shrink: false });
    expect(found.violation?.kind).toBe('assertion');
    const r = shrink(s, found.violation!.schedule);
    expect(r.after.preemptions).toBe(1);
    expect(r.before.preemptions).toBeGreaterThan(1);
    expect(r.violation.message.split('\n')[0]).toMatch(/"reader" failed: still ready when acting on it$/);
  });

  it('should find the minimum with a preemption-bounded search (Peterson\'s bug needs exactly two)', () => {
    const r = explore(peterson, { variant: 'turn-then-flag', runs: 5000, seed: 1 });
    expect(r.violation?.shrink?.after.preemptions).toBe(2);
  });

  it('should keep the violation: same kind and message, up to step numbers', () => {
    for (const [s, v] of [[lostUpdate, 'bad'], [dining, 'naive']] as const) {
      const raw = explore(s, { variant: v, runs: 1000, seed: 2, shrink: false }).violation!;
      const r = shrink(s, raw.schedule);
      expect(r.violation.kind).toBe(raw.kind);
      const norm = (m: string): string => m.split('\n')[0]!.replace(/\bstep \d+/g, 'step N').replace(/t=[^)\s]+/g, 't=T');
      expect(norm(r.violation.message)).toBe(norm(raw.message));
      const smaller = r.after.preemptions < r.before.preemptions || (r.after.preemptions === r.before.preemptions && r.after.steps <= r.before.steps);
      expect(smaller).toBe(true);
    }
  });

  it('should give a schedule that replays to the identical violation and trace', () => {
    const r = explore(dining, { variant: 'naive', runs: 1000, seed: 5 });
    const again = replay(dining, r.violation!.schedule);
    expect(again.violation!.message).toBe(r.violation!.message);
    expect(JSON.stringify(again.trace)).toBe(JSON.stringify(r.violation!.trace));
    expect(r.violation!.shrink!.after.steps).toBe(r.violation!.trace.length);
  });

  it('should be deterministic', () => {
    const raw = explore(dining, { variant: 'naive', runs: 1000, seed: 8, shrink: false }).violation!;
    const a = shrink(dining, raw.schedule);
    const b = shrink(dining, raw.schedule);
    expect(a.schedule).toBe(b.schedule);
    expect(a.attempts).toBe(b.attempts);
  });

  it('should leave the violation unshrunk with shrink: false', () => {
    const r = explore(dining, { variant: 'naive', runs: 1000, seed: 3, shrink: false });
    expect(r.violation!.shrink).toBeUndefined();
  });

  it('should never make a built-in bug\'s schedule worse, and keep its kind', () => {
    for (const { scenario } of registry()) {
      for (const v of scenario.variants.filter((x) => x.expect === 'fail')) {
        const r = explore(scenario, { variant: v.name, runs: 300, seed: 11 });
        if (r.violation === undefined) continue;
        const sh = r.violation.shrink!;
        expect(sh.after.preemptions).toBeLessThanOrEqual(sh.before.preemptions);
        expect(switches(r.violation.trace)).toBeGreaterThanOrEqual(sh.after.preemptions);
      }
    }
  }, 120_000);

  describe('budget', () => {
    // SCTBench's twostage_100 (a spawner that yields after each go, 99 two-stage writers, a
    // reader): 101 goroutines, about 900 steps an execution
    const big = twostage(99, 1);
    const found = explore(big, { strategy: 'rff', seed: 1, runs: 1000, shrink: false }).violation!;

    it('should shrink a 100-goroutine program’s bug within the default budget of executions and steps', () => {
      const progress: number[] = [];
      const r = shrink(big, found.schedule, { onProgress: (p) => void progress.push(p.attempts) });
      expect(r.attempts).toBeLessThanOrEqual(SHRINK_MAX_ATTEMPTS);
      // the last execution may overshoot the step budget by its own steps (the search's weighted by goroutines)
      expect(r.steps).toBeLessThanOrEqual(SHRINK_MAX_STEPS + 1000 * 101);
      expect(r.after.preemptions).toBeLessThan(r.before.preemptions / 4);
      expect(r.violation.kind).toBe('assertion');
      expect(replay(big, r.schedule).violation!.message).toBe(r.violation.message);
      expect(progress).toEqual(Array.from({ length: r.attempts }, (_, i) => i + 1));
    });

    it('should stop at maxAttempts or maxSteps with the best schedule so far, and say it did not finish', () => {
      for (const opts of [{ maxAttempts: 5 }, { maxSteps: 3000 }]) {
        const r = shrink(big, found.schedule, opts);
        expect(r.complete).toBe(false);
        if ('maxAttempts' in opts) expect(r.attempts).toBe(5);
        else expect(r.steps - 1000 * 101).toBeLessThanOrEqual(3000);
        expect(r.violation.kind).toBe('assertion');
        expect(replay(big, r.schedule).violation!.message).toBe(r.violation.message);
      }
    });

    it('should stop when shouldStop says so, between executions', () => {
      let asked = 0;
      const r = shrink(big, found.schedule, { shouldStop: () => ++asked > 3 });
      expect(r.attempts).toBe(3);
      expect(r.complete).toBe(false);
    });

    it('should finish within the budget on a small program, and say so', () => {
      const raw = explore(dining, { variant: 'naive', runs: 1000, seed: 8, shrink: false }).violation!;
      const r = shrink(dining, raw.schedule);
      expect(r.complete).toBe(true);
      expect(r.attempts).toBeLessThan(SHRINK_MAX_ATTEMPTS);
    });
  });
});
