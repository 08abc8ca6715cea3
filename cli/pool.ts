/**
 * A pool of worker threads that runs tasks (exploration units, replays, shrinks), with a
 * watchdog: a worker that has neither completed nor started an execution for `watchdogMs`
 * (its counters in shared memory have not moved) is stuck inside one step (a goroutine spinning in a loop without an effect, which no step limit can
 * see); the pool terminates it, reports the task as hung, and starts a fresh worker for
 * the rest.
 *
 * The pool pulls tasks from `next()` whenever a worker is free, and asks `shouldCancel`
 * about every running task four times a second (a cancelled unit stops at its next
 * check, every 64 executions). Results come back in any order; the caller keys them by
 * task, so they never depend on timing.
 *
 * Every worker has the same stack size (`WORKER_STACK_MB`), so an execution that nests
 * deeply behaves the same in `run`, `explore`, `replay` and `shrink`. In an in-process
 * context with `inline` set (tests), tasks run one after another on the calling thread
 * instead, without a watchdog.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../sim/internal';
import { cliContext } from './context';
import { quoted, WorkerFailure } from './errors';
import { runReplayTask, type ReplaySpec, type ReplayTaskResult } from './replay-task';
import { logsOnStderr } from './scenario-logs';
import type { SearchProgress } from './checkpoint';
import { COUNTER_SLOTS, runUnit, SLOT_BEAT, SLOT_CANCEL, SLOT_EXECUTIONS, SLOT_SHRINK, type UnitCounters, type UnitResult, type UnitSpec } from './unit';

/** What a worker runs. */
export type Task = UnitSpec | ReplaySpec;

/** How one task ended. */
export type TaskOutcome<S extends Task, R> =
  | { readonly type: 'done'; readonly spec: S; readonly result: R }
  /** The watchdog fired: `executions` completed before the execution that hung. */
  | { readonly type: 'hang'; readonly spec: S; readonly executions: number; readonly elapsedMs: number };

/** How one exploration unit ended. */
export type UnitOutcome = TaskOutcome<UnitSpec, UnitResult>;

export interface PoolOptions<S extends Task = UnitSpec, R = UnitResult> {
  readonly workers: number;
  readonly watchdogMs: number;
  /** Epoch ms after which no task starts; null for none. */
  readonly deadline: number | null;
  /**
   * The next task to run, or undefined when there is none (then never again). `after`:
   * the task the worker asking has just finished (none for a fresh worker), so that the
   * caller can keep a worker on code it has already compiled.
   */
  readonly next: (after?: S) => S | undefined;
  /** Called with every task's outcome as it arrives. */
  readonly onOutcome: (o: TaskOutcome<S, R>) => void;
  /** True when a running task's work is no longer needed. */
  readonly shouldCancel?: (spec: S) => boolean;
  /** Called about 4 times a second with the executions completed so far (all tasks). */
  readonly onTick?: (executions: number) => void;
  /** Called on those ticks while a task shrinks a violation, with the shrinker's executions so far (the most of any task). */
  readonly onShrink?: (attempts: number) => void;
  /** Called with the progress a `--checkpoint` unit reports (to be saved), in the order it reports it. */
  readonly onCheckpoint?: (spec: S, progress: SearchProgress) => void;
}

/**
 * The stack of every worker thread, in MiB (Node's default is 4): deep enough for user
 * code that nests `yield*` some 250,000 levels; only the part used is committed.
 */
export const WORKER_STACK_MB = 64;

/** Runs `spec` on this thread (a worker's, or the caller's when inline). */
export function runTask(spec: Task, counters: UnitCounters): UnitResult | ReplayTaskResult {
  return spec.task === 'explore' ? runUnit(spec, counters) : runReplayTask(spec, counters);
}

interface Slot<S> {
  worker: Worker;
  counters: Int32Array;
  spec: S | null;
  startedAt: number;
  lastCount: number;
  lastBeat: number;
  lastChange: number;
  /** The running unit's violation as found, while it is being shrunk. */
  found: unknown;
}

const TICK_MS = 250;
/** The execution count while the worker loads the scenario (the unit sets 0 when it starts). */
const LOADING = -1;
/** Loading a scenario (a user file is transpiled by our TypeScript) may take this long before it is a hang. */
const LOAD_LIMIT_MS = 60_000;

/** The worker script: the compiled `worker.js`, or `worker.ts` through ts-node from source. */
function spawn(counters: SharedArrayBuffer): Worker {
  const file = path.join(__dirname, `worker${path.extname(__filename)}`);
  if (file.endsWith('.ts')) {
    const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', moduleResolution: 'bundler', target: 'ES2022', esModuleInterop: true } };
    const boot = `require(${JSON.stringify(require.resolve('ts-node'))}).register(${JSON.stringify(options)}); require(${JSON.stringify(file)});`;
    return new Worker(boot, { eval: true, workerData: { counters, logsOnStderr: logsOnStderr() }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
  }
  return new Worker(file, { workerData: { counters, logsOnStderr: logsOnStderr() }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
}

/** Runs tasks from `opts.next()` on up to `opts.workers` threads; resolves when none is left. */
export function runPool<S extends Task = UnitSpec, R = UnitResult>(opts: PoolOptions<S, R>): Promise<void> {
  if (cliContext().inline) return runInline(opts);
  return new Promise<void>((resolve, reject) => {
    const slots: Slot<S>[] = [];
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

    const pull = (after?: S): S | undefined => {
      if (exhausted) return undefined;
      if (opts.deadline !== null && Date.now() >= opts.deadline) exhausted = true;
      const spec = exhausted ? undefined : opts.next(after);
      if (spec === undefined) exhausted = true;
      return spec;
    };

    const settleIfIdle = (): void => {
      if (!over && exhausted && slots.every((s) => s.spec === null)) finish(null);
    };

    const outcome = (o: TaskOutcome<S, R>): void => {
      finishedExecutions += o.type === 'done' ? executionsOf(o.result) : o.executions;
      try {
        opts.onOutcome(o);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    };

    const dispatch = (slot: Slot<S>, spec: S): void => {
      slot.spec = spec;
      slot.startedAt = Date.now();
      slot.lastChange = slot.startedAt;
      slot.lastCount = LOADING;
      slot.found = null;
      Atomics.store(slot.counters, SLOT_EXECUTIONS, LOADING);
      Atomics.store(slot.counters, SLOT_CANCEL, 0);
      Atomics.store(slot.counters, SLOT_SHRINK, 0);
      slot.worker.postMessage(spec);
    };

    const start = (spec: S): void => {
      const buf = new SharedArrayBuffer(4 * COUNTER_SLOTS);
      const slot: Slot<S> = { worker: spawn(buf), counters: new Int32Array(buf), spec: null, startedAt: 0, lastCount: 0, lastBeat: 0, lastChange: 0, found: null };
      slot.worker.on('message', (m: { type: 'done' | 'found'; result: R } | { type: 'checkpoint'; progress: SearchProgress } | { type: 'error'; name: string; message: string; stack: string }) => {
        const spec = slot.spec;
        if (spec === null || over) return;
        if (m.type === 'checkpoint') {
          try {
            opts.onCheckpoint?.(spec, m.progress);
          } catch (e) {
            finish(e instanceof Error ? e : new Error(String(e)));
          }
          return;
        }
        if (m.type === 'found') {
          slot.found = m.result;
          return;
        }
        if (m.type === 'error') {
          finish(new WorkerFailure(m.message, m.name, m.stack));
          return;
        }
        slot.spec = null;
        outcome({ type: 'done', spec, result: m.result });
        if (over) return;
        const next = pull(spec);
        if (next !== undefined) dispatch(slot, next);
        else settleIfIdle();
      });
      slot.worker.on('error', (e) => finish(workerError(e, slot.spec)));
      slot.worker.on('exit', (code) => {
        if (!over && slots.includes(slot)) finish(new WorkerFailure(`a worker thread exited with code ${code}`, 'WorkerFailure'));
      });
      slots.push(slot);
      dispatch(slot, spec);
    };

    const tick = (): void => {
      const now = Date.now();
      let running = 0;
      let shrinking = 0;
      for (const slot of slots.slice()) {
        const spec = slot.spec;
        if (spec === null) continue;
        shrinking = Math.max(shrinking, Atomics.load(slot.counters, SLOT_SHRINK));
        const n = Atomics.load(slot.counters, SLOT_EXECUTIONS);
        running += Math.max(0, n);
        if (opts.shouldCancel?.(spec) === true) Atomics.store(slot.counters, SLOT_CANCEL, 1);
        const beat = Atomics.load(slot.counters, SLOT_BEAT);
        const limit = n === LOADING ? Math.max(opts.watchdogMs, LOAD_LIMIT_MS) : opts.watchdogMs;
        if (n !== slot.lastCount || beat !== slot.lastBeat) {
          slot.lastCount = n;
          slot.lastBeat = beat;
          slot.lastChange = now;
        } else if (now - slot.lastChange >= limit) {
          slots.splice(slots.indexOf(slot), 1);
          slot.spec = null;
          void slot.worker.terminate();
          // Stuck while shrinking a violation it found: report that violation as found.
          if (slot.found !== null) outcome({ type: 'done', spec, result: slot.found as R });
          else outcome({ type: 'hang', spec, executions: Math.max(0, n), elapsedMs: now - slot.startedAt });
          if (over) return;
          const next = pull();
          if (next !== undefined) start(next);
        }
      }
      opts.onTick?.(finishedExecutions + running);
      if (shrinking > 0) opts.onShrink?.(shrinking - 1);
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

/** What a task works on, for a message: `scenario "x" / variant "v"`, or the scenario file. */
function taskSubject(spec: Task): string {
  const scenario = spec.scenario.kind === 'builtin' ? `scenario ${quoted(spec.scenario.name)}` : `scenario file ${spec.scenario.path}`;
  return spec.task === 'explore' ? `${scenario} / variant ${quoted(spec.variant)}` : `${spec.task === 'replay' ? 'replaying' : 'shrinking'} a schedule of ${scenario}`;
}

/**
 * The error a worker thread died of. Running out of memory is the doing of the scenario
 * or its input (a setup that spawns a billion goroutines, say), not a bug of interleave: a
 * one-line error (exit 2) that says so. Anything else is an internal error (exit 3).
 */
export function workerError(e: Error, spec: Task | null): Error {
  let code: unknown;
  try {
    code = (e as NodeJS.ErrnoException).code;
  } catch {
    code = undefined;
  }
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const subject = spec === null ? 'an execution' : taskSubject(spec);
    return new UsageError(
      `${subject}: an execution ran out of memory (the JavaScript heap limit) and its worker thread was stopped. Likely cause: parameters that ask for ` +
        `more than fits (a huge goroutines or rounds count); give smaller ones, or raise the limit with NODE_OPTIONS=--max-old-space-size=<MB>`,
    );
  }
  return new WorkerFailure(`a worker thread failed: ${e.message}`, 'WorkerFailure', e.stack);
}

/** Runs one task on a worker thread under the watchdog (inline in an in-process context) and returns how it ended. */
export async function runOne<S extends Task, R>(spec: S, watchdogMs: number, onShrink?: (attempts: number) => void): Promise<TaskOutcome<S, R>> {
  let outcome: TaskOutcome<S, R> | null = null;
  let given = false;
  await runPool<S, R>({
    workers: 1,
    watchdogMs,
    deadline: null,
    next: () => (given ? undefined : ((given = true), spec)),
    onOutcome: (o) => (outcome = o),
    ...(onShrink !== undefined ? { onShrink } : {}),
  });
  const o = outcome as TaskOutcome<S, R> | null;
  if (o === null) throw new Error(`internal error: the ${spec.task} task produced no result`);
  return o;
}

/** Executions a task's result accounts for (for the progress count). */
function executionsOf(r: unknown): number {
  const x = r as { executions?: unknown; task?: unknown; result?: { attempts?: unknown } };
  if (typeof x.executions === 'number') return x.executions;
  if (x.task === 'shrink' && typeof x.result?.attempts === 'number') return x.result.attempts;
  return 1;
}

/** The pool on the calling thread: tasks one after another, no watchdog, errors as thrown. */
async function runInline<S extends Task, R>(opts: PoolOptions<S, R>): Promise<void> {
  let done = 0;
  let after: S | undefined;
  for (;;) {
    if (opts.deadline !== null && Date.now() >= opts.deadline) return;
    const spec = opts.next(after);
    after = spec;
    if (spec === undefined) return;
    const counters: UnitCounters = {
      executions: () => undefined,
      beat: () => undefined,
      shrinking: () => undefined,
      found: () => undefined,
      cancelled: () => opts.shouldCancel?.(spec) === true,
      checkpoint: (p) => opts.onCheckpoint?.(spec, p),
    };
    const result = runTask(spec, counters) as R;
    done += executionsOf(result);
    opts.onOutcome({ type: 'done', spec, result });
    opts.onTick?.(done);
    // let other work of the event loop run between tasks
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
