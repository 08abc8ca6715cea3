import { outcomes, run, violationOf } from '../test-helpers/run';

describe('Chan', () => {
  describe('unbuffered', () => {
    it('should rendezvous: the send completes only with a receive, and values arrive in order', () => {
      const seen = outcomes((sim, record) => {
        const ch = sim.chan<number>('ch');
        let sent = 0;
        let received = 0;
        sim.go('sender', function* () {
          for (let i = 1; i <= 3; i++) {
            yield* ch.send(i);
            sent++;
            sim.assert(received >= sent - 1, 'a send never runs ahead of the receives');
          }
        });
        sim.go('receiver', function* () {
          const got: number[] = [];
          for (let i = 0; i < 3; i++) {
            got.push((yield* ch.recv())!);
            received++;
          }
          record(got.join(','));
        });
      }, 300);
      expect([...seen]).toEqual(['1,2,3']);
    });

    it('should deadlock with a clear cause when nobody receives', () => {
      const v = violationOf((sim) => {
        const jobs = sim.chan<number>('jobs');
        sim.go('producer', function* () {
          yield* jobs.send(1);
        });
      }, 1);
      expect(v.kind).toBe('deadlock');
      expect(v.message).toContain('"producer" blocked on chan "jobs" send');
      expect(v.message).toContain('no goroutine is left to complete the channel operations on "jobs"');
    });

    it('should let any waiting receiver take a value (the Go spec leaves it open), each value once', () => {
      const seen = outcomes((sim, record) => {
        const ch = sim.chan<string>('ch');
        for (const name of ['first', 'second']) {
          sim.go(name, function* () {
            const v = yield* ch.recv();
            record(`${name}:${v}`);
          });
        }
        sim.go('sender', function* () {
          yield* ch.send('x');
          yield* ch.send('y');
        });
      }, 300);
      const pairs = [...seen].map((s) => s.split(' ').sort().join(' '));
      expect(new Set(pairs)).toEqual(new Set(['first:x second:y', 'first:y second:x']));
    });
  });

  describe('buffered', () => {
    it('should not block until the buffer is full, and keep FIFO order', () => {
      const r = run((sim) => {
        const ch = sim.chan<number>('ch', 2);
        sim.go('a', function* () {
          yield* ch.send(1);
          yield* ch.send(2);
          sim.assert(ch.len === 2, 'two buffered');
          const x = yield* ch.recv();
          const y = yield* ch.recv();
          sim.assert(x === 1 && y === 2, 'FIFO');
        });
      });
      expect(r.violation).toBeUndefined();
    });

    it('should block a send on a full buffer', () => {
      const v = violationOf((sim) => {
        const ch = sim.chan<number>('ch', 1);
        sim.go('a', function* () {
          yield* ch.send(1);
          yield* ch.send(2);
        });
      }, 1);
      expect(v.message).toContain('"a" blocked on chan "ch" send');
    });
  });

  describe('close', () => {
    it('should drain buffered values, then give undefined with ok = false', () => {
      const seen = outcomes((sim, record) => {
        const ch = sim.chan<number>('ch', 2);
        sim.go('a', function* () {
          yield* ch.send(7);
          yield* ch.close();
        });
        sim.go('b', function* () {
          const [v1, ok1] = yield* ch.recvOk();
          const [v2, ok2] = yield* ch.recvOk();
          const v3 = yield* ch.recv();
          record(`${v1}/${ok1} ${v2}/${ok2} ${v3}`);
        });
      }, 100);
      expect([...seen]).toEqual(['7/true undefined/false undefined']);
    });

    it('should wake a blocked unbuffered receiver with ok = false', () => {
      const seen = outcomes((sim, record) => {
        const ch = sim.chan<number>('ch');
        sim.go('r', function* () {
          const [, ok] = yield* ch.recvOk();
          record(String(ok));
        });
        sim.go('c', function* () {
          yield* ch.close();
        });
      }, 50);
      expect([...seen]).toEqual(['false']);
    });

    it('should panic on send on a closed channel and on a second close', () => {
      const s = violationOf((sim) => {
        const ch = sim.chan<number>('ch', 1);
        sim.go('a', function* () {
          yield* ch.close();
          yield* ch.send(1);
        });
      }, 1);
      expect(s.kind).toBe('panic');
      expect(s.message).toContain('"a" send(1) of chan "ch": send on closed channel');
      const c = violationOf((sim) => {
        const ch = sim.chan<number>('ch');
        sim.go('a', function* () {
          yield* ch.close();
          yield* ch.close();
        });
      }, 1);
      expect(c.message).toContain('close of closed channel');
    });

    it('should make a blocked sender panic when the channel is closed under it', () => {
      const v = violationOf((sim) => {
        const ch = sim.chan<number>('ch');
        sim.go('s', function* () {
          yield* ch.send(1);
        });
        sim.go('c', function* () {
          yield* ch.close();
        });
      }, 200);
      expect(v.kind).toBe('panic');
      expect(v.message).toContain('send on closed channel');
    });
  });
});

describe('select', () => {
  it('should take any ready case, chosen by the strategy', () => {
    const seen = outcomes((sim, record) => {
      const a = sim.chan<string>('a', 1);
      const b = sim.chan<string>('b', 1);
      sim.go('g', function* () {
        yield* a.send('A');
        yield* b.send('B');
        const r = yield* sim.select([a.recv(), b.recv()]);
        record(`${r.index}:${r.value}`);
      });
    }, 100);
    expect([...seen].sort()).toEqual(['0:A', '1:B']);
  });

  it('should block until a case is ready, and run a send case', () => {
    const seen = outcomes((sim, record) => {
      const out = sim.chan<number>('out');
      const quit = sim.chan<void>('quit');
      sim.go('g', function* () {
        let n = 0;
        for (;;) {
          const r = yield* sim.select([out.send(n), quit.recv()]);
          if (r.index === 1) break;
          n++;
        }
        record(`sent ${n}`);
      });
      sim.go('consumer', function* () {
        yield* out.recv();
        yield* out.recv();
        yield* quit.send(undefined);
      });
    }, 100);
    expect([...seen]).toEqual(['sent 2']);
  });

  it('should take the default case when nothing is ready', () => {
    const seen = outcomes((sim, record) => {
      const ch = sim.chan<number>('ch');
      sim.go('g', function* () {
        const r = yield* sim.select([ch.recv()], { default: true });
        record(`${r.index} ${r.ok}`);
      });
    }, 10);
    expect([...seen]).toEqual(['-1 false']);
  });

  it('should rendezvous with a select on the other side', () => {
    const seen = outcomes((sim, record) => {
      const ch = sim.chan<number>('ch');
      const never = sim.chan<number>('never');
      const idle = sim.chan<number>('idle');
      sim.go('s', function* () {
        const r = yield* sim.select([ch.send(5), never.send(0)]);
        record(`s${r.index}`);
      });
      sim.go('r', function* () {
        const r = yield* sim.select([idle.recv(), ch.recv()]);
        record(`r${r.index}=${r.value}`);
      });
    }, 200);
    expect(new Set([...seen].map((x) => x.split(' ').sort().join(' ')))).toEqual(new Set(['r1=5 s0']));
    expect(seen.size).toBe(2); // either side may record first
  });

  it('should deadlock on an empty select (Go: select {} blocks forever)', () => {
    const v = violationOf((sim) => {
      sim.go('g', function* () {
        yield* sim.select([]);
      });
    }, 1);
    expect(v.kind).toBe('deadlock');
  });

  it('should reject cases that are not channel operations', () => {
    const r = () =>
      run((sim) => {
        sim.go('g', function* () {
          yield* sim.select([sim.yieldNow()]);
        });
      });
    expect(r().violation?.message).toContain('every case must be ch.send(v), ch.recv() or ch.recvOk()');
  });
});
