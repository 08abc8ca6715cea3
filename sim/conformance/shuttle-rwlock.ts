/**
 * Cases from shuttle's `tests/basic/rwlock.rs`, mapped onto Go's `sync.RWMutex`: `read()`
 * is `RLock`, `write()` is `Lock`, `try_read`/`try_write` are `TryRLock`/`TryLock`.
 *
 * Where Go and shuttle disagree, these follow Go and say so in the case's source:
 * - shuttle panics when a thread re-acquires a lock it holds ("tried to acquire a RwLock it
 *   already holds"); Go has no owner check, so a second `Lock`, a read lock upgraded to a
 *   write lock, or the reverse, never returns: a `deadlock` here;
 * - shuttle rules out a second read lock by the same thread (`double_read` panics,
 *   `double_try_read` fails); Go's `RWMutex` grants it while no writer waits (the doc's
 *   "prohibits recursive read-locking" is about a writer arriving in between, which
 *   `go-sync.ts` covers with `RWMutex/recursive-read-lock-deadlock`).
 */
import type { Routine } from '..';
import type { ConformanceCase } from './harness';
import { addLocked, joinThreads, tryAdd, tryAddOneThenTwo, twoThreadCounter, type Counter } from './shuttle-lock';
import { shuttleSource, spawn } from './shuttle-thread';

const rwlockRs = (test: string, note?: string): string => shuttleSource('rwlock', test, note);

/** The cases of `rwlock.rs`. */
export const shuttleRwlockCases: readonly ConformanceCase[] = [
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
    setup: twoThreadCounter((sim) => sim.rwmutex('lock'), addLocked),
  },
  {
    name: 'rwlock/concurrent_try_increment',
    source: rwlockRs('concurrent_try_increment', 'one try_write must succeed, the other may: 1 or 2'),
    expect: { holds: true },
    outcomes: ['1', '2'],
    setup: twoThreadCounter((sim) => sim.rwmutex('lock'), tryAdd),
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
      const counter: Counter = { value: 0 };
      let read = 'None';
      const threads = { write: () => addLocked(lock, counter), try_write: () => tryAddOneThenTwo(lock, counter) };
      function* tryRead(): Routine<void> {
        if (yield* lock.tryRLock()) {
          read = `Some(${counter.value})`;
          yield* lock.runlock();
        }
      }
      function* report(): Routine<void> {
        record(`${counter.value} ${read}`);
      }
      joinThreads(sim, threads, report, tryRead);
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

