/**
 * The worker thread: runs tasks sent by the pool (exploration units, replays, shrinks),
 * one at a time, and reports each result. It counts completed executions in shared
 * memory, which the pool's watchdog reads: a goroutine spinning without an effect stops
 * that count, and the pool then terminates this thread and reports the hang.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchProgress } from './checkpoint';
import { errorParts } from './errors';
import { runTask, type Task } from './pool';
import { syncConsole } from './scenario-logs';
import { SLOT_BEAT, SLOT_CANCEL, SLOT_EXECUTIONS, SLOT_SHRINK, type UnitResult } from './unit';

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as { counters: SharedArrayBuffer; logsOnStderr: boolean };
  syncConsole(data.logsOnStderr);
  const shared = new Int32Array(data.counters);
  const counters = {
    executions: (n: number): void => void Atomics.store(shared, SLOT_EXECUTIONS, n),
    cancelled: (): boolean => Atomics.load(shared, SLOT_CANCEL) === 1,
    beat: (): void => void Atomics.add(shared, SLOT_BEAT, 1),
    shrinking: (attempts: number): void => void Atomics.store(shared, SLOT_SHRINK, attempts + 1),
    found: (result: UnitResult): void => port.postMessage({ type: 'found', result }),
    checkpoint: (progress: SearchProgress): void => port.postMessage({ type: 'checkpoint', progress }),
  };
  port.on('message', (spec: Task) => {
    try {
      port.postMessage({ type: 'done', result: runTask(spec, counters) });
    } catch (e) {
      const err = errorParts(e);
      port.postMessage({ type: 'error', id: spec.id, name: err.name, message: err.message, stack: err.stack ?? '' });
    }
  });
}
