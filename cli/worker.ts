/**
 * The worker thread: runs work units sent by the pool, one at a time, and reports each
 * result. It counts completed executions in shared memory, which the pool's watchdog
 * reads: a goroutine spinning without an effect stops that count, and the pool then
 * terminates this thread and reports the hang.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runUnit, SLOT_CANCEL, SLOT_EXECUTIONS, type UnitSpec } from './unit';

if (parentPort !== null) {
  const port = parentPort;
  const shared = new Int32Array((workerData as { counters: SharedArrayBuffer }).counters);
  const counters = {
    executions: (n: number): void => void Atomics.store(shared, SLOT_EXECUTIONS, n),
    cancelled: (): boolean => Atomics.load(shared, SLOT_CANCEL) === 1,
  };
  port.on('message', (spec: UnitSpec) => {
    try {
      port.postMessage({ type: 'done', result: runUnit(spec, counters) });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ type: 'error', id: spec.id, name: err.name, message: err.message, stack: err.stack ?? '' });
    }
  });
}
