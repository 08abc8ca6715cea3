/**
 * Cases from shuttle's `tests/basic/condvar.rs`, `once.rs` and `thread.rs`, mapped onto Go's
 * `sync.Cond`, `sync.Once` and goroutines: `Condvar::wait(guard)` is `Cond.Wait` on a cond
 * whose locker is the mutex, `notify_one`/`notify_all` are `Signal`/`Broadcast`,
 * `call_once` is `Once.Do`, shuttle's atomics are Go's (sequentially consistent).
 *
 * Where Go and shuttle disagree, these follow Go: std's `Condvar` may wake any waiter (and
 * spuriously), so shuttle's `notify_one_order` expects the later waiter to be woken in some
 * execution; Go's `Cond.Signal` wakes the goroutine that has waited longest (runtime
 * `notifyListNotifyOne` serves tickets in order, which `TestCondSignalGenerations` in
 * `go-sync.ts` checks), so here that execution does not exist and the case holds.
 */
import type { Routine, Sim } from '..';
import type { ConformanceCase } from './harness';
import { shuttleSource, spawn } from './shuttle-thread';

const condvarRs = (test: string, note?: string): string => shuttleSource('condvar', test, note);

/** condvar.rs `two_workers`: two waiters for a flag, then `signal` from main. */
function twoWorkers(sim: Sim, signal: (cond: ReturnType<Sim['cond']>) => Routine<void>): void {
  const lock = sim.mutex('lock');
  const cond = sim.cond('cond', lock);
  let flag = false;
  sim.go('main', function* () {
    for (const name of ['worker0', 'worker1']) {
      sim.go(name, function* () {
        yield* lock.lock();
        while (!flag) yield* cond.wait();
        yield* lock.unlock();
      });
    }
    yield* lock.lock();
    flag = true;
    yield* lock.unlock();
    yield* signal(cond);
  });
}

/**
 * OSTEP's producer/consumer (condvar.rs `producer_consumer_broken1`, `_broken2`,
 * `_correct`): one producer putting twice into a one-slot buffer, two consumers.
 */
function producerConsumer(sim: Sim, form: 'broken1' | 'broken2' | 'correct', consumerRounds: number): void {
  const lock = sim.mutex('lock');
  const isEmpty = sim.cond('is_empty', lock);
  const isFull = form === 'correct' ? sim.cond('is_full', lock) : isEmpty;
  const count = sim.atomic('count', 0);
  const loop = form !== 'broken1'; // broken1 checks its condition with `if`, not `while`
  sim.go('main', function* () {
    for (const name of ['consumer0', 'consumer1']) {
      sim.go(name, function* () {
        for (let i = 0; i < consumerRounds; i++) {
          yield* lock.lock();
          if (loop) while ((yield* count.load()) === 0) yield* isFull.wait();
          else if ((yield* count.load()) === 0) yield* isFull.wait();
          sim.assert((yield* count.load()) === 1, 'nothing to get');
          yield* count.store(0);
          yield* isEmpty.signal();
          yield* lock.unlock();
        }
      });
    }
    for (let i = 0; i < 2; i++) {
      yield* lock.lock();
      if (loop) while ((yield* count.load()) === 1) yield* isEmpty.wait();
      else if ((yield* count.load()) === 1) yield* isEmpty.wait();
      sim.assert((yield* count.load()) === 0, 'no space to put');
      yield* count.store(1);
      yield* isFull.signal();
      yield* lock.unlock();
    }
  });
}

/** The `condvar.rs` cases. */
const condvarCases: readonly ConformanceCase[] = [
  {
    name: 'condvar/notify_one',
    source: condvarRs('notify_one', 'signalling without holding the lock is allowed in both'),
    expect: { holds: true },
    setup(sim) {
      const lock = sim.mutex('lock');
      const cond = sim.cond('cond', lock);
      let flag = false;
      sim.go('main', function* () {
        sim.go('waiter', function* () {
          yield* lock.lock();
          while (!flag) yield* cond.wait();
          yield* lock.unlock();
        });
        yield* lock.lock();
        flag = true;
        yield* lock.unlock();
        yield* cond.signal();
      });
    },
  },
  ...([
    ['notify_all', { holds: true }, function* (c) { yield* c.broadcast(); }],
    ['multiple_notify_one', { holds: true }, function* (c) { yield* c.signal(); yield* c.signal(); }],
    ['notify_one_deadlock', { fails: 'deadlock' }, function* (c) { yield* c.signal(); }],
    ['notify_one_all', { holds: true }, function* (c) { yield* c.signal(); yield* c.broadcast(); }],
    ['notify_all_one', { holds: true }, function* (c) { yield* c.broadcast(); yield* c.signal(); }],
  ] as const satisfies readonly (readonly [string, ConformanceCase['expect'], (c: ReturnType<Sim['cond']>) => Routine<void>])[]).map(
    ([test, expect, signal]): ConformanceCase => ({
      name: `condvar/${test}`,
      source: condvarRs(test, test === 'notify_one_deadlock' ? '#[should_panic(expected = "deadlock")]: one signal, and a worker that waits after it never wakes' : 'two_workers'),
      expect,
      setup(sim) {
        twoWorkers(sim, signal);
      },
    }),
  ),
  {
    name: 'condvar/notify_one_order',
    source: condvarRs('notify_one_order', 'shuttle expects "found the failing execution": std lets notify_one wake the later waiter; Go\'s Signal wakes the longest waiter, so thread 2 is never woken first and the case holds'),
    expect: { holds: true },
    outcomes: ['main=5', 'main=10'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      const cond = sim.cond('cond', lock);
      const sequencer = sim.cond('sequencer_cond', lock);
      let guard = 0;
      sim.go('main', function* () {
        for (const [name, turn, done] of [['thread1', 1, 10], ['thread2', 3, 20]] as const) {
          sim.go(name, function* () {
            yield* lock.lock();
            while (guard !== turn) yield* sequencer.wait();
            guard = turn + 1;
            yield* sequencer.broadcast();
            while (guard < 5) yield* cond.wait();
            guard = done;
            yield* lock.unlock();
          });
        }
        yield* lock.lock();
        guard = 1;
        yield* sequencer.broadcast();
        while (guard !== 2) yield* sequencer.wait();
        guard = 3;
        yield* sequencer.broadcast();
        while (guard !== 4) yield* sequencer.wait();
        guard = 5;
        yield* cond.signal();
        yield* lock.unlock();
        yield* lock.lock();
        sim.assert(guard !== 20, 'found the failing execution');
        record(`main=${guard}`);
        yield* lock.unlock();
        yield* cond.signal();
      });
    },
  },
  {
    name: 'condvar/producer_consumer_broken1',
    source: condvarRs('producer_consumer_broken1', 'OSTEP figure 30.8, `if` instead of `while`: a woken consumer finds the slot emptied by the other; shuttle checks 5000 random runs, dfs all; one round per consumer instead of two, so a run cannot end in a deadlock first'),
    expect: { fails: 'assertion', message: /nothing to get/ },
    setup(sim) {
      producerConsumer(sim, 'broken1', 1);
    },
  },
  {
    name: 'condvar/producer_consumer_broken2',
    source: condvarRs('producer_consumer_broken2', 'OSTEP figure 30.10, one condvar for both conditions: a consumer\'s signal wakes the other consumer, everyone sleeps; upstream replays a schedule ending in "deadlock"'),
    expect: { fails: 'deadlock' },
    setup(sim) {
      producerConsumer(sim, 'broken2', 1);
    },
  },
  {
    name: 'condvar/producer_consumer_correct',
    source: condvarRs('producer_consumer_correct', 'OSTEP figure 30.12, separate conds for empty and full; upstream samples 20000 random runs ("tested with check_dfs, but that\'s really slow")'),
    expect: { holds: true },
    setup(sim) {
      producerConsumer(sim, 'correct', 1);
    },
  },
];

/** The `once.rs` and `thread.rs` cases. */
const onceThreadCases: readonly ConformanceCase[] = [
  {
    name: 'once/basic_dfs',
    source: shuttleSource('once', 'basic_dfs', 'basic(2, check_dfs): each thread is the initializer in some execution, and every thread sees the counter at 1'),
    expect: { holds: true },
    outcomes: ['thread0', 'thread1'],
    setup(sim, record) {
      const once = sim.once('once');
      const counter = sim.atomic('counter', 0);
      let initializer = '';
      sim.go('main', function* () {
        const threads = ['thread0', 'thread1'].map((name) => spawn(sim, name, function* (): Routine<void> {
          yield* once.do(function* () {
            yield* counter.add(1);
            initializer = name;
          });
          sim.assert((yield* counter.load()) === 1, 'the once body ran twice, or not yet');
        }));
        for (const t of threads) yield* t.join();
        sim.assert((yield* counter.load()) === 1, 'counter is not 1');
        record(initializer);
      });
    },
  },
  {
    name: 'once/multiple',
    source: shuttleSource('once', 'multiple', 'two Onces race independently: counters 5, 6, 9, 10'),
    expect: { holds: true },
    outcomes: ['5', '6', '9', '10'],
    setup(sim, record) {
      const o1 = sim.once('O1');
      const o2 = sim.once('O2');
      const counter = sim.atomic('counter', 0);
      sim.go('main', function* () {
        const thd = spawn(sim, 'thread', function* (): Routine<void> {
          yield* o1.do(() => counter.add(1));
          yield* o2.do(() => counter.add(4));
        });
        yield* o1.do(() => counter.add(2));
        yield* o2.do(() => counter.add(8));
        yield* thd.join();
        const c = yield* counter.load();
        sim.assert((c & 3) === 1 || (c & 3) === 2, 'exactly one of the O1 calls should have run');
        sim.assert((c & 12) === 4 || (c & 12) === 8, 'exactly one of the O2 calls should have run');
        record(String(c));
      });
    },
  },
  {
    name: 'thread/thread_yield_point',
    source: shuttleSource('thread', 'thread_yield_point', 'either thread\'s atomic access may come first: both flag values are seen'),
    expect: { holds: true },
    outcomes: ['flag=false', 'flag=true'],
    setup(sim, record) {
      const flag = sim.atomic('flag', false);
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* flag.store(true);
        });
        record(`flag=${String(yield* flag.load())}`);
      });
    },
  },
  {
    name: 'thread/thread_join',
    source: shuttleSource('thread', 'thread_join', 'join returns the thread\'s result and orders its writes before the joiner\'s reads'),
    expect: { holds: true },
    outcomes: ['1 true'],
    setup(sim, record) {
      const lock = sim.mutex('lock');
      let value = false;
      sim.go('main', function* () {
        const handle = spawn(sim, 'thread', function* (): Routine<number> {
          yield* lock.lock();
          value = true;
          yield* lock.unlock();
          return 1;
        });
        const ret = yield* handle.join();
        yield* lock.lock();
        sim.assert(ret === 1 && value, `join gave ${ret}, value ${String(value)}`);
        record(`${ret} ${String(value)}`);
        yield* lock.unlock();
      });
    },
  },
];

/** The cases of `condvar.rs`, `once.rs` and `thread.rs`. */
export const shuttleCondvarCases: readonly ConformanceCase[] = [...condvarCases, ...onceThreadCases];
