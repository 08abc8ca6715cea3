import type { Sim } from '../../sim';
import { CalloutContract, flagsAgree } from './callout-contract';
import { CALLOUT_ACTIVE, CALLOUT_DFRMIGRATION, CALLOUT_PENDING, CPUBLOCK, newCallout, type callout, type callout_cpu } from './sys-callout';

/** The part of `Sim` the contract uses, recording failed assertions instead of stopping a run. */
class StubSim {
  readonly failed: string[] = [];
  readonly invariants: (() => true | string | boolean)[] = [];
  readonly atEnds: (() => true | string | boolean)[] = [];
  assert(cond: unknown, message: string): void {
    if (!cond) this.failed.push(message);
  }
  invariant(_name: string, check: () => true | string | boolean): void {
    this.invariants.push(check);
  }
  atEnd(_name: string, check: () => true | string | boolean): void {
    this.atEnds.push(check);
  }
  now(): number {
    return 0;
  }
}

/** A CPU with the given queues, its lock free. */
function cpu(n: number, wheel: callout[] = [], expireq: callout[] = [], migrationCpu = CPUBLOCK): callout_cpu {
  return { cpu: n, cc_lock: { locked: false }, cc_callwheel: wheel, cc_expireq: expireq, cc_exec: { ce_migration_cpu: migrationCpu } } as unknown as callout_cpu;
}

/** A callout on `cpu` with the given flags. */
function co(flags: number, iflags: number, c_cpu = 0): callout {
  return { ...newCallout('c1', null), c_flags: flags, c_iflags: iflags, c_cpu };
}

function contract(): { s: StubSim; k: CalloutContract; c: callout } {
  const s = new StubSim();
  const k = new CalloutContract(s as unknown as Sim, [cpu(0)]);
  const c = newCallout('c1', null);
  k.register(c);
  return { s, k, c };
}

describe('flagsAgree', () => {
  it('should hold for a pending, active callout queued on its own CPU, and for a deferred migration', () => {
    const c = co(CALLOUT_ACTIVE, CALLOUT_PENDING);
    expect(flagsAgree([cpu(0, [c]), cpu(1)], [c])).toBe(true);
    const m = co(CALLOUT_ACTIVE, CALLOUT_PENDING | CALLOUT_DFRMIGRATION);
    expect(flagsAgree([cpu(0, [], [], 1), cpu(1)], [m])).toBe(true);
  });

  it('should report each disagreement between the flags and the queues', () => {
    const c = co(CALLOUT_ACTIVE, CALLOUT_PENDING);
    expect(flagsAgree([cpu(0, [c]), cpu(1, [c])], [c])).toBe('c1 is queued on 2 CPUs');
    expect(flagsAgree([cpu(0), cpu(1, [c])], [c])).toBe('c1 is queued on cpu 1 but its c_cpu is 0');
    const idle = co(CALLOUT_ACTIVE, 0);
    expect(flagsAgree([cpu(0, [], [idle])], [idle])).toBe('c1 is queued but not pending');
    const inactive = co(0, CALLOUT_PENDING);
    expect(flagsAgree([cpu(0, [inactive])], [inactive])).toBe('c1 is pending but not active');
    expect(flagsAgree([cpu(0)], [c])).toBe('c1 is pending but on no callwheel and not migrating');
  });

  it('should skip a callout whose CPU lock is held (mid-update) or that is between CPUs', () => {
    const c = co(CALLOUT_ACTIVE, CALLOUT_PENDING);
    const locked = { ...cpu(0), cc_lock: { locked: true } } as unknown as callout_cpu;
    expect(flagsAgree([locked], [c])).toBe(true);
    expect(flagsAgree([cpu(0)], [co(CALLOUT_ACTIVE, CALLOUT_PENDING, CPUBLOCK)])).toBe(true);
  });
});

describe('CalloutContract', () => {
  describe('returned', () => {
    it('should accept what callout(9) promises', () => {
      const { s, k, c } = contract();
      k.returned('callout_stop', c, 1, false, false);
      k.returned('callout_stop', c, 0, false, true);
      k.returned('callout_drain', c, -1, false, false);
      expect(s.failed).toEqual([]);
    });

    it('should report a result other than 1, 0 or -1, a callout still pending or active, a 0 with no handler running, and a drain with one running', () => {
      const { s, k, c } = contract();
      k.returned('callout_stop', c, 2, false, false);
      c.c_iflags |= CALLOUT_PENDING;
      k.returned('callout_stop', c, 1, false, false);
      c.c_iflags = 0;
      c.c_flags |= CALLOUT_ACTIVE;
      k.returned('callout_stop', c, -1, false, false);
      c.c_flags = 0;
      k.returned('callout_async_drain', c, 0, false, false);
      k.returned('callout_drain', c, 0, false, true);
      expect(s.failed).toEqual([
        'callout_stop(c1) returned 2 (t=0): not 1, 0 or -1',
        'c1 is still pending after callout_stop(c1) returned 1 (t=0)',
        'c1 is still active after callout_stop(c1) returned -1 (t=0): callout(9) says callout_stop and callout_drain always clear the active flag',
        'callout_async_drain(c1) returned 0 (t=0) but its handler is not running',
        'c1 is still running after callout_drain(c1) returned 0 (t=0)',
      ]);
    });
  });

  describe('handlerStarts', () => {
    it('should report a handler starting after a stop that returned 1, a stop under its lock, or a drain, until a reset', () => {
      const { s, k, c } = contract();
      k.returned('callout_stop', c, 1, false, false);
      k.handlerStarts(c);
      k.scheduled(c);
      k.handlerStarts(c);
      k.returned('callout_stop', c, 0, true, true);
      k.handlerStarts(c);
      expect(s.failed).toEqual(['the handler of c1 runs after callout_stop(c1) returned 1 (t=0)', 'the handler of c1 runs after callout_stop(c1) under its lock returned 0 (t=0)']);
    });
  });

  describe('drainCallbackStarts and the at-end check', () => {
    it('should report a drain callback without a 0, one for a callout pending again, and a 0 whose callback never ran', () => {
      const first = contract();
      first.k.drainCallbackStarts(first.c);
      expect(first.s.failed).toEqual(['the drain callback of c1 runs without a 0 from callout_async_drain']);
      const { s, k, c } = contract();
      k.returned('callout_async_drain', c, 0, false, true);
      expect(s.atEnds[0]!()).toBe('callout_async_drain returned 0 but no drain callback ran for c1');
      c.c_iflags |= CALLOUT_PENDING;
      k.drainCallbackStarts(c);
      expect(s.failed[0]).toBe('c1 is pending again when its drain callback runs: it was re-armed while being drained');
      expect(s.atEnds[0]!()).toBe(true);
    });
  });
});
