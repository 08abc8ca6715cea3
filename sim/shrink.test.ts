import { explore, replay, shrink } from '.';
import { scenarioOf } from './test-helpers/run';
import lostUpdate from '../scenarios/demos/lost-update';
import dining from '../scenarios/demos/dining-philosophers';
import peterson from '../scenarios/bugs/two-preemptions';
import { registry } from '../scenarios/registry';

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
});
