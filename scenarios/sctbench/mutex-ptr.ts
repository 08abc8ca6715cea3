/**
 * A `pthread_mutex_t *` global: a mutex the original reaches through a pointer it keeps in
 * shared memory (`pthread_mutex_t *dataLock;` … `dataLock = malloc(…)`), as twostage and
 * wronglock do. Every `pthread_mutex_lock(dataLock)` first loads the pointer: a read of
 * shared memory, a visible operation of the binary-instrumenting schedulers we compare
 * with (SURW's `instrument.sh` rewrites every memory access not relative to `%rsp`), and
 * main's `malloc` store and `pthread_mutex_init(dataLock)` load are accesses too. The port
 * makes each of them an effect on a `shared` variable named after the pointer, followed by
 * the mutex operation itself.
 *
 * @example
 *   const dataLock = new MutexPtr(sim, 'dataLock');
 *   sim.go('main', function* () {
 *     yield* dataLock.init();       // dataLock = malloc(...); pthread_mutex_init(dataLock, NULL)
 *     ...
 *   });
 *   yield* dataLock.lock();         // pthread_mutex_lock(dataLock): load the pointer, then lock
 */
import type { Mutex, Routine, Shared, Sim } from '../../sim';

/** A mutex behind a pointer global: the pointer's loads and stores are effects. */
export class MutexPtr {
  /** The mutex. */
  readonly mutex: Mutex;
  /** The pointer global (set once `init` stored it). */
  readonly ptr: Shared<boolean>;

  constructor(sim: Sim, name: string) {
    this.mutex = sim.mutex(name);
    this.ptr = sim.shared(`${name}Ptr`, false);
  }

  /** `name = malloc(sizeof(pthread_mutex_t))`: stores the pointer. */
  *malloc(): Routine<void> {
    yield* this.ptr.store(true);
  }

  /** `pthread_mutex_init(name, NULL)`: loads the pointer (the initialisation itself runs in libc). */
  *init(): Routine<void> {
    yield* this.ptr.load();
  }

  /** `pthread_mutex_lock(name)`: loads the pointer, then locks. */
  *lock(): Routine<void> {
    yield* this.ptr.load();
    yield* this.mutex.lock();
  }

  /** `pthread_mutex_unlock(name)`: loads the pointer, then unlocks. */
  *unlock(): Routine<void> {
    yield* this.ptr.load();
    yield* this.mutex.unlock();
  }
}
