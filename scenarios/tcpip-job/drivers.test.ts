import { defineScenario, explore, Millisecond } from '../../sim';
import tcpipJob from '.';
import { MutexLocker } from './clock';
import { allReleased, driveFragmentation } from './driver-fragmentation';
import { Ledger } from './ghost';

describe('tcpip-job, driver slaac (two Jobs sharing ndp.ep.mu)', () => {
  const SLAAC = { driver: 'slaac', rounds: 0 };

  it('should exhaust the correct variant: the deprecation instance that fired returns early once the invalidation cancelled it', () => {
    const r = explore(tcpipJob, { variant: 'correct', strategy: 'dfs', runs: 100, params: SLAAC });
    expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
  });

  it('should find no-flag as the deprecation fn panicking on the prefix the invalidation deleted', () => {
    const v = explore(tcpipJob, { variant: 'no-flag', strategy: 'dfs', runs: 10, params: SLAAC }).violation!;
    expect(v.kind).toBe('assertion');
    expect(v.message).toContain('panic: ndp: must have a slaacPrefixes entry for the deprecated SLAAC prefix');
    // Both timers fired; the invalidation ran first (cancelling the deprecation job), then the deprecation ran anyway.
    const fns = v.trace.filter((s) => s.effect === 'lock' && s.object === 'mutex "ndp.ep.mu"' && s.goroutine !== 'T1').map((s) => s.goroutine);
    expect(fns).toEqual(['invalidation A', 'deprecation A']);
  });

  it('should find shared-flag as a prefix never invalidated when a refresh cancelled the invalidation job', () => {
    const v = explore(tcpipJob, { variant: 'shared-flag', strategy: 'dfs', runs: 10, params: { driver: 'slaac', rounds: 1 } }).violation!;
    expect(v.kind).toBe('at-end');
    expect(v.message).toContain('the prefix was never invalidated');
  });

  it('should find no-lock as fn running without ndp.ep.mu', () => {
    const v = explore(tcpipJob, { variant: 'no-lock', strategy: 'dfs', runs: 10, params: SLAAC }).violation!;
    expect(v.message).toMatch(/fn runs without ndp\.ep\.mu held by its caller (deprecation|invalidation) A/);
  });
});

describe('tcpip-job, driver fragmentation (Schedule on a scheduled Job)', () => {
  /** The driver, plus the precondition timer.go 144–145 states, as a check. */
  const strict = defineScenario({
    name: 'fragmentation-strict',
    description: 'fragmentation.go release job, checked against "Schedule should be invoked only on unscheduled, cancelled, or completed Jobs"',
    variants: { correct: 'upstream' },
    params: { rounds: 2, delay: 1 * Millisecond, hold: 0 },
    setup(sim, { params }) {
      const ghost = driveFragmentation(sim, 'correct', params, new MutexLocker(sim.mutex('f.mu')));
      sim.invariant('Schedule only on unscheduled, cancelled or completed Jobs', () => ghost.maxPending <= 1 || `${ghost.maxPending} instances of releaseJob armed at once; ${ghost.summary()}`);
    },
  });

  it('should show upstream scheduling its release job while it is still scheduled, with no other check failing', () => {
    const v = explore(strict, { strategy: 'dfs', runs: 100 }).violation!;
    expect(v.kind).toBe('invariant');
    expect(v.message).toContain('2 instances of releaseJob armed at once');
    expect(v.trace.map((s) => s.note ?? '').join('; ')).toContain('Schedule on a Job still scheduled: release A stays armed and can no longer be cancelled');
    // Without that precondition as a check, the driver's own checks hold (exhaustively).
    const r = explore(tcpipJob, { variant: 'correct', strategy: 'dfs', runs: 200, params: { driver: 'fragmentation', rounds: 2 } });
    expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
  });

  it('should report a reassembler never released (the at-end check, on a constructed state)', () => {
    const ghost = new Ledger('release');
    expect(allReleased([{ id: 0, createdAt: 0, released: true, timedOut: false, releasedAt: 0 }], ghost)).toBe(true);
    expect(allReleased([{ id: 0, createdAt: 0, released: true, timedOut: false, releasedAt: 0 }, { id: 1, createdAt: 5, released: false, timedOut: false, releasedAt: -1 }], ghost)).toMatch(/^reassemblers 1 were never released/);
  });
});

describe('Ledger', () => {
  describe('checkInstances', () => {
    it('should hold while no instance ran fn after it was cancelled', () => {
      const l = new Ledger();
      l.cancelled(l.scheduled(), true);
      const b = l.scheduled();
      l.enter(b);
      l.fnCalled();
      expect(l.checkInstances()).toBe(true);
      expect(l.fnRuns).toBe(1);
      expect(l.summary()).toBe('instances: A: cancelled before it fired (Stop true); B: never fired, ran fn');
    });

    it('should report an instance that ran fn after it was cancelled, or twice', () => {
      const l = new Ledger();
      const a = l.scheduled();
      l.fired(a);
      l.cancelled(a, false);
      l.enter(a);
      l.fnCalled();
      expect(l.checkInstances()).toMatch(/^instance A ran fn after it was cancelled .*; instances: A: fired, cancelled \(Stop false\), ran fn$/);
      const m = new Ledger('deprecation');
      m.enter(m.scheduled());
      m.fnCalled();
      m.fnCalled();
      expect(m.checkInstances()).toMatch(/^deprecation A ran fn 2 times; deprecation instances: A: never fired, ran fn 2 times$/);
    });
  });

  describe('maxPending', () => {
    it('should count the instances armed at once', () => {
      const l = new Ledger();
      l.cancelled(l.scheduled(), true);
      l.scheduled();
      expect(l.maxPending).toBe(1);
      l.scheduled();
      expect(l.maxPending).toBe(2);
    });
  });
});
