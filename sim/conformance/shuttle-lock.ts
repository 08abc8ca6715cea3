/**
 * The program shape shuttle's `mutex.rs` and `rwlock.rs` share: a counter behind a lock
 * (`Arc<Mutex<usize>>` / `Arc<RwLock<usize>>`), threads that add to it through the lock,
 * and a main thread that joins them and looks at the total. On an `RwLock` the threads use
 * the write side (`write`, `try_write`), which is `Lock`/`TryLock` on Go's `RWMutex`, so one
 * body serves both files.
 */
import type { Mutex, Routine, RWMutex, Sim } from '..';
import type { Setup } from './build';
import { spawn } from './shuttle-thread';

/** The counter a test's threads share: a plain value, visible to the scheduler only through the lock. */
export interface Counter {
  value: number;
}

/** shuttle's `lock()` (Mutex) or `write()` (RwLock): both `Lock`/`TryLock`/`Unlock` here. */
export type Lock = Mutex | RWMutex;

/** `*lock.lock().unwrap() += n`: lock, add, unlock. */
export function* addLocked(lock: Lock, counter: Counter, n = 1): Routine<void> {
  yield* lock.lock();
  counter.value += n;
  yield* lock.unlock();
}

/** `if let Ok(mut v) = lock.try_lock() { *v += n }`: add `n` only if the lock is free. */
export function* tryAdd(lock: Lock, counter: Counter, n = 1): Routine<void> {
  if (yield* lock.tryLock()) {
    counter.value += n;
    yield* lock.unlock();
  }
}

/** concurrent_lock_try_lock's (and concurrent_write_try_write_try_read's) trier: `try_lock` twice, adding 1, then 2. */
export function* tryAddOneThenTwo(lock: Lock, counter: Counter): Routine<void> {
  for (let n = 1; n < 3; n++) yield* tryAdd(lock, counter, n);
}

/**
 * The main thread: spawns `threads` (Rust `thread::spawn`, in order), runs `between`
 * (main's own work while they run), joins them in order, then runs `end`.
 */
export function joinThreads(
  sim: Sim,
  threads: Readonly<Record<string, () => Routine<void>>>,
  end: () => Routine<void>,
  between?: () => Routine<void>,
): void {
  sim.go('main', function* () {
    const handles = Object.entries(threads).map(([name, body]) => spawn(sim, name, body));
    if (between !== undefined) yield* between();
    for (const h of handles) yield* h.join();
    yield* end();
  });
}

/**
 * The two-thread counter test (`concurrent_try_increment`, `mutex_into_inner`,
 * `rwlock_into_inner`): threads `thread0` and `thread1` each run `body` on the lock
 * `newLock` makes and a counter at 0; main joins both, runs `check`, and records the count.
 */
export function twoThreadCounter<L extends Lock>(
  newLock: (sim: Sim) => L,
  body: (lock: L, counter: Counter) => Routine<void>,
  check?: (sim: Sim, counter: Counter) => void,
): Setup {
  return (sim, record) => {
    const lock = newLock(sim);
    const counter: Counter = { value: 0 };
    const thread = (): Routine<void> => body(lock, counter);
    joinThreads(sim, { thread0: thread, thread1: thread }, function* () {
      check?.(sim, counter);
      record(String(counter.value));
    });
  };
}
