/**
 * Data-race cases from Go's race detector tests: `TestRaceX` must report a race in some
 * interleaving, `TestNoRaceX` in none. Plain Go variables are `sim.struct` fields (every
 * read and write race-checked, as `-race` instruments them); the happens-before edges
 * come from channels, mutexes, WaitGroups, Cond, atomics and goroutine start.
 *
 * Go's detector judges the one execution it observes; exhaustive search judges them all.
 * Where a `TestNoRace` case is race-free only because of real-time sleeps, it holds here
 * only with `idleTimers` (time advances when everything is blocked), and its `/any-time`
 * variant shows the race the sleep hides.
 */
import { Millisecond } from '..';
import type { ConformanceCase } from './harness';

const T = 'golang/go@';
const CHAN = `${T}2bd616b1a7d2544e05d55141b6575f17a9b17263 src/runtime/race/testdata/chan_test.go`;
const MUTEX = `${T}3f8526119ce1c31dc8e6d8d2b8aad5c62d4b4212 src/runtime/race/testdata/mutex_test.go`;
const WG = `${T}c871dc684b4ec198534b1fb01995010be470a24e src/runtime/race/testdata/waitgroup_test.go`;
const SYNC = `${T}de52d256505ae64459a403dbabed81a450ee9e98 src/runtime/race/testdata/sync_test.go`;
const ATOMIC = `${T}8997f1609ed06f29d7e70f54760595c1cbdbc532 src/runtime/race/testdata/atomic_test.go`;

const RACE = { fails: 'data-race' } as const;
const NO_RACE = { holds: true } as const;

/** The cases of `go-race.test.ts`. */
export const goRaceCases: readonly ConformanceCase[] = [
  {
    name: 'TestNoRaceChanSync',
    source: `${CHAN}, TestNoRaceChanSync`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('g', function* () {
          v.x = 1;
          yield* c.send(0);
        });
        yield* c.recv();
        v.x = 2;
      });
    },
  },
  {
    name: 'TestNoRaceChanSyncRev',
    source: `${CHAN}, TestNoRaceChanSyncRev (an unbuffered receive happens before the send completes)`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('g', function* () {
          yield* c.send(0);
          v.x = 2;
        });
        v.x = 1;
        yield* c.recv();
      });
    },
  },
  {
    name: 'TestNoRaceChanAsync',
    source: `${CHAN}, TestNoRaceChanAsync`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<number>('c', 10);
      sim.go('main', function* () {
        sim.go('g', function* () {
          v.x = 1;
          yield* c.send(0);
        });
        yield* c.recv();
        v.x = 2;
      });
    },
  },
  {
    name: 'TestRaceChanAsyncRev',
    source: `${CHAN}, TestRaceChanAsyncRev (a buffered receive does not order the sender's later writes)`,
    expect: RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<number>('c', 10);
      sim.go('main', function* () {
        sim.go('g', function* () {
          yield* c.send(0);
          v.x = 1;
        });
        v.x = 2;
        yield* c.recv();
      });
    },
  },
  {
    name: 'TestNoRaceChanAsyncCloseRecv2',
    source: `${CHAN}, TestNoRaceChanAsyncCloseRecv2 (close happens before a receive that returns because of it)`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<number>('c', 10);
      sim.go('main', function* () {
        sim.go('g', function* () {
          v.x = 1;
          yield* c.close();
        });
        yield* c.recvOk();
        v.x = 2;
      });
    },
  },
  {
    name: 'TestNoRaceChanMutex',
    source: `${CHAN}, TestNoRaceChanMutex (the k-th receive on a channel of capacity C happens before the (k+C)-th send completes)`,
    expect: NO_RACE,
    setup(sim) {
      const d = sim.struct('data', { x: 0 });
      const done = sim.chan<null>('done');
      const mtx = sim.chan<null>('mtx', 1);
      sim.go('main', function* () {
        sim.go('g', function* () {
          yield* mtx.send(null);
          d.x = 42;
          yield* mtx.recv();
          yield* done.send(null);
        });
        yield* mtx.send(null);
        d.x = 43;
        yield* mtx.recv();
        yield* done.recv();
      });
    },
  },
  {
    name: 'TestRaceChanSem',
    source: `${CHAN}, TestRaceChanSem (a capacity-2 semaphore admits both writers)`,
    expect: RACE,
    setup(sim) {
      const d = sim.struct('data', { x: 0 });
      const done = sim.chan<null>('done');
      const mtx = sim.chan<boolean>('mtx', 2);
      sim.go('main', function* () {
        sim.go('g', function* () {
          yield* mtx.send(true);
          d.x = 42;
          yield* mtx.recv();
          yield* done.send(null);
        });
        yield* mtx.send(true);
        d.x = 43;
        yield* mtx.recv();
        yield* done.recv();
      });
    },
  },
  {
    name: 'TestNoRaceMutex',
    source: `${MUTEX}, TestNoRaceMutex`,
    expect: NO_RACE,
    setup(sim) {
      const mu = sim.mutex('mu');
      const v = sim.struct('v', { x: 0 });
      const ch = sim.chan<boolean>('ch', 2);
      sim.go('main', function* () {
        for (const val of [1, 2]) {
          sim.go(`g${val}`, function* () {
            yield* mu.lock();
            v.x = val;
            yield* mu.unlock();
            yield* ch.send(true);
          });
        }
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
  {
    name: 'TestRaceMutex',
    source: `${MUTEX}, TestRaceMutex (the writes are outside the lock)`,
    expect: RACE,
    setup(sim) {
      const mu = sim.mutex('mu');
      const v = sim.struct('v', { x: 0 });
      const ch = sim.chan<boolean>('ch', 2);
      sim.go('main', function* () {
        for (const val of [1, 2]) {
          sim.go(`g${val}`, function* () {
            v.x = val;
            yield* mu.lock();
            yield* mu.unlock();
            yield* ch.send(true);
          });
        }
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
  {
    name: 'TestRaceMutex2',
    source: `${MUTEX}, TestRaceMutex2 (two different mutexes)`,
    expect: RACE,
    setup(sim) {
      const mus = [sim.mutex('mu1'), sim.mutex('mu2')];
      const v = sim.struct('v', { x: 0 });
      const ch = sim.chan<boolean>('ch', 2);
      sim.go('main', function* () {
        for (const i of [0, 1]) {
          sim.go(`g${i}`, function* () {
            yield* mus[i]!.lock();
            v.x = i + 1;
            yield* mus[i]!.unlock();
            yield* ch.send(true);
          });
        }
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
  {
    name: 'TestNoRaceMutexSemaphore',
    source: `${MUTEX}, TestNoRaceMutexSemaphore (unlocked by another goroutine)`,
    expect: NO_RACE,
    setup(sim) {
      const mu = sim.mutex('mu');
      const v = sim.struct('v', { x: 0 });
      const ch = sim.chan<boolean>('ch', 2);
      sim.go('main', function* () {
        yield* mu.lock();
        sim.go('g1', function* () {
          v.x = 1;
          yield* mu.unlock();
          yield* ch.send(true);
        });
        sim.go('g2', function* () {
          yield* mu.lock();
          v.x = 2;
          yield* mu.unlock();
          yield* ch.send(true);
        });
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
  ...[true, false].map(
    (idle): ConformanceCase => ({
      name: `TestNoRaceMutexPureHappensBefore${idle ? '' : '/any-time'}`,
      source: `${MUTEX}, TestNoRaceMutexPureHappensBefore${idle ? ' (idle timers: g1 finishes before the 100 µs timer)' : ' (timers may fire at any step: g2 can lock first, and the writes race)'}`,
      expect: idle ? NO_RACE : RACE,
      ...(idle ? { idleTimers: true } : {}),
      setup(sim) {
        const mu = sim.mutex('mu');
        const v = sim.struct('v', { x: 0 });
        const ch = sim.chan<boolean>('ch', 2);
        sim.go('main', function* () {
          sim.go('g1', function* () {
            v.x = 1;
            yield* mu.lock();
            yield* mu.unlock();
            yield* ch.send(true);
          });
          sim.go('g2', function* () {
            yield* sim.after(0.1 * Millisecond).recv();
            yield* mu.lock();
            yield* mu.unlock();
            v.x = 1;
            yield* ch.send(true);
          });
          yield* ch.recv();
          yield* ch.recv();
        });
      },
    }),
  ),
  {
    name: 'TestNoRaceWaitGroup2',
    source: `${WG}, TestNoRaceWaitGroup2`,
    expect: NO_RACE,
    setup(sim) {
      const wg = sim.waitGroup('wg');
      const v = sim.struct('v', { x: 0 });
      sim.go('main', function* () {
        yield* wg.add(1);
        sim.go('g', function* () {
          v.x = 1;
          yield* wg.done();
        });
        yield* wg.wait();
        v.x = 2;
      });
    },
  },
  {
    name: 'TestRaceWaitGroup2',
    source: `${WG}, TestRaceWaitGroup2 ("Correct usage but still a race")`,
    expect: RACE,
    setup(sim) {
      const wg = sim.waitGroup('wg', 2);
      const v = sim.struct('v', { x: 0 });
      sim.go('main', function* () {
        for (const val of [1, 2]) {
          sim.go(`g${val}`, function* () {
            v.x = val;
            yield* wg.done();
          });
        }
        yield* wg.wait();
      });
    },
  },
  {
    name: 'TestRaceWaitGroupWrongWait',
    source: `${WG}, TestRaceWaitGroupWrongWait ("Add is too late")`,
    expect: RACE,
    setup(sim) {
      const wg = sim.waitGroup('wg');
      const v = sim.struct('v', { x: 0 });
      const c = sim.chan<boolean>('c', 2);
      sim.go('main', function* () {
        for (const val of [1, 2]) {
          sim.go(`g${val}`, function* () {
            yield* wg.add(1);
            yield* sim.yieldNow();
            v.x = val;
            yield* wg.done();
            yield* c.send(true);
          });
        }
        yield* wg.wait();
        yield* c.recv();
        yield* c.recv();
      });
    },
  },
  {
    name: 'TestNoRaceCond',
    source: `${SYNC}, TestNoRaceCond`,
    expect: NO_RACE,
    setup(sim) {
      const mu = sim.mutex('mu');
      const cond = sim.cond('cond', mu);
      const v = sim.struct('v', { x: 0, condition: 0 });
      sim.go('main', function* () {
        sim.go('g', function* () {
          v.x = 1;
          yield* mu.lock();
          v.condition = 1;
          yield* cond.signal();
          yield* mu.unlock();
        });
        yield* mu.lock();
        while (v.condition !== 1) yield* cond.wait();
        yield* mu.unlock();
        v.x = 2;
      });
    },
  },
  {
    name: 'TestNoRaceAfterFunc3',
    source: `${SYNC}, TestNoRaceAfterFunc3`,
    expect: NO_RACE,
    setup(sim) {
      const c = sim.chan<boolean>('c', 1);
      const v = sim.struct('v', { x: 0 });
      sim.go('main', function* () {
        sim.afterFunc(10 * Millisecond, 'f', function* () {
          v.x = 1;
          yield* c.send(true);
        });
        yield* c.recv();
      });
    },
  },
  {
    name: 'TestRaceAfterFunc3',
    source: `${SYNC}, TestRaceAfterFunc3 (two AfterFunc bodies write x with nothing between them)`,
    expect: RACE,
    setup(sim) {
      const c = sim.chan<boolean>('c', 2);
      const v = sim.struct('v', { x: 0 });
      sim.go('main', function* () {
        sim.afterFunc(10 * Millisecond, 'f1', function* () {
          v.x = 1;
          yield* c.send(true);
        });
        sim.afterFunc(20 * Millisecond, 'f2', function* () {
          v.x = 2;
          yield* c.send(true);
        });
        yield* c.recv();
        yield* c.recv();
      });
    },
  },
  ...[2, 1].map(
    (winner): ConformanceCase => ({
      name: winner === 2 ? 'TestNoRaceAtomicAddInt64' : 'TestRaceAtomicAddInt64',
      source: `${ATOMIC}, ${winner === 2 ? 'TestNoRaceAtomicAddInt64 (the second adder sees the first one’s write)' : 'TestRaceAtomicAddInt64 (the first adder writes the other’s variable unordered)'}`,
      expect: winner === 2 ? NO_RACE : RACE,
      setup(sim) {
        const v = sim.struct('v', { x1: 0, x2: 0 });
        const s = sim.atomic('s', 0);
        const ch = sim.chan<boolean>('ch', 2);
        sim.go('main', function* () {
          sim.go('g1', function* () {
            v.x1 = 1;
            if ((yield* s.add(1)) === winner) v.x2 = 1;
            yield* ch.send(true);
          });
          sim.go('g2', function* () {
            v.x2 = 1;
            if ((yield* s.add(1)) === winner) v.x1 = 1;
            yield* ch.send(true);
          });
          yield* ch.recv();
          yield* ch.recv();
        });
      },
    }),
  ),
  {
    name: 'TestNoRaceAtomicLoadStoreInt32',
    source: `${ATOMIC}, TestNoRaceAtomicLoadStoreInt32 (spin on an atomic load with Gosched)`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x: 0 });
      const s = sim.atomic('s', 0);
      sim.go('main', function* () {
        sim.go('g', function* () {
          v.x = 2;
          yield* s.store(1);
        });
        while ((yield* s.load()) !== 1) yield* sim.yieldNow();
        v.x = 1;
      });
    },
  },
  {
    name: 'TestNoRaceAtomicCASCASInt32_2',
    source: `${ATOMIC}, TestNoRaceAtomicCASCASInt32_2`,
    expect: NO_RACE,
    setup(sim) {
      const v = sim.struct('v', { x1: 0, x2: 0 });
      const s = sim.atomic('s', 0);
      const ch = sim.chan<boolean>('ch', 2);
      sim.go('main', function* () {
        sim.go('g1', function* () {
          v.x1 = 1;
          if (!(yield* s.cas(0, 1))) v.x2 = 1;
          yield* ch.send(true);
        });
        sim.go('g2', function* () {
          v.x2 = 1;
          if (!(yield* s.cas(0, 1))) v.x1 = 1;
          yield* ch.send(true);
        });
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
];
