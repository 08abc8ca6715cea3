/**
 * A pool of worker threads that runs work units, with a watchdog: a worker whose
 * execution count has not moved for `watchdogMs` is stuck inside one step (a goroutine
 * spinning in a loop without an effect, which no step limit can see); the pool
 * terminates it, reports the unit as hung, and starts a fresh worker for the rest.
 *
 * The pool pulls units from `next()` whenever a worker is free, and asks `shouldCancel`
 * about every running unit four times a second (a cancelled unit stops at its next
 * check, every 64 executions). Results come back in any order; the caller keys them by
 * unit, so they never depend on timing.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkerFailure } from './errors';
import { SLOT_CANCEL, SLOT_EXECUTIONS, type UnitResult, type UnitSpec } from './unit';

/** How one unit ended. */
export type UnitOutcome =
  | { readonly type: 'done'; readonly spec: UnitSpec; readonly result: UnitResult }
  /** The watchdog fired: `executions` completed before the execution that hung. */
  | { readonly type: 'hang'; readonly spec: UnitSpec; readonly executions: number; readonly elapsedMs: number };

export interface PoolOptions {
  readonly workers: number;
  readonly watchdogMs: number;
  /** Epoch ms after which no unit starts; null for none. */
  readonly deadline: number | null;
  /** The next unit to run, or undefined when there is none (then never again). */
  readonly next: () => UnitSpec | undefined;
  /** Called with every unit's outcome as it arrives. */
  readonly onOutcome: (o: UnitOutcome) => void;
  /** True when a running unit's work is no longer needed. */
  readonly shouldCancel?: (spec: UnitSpec) => boolean;
  /** Called about 4 times a second with the executions completed so far (all units). */
  readonly onTick?: (executions: number) => void;
}

interface Slot {
  worker: Worker;
  counters: Int32Array;
  spec: UnitSpec | null;
  startedAt: number;
  lastCount: number;
  lastChange: number;
}

const TICK_MS = 250;
/** The execution count while the worker loads the scenario (the unit sets 0 when it starts). */
const LOADING = -1;
/** Loading a scenario (a user file compiles with ts-node) may take this long before it is a hang. */
const LOAD_LIMIT_MS = 60_000;

/** The worker script: the compiled `worker.js`, or `worker.ts` through ts-node from source. */
function spawn(counters: SharedArrayBuffer): Worker {
  const file = path.join(__dirname, `worker${path.extname(__filename)}`);
  if (file.endsWith('.ts')) {
    const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', moduleResolution: 'bundler', target: 'ES2022', esModuleInterop: true } };
    const boot = `require(${JSON.stringify(require.resolve('ts-node'))}).register(${JSON.stringify(options)}); require(${JSON.stringify(file)});`;
    return new Worker(boot, { eval: true, workerData: { counters } });
  }
  return new Worker(file, { workerData: { counters } });
}

/** Runs units from `opts.next()` on up to `opts.workers` threads; resolves when none is left. */
export function runPool(opts: PoolOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const slots: Slot[] = [];
    let finishedExecutions = 0;
    let exhausted = false;
    let over = false;
    let timer: NodeJS.Timeout | null = null;

    const finish = (err: Error | null): void => {
      if (over) return;
      over = true;
      if (timer !== null) clearInterval(timer);
      const all = slots.splice(0).map((s) => s.worker.terminate());
      void Promise.allSettled(all).then(() => (err === null ? resolve() : reject(err)));
    };

    const pull = (): UnitSpec | undefined => {
      if (exhausted) return undefined;
      if (opts.deadline !== null && Date.now() >= opts.deadline) exhausted = true;
      const spec = exhausted ? undefined : opts.next();
      if (spec === undefined) exhausted = true;
      return spec;
    };

    const settleIfIdle = (): void => {
      if (!over && exhausted && slots.every((s) => s.spec === null)) finish(null);
    };

    const outcome = (o: UnitOutcome): void => {
      finishedExecutions += o.type === 'done' ? o.result.executions : o.executions;
      try {
        opts.onOutcome(o);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    };

    const dispatch = (slot: Slot, spec: UnitSpec): void => {
      slot.spec = spec;
      slot.startedAt = Date.now();
      slot.lastChange = slot.startedAt;
      slot.lastCount = LOADING;
      Atomics.store(slot.counters, SLOT_EXECUTIONS, LOADING);
      Atomics.store(slot.counters, SLOT_CANCEL, 0);
      slot.worker.postMessage(spec);
    };

    const start = (spec: UnitSpec): void => {
      const buf = new SharedArrayBuffer(8);
      const slot: Slot = { worker: spawn(buf), counters: new Int32Array(buf), spec: null, startedAt: 0, lastCount: 0, lastChange: 0 };
      slot.worker.on('message', (m: { type: 'done'; result: UnitResult } | { type: 'error'; name: string; message: string; stack: string }) => {
        const spec = slot.spec;
        if (spec === null || over) return;
        if (m.type === 'error') {
          finish(new WorkerFailure(m.message, m.name, m.stack));
          return;
        }
        slot.spec = null;
        outcome({ type: 'done', spec, result: m.result });
        if (over) return;
        const next = pull();
        if (next !== undefined) dispatch(slot, next);
        else settleIfIdle();
      });
      slot.worker.on('error', (e) => finish(new WorkerFailure(`a worker thread failed: ${e.message}`, 'WorkerFailure', e.stack)));
      slot.worker.on('exit', (code) => {
        if (!over && slots.includes(slot)) finish(new WorkerFailure(`a worker thread exited with code ${code}`, 'WorkerFailure'));
      });
      slots.push(slot);
      dispatch(slot, spec);
    };

    const tick = (): void => {
      const now = Date.now();
      let running = 0;
      for (const slot of slots.slice()) {
        const spec = slot.spec;
        if (spec === null) continue;
        const n = Atomics.load(slot.counters, SLOT_EXECUTIONS);
        running += Math.max(0, n);
        if (opts.shouldCancel?.(spec) === true) Atomics.store(slot.counters, SLOT_CANCEL, 1);
        const limit = n === LOADING ? Math.max(opts.watchdogMs, LOAD_LIMIT_MS) : opts.watchdogMs;
        if (n !== slot.lastCount) {
          slot.lastCount = n;
          slot.lastChange = now;
        } else if (now - slot.lastChange >= limit) {
          slots.splice(slots.indexOf(slot), 1);
          slot.spec = null;
          void slot.worker.terminate();
          outcome({ type: 'hang', spec, executions: Math.max(0, n), elapsedMs: now - slot.startedAt });
          if (over) return;
          const next = pull();
          if (next !== undefined) start(next);
        }
      }
      opts.onTick?.(finishedExecutions + running);
      settleIfIdle();
    };

    for (let i = 0; i < Math.max(1, opts.workers); i++) {
      const spec = pull();
      if (spec === undefined) break;
      start(spec);
    }
    if (slots.length === 0) {
      finish(null);
      return;
    }
    timer = setInterval(tick, Math.min(TICK_MS, Math.max(20, Math.floor(opts.watchdogMs / 4))));
  });
}
