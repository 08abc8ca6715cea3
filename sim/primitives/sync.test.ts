import { outcomes, run, violationOf } from '../test-helpers/run';

describe('Mutex', () => {
  describe('lock', () => {
    it('should give mutual exclusion: no interleaving puts two goroutines inside', () => {
      const seen = outcomes((sim, record) => {
        const m = sim.mutex('m');
        let inside = 0;
        for (const name of ['a', 'b', 'c']) {
          sim.go(name, function* () {
            yield* m.lock();
            inside++;
            sim.assert(inside === 1, 'one holder');
            yield* sim.yieldNow();
            inside--;
            record(name);
            yield* m.unlock();
          });
        }
      }, 400);
      expect(seen.size).toBe(6); // every order of a, b, c is reachable
    });

    it('should block a second lock by the same goroutine: a deadlock naming the holder', () => {
      const v = violationOf((sim) => {
        const m = sim.mutex('m');
        sim.go('a', function* () {
          yield* m.lock();
          yield* m.lock();
        });
      }, 1);
      expect(v.kind).toBe('deadlock');
      expect(v.message).toContain('"a" blocked on mutex "m" held by "a"');
      expect(v.message).toContain('not reentrant');
    });
  });

  describe('unlock', () => {
    it('should panic with Go\'s message on an unlocked mutex', () => {
      const v = violationOf((sim) => {
        const m = sim.mutex('m');
        sim.go('a', function* () {
          yield* m.unlock();
        });
      }, 1);
      expect(v.kind).toBe('panic');
      expect(v.message).toMatch(/^panic at step 1 \(t=0\): "a" unlock of mutex "m": sync: unlock of unlocked mutex$/m);
    });

    it('should allow another goroutine to unlock (Go mutexes are not owned)', () => {
      const r = run((sim) => {
        const m = sim.mutex('m');
        const locked = sim.chan<void>('locked');
        sim.go('a', function* () {
          yield* m.lock();
          yield* locked.send(undefined);
        });
        sim.go('b', function* () {
          yield* locked.recv();
          yield* m.unlock();
        });
      }, { runs: 200 });
      expect(r.violation).toBeUndefined();
    });
  });

  describe('tryLock', () => {
    it('should return false while held and true when free', () => {
      const seen = outcomes((sim, record) => {
        const m = sim.mutex('m');
        sim.go('a', function* () {
          yield* m.lock();
          yield* sim.yieldNow();
          yield* m.unlock();
        });
        sim.go('b', function* () {
          const ok = yield* m.tryLock();
          record(String(ok));
          if (ok) yield* m.unlock();
        });
      }, 300);
      expect([...seen].sort()).toEqual(['false', 'true']);
    });
  });
});

describe('RWMutex', () => {
  it('should let readers share and exclude a writer', () => {
    const seen = outcomes((sim, record) => {
      const rw = sim.rwmutex('rw');
      let readers = 0;
      let writers = 0;
      let maxReaders = 0;
      for (const name of ['r1', 'r2']) {
        sim.go(name, function* () {
          yield* rw.rlock();
          readers++;
          maxReaders = Math.max(maxReaders, readers);
          sim.assert(writers === 0, 'no writer while reading');
          yield* sim.yieldNow();
          readers--;
          yield* rw.runlock();
        });
      }
      sim.go('w', function* () {
        yield* rw.lock();
        writers++;
        sim.assert(readers === 0, 'no reader while writing');
        yield* sim.yieldNow();
        writers--;
        yield* rw.unlock();
      });
      sim.atEnd('max', () => (record(`max=${maxReaders}`), true));
    }, 400);
    expect(seen).toContain('max=2');
    expect(seen).toContain('max=1');
  });

  it('should block new readers once a writer waits (Go writer preference), so a recursive read lock deadlocks', () => {
    const v = violationOf((sim) => {
      const rw = sim.rwmutex('rw');
      const held = sim.chan<void>('held', 1);
      sim.go('reader', function* () {
        yield* rw.rlock();
        yield* held.send(undefined);
        yield* sim.sleep(10);
        yield* rw.rlock(); // a writer is queued now: this blocks for good
        yield* rw.runlock();
        yield* rw.runlock();
      });
      sim.go('writer', function* () {
        yield* held.recv();
        yield* rw.lock();
        yield* rw.unlock();
      });
    }, 300, { idleTimers: true });
    expect(v.kind).toBe('deadlock');
    expect(v.message).toContain('"reader" blocked on rwmutex "rw" rlock, behind writer "writer"');
    expect(v.message).toContain('"writer" blocked on rwmutex "rw" lock, waiting for readers "reader"');
  });

  it('should admit readers that queued behind a writer before the next writer', () => {
    const seen = outcomes((sim, record) => {
      const rw = sim.rwmutex('rw');
      const order: string[] = [];
      sim.go('w1', function* () {
        yield* rw.lock();
        yield* sim.sleep(10); // r and w2 queue up meanwhile
        yield* rw.unlock();
      });
      sim.go('r', function* () {
        yield* sim.sleep(1);
        yield* rw.rlock();
        order.push('r');
        yield* rw.runlock();
      });
      sim.go('w2', function* () {
        yield* sim.sleep(2);
        yield* rw.lock();
        order.push('w2');
        yield* rw.unlock();
      });
      sim.atEnd('order', () => (record(order.join(',')), true));
    }, 200, { idleTimers: true });
    expect([...seen]).toEqual(['r,w2']);
  });

  it('should panic on unlock and runlock of an unlocked rwmutex', () => {
    const u = violationOf((sim) => {
      const rw = sim.rwmutex('rw');
      sim.go('a', function* () {
        yield* rw.unlock();
      });
    }, 1);
    expect(u.message).toContain('sync: Unlock of unlocked RWMutex');
    const r = violationOf((sim) => {
      const rw = sim.rwmutex('rw');
      sim.go('a', function* () {
        yield* rw.runlock();
      });
    }, 1);
    expect(r.kind).toBe('panic');
    expect(r.message).toContain('"a" runlock of rwmutex "rw": sync: RUnlock of unlocked RWMutex');
  });

  it('should answer tryLock and tryRLock without blocking', () => {
    const seen = outcomes((sim, record) => {
      const rw = sim.rwmutex('rw');
      sim.go('reader', function* () {
        yield* rw.rlock();
        record(`w:${String(yield* rw.tryLock())}`);
        record(`r:${String(yield* rw.tryRLock())}`);
        yield* rw.runlock();
        yield* rw.runlock();
      });
    }, 5);
    expect([...seen]).toEqual(['w:false r:true']);
  });
});

describe('Cond', () => {
  it('should wake a waiter that waits under the lock in a loop (no lost wakeup)', () => {
    const r = run((sim) => {
      const m = sim.mutex('m');
      const c = sim.cond('c', m);
      let ready = false;
      sim.go('waiter', function* () {
        yield* m.lock();
        while (!ready) yield* c.wait();
        yield* m.unlock();
      });
      sim.go('signaller', function* () {
        yield* m.lock();
        ready = true;
        yield* c.signal();
        yield* m.unlock();
      });
    }, { runs: 500 });
    expect(r.violation).toBeUndefined();
  });

  it('should lose the wakeup when the condition is checked without the lock (a deadlock saying so)', () => {
    const v = violationOf((sim) => {
      const m = sim.mutex('m');
      const c = sim.cond('c', m);
      let ready = false;
      sim.go('waiter', function* () {
        const r = ready; // checked outside the lock: the signal can slip in between
        yield* m.lock();
        if (!r) yield* c.wait();
        yield* m.unlock();
      });
      sim.go('signaller', function* () {
        ready = true;
        yield* c.signal();
      });
    }, 500);
    expect(v.kind).toBe('deadlock');
    expect(v.message).toContain('"waiter" blocked on cond "c" wait');
    expect(v.message).toContain('lost wakeup');
  });

  it('should wake waiters in FIFO order with signal, and all with broadcast', () => {
    const seen = outcomes((sim, record) => {
      const m = sim.mutex('m');
      const c = sim.cond('c', m);
      const order: string[] = [];
      let waiting = 0;
      for (const name of ['w1', 'w2', 'w3']) {
        sim.go(name, function* () {
          yield* sim.sleep(name === 'w1' ? 1 : name === 'w2' ? 2 : 3);
          yield* m.lock();
          waiting++;
          yield* c.wait();
          order.push(name);
          yield* m.unlock();
        });
      }
      sim.go('s', function* () {
        yield* sim.sleep(10);
        yield* m.lock();
        sim.assert(waiting === 3, 'all wait');
        yield* c.signal();
        yield* m.unlock();
        yield* sim.sleep(10);
        yield* c.broadcast();
      });
      sim.atEnd('order', () => (record(order.join(',')), true));
    }, 300, { idleTimers: true });
    for (const s of seen) expect(s.startsWith('w1,')).toBe(true);
    expect(seen.size).toBe(2); // w2,w3 re-lock in either order after the broadcast
  });

  it('should panic when waiting without holding the lock', () => {
    const v = violationOf((sim) => {
      const c = sim.cond('c', sim.mutex('m'));
      sim.go('a', function* () {
        yield* c.wait();
      });
    }, 1);
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('sync: unlock of unlocked mutex');
  });
});

describe('WaitGroup', () => {
  it('should release wait only when the counter reaches zero', () => {
    const r = run((sim) => {
      const wg = sim.waitGroup('wg');
      let done = 0;
      sim.go('main', function* () {
        yield* wg.add(3);
        for (let i = 0; i < 3; i++) {
          sim.go(`worker${i}`, function* () {
            done++;
            yield* wg.done();
          });
        }
        yield* wg.wait();
        sim.assert(done === 3, 'every worker done before wait returns');
      });
    }, { runs: 500 });
    expect(r.violation).toBeUndefined();
  });

  it('should panic on a negative counter', () => {
    const v = violationOf((sim) => {
      const wg = sim.waitGroup('wg');
      sim.go('a', function* () {
        yield* wg.done();
      });
    }, 1);
    expect(v.kind).toBe('panic');
    expect(v.message).toContain('"a" done of waitGroup "wg": sync: negative WaitGroup counter');
  });

  it('should report a deadlock with the counter when nobody calls done', () => {
    const v = violationOf((sim) => {
      const wg = sim.waitGroup('wg');
      sim.go('a', function* () {
        yield* wg.add(2);
        yield* wg.done();
        yield* wg.wait();
      });
    }, 1);
    expect(v.message).toContain('"a" blocked on waitGroup "wg" wait (counter 1)');
  });
});

describe('Once', () => {
  it('should run the body exactly once and make every caller wait for it', () => {
    const seen = outcomes((sim, record) => {
      const once = sim.once('init');
      let runs = 0;
      let value = 0;
      for (const name of ['a', 'b', 'c']) {
        sim.go(name, function* () {
          yield* once.do(function* () {
            runs++;
            yield* sim.yieldNow(); // others arrive while the body runs
            value = 42;
          });
          sim.assert(value === 42, 'body finished before do returns');
        });
      }
      sim.atEnd('runs', () => (record(`runs=${runs}`), true));
    }, 300);
    expect([...seen]).toEqual(['runs=1']);
  });

  it('should accept a plain function body', () => {
    const r = run((sim) => {
      const once = sim.once('o');
      let n = 0;
      for (const name of ['a', 'b']) sim.go(name, function* () {
        yield* once.do(() => {
          n++;
        });
      });
      sim.atEnd('once', () => n === 1);
    }, { runs: 50 });
    expect(r.violation).toBeUndefined();
  });
});

describe('lock state for checks', () => {
  it('should tell who holds a mutex and an rwmutex without a scheduling point', () => {
    const r = run((sim) => {
      const m = sim.mutex('m');
      const rw = sim.rwmutex('rw');
      sim.go('a', function* () {
        sim.assert(!m.locked && m.holder === null, 'free at first');
        yield* m.lock();
        sim.assert(m.locked && m.holder === 'a', 'held by a');
        yield* m.unlock();
        yield* rw.rlock();
        yield* rw.rlock();
        sim.assert(rw.readers === 2 && rw.writer === null, 'two readers');
        yield* rw.runlock();
        yield* rw.runlock();
        yield* rw.lock();
        sim.assert(rw.writer === 'a' && rw.readers === 0, 'a writes');
        yield* rw.unlock();
      });
    });
    expect(r.violation).toBeUndefined();
  });
});

describe('WaitGroup count', () => {
  it('should start at the given count', () => {
    const v = violationOf((sim) => {
      const wg = sim.waitGroup('wg', 2);
      sim.go('a', function* () {
        yield* wg.done();
        yield* wg.wait();
      });
    }, 1);
    expect(v.message).toContain('"a" blocked on waitGroup "wg" wait (counter 1)');
  });
});
