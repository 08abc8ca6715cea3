/**
 * `sync` cases ported from Go's own tests: Mutex, RWMutex, Cond, WaitGroup, Once. Loop
 * counts and goroutine counts are cut to what exhaustive search can enumerate.
 */
import { Millisecond, type Sim } from '..';
import { goEach, locked, notReady, portsFrom, recvN } from './build';
import type { ConformanceCase } from './harness';

const GO = 'golang/go@';
const mutexTest = portsFrom(`${GO}0556e26273f704db73df9e7c4c3d2e8434dec7be src/sync/mutex_test.go`);
const rwmutexTest = portsFrom(`${GO}6e9546e4a8b1eadba621fe49e42cbd0730fbcd46 src/sync/rwmutex_test.go`);
const rwmutexGo = portsFrom(`${GO}1a45dd796ccb5226033fbaa51f191c6eea1e26e1 src/sync/rwmutex.go`);
const condTest = portsFrom(`${GO}1941f298def2b02fa60dfe666f0b32ca3d38eb39 src/sync/cond_test.go`);
const condGo = portsFrom(`${GO}5e421a80a09b31583d4a161ab9238d1dab89016c src/sync/cond.go`);
const wgTest = portsFrom(`${GO}6e9546e4a8b1eadba621fe49e42cbd0730fbcd46 src/sync/waitgroup_test.go`);
const onceTest = portsFrom(`${GO}6e9546e4a8b1eadba621fe49e42cbd0730fbcd46 src/sync/once_test.go`);

/** Go's `misuseTests`: each must die with a message about an unlocked lock. */
const misuse: readonly [string, (sim: Sim) => void][] = [
  ['Mutex.Unlock', (sim) => { const mu = sim.mutex('mu'); sim.go('main', function* () { yield* mu.unlock(); }); }],
  ['Mutex.Unlock2', (sim) => { const mu = sim.mutex('mu'); sim.go('main', function* () { yield* mu.lock(); yield* mu.unlock(); yield* mu.unlock(); }); }],
  ['RWMutex.Unlock', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.unlock(); }); }],
  ['RWMutex.Unlock2', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.rlock(); yield* mu.unlock(); }); }],
  ['RWMutex.Unlock3', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.lock(); yield* mu.unlock(); yield* mu.unlock(); }); }],
  ['RWMutex.RUnlock', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.runlock(); }); }],
  ['RWMutex.RUnlock2', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.lock(); yield* mu.runlock(); }); }],
  ['RWMutex.RUnlock3', (sim) => { const mu = sim.rwmutex('mu'); sim.go('main', function* () { yield* mu.rlock(); yield* mu.runlock(); yield* mu.runlock(); }); }],
];

/** The cases of `go-sync.test.ts`. */
export const goSyncCases: readonly ConformanceCase[] = [
  mutexTest('TestMutex', 'HammerMutex: 2 goroutines x 2 loops instead of 10 x 1000').holds((sim) => {
    const m = sim.mutex('m');
    const c = sim.chan<boolean>('c');
    let inside = 0;
    sim.go('main', function* () {
      goEach(sim, 'hammer', 2, function* () {
        for (let j = 0; j < 2; j++) {
          yield* m.lock();
          inside++;
          sim.assert(inside === 1, `${inside} goroutines inside the mutex`);
          yield* sim.yieldNow();
          inside--;
          yield* m.unlock();
        }
        yield* c.send(true);
      });
      yield* recvN(c, 2);
    });
  }),
  ...misuse.map(([name, setup]) =>
    mutexTest(`TestMutexMisuse/${name}`, `"${name}": the process dies with a message about an unlocked lock`).fails('panic', setup, /unlocked/i),
  ),
  ...[1, 2].map((numReaders) => rwmutexTest(`TestParallelReaders/readers=${numReaders}`, `doTestParallelReaders(${numReaders}, …)`, { plain: numReaders === 1 }).holds((sim) => {
    const m = sim.rwmutex('m');
    const clocked = sim.chan<boolean>('clocked');
    const cunlock = sim.chan<boolean>('cunlock');
    const cdone = sim.chan<boolean>('cdone');
    sim.go('main', function* () {
      goEach(sim, 'reader', numReaders, function* () {
        yield* m.rlock();
        yield* clocked.send(true);
        yield* cunlock.recv();
        yield* m.runlock();
        yield* cdone.send(true);
      });
      yield* recvN(clocked, numReaders);
      for (let i = 0; i < numReaders; i++) yield* cunlock.send(true);
      yield* recvN(cdone, numReaders);
    });
  })),
  rwmutexTest('TestRWMutex/try-locks', 'the TryLock/TryRLock prologue', { outcomes: ['false false true true true false'] }).holds((sim, record) => {
    const m = sim.rwmutex('m');
    sim.go('main', function* () {
      yield* m.lock();
      record(String(yield* m.tryLock()));
      record(String(yield* m.tryRLock()));
      yield* m.unlock();
      record(String(yield* m.tryLock()));
      yield* m.unlock();
      record(String(yield* m.tryRLock()));
      record(String(yield* m.tryRLock()));
      record(String(yield* m.tryLock()));
      yield* m.runlock();
      yield* m.runlock();
    });
  }),
  rwmutexTest('TestRWMutex/HammerRWMutex', 'HammerRWMutex(_, 1, 1): writer, reader, writer, one iteration each', { plain: false }).holds((sim) => {
    const rwm = sim.rwmutex('rwm');
    const activity = sim.atomic('activity', 0);
    const cdone = sim.chan<boolean>('cdone');
    const writer = function* () {
      yield* rwm.lock();
      const n = yield* activity.add(10000);
      sim.assert(n === 10000, `wlock(${n})`);
      yield* activity.add(-10000);
      yield* rwm.unlock();
      yield* cdone.send(true);
    };
    sim.go('main', function* () {
      sim.go('writer1', writer);
      sim.go('reader', function* () {
        yield* rwm.rlock();
        const n = yield* activity.add(1);
        sim.assert(n >= 1 && n < 10000, `rlock(${n})`);
        yield* activity.add(-1);
        yield* rwm.runlock();
        yield* cdone.send(true);
      });
      sim.go('writer2', writer);
      yield* recvN(cdone, 3);
    });
  }),
  rwmutexTest('TestRLocker', 'n = 1: a recursive read lock with no writer waiting is fine').holds((sim) => {
    const wl = sim.rwmutex('wl');
    const wlocked = sim.chan<boolean>('wlocked', 1);
    const rlocked = sim.chan<boolean>('rlocked', 1);
    sim.go('main', function* () {
      sim.go('g', function* () {
        yield* wl.rlock();
        yield* wl.rlock();
        yield* rlocked.send(true);
        yield* wl.lock();
        yield* wlocked.send(true);
      });
      yield* rlocked.recv();
      yield* wl.runlock();
      yield* notReady(sim, wlocked, "RLocker() didn't read-lock it");
      yield* wl.runlock();
      yield* wlocked.recv();
      yield* notReady(sim, rlocked, "RLocker() didn't respect the write lock");
      yield* wl.unlock();
    });
  }),
  rwmutexGo('RWMutex/recursive-read-lock-deadlock', '"a blocked Lock call excludes new readers … this prohibits recursive read-locking"', { test: 'RWMutex doc' }).fails('deadlock', (sim) => {
    const rw = sim.rwmutex('rw');
    sim.go('reader', function* () {
      yield* rw.rlock();
      yield* sim.yieldNow();
      yield* rw.rlock();
      yield* rw.runlock();
      yield* rw.runlock();
    });
    sim.go('writer', function* () {
      yield* rw.lock();
      yield* rw.unlock();
    });
  }),
  rwmutexGo(
    'RWMutex/writer-preference-tryRLock',
    'a pending writer makes TryRLock fail; idle timers so the sleep ends only when the writer is blocked',
    { test: 'RWMutex doc and TryRLock', idleTimers: true, outcomes: ['false'] },
  ).holds((sim, record) => {
    const rw = sim.rwmutex('rw');
    sim.go('main', function* () {
      yield* rw.rlock();
      sim.go('writer', function* () {
        yield* rw.lock();
        yield* rw.unlock();
      });
      yield* sim.sleep(Millisecond);
      record(String(yield* rw.tryRLock()));
      yield* rw.runlock();
    });
  }),
  condTest('TestCondSignal', 'n = 2', { plain: false }).holds((sim) => {
    const m = sim.mutex('m');
    const c = sim.cond('c', m);
    const n = 2;
    const running = sim.chan<boolean>('running', n);
    const awake = sim.chan<boolean>('awake', n);
    sim.go('main', function* () {
      goEach(sim, 'waiter', n, () => locked(m, function* () {
        yield* running.send(true);
        yield* c.wait();
        yield* awake.send(true);
      }));
      yield* recvN(running, n);
      for (let left = n; left > 0; left--) {
        yield* notReady(sim, awake, 'goroutine not asleep');
        yield* locked(m, () => c.signal());
        yield* awake.recv();
        yield* notReady(sim, awake, 'too many goroutines awake');
      }
      yield* c.signal();
    });
  }),
  condTest('TestCondSignalGenerations', 'n = 3: waiters wake in the order they waited').holds((sim) => {
    const m = sim.mutex('m');
    const c = sim.cond('c', m);
    const n = 3;
    const running = sim.chan<boolean>('running', n);
    const awake = sim.chan<number>('awake', n);
    sim.go('main', function* () {
      for (let i = 0; i < n; i++) {
        sim.go(`waiter${i}`, () => locked(m, function* () {
          yield* running.send(true);
          yield* c.wait();
          yield* awake.send(i);
        }));
        if (i > 0) {
          const a = yield* awake.recv();
          sim.assert(a === i - 1, `wrong goroutine woke up: want ${i - 1}, got ${String(a)}`);
        }
        yield* running.recv();
        yield* locked(m, () => c.signal());
      }
    });
  }),
  condTest('TestCondBroadcast', 'n = 2 goroutines, 2 rounds', { plain: false }).holds((sim) => {
    const m = sim.mutex('m');
    const c = sim.cond('c', m);
    const n = 2;
    const running = sim.chan<number>('running', n);
    const awake = sim.chan<number>('awake', n);
    let exit = false;
    sim.go('main', function* () {
      goEach(sim, 'g', n, (i) => locked(m, function* () {
        while (!exit) {
          yield* running.send(i);
          yield* c.wait();
          yield* awake.send(i);
        }
      }));
      for (let round = 0; round < n; round++) {
        yield* recvN(running, n);
        if (round === n - 1) {
          yield* m.lock();
          exit = true;
          yield* m.unlock();
        }
        yield* notReady(sim, awake, 'goroutine not asleep');
        yield* locked(m, () => c.broadcast());
        const seen = new Set<number>();
        for (let i = 0; i < n; i++) {
          const g = (yield* awake.recv())!;
          sim.assert(!seen.has(g), 'goroutine woke up twice');
          seen.add(g);
        }
      }
      yield* notReady(sim, running, 'goroutine did not exit');
      yield* c.broadcast();
    });
  }),
  condTest('TestCondSignalStealing', 'the first waiter must get the broadcast; a missed one is a deadlock here instead of a 2 s timeout').holds((sim) => {
    const m = sim.mutex('m');
    const cond = sim.cond('cond', m);
    const ch = sim.chan<null>('ch');
    let done = false;
    sim.go('main', function* () {
      sim.go('waiter', function* () {
        yield* m.lock();
        yield* ch.send(null);
        yield* cond.wait();
        yield* m.unlock();
        yield* ch.send(null);
      });
      yield* ch.recv();
      yield* m.lock();
      yield* m.unlock();
      sim.go('broadcaster', function* () {
        yield* cond.broadcast();
      });
      sim.go('second-waiter', () => locked(m, function* () {
        while (!done) yield* cond.wait();
      }));
      yield* ch.recv();
      yield* m.lock();
      done = true;
      yield* m.unlock();
      yield* cond.broadcast();
    });
  }),
  condGo('Cond.Wait/relock-through-RWMutex.Lock', 'ends with c.L.Lock(): on an RWMutex that is Lock, which excludes new readers while it waits; issue 11, reproduction 3', { test: 'Cond.Wait' }).fails('deadlock', (sim) => {
    const rw = sim.rwmutex('rw');
    const c = sim.cond('c', rw);
    let ready = false;
    sim.go('waiter', () => locked(rw, function* () {
      while (!ready) yield* c.wait();
    }));
    sim.go('signaller', () => locked(rw, function* () {
      ready = true;
      yield* c.signal();
    }));
    sim.go('reader', function* () {
      yield* rw.rlock();
      yield* rw.rlock();
      yield* rw.runlock();
      yield* rw.runlock();
    });
  }),
  wgTest('TestWaitGroup', 'testWaitGroup with n = 2, run twice on the same WaitGroups: reuse', { plain: false }).holds((sim) => {
    const wg1 = sim.waitGroup('wg1');
    const wg2 = sim.waitGroup('wg2');
    const n = 2;
    sim.go('main', function* () {
      for (let round = 0; round < 2; round++) {
        yield* wg1.add(n);
        yield* wg2.add(n);
        const exited = sim.chan<boolean>(`exited${round}`, n);
        goEach(sim, `g${round}.`, n, function* () {
          yield* wg1.done();
          yield* wg2.wait();
          yield* exited.send(true);
        });
        yield* wg1.wait();
        for (let i = 0; i < n; i++) {
          yield* notReady(sim, exited, 'WaitGroup released group too soon');
          yield* wg2.done();
        }
        yield* recvN(exited, n);
      }
    });
  }),
  wgTest('TestWaitGroupMisuse').fails('panic', (sim) => {
    const wg = sim.waitGroup('wg');
    sim.go('main', function* () {
      yield* wg.add(1);
      yield* wg.done();
      yield* wg.done();
    });
  }, /sync: negative WaitGroup counter/),
  wgTest('TestWaitGroupRace', 'one round').holds((sim) => {
    const wg = sim.waitGroup('wg');
    const n = sim.atomic('n', 0);
    sim.go('main', function* () {
      for (const name of ['g1', 'g2']) {
        yield* wg.add(1);
        sim.go(name, function* () {
          yield* n.add(1);
          yield* wg.done();
        });
      }
      yield* wg.wait();
      sim.assert((yield* n.load()) === 2, 'Spurious wakeup from Wait');
    });
  }),
  onceTest('TestOnce', 'N = 3', { plain: false }).holds((sim) => {
    const once = sim.once('once');
    const c = sim.chan<boolean>('c');
    let o = 0;
    sim.go('main', function* () {
      goEach(sim, 'run', 3, function* () {
        yield* once.do(() => {
          o++;
        });
        sim.assert(o === 1, `once failed inside run: ${o} is not 1`);
        yield* c.send(true);
      });
      yield* recvN(c, 3);
      sim.assert(o === 1, `once failed outside run: ${o} is not 1`);
    });
  }),
  onceTest('TestOncePanic', 'a panicking f counts as done: the next Do does not call f', { outcomes: ['recovered'] }).holds((sim, record) => {
    const once = sim.once('once');
    sim.go('main', function* () {
      try {
        yield* once.do(() => {
          throw new Error('failed');
        });
        sim.assert(false, 'Once.Do did not panic');
      } catch {
        record('recovered');
      }
      yield* once.do(() => {
        sim.assert(false, 'Once.Do called twice');
      });
    });
  }),
];
