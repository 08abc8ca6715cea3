/**
 * Cases from shuttle's `tests/basic/mutex.rs`, mapped onto Go's `sync.Mutex`: a Rust
 * thread is a goroutine, `Mutex<T>` a mutex guarding a plain value, a guard's drop an
 * `unlock`, `try_lock` Go's `TryLock`.
 *
 * Where Go and shuttle disagree, these follow Go and say so in the case's source: shuttle
 * panics when a thread re-acquires a mutex it holds ("tried to acquire a Mutex it already
 * holds"); Go's Mutex has no owner check, so a recursive `Lock` never returns: a `deadlock`.
 */
import type { Routine } from '..';
import type { ConformanceCase } from './harness';
import { addLocked, joinThreads, tryAddOneThenTwo, twoThreadCounter, tryAdd, type Counter } from './shuttle-lock';
import { shuttleSource, spawn } from './shuttle-thread';

const mutexRs = (test: string, note?: string): string => shuttleSource('mutex', test, note);

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
      const counter: Counter = { value: 0 };
      const thread = test === 'concurrent_increment' ? () => addLocked(lock, counter) : function* (): Routine<void> {
        yield* lock.lock();
        const curr = counter.value;
        yield* lock.unlock();
        yield* lock.lock();
        counter.value = curr + 1;
        yield* lock.unlock();
      };
      joinThreads(sim, { thread0: thread, thread1: thread }, function* () {
        yield* lock.lock();
        sim.assert(counter.value === 2, `racing increments: counter is ${counter.value}, want 2`);
        record(String(counter.value));
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
      const counter: Counter = { value: 0 };
      joinThreads(sim, {
        *add() {
          yield* addLocked(lock, counter);
          yield* addLocked(lock, counter);
        },
        *mul() {
          yield* lock.lock();
          counter.value *= 2;
          yield* lock.unlock();
        },
      }, function* () {
        record(String(counter.value));
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
      const counter: Counter = { value: 0 }; // upstream's std::sync::Mutex: invisible to the scheduler, a plain variable here
      joinThreads(sim, {
        *add() {
          yield* addLocked(lock, counter, 1);
          yield* rwlock.lock();
          if (yield* lock.tryLock()) {
            counter.value += 2;
            yield* lock.unlock();
          } else {
            counter.value += 6;
          }
          yield* rwlock.unlock();
          yield* addLocked(lock, counter, 3);
        },
        *mul() {
          yield* lock.lock();
          yield* sim.yieldNow(); // upstream's explicit yield before touching the std mutex
          counter.value *= 2;
          yield* lock.unlock();
        },
      }, function* () {
        record(String(counter.value));
      });
    },
  },
  {
    name: 'concurrent_try_increment',
    source: mutexRs('concurrent_try_increment', 'one try_lock must succeed, the other may: 1 or 2'),
    expect: { holds: true },
    outcomes: ['1', '2'],
    setup: twoThreadCounter((sim) => sim.mutex('lock'), tryAdd),
  },
  {
    name: 'concurrent_lock_try_lock',
    source: mutexRs('concurrent_lock_try_lock', 'lock adds 1, two try_locks add 1 and 2: 1, 2, 3 or 4'),
    expect: { holds: true },
    outcomes: ['1', '2', '3', '4'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      const counter: Counter = { value: 0 };
      joinThreads(sim, { lock: () => addLocked(lock, counter), try_lock: () => tryAddOneThenTwo(lock, counter) }, function* () {
        record(String(counter.value));
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
    setup: twoThreadCounter((sim) => sim.mutex('lock'), addLocked, (sim, counter) => {
      sim.assert(counter.value === 2, `into_inner is ${counter.value}`);
    }),
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

/** The cases of `mutex.rs`. */
export const shuttleMutexCases: readonly ConformanceCase[] = mutexCases;
