/**
 * Where one invocation of the CLI writes, and how it runs executions. The executable
 * (`main.ts`) writes to the process's stdout and stderr and runs executions on worker
 * threads; the in-process entry (`in-process.ts`) captures both streams and may run
 * executions on the calling thread. The context is carried by `AsyncLocalStorage`, so
 * concurrent in-process invocations never see each other's output.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The streams and settings of one CLI invocation. */
export interface CliContext {
  /** Writes report text to stdout. */
  out(text: string): void;
  /** Writes text (errors, notes, the progress bar) to stderr. */
  err(text: string): void;
  /** Whether stdout / stderr are terminals (colour, width, progress bar). */
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The terminal's columns when stdout is one. */
  readonly columns: number | undefined;
  /**
   * Run executions on the calling thread instead of worker threads: no watchdog (a
   * goroutine that never yields hangs the caller) and the caller's stack size. For tests
   * and embedding only; the executable never sets it.
   */
  readonly inline: boolean;
}

/** The context of the executable: the process's own streams, worker threads. */
export function processContext(): CliContext {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
    inline: false,
  };
}

const storage = new AsyncLocalStorage<CliContext>();

/** The context of the invocation running now (the process's outside any). */
export function cliContext(): CliContext {
  return storage.getStore() ?? processContext();
}

/** Runs `fn` (and everything it awaits) with `ctx` as the CLI context. */
export function withContext<T>(ctx: CliContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(ctx, fn);
}
