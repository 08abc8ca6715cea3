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
import { Millisecond, type Atomic, type Routine } from '..';
import { portsFrom, signalling, type Setup } from './build';
import type { ConformanceCase } from './harness';

const T = 'golang/go@';
const chanTest = portsFrom(`${T}2bd616b1a7d2544e05d55141b6575f17a9b17263 src/runtime/race/testdata/chan_test.go`);
const mutexTest = portsFrom(`${T}3f8526119ce1c31dc8e6d8d2b8aad5c62d4b4212 src/runtime/race/testdata/mutex_test.go`);
const wgTest = portsFrom(`${T}c871dc684b4ec198534b1fb01995010be470a24e src/runtime/race/testdata/waitgroup_test.go`);
const syncTest = portsFrom(`${T}de52d256505ae64459a403dbabed81a450ee9e98 src/runtime/race/testdata/sync_test.go`);
const atomicTest = portsFrom(`${T}8997f1609ed06f29d7e70f54760595c1cbdbc532 src/runtime/race/testdata/atomic_test.go`);

/**
 * The atomic tests' shape: goroutines g1 and g2 each write their own variable, then the
 * other's when `writesOther(s)` (an operation on the atomic `s`) says so; main waits for both.
 */
function crossWrites(writesOther: (s: Atomic) => Routine<boolean>): Setup {
  return (sim) => {
    const v = sim.struct('v', { x1: 0, x2: 0 });
    const s = sim.atomic('s', 0);
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      yield* signalling(sim, ch, {
        *g1() {
          v.x1 = 1;
          if (yield* writesOther(s)) v.x2 = 1;
        },
        *g2() {
          v.x2 = 1;
          if (yield* writesOther(s)) v.x1 = 1;
        },
      }).wait();
    });
  };
}

/** The cases of `go-race.test.ts`. */
export const goRaceCases: readonly ConformanceCase[] = [
  // Write, then signal: a receive (buffered or not) orders the sender's earlier write.
  ...([['TestNoRaceChanSync', 0], ['TestNoRaceChanAsync', 10]] as const).map(([name, cap]) => chanTest(name).holds((sim) => {
    const v = sim.struct('v', { x: 0 });
    const c = sim.chan<number>('c', cap);
    sim.go('main', function* () {
      sim.go('g', function* () {
        v.x = 1;
        yield* c.send(0);
      });
      yield* c.recv();
      v.x = 2;
    });
  })),
  // Signal, then write: only an unbuffered receive orders the sender's later write.
  ...([
    ['TestNoRaceChanSyncRev', 0, 'an unbuffered receive happens before the send completes', 2, 1],
    ['TestRaceChanAsyncRev', 10, "a buffered receive does not order the sender's later writes", 1, 2],
  ] as const).map(([name, cap, note, inG, inMain]) => chanTest(name, note).expects(cap === 0 ? { holds: true } : { fails: 'data-race' }, (sim) => {
    const v = sim.struct('v', { x: 0 });
    const c = sim.chan<number>('c', cap);
    sim.go('main', function* () {
      sim.go('g', function* () {
        yield* c.send(0);
        v.x = inG;
      });
      v.x = inMain;
      yield* c.recv();
    });
  })),
  chanTest('TestNoRaceChanAsyncCloseRecv2', 'close happens before a receive that returns because of it').holds((sim) => {
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
  }),
  // A channel used as a mutex (capacity 1) or a semaphore (capacity 2) around `d.x`.
  ...([
    ['TestNoRaceChanMutex', 1, 'the k-th receive on a channel of capacity C happens before the (k+C)-th send completes'],
    ['TestRaceChanSem', 2, 'a capacity-2 semaphore admits both writers'],
  ] as const).map(([name, cap, note]) => chanTest(name, note).expects(cap === 1 ? { holds: true } : { fails: 'data-race' }, (sim) => {
    const d = sim.struct('data', { x: 0 });
    const done = sim.chan<null>('done');
    const mtx = sim.chan<boolean | null>('mtx', cap);
    const token = cap === 1 ? null : true; // upstream: chan struct{} / chan bool
    sim.go('main', function* () {
      sim.go('g', function* () {
        yield* mtx.send(token);
        d.x = 42;
        yield* mtx.recv();
        yield* done.send(null);
      });
      yield* mtx.send(token);
      d.x = 43;
      yield* mtx.recv();
      yield* done.recv();
    });
  })),
  // Two goroutines write v.x; each then signals on ch, and main waits for both.
  mutexTest('TestNoRaceMutex').holds((sim) => {
    const mu = sim.mutex('mu');
    const v = sim.struct('v', { x: 0 });
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      const write = (val: number) => function* (): Routine<void> {
        yield* mu.lock();
        v.x = val;
        yield* mu.unlock();
      };
      yield* signalling(sim, ch, { g1: write(1), g2: write(2) }).wait();
    });
  }),
  mutexTest('TestRaceMutex', 'the writes are outside the lock').fails('data-race', (sim) => {
    const mu = sim.mutex('mu');
    const v = sim.struct('v', { x: 0 });
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      const write = (val: number) => function* (): Routine<void> {
        v.x = val;
        yield* mu.lock();
        yield* mu.unlock();
      };
      yield* signalling(sim, ch, { g1: write(1), g2: write(2) }).wait();
    });
  }),
  mutexTest('TestRaceMutex2', 'two different mutexes').fails('data-race', (sim) => {
    const mus = [sim.mutex('mu1'), sim.mutex('mu2')] as const;
    const v = sim.struct('v', { x: 0 });
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      const write = (i: 0 | 1) => function* (): Routine<void> {
        yield* mus[i].lock();
        v.x = i + 1;
        yield* mus[i].unlock();
      };
      yield* signalling(sim, ch, { g0: write(0), g1: write(1) }).wait();
    });
  }),
  mutexTest('TestNoRaceMutexSemaphore', 'unlocked by another goroutine').holds((sim) => {
    const mu = sim.mutex('mu');
    const v = sim.struct('v', { x: 0 });
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      yield* mu.lock();
      yield* signalling(sim, ch, {
        *g1() {
          v.x = 1;
          yield* mu.unlock();
        },
        *g2() {
          yield* mu.lock();
          v.x = 2;
          yield* mu.unlock();
        },
      }).wait();
    });
  }),
  ...[true, false].map((idle) => mutexTest(
    `TestNoRaceMutexPureHappensBefore${idle ? '' : '/any-time'}`,
    idle ? 'idle timers: g1 finishes before the 100 µs timer' : 'timers may fire at any step: g2 can lock first, and the writes race',
    idle ? { idleTimers: true } : {},
  ).expects(idle ? { holds: true } : { fails: 'data-race' }, (sim) => {
    const mu = sim.mutex('mu');
    const v = sim.struct('v', { x: 0 });
    const ch = sim.chan<boolean>('ch', 2);
    sim.go('main', function* () {
      yield* signalling(sim, ch, {
        *g1() {
          v.x = 1;
          yield* mu.lock();
          yield* mu.unlock();
        },
        *g2() {
          yield* sim.after(0.1 * Millisecond).recv();
          yield* mu.lock();
          yield* mu.unlock();
          v.x = 1;
        },
      }).wait();
    });
  })),
  wgTest('TestNoRaceWaitGroup2').holds((sim) => {
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
  }),
  wgTest('TestRaceWaitGroup2', '"Correct usage but still a race"').fails('data-race', (sim) => {
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
  }),
  wgTest('TestRaceWaitGroupWrongWait', '"Add is too late"').fails('data-race', (sim) => {
    const wg = sim.waitGroup('wg');
    const v = sim.struct('v', { x: 0 });
    const c = sim.chan<boolean>('c', 2);
    sim.go('main', function* () {
      const write = (val: number) => function* (): Routine<void> {
        yield* wg.add(1);
        yield* sim.yieldNow();
        v.x = val;
        yield* wg.done();
      };
      const gs = signalling(sim, c, { g1: write(1), g2: write(2) });
      yield* wg.wait();
      yield* gs.wait();
    });
  }),
  syncTest('TestNoRaceCond').holds((sim) => {
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
  }),
  // One AfterFunc body writes x (no race with anyone), or two do with nothing between them.
  ...([
    ['TestNoRaceAfterFunc3', undefined, [1]],
    ['TestRaceAfterFunc3', 'two AfterFunc bodies write x with nothing between them', [1, 2]],
  ] as const).map(([name, note, writes]) => syncTest(name, note).expects(writes.length === 1 ? { holds: true } : { fails: 'data-race' }, (sim) => {
    const c = sim.chan<boolean>('c', writes.length);
    const v = sim.struct('v', { x: 0 });
    sim.go('main', function* () {
      for (const x of writes) {
        sim.afterFunc(10 * x * Millisecond, writes.length === 1 ? 'f' : `f${x}`, function* () {
          v.x = x;
          yield* c.send(true);
        });
      }
      for (let i = 0; i < writes.length; i++) yield* c.recv();
    });
  })),
  ...[2, 1].map((winner) => atomicTest(
    winner === 2 ? 'TestNoRaceAtomicAddInt64' : 'TestRaceAtomicAddInt64',
    winner === 2 ? 'the second adder sees the first one’s write' : 'the first adder writes the other’s variable unordered',
  ).expects(winner === 2 ? { holds: true } : { fails: 'data-race' }, crossWrites(function* (s) {
    return (yield* s.add(1)) === winner;
  }))),
  atomicTest('TestNoRaceAtomicLoadStoreInt32', 'spin on an atomic load with Gosched').holds((sim) => {
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
  }),
  atomicTest('TestNoRaceAtomicCASCASInt32_2').holds(crossWrites(function* (s) {
    return !(yield* s.cas(0, 1));
  })),
];
