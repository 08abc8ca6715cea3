/**
 * Cases from loom's test suite (tokio-rs/loom tests/), mapped onto Go primitives: a Rust
 * thread is a goroutine, `join` a WaitGroup, `Mutex<T>` a mutex guarding a plain value,
 * `AtomicUsize` an atomic, `UnsafeCell` a race-checked struct field.
 *
 * Where loom and Go disagree, these follow Go: Go's sync/atomic operations are
 * sequentially consistent (the Go memory model), so loom's weak-memory outcomes —
 * store buffering's (0, 0), `acq_rel`'s z = 0 — are unreachable here and the cases say so.
 */
import type { Routine, Sim } from '..';
import type { ConformanceCase } from './harness';

const LOOM = 'tokio-rs/loom@948c8cc78b178ede6eeff3afc7d97f2f4ea08559';

/** Spawns `bodies` as goroutines and returns a join that waits for all of them. */
function spawnAll(sim: Sim, bodies: readonly [string, () => Routine<void>][]): { join: () => Routine<void> } {
  const wg = sim.waitGroup('join', bodies.length);
  for (const [name, body] of bodies) {
    sim.go(name, function* () {
      yield* body();
      yield* wg.done();
    });
  }
  return {
    *join() {
      yield* wg.wait();
    },
  };
}

/** The cases of `loom.test.ts`. */
export const loomCases: readonly ConformanceCase[] = [
  {
    name: 'yield_completes',
    source: `${LOOM} tests/yield.rs, yield_completes (issue 11, reproduction 4: DFS must be fair to a goroutine that yields)`,
    expect: { holds: true },
    setup(sim) {
      const inc = sim.atomic('inc', 0);
      sim.go('main', function* () {
        sim.go('th', function* () {
          yield* inc.store(1);
        });
        while ((yield* inc.load()) !== 1) yield* sim.yieldNow();
      });
    },
  },
  {
    name: 'fetch_add_atomic',
    source: `${LOOM} tests/atomic.rs, fetch_add_atomic`,
    expect: { holds: true },
    outcomes: ['0 1', '1 0'],
    setup(sim, record) {
      const a = sim.atomic('a', 0);
      sim.go('main', function* () {
        const r = sim.chan<number>('r', 1);
        sim.go('th', function* () {
          yield* r.send(yield* a.add(1));
        });
        const v1 = (yield* a.add(1)) - 1;
        const v2 = (yield* r.recv())! - 1;
        sim.assert(v1 !== v2, 'both fetch_adds returned the same value');
        record(`${v1} ${v2}`);
      });
    },
  },
  {
    name: 'mutex_enforces_mutual_exclusion',
    source: `${LOOM} tests/mutex.rs, mutex_enforces_mutual_exclusion`,
    expect: { holds: true },
    setup(sim) {
      const m = sim.mutex('m');
      const n = sim.atomic('n', 0);
      let locked = 0;
      sim.go('main', function* () {
        const { join } = spawnAll(sim, [0, 1].map((i) => [`th${i}`, function* () {
          yield* m.lock();
          const prev = yield* n.add(1);
          sim.assert(prev - 1 === locked, `fetch_add saw ${prev - 1}, the mutex holds ${locked}`);
          locked++;
          yield* m.unlock();
        }] as [string, () => Routine<void>]));
        yield* join();
        yield* m.lock();
        sim.assert(locked === (yield* n.load()), 'lost an increment');
        yield* m.unlock();
      });
    },
  },
  {
    name: 'mutex_establishes_seq_cst',
    source: `${LOOM} tests/mutex.rs, mutex_establishes_seq_cst (UnsafeCell as a race-checked field)`,
    expect: { holds: true },
    outcomes: ['flag=false', 'flag=true v=1'],
    setup(sim, record) {
      const data = sim.struct('data', { cell: 0 });
      const m = sim.mutex('flag');
      let flag = false;
      sim.go('main', function* () {
        sim.go('th', function* () {
          data.cell = 1;
          yield* m.lock();
          flag = true;
          yield* m.unlock();
        });
        yield* m.lock();
        const f = flag;
        yield* m.unlock();
        record(`flag=${String(f)}`);
        if (f) {
          const v = data.cell;
          sim.assert(v === 1, `cell is ${v}`);
          record(`v=${v}`);
        }
      });
    },
  },
  {
    name: 'mutex_into_inner',
    source: `${LOOM} tests/mutex.rs, mutex_into_inner`,
    expect: { holds: true },
    outcomes: ['2'],
    setup(sim, record) {
      const m = sim.mutex('lock');
      let value = 0;
      sim.go('main', function* () {
        const { join } = spawnAll(sim, [0, 1].map((i) => [`th${i}`, function* () {
          yield* m.lock();
          value++;
          yield* m.unlock();
        }] as [string, () => Routine<void>]));
        yield* join();
        record(String(value));
      });
    },
  },
  ...(['notify_one', 'notify_all'] as const).map((test): ConformanceCase => ({
    name: test,
    plain: test === 'notify_one',
    source: `${LOOM} tests/condvar.rs, ${test} (std's Condvar may wake spuriously, Go's Cond does not: the while loop makes both correct)`,
    expect: { holds: true },
    setup(sim) {
      const num = sim.atomic('num', 0);
      const m = sim.mutex('mutex');
      const cv = sim.cond('condvar', m);
      function* wait() {
        yield* m.lock();
        while ((yield* num.load()) !== 1) yield* cv.wait();
        yield* m.unlock();
      }
      function* inc() {
        yield* num.store(1);
        yield* m.lock();
        yield* m.unlock();
        yield* (test === 'notify_one' ? cv.signal() : cv.broadcast());
      }
      sim.go('main', function* () {
        if (test === 'notify_one') {
          sim.go('inc', inc);
          yield* wait();
          return;
        }
        const { join } = spawnAll(sim, [['waiter0', wait], ['waiter1', wait], ['inc', inc]]);
        yield* join();
      });
    },
  })),
  {
    name: 'two_mutexes_deadlock',
    source: `${LOOM} tests/deadlock.rs, two_mutexes_deadlock (#[should_panic])`,
    expect: { fails: 'deadlock' },
    setup(sim) {
      const a = sim.mutex('a');
      const b = sim.mutex('b');
      sim.go('th1', function* () {
        yield* a.lock();
        yield* b.lock();
        yield* b.unlock();
        yield* a.unlock();
      });
      sim.go('th2', function* () {
        yield* b.lock();
        yield* a.lock();
        yield* a.unlock();
        yield* b.unlock();
      });
    },
  },
  ...(['rwlock_read_two_write_one', 'rwlock_write_three'] as const).map((test): ConformanceCase => ({
    name: test,
    source: `${LOOM} tests/rwlock.rs, ${test}`,
    expect: { holds: true },
    setup(sim) {
      const lock = sim.rwmutex('lock');
      for (let i = 0; i < 2; i++) {
        sim.go(`th${i}`, function* () {
          if (test === 'rwlock_read_two_write_one') yield* lock.rlock();
          else yield* lock.lock();
          yield* sim.yieldNow();
          if (test === 'rwlock_read_two_write_one') yield* lock.runlock();
          else yield* lock.unlock();
        });
      }
      sim.go('main', function* () {
        yield* lock.lock();
        yield* sim.yieldNow();
        yield* lock.unlock();
      });
    },
  })),
  {
    name: 'rwlock_two_writers',
    source: `${LOOM} tests/rwlock_regression1.rs, rwlock_two_writers`,
    expect: { holds: true },
    outcomes: ['2 2'],
    setup(sim, record) {
      const lock = sim.rwmutex('lock');
      const atomic = sim.atomic('atomic', 0);
      let w = 1;
      const wg = sim.waitGroup('wg', 2);
      for (let i = 0; i < 2; i++) {
        sim.go(`th${i}`, function* () {
          yield* lock.lock();
          w++;
          yield* lock.unlock();
          yield* atomic.add(1);
          yield* wg.done();
        });
      }
      sim.go('main', function* () {
        yield* wg.wait();
        record(`${w - 1} ${atomic.value}`);
      });
    },
  },
  {
    name: 'rwlock_try_write',
    source: `${LOOM} tests/rwlock.rs, rwlock_try_write and rwlock_write (a held read lock fails try_write; a held write lock fails try_read)`,
    expect: { holds: true },
    outcomes: ['false false'],
    setup(sim, record) {
      const lock = sim.rwmutex('lock');
      sim.go('main', function* () {
        yield* lock.rlock();
        record(String(yield* lock.tryLock()));
        yield* lock.runlock();
        yield* lock.lock();
        record(String(yield* lock.tryRLock()));
        yield* lock.unlock();
      });
    },
  },
  {
    name: 'store_buffering',
    source: `${LOOM} tests/litmus.rs, store_buffering (loom asserts (0, 0) is reachable with Relaxed; Go's atomics are sequentially consistent, so it is not)`,
    expect: { holds: true },
    outcomes: ['a=0 b=1', 'a=1 b=0', 'a=1 b=1'],
    setup(sim, record) {
      const x = sim.atomic('x', 0);
      const y = sim.atomic('y', 0);
      sim.go('main', function* () {
        const r = sim.chan<number>('a', 1);
        sim.go('th', function* () {
          yield* x.store(1);
          yield* r.send(yield* y.load());
        });
        yield* y.store(1);
        const b = yield* x.load();
        const a = yield* r.recv();
        record(`a=${String(a)} b=${b}`);
      });
    },
  },
  {
    name: 'acq_rel',
    source: `${LOOM} tests/spec.rs, acq_rel (with loom's preemption_bound = 1; loom sees z in {0, 1, 2} with Acquire/Release; under Go's sequentially consistent atomics z = 0 is unreachable, as loom's own ignored test_seq_cst expects)`,
    expect: { holds: true },
    outcomes: ['z=1', 'z=2'],
    setup(sim, record) {
      const x = sim.atomic('x', false);
      const y = sim.atomic('y', false);
      const z = sim.atomic('z', 0);
      sim.go('main', function* () {
        sim.go('setY', function* () {
          yield* y.store(true);
        });
        const { join } = spawnAll(sim, [
          ['t1', function* () {
            while (!(yield* x.load())) yield* sim.yieldNow();
            if (yield* y.load()) yield* z.add(1);
          }],
          ['t2', function* () {
            while (!(yield* y.load())) yield* sim.yieldNow();
            if (yield* x.load()) yield* z.add(1);
          }],
        ]);
        yield* x.store(true);
        yield* join();
        record(`z=${yield* z.load()}`);
      });
    },
    preemptionBound: 1,
    plain: false,
    // Measured: plain DFS within 1 preemption is not done after 30,000 executions (8 minutes),
    // nor is unbounded DPOR; the budget keeps the failing case short.
    runs: 3_000,
    knownBug:
      'within a preemption bound dfs is plain (DPOR inside a bound missed schedules: sim/strategy/dpor-bounded.test.ts), and plain DFS within 1 preemption does not exhaust these two spin loops, where loom exhausts them with its bounded DPOR',
  },
  {
    name: 'commutative_senders',
    source: `${LOOM} tests/mpsc.rs, commutative_senders (an unbounded mpsc channel as a Go channel with room for both)`,
    expect: { holds: true },
    setup(sim) {
      const c = sim.chan<number>('c', 2);
      sim.go('main', function* () {
        sim.go('s1', function* () { yield* c.send(5); });
        sim.go('s2', function* () { yield* c.send(6); });
        const v = (yield* c.recv())! + (yield* c.recv())!;
        sim.assert(v === 11, `sum ${v}`);
      });
    },
  },
  {
    name: 'non_commutative_senders1',
    source: `${LOOM} tests/mpsc.rs, non_commutative_senders1 (#[should_panic]: either sender may be first)`,
    expect: { fails: 'assertion', message: /received 6/ },
    setup(sim) {
      const c = sim.chan<number>('c', 2);
      sim.go('main', function* () {
        sim.go('s1', function* () { yield* c.send(5); });
        sim.go('s2', function* () { yield* c.send(6); });
        const v = yield* c.recv();
        sim.assert(v === 5, `received ${String(v)}`);
        yield* c.recv();
      });
    },
  },
];
