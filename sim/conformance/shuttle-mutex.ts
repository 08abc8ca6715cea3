/**
 * Cases from shuttle's `tests/basic/mutex.rs` and `rwlock.rs`, mapped onto Go's
 * `sync.Mutex` and `sync.RWMutex`: a Rust thread is a goroutine, `Mutex<T>` a mutex
 * guarding a plain value, a guard's drop an `unlock`, `try_lock` Go's `TryLock`.
 *
 * Where Go and shuttle disagree, these follow Go and say so in the case's source:
 * - shuttle panics when a thread re-acquires a lock it holds ("tried to acquire a Mutex it
 *   already holds"); Go has no owner check, so a recursive `Lock` (or an RWMutex read lock
 *   upgraded to a write lock, or the reverse) simply never returns: a `deadlock` here;
 * - shuttle rules out a second read lock by the same thread (`double_read` panics,
 *   `double_try_read` fails); Go's `RWMutex` grants it while no writer waits (the doc's
 *   "prohibits recursive read-locking" is about a writer arriving in between, which
 *   `go-sync.ts` covers with `RWMutex/recursive-read-lock-deadlock`).
 */
import type { Routine } from '..';
import type { ConformanceCase } from './harness';
import { shuttleSource, spawn } from './shuttle-thread';

const mutexRs = (test: string, note?: string): string => shuttleSource('mutex', test, note);
const rwlockRs = (test: string, note?: string): string => shuttleSource('rwlock', test, note);

/** The `mutex.rs` cases. */
const mutexCases: readonly ConformanceCase[] = [
  {
    name: 'basic_lock_test',
    source: mutexRs('basic_lock_test'),
    expect: { holds: true },
    setup(sim) {
      const lock = sim.mutex('lock');
      let counter = 0;
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* lock.lock();
          counter++;
          yield* lock.unlock();
        });
        yield* lock.lock();
        counter++;
        yield* lock.unlock();
      });
    },
  },
  {
    name: 'deadlock_default',
    source: mutexRs('deadlock_default', '#[should_panic(expected = "deadlock")]: lock order lock2, lock1 against lock1, lock2'),
    expect: { fails: 'deadlock' },
    setup(sim) {
      const lock1 = sim.mutex('lock1');
      const lock2 = sim.mutex('lock2');
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* lock1.lock();
          yield* lock2.lock();
          yield* lock2.unlock();
          yield* lock1.unlock();
        });
        yield* lock2.lock();
        yield* lock1.lock();
        yield* lock1.unlock();
        yield* lock2.unlock();
      });
    },
  },
  ...(['concurrent_increment_buggy', 'concurrent_increment'] as const).map((test): ConformanceCase => ({
    name: test,
    source: mutexRs(test, test === 'concurrent_increment_buggy'
      ? '#[should_panic(expected = "racing increments")]: the read and the write take the lock separately; shuttle finds it with PCT, dfs here'
      : 'shuttle runs it under PCT; dfs here'),
    expect: test === 'concurrent_increment_buggy' ? { fails: 'assertion', message: /racing increments/ } : { holds: true },
    ...(test === 'concurrent_increment' ? { outcomes: ['2'] } : {}),
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const threads = [0, 1].map((i) => spawn(sim, `thread${i}`, function* (): Routine<void> {
          if (test === 'concurrent_increment') {
            yield* lock.lock();
            value++;
            yield* lock.unlock();
            return;
          }
          yield* lock.lock();
          const curr = value;
          yield* lock.unlock();
          yield* lock.lock();
          value = curr + 1;
          yield* lock.unlock();
        }));
        for (const t of threads) yield* t.join();
        yield* lock.lock();
        sim.assert(value === 2, `racing increments: counter is ${value}, want 2`);
        record(String(value));
        yield* lock.unlock();
      });
    },
  })),
  {
    name: 'unlock_yields',
    source: mutexRs('unlock_yields', 'the multiplication goes before, between or after the two increments: 2, 3, 4'),
    expect: { holds: true },
    outcomes: ['2', '3', '4'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const add = spawn(sim, 'add', function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        });
        const mul = spawn(sim, 'mul', function* (): Routine<void> {
          yield* lock.lock();
          value *= 2;
          yield* lock.unlock();
        });
        yield* add.join();
        yield* mul.join();
        record(String(value));
      });
    },
  },
  {
    name: 'mutex_rwlock_interaction',
    source: mutexRs('mutex_rwlock_interaction', 'final values 6, 7, 9, 12 when the try_lock succeeds, 11 and 17 when it fails'),
    expect: { holds: true },
    outcomes: ['6', '7', '9', '11', '12', '17'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      const rwlock = sim.rwmutex('rwlock');
      let value = 0; // upstream's std::sync::Mutex: invisible to the scheduler, a plain variable here
      sim.go('main', function* () {
        const add = spawn(sim, 'add', function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
          yield* rwlock.lock();
          if (yield* lock.tryLock()) {
            value += 2;
            yield* lock.unlock();
          } else {
            value += 6;
          }
          yield* rwlock.unlock();
          yield* lock.lock();
          value += 3;
          yield* lock.unlock();
        });
        const mul = spawn(sim, 'mul', function* (): Routine<void> {
          yield* lock.lock();
          yield* sim.yieldNow(); // upstream's explicit yield before touching the std mutex
          value *= 2;
          yield* lock.unlock();
        });
        yield* add.join();
        yield* mul.join();
        record(String(value));
      });
    },
  },
  {
    name: 'concurrent_try_increment',
    source: mutexRs('concurrent_try_increment', 'one try_lock must succeed, the other may: 1 or 2'),
    expect: { holds: true },
    outcomes: ['1', '2'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const threads = [0, 1].map((i) => spawn(sim, `thread${i}`, function* (): Routine<void> {
          if (yield* lock.tryLock()) {
            value += 1;
            yield* lock.unlock();
          }
        }));
        for (const t of threads) yield* t.join();
        record(String(value));
      });
    },
  },
  {
    name: 'concurrent_lock_try_lock',
    source: mutexRs('concurrent_lock_try_lock', 'lock adds 1, two try_locks add 1 and 2: 1, 2, 3 or 4'),
    expect: { holds: true },
    outcomes: ['1', '2', '3', '4'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const locker = spawn(sim, 'lock', function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        });
        const trier = spawn(sim, 'try_lock', function* (): Routine<void> {
          for (let n = 1; n < 3; n++) {
            if (yield* lock.tryLock()) {
              value += n;
              yield* lock.unlock();
            }
          }
        });
        yield* locker.join();
        yield* trier.join();
        record(String(value));
      });
    },
  },
  {
    name: 'double_lock',
    source: mutexRs('double_lock', 'shuttle panics "tried to acquire a Mutex it already holds"; Go\'s Mutex has no owner check, so the second Lock never returns: a deadlock'),
    expect: { fails: 'deadlock' },
    setup(sim) {
      const mutex = sim.mutex('mutex');
      sim.go('main', function* () {
        yield* mutex.lock();
        yield* mutex.lock();
      });
    },
  },
  {
    name: 'double_try_lock',
    source: mutexRs('double_try_lock'),
    expect: { holds: true },
    outcomes: ['true false'],
    setup(sim, record) {
      const mutex = sim.mutex('mutex');
      sim.go('main', function* () {
        const first = yield* mutex.tryLock();
        const second = yield* mutex.tryLock();
        sim.assert(first && !second, `tryLock gave ${first} then ${second}`);
        record(`${first} ${second}`);
      });
    },
  },
  {
    name: 'mutex_into_inner',
    source: mutexRs('mutex_into_inner'),
    expect: { holds: true },
    outcomes: ['2'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const threads = [0, 1].map((i) => spawn(sim, `thread${i}`, function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        }));
        for (const t of threads) yield* t.join();
        sim.assert(value === 2, `into_inner is ${value}`);
        record(String(value));
      });
    },
  },
  {
    name: 'mutex_unfair',
    source: mutexRs('mutex_unfair', 'shuttle samples 100 random runs, dfs checks all: two threads block on a held mutex in either order and either gets it first'),
    expect: { holds: true },
    outcomes: ['lock=0,1 order=0,1', 'lock=0,1 order=1,0', 'lock=1,0 order=0,1', 'lock=1,0 order=1,0'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      const inLock: number[] = [];
      const order: number[] = []; // upstream's std::sync::Mutex: no scheduling point
      sim.go('main', function* () {
        yield* lock.lock();
        const threads = [0, 1].map((tid) => spawn(sim, `thread${tid}`, function* (): Routine<void> {
          order.push(tid);
          yield* lock.lock();
          inLock.push(tid);
          yield* lock.unlock();
        }));
        while (order.length < 2) yield* sim.yieldNow();
        yield* lock.unlock();
        for (const t of threads) yield* t.join();
        record(`lock=${inLock.join(',')} order=${order.join(',')}`);
      });
    },
  },
];

/** The `rwlock.rs` cases. */
const rwlockCases: readonly ConformanceCase[] = [
  {
    name: 'rwlock/reader_concurrency',
    source: rwlockRs('reader_concurrency', 'shuttle asserts that some of 100 random runs sees both readers inside; dfs must reach that outcome and the one without'),
    expect: { holds: true },
    outcomes: ['concurrent=false', 'concurrent=true'],
    setup(sim, record) {
      const rwlock = sim.rwmutex('rwlock');
      const readers = sim.atomic('readers', 0);
      let saw = false;
      function* reader(): Routine<void> {
        yield* rwlock.rlock();
        yield* readers.add(1);
        yield* sim.yieldNow();
        if ((yield* readers.load()) === 2) saw = true;
        yield* readers.add(-1);
        yield* rwlock.runlock();
      }
      sim.go('main', function* () {
        const t = spawn(sim, 'thread', reader);
        yield* reader();
        yield* t.join();
        record(`concurrent=${saw}`);
      });
    },
  },
  {
    name: 'rwlock/deadlock_default',
    source: rwlockRs('deadlock_default', '#[should_panic(expected = "deadlock")]: readers of lock1 then lock2 against a writer of lock2 then lock1'),
    expect: { fails: 'deadlock' },
    setup(sim) {
      const lock1 = sim.rwmutex('lock1');
      const lock2 = sim.rwmutex('lock2');
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* lock1.rlock();
          yield* lock2.rlock();
          yield* lock2.runlock();
          yield* lock1.runlock();
        });
        yield* lock2.lock();
        yield* lock1.lock();
        yield* lock1.unlock();
        yield* lock2.unlock();
      });
    },
  },
  {
    name: 'rwlock/rwlock_two_writers',
    source: rwlockRs('rwlock_two_writers', 'a regression test for loom (tokio-rs/loom pull 135); shuttle samples 100 random runs'),
    expect: { holds: true },
    setup(sim) {
      const lock = sim.rwmutex('lock');
      let value = 1;
      sim.go('main', function* () {
        for (const name of ['writer0', 'writer1']) {
          sim.go(name, function* () {
            yield* lock.lock();
            value += 1;
            yield* sim.yieldNow();
            yield* lock.unlock();
          });
        }
      });
      sim.atEnd('both writes land', () => value === 3 || `value is ${value}`);
    },
  },
  {
    name: 'rwlock/rwlock_allows_multiple_readers',
    source: rwlockRs('rwlock_allows_multiple_readers', 'each reader waits, holding its read lock, for the other\'s message: never a deadlock'),
    expect: { holds: true },
    setup(sim) {
      const lock = sim.rwmutex('lock');
      const value = 1;
      const c1 = sim.chan<number>('c1', 1); // upstream's unbounded mpsc channels: room for the one message
      const c2 = sim.chan<number>('c2', 1);
      sim.go('main', function* () {
        for (const [name, out, inp] of [['reader1', c1, c2], ['reader2', c2, c1]] as const) {
          sim.go(name, function* () {
            yield* lock.rlock();
            yield* out.send(value);
            const r = yield* inp.recv();
            sim.assert(r === 1, `received ${String(r)}`);
            yield* lock.runlock();
          });
        }
      });
    },
  },
  {
    name: 'rwlock/rwlock_two_readers_and_one_writer_exhaustive',
    source: rwlockRs('rwlock_two_readers_and_one_writer_exhaustive', 'two_readers_and_one_writer: a writer is never woken while a reader holds the lock'),
    expect: { holds: true },
    setup(sim) {
      const lock = sim.rwmutex('lock1');
      let value = 1;
      let readersIn = 0;
      sim.go('main', function* () {
        for (const name of ['reader0', 'reader1']) {
          sim.go(name, function* () {
            yield* lock.rlock();
            readersIn++;
            const seen = value;
            yield* sim.yieldNow();
            sim.assert(value === seen && value > 0, `a writer changed the value under a read lock: ${seen} → ${value}`);
            readersIn--;
            yield* lock.runlock();
          });
        }
        yield* lock.lock();
        sim.assert(readersIn === 0, `writer entered with ${readersIn} readers inside`);
        value += 1;
        yield* lock.unlock();
      });
    },
  },
  {
    name: 'rwlock/rwlock_into_inner',
    source: rwlockRs('rwlock_into_inner'),
    expect: { holds: true },
    outcomes: ['2'],
    setup(sim, record) {
      const lock = sim.rwmutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const threads = [0, 1].map((i) => spawn(sim, `thread${i}`, function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        }));
        for (const t of threads) yield* t.join();
        record(String(value));
      });
    },
  },
  {
    name: 'rwlock/concurrent_try_increment',
    source: rwlockRs('concurrent_try_increment', 'one try_write must succeed, the other may: 1 or 2'),
    expect: { holds: true },
    outcomes: ['1', '2'],
    setup(sim, record) {
      const lock = sim.rwmutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const threads = [0, 1].map((i) => spawn(sim, `thread${i}`, function* (): Routine<void> {
          if (yield* lock.tryLock()) {
            value += 1;
            yield* lock.unlock();
          }
        }));
        for (const t of threads) yield* t.join();
        record(String(value));
      });
    },
  },
  {
    name: 'rwlock/concurrent_write_try_write_try_read',
    source: rwlockRs('concurrent_write_try_write_try_read', 'the try_read sees any value between the successful writes, or fails; never (3, Some(2))'),
    expect: { holds: true },
    outcomes: [
      '1 None', '1 Some(0)', '1 Some(1)',
      '2 None', '2 Some(0)', '2 Some(1)', '2 Some(2)',
      '3 None', '3 Some(0)', '3 Some(1)', '3 Some(3)',
      '4 None', '4 Some(0)', '4 Some(1)', '4 Some(2)', '4 Some(3)', '4 Some(4)',
    ],
    setup(sim, record) {
      const lock = sim.rwmutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const writer = spawn(sim, 'write', function* (): Routine<void> {
          yield* lock.lock();
          value += 1;
          yield* lock.unlock();
        });
        const trier = spawn(sim, 'try_write', function* (): Routine<void> {
          for (let n = 1; n < 3; n++) {
            if (yield* lock.tryLock()) {
              value += n;
              yield* lock.unlock();
            }
          }
        });
        let read = 'None';
        if (yield* lock.tryRLock()) {
          read = `Some(${value})`;
          yield* lock.runlock();
        }
        yield* writer.join();
        yield* trier.join();
        record(`${value} ${read}`);
      });
    },
  },
  ...([
    ['double_read', 'rlock', 'rlock', { holds: true }, 'shuttle panics "tried to acquire a RwLock it already holds"; Go grants a second read lock while no writer waits'],
    ['double_write', 'lock', 'lock', { fails: 'deadlock' }, 'shuttle panics "tried to acquire a RwLock it already holds"; in Go the second Lock never returns'],
    ['read_upgrade', 'rlock', 'lock', { fails: 'deadlock' }, 'shuttle panics "tried to acquire a RwLock it already holds"; in Go the Lock waits for its own reader forever'],
    ['write_downgrade', 'lock', 'rlock', { fails: 'deadlock' }, 'shuttle panics "tried to acquire a RwLock it already holds"; in Go the RLock waits for its own writer forever'],
  ] as const).map(([test, first, second, expect, note]): ConformanceCase => ({
    name: `rwlock/${test}`,
    source: rwlockRs(test, note),
    expect,
    setup(sim) {
      const rwlock = sim.rwmutex('rwlock');
      sim.go('main', function* () {
        yield* (first === 'rlock' ? rwlock.rlock() : rwlock.lock());
        yield* (second === 'rlock' ? rwlock.rlock() : rwlock.lock());
      });
    },
  })),
  ...([
    ['double_try_read', 'tryRLock', 'tryRLock', true, 'shuttle makes the second try_read fail ("isn\'t consistent with std"); Go\'s TryRLock succeeds while no writer holds or waits'],
    ['read_try_read', 'rlock', 'tryRLock', true, 'shuttle makes the try_read fail; Go\'s TryRLock succeeds while no writer holds or waits'],
    ['double_try_write', 'tryLock', 'tryLock', false, undefined],
    ['write_try_write', 'lock', 'tryLock', false, undefined],
    ['try_read_upgrade', 'tryRLock', 'tryLock', false, undefined],
    ['try_write_downgrade', 'tryLock', 'tryRLock', false, undefined],
  ] as const).map(([test, first, second, secondSucceeds, note]): ConformanceCase => ({
    name: `rwlock/${test}`,
    source: rwlockRs(test, note),
    expect: { holds: true },
    outcomes: [`second=${secondSucceeds}`],
    setup(sim, record) {
      const rwlock = sim.rwmutex('rwlock');
      sim.go('main', function* () {
        switch (first) {
          case 'rlock':
            yield* rwlock.rlock();
            break;
          case 'lock':
            yield* rwlock.lock();
            break;
          case 'tryRLock':
            sim.assert(yield* rwlock.tryRLock(), 'the first tryRLock failed');
            break;
          case 'tryLock':
            sim.assert(yield* rwlock.tryLock(), 'the first tryLock failed');
            break;
        }
        const got = second === 'tryLock' ? yield* rwlock.tryLock() : yield* rwlock.tryRLock();
        sim.assert(got === secondSucceeds, `the second ${second} returned ${got}`);
        record(`second=${got}`);
      });
    },
  })),
];

/** The cases of `mutex.rs` and `rwlock.rs`. */
export const shuttleMutexCases: readonly ConformanceCase[] = [...mutexCases, ...rwlockCases];
