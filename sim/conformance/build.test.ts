/**
 * The conformance builders: `portsFrom` cites as the tables did by hand, and each program
 * helper does what its Go idiom does — checked by exhaustive search on small programs,
 * including a program that breaks each helper's check.
 */
import { goEach, locked, notReady, portsFrom, recvN, signalling } from './build';
import { verdictOf, type ConformanceCase } from './harness';

const FILE = 'golang/go@0556e26273f704db73df9e7c4c3d2e8434dec7be src/sync/mutex_test.go';

/** The outcomes of every execution of `setup`, and the first violation's kind. */
function run(setup: ConformanceCase['setup']): { kind: string; outcomes: string[] } {
  const v = verdictOf(portsFrom(FILE)('probe').holds(setup), true);
  return { kind: v.kind, outcomes: [...v.outcomes].sort() };
}

describe('portsFrom', () => {
  it('should cite the file, the test (the name up to its first slash) and the note', () => {
    const port = portsFrom(FILE);
    expect(port('TestMutex').holds(() => {}).source).toBe(`${FILE}, TestMutex`);
    expect(port('TestMutexMisuse/Mutex.Unlock', 'dies').holds(() => {}).source).toBe(`${FILE}, TestMutexMisuse (dies)`);
    expect(port('X/y', 'n', { test: 'RWMutex doc' }).holds(() => {}).source).toBe(`${FILE}, RWMutex doc (n)`);
  });

  it('should carry the verdict and the options, and not the test override', () => {
    const c = portsFrom(FILE)('TestX', undefined, { plain: false, outcomes: ['a'], test: 'T' }).fails('panic', () => {}, /unlocked/);
    expect(c.expect).toEqual({ fails: 'panic', message: /unlocked/ });
    expect({ plain: c.plain, outcomes: c.outcomes, test: 'test' in c }).toEqual({ plain: false, outcomes: ['a'], test: false });
    expect(portsFrom(FILE)('TestY').fails('deadlock', () => {}).expect).toEqual({ fails: 'deadlock' });
    expect(portsFrom(FILE)('TestZ').expects({ holds: true }, () => {}).expect).toEqual({ holds: true });
  });
});

describe('program helpers', () => {
  it('goEach should start n goroutines named prefix+i, each with its index', () => {
    expect(run((sim, record) => {
      const c = sim.chan<number>('c', 3);
      sim.go('main', function* () {
        goEach(sim, 'w', 3, function* (i) {
          yield* c.send(i);
        });
        const got: number[] = [];
        for (let i = 0; i < 3; i++) got.push((yield* c.recv())!);
        record(got.sort().join(','));
      });
    })).toEqual({ kind: 'holds', outcomes: ['0,1,2'] });
    const stuck = verdictOf(portsFrom(FILE)('probe').holds((sim) => {
      const never = sim.chan<number>('never');
      goEach(sim, 'w', 2, function* () {
        yield* never.recv();
      });
    }), true);
    expect(stuck.kind).toBe('deadlock');
    expect(stuck.message).toMatch(/"w0".*"w1"|"w1".*"w0"/);
  });

  it('recvN should receive exactly n values (one fewer send is a deadlock)', () => {
    const prog = (sends: number): ConformanceCase['setup'] => (sim) => {
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('sender', function* () {
          for (let i = 0; i < sends; i++) yield* c.send(i);
        });
        yield* recvN(c, 2);
      });
    };
    expect(run(prog(2)).kind).toBe('holds');
    expect(run(prog(1)).kind).toBe('deadlock');
  });

  it('notReady should pass on an empty channel and fail on one holding a value', () => {
    const prog = (value: boolean): ConformanceCase['setup'] => (sim) => {
      const c = sim.chan<number>('c', 1);
      sim.go('main', function* () {
        if (value) yield* c.send(1);
        yield* notReady(sim, c, 'value ready');
      });
    };
    expect(run(prog(false)).kind).toBe('holds');
    expect(run(prog(true)).kind).toBe('assertion');
  });

  it('locked should run its body with the lock held and return its value', () => {
    const r = run((sim, record) => {
      const m = sim.mutex('m');
      sim.go('main', function* () {
        sim.go('other', function* () {
          const got = yield* m.tryLock();
          record(`other=${String(got)}`);
          if (got) yield* m.unlock();
        });
        const v = yield* locked(m, function* () {
          yield* sim.yieldNow();
          return 7;
        });
        record(`v=${v}`);
      });
    });
    expect(r.kind).toBe('holds');
    expect(r.outcomes.every((o) => o.includes('v=7'))).toBe(true);
    expect(r.outcomes.some((o) => o.includes('other=false'))).toBe(true);
  });

  it('signalling should make wait return only after every body has signalled', () => {
    const r = run((sim, record) => {
      const done = sim.chan<boolean>('done', 2);
      sim.go('main', function* () {
        const gs = signalling(sim, done, {
          *a() {
            yield* sim.yieldNow();
            record('a');
          },
          *b() {
            record('b');
          },
        });
        yield* gs.wait();
        record('main');
      });
    });
    expect(r).toEqual({ kind: 'holds', outcomes: ['a b main', 'b a main'] });
  });
});
