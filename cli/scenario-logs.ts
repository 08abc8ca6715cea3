/**
 * What a scenario logs while stdout carries a machine-readable report (`--json`, `--report
 * json|html|junit`): `console.log`, `console.info` and `console.debug` write to stderr
 * instead, so that stdout stays exactly the one JSON object, HTML or XML document the
 * command promises. Worker threads do the same (`worker.ts`, told by `workerData`). With a
 * text report, logs stay on stdout, interleaved with the report as the user wrote them.
 *
 * In a worker thread the console writes through a stream that the main thread drains
 * asynchronously, and a worker that is terminated (its task done, the command over) loses
 * what was not drained yet: all but a scenario's first lines. So worker threads write the
 * console's lines straight to the file descriptor (`syncConsole`).
 */
import fs from 'node:fs';
import { format } from 'node:util';

/** The console methods moved; `console.warn` and `console.error` write to stderr anyway. */
const MOVED = ['log', 'info', 'debug'] as const;

let moved = false;

/** Whether logs go to stderr now (for the worker threads the pool starts). */
export function logsOnStderr(): boolean {
  return moved;
}

/** Whether the command's parsed arguments put a machine-readable report on stdout. */
export function reportIsMachineReadable(args: Readonly<Record<string, unknown>>): boolean {
  return args['json'] === true || (typeof args['report'] === 'string' && args['report'] !== 'text');
}

/**
 * Sends `console.log`, `console.info` and `console.debug` to `write` (one formatted line
 * each, as the console formats it) until the returned function restores them.
 */
export function moveLogsToStderr(write: (text: string) => void): () => void {
  const saved = MOVED.map((k) => [k, console[k]] as const);
  const toStderr = (...args: unknown[]): void => write(`${format(...args)}\n`);
  for (const k of MOVED) console[k] = toStderr;
  moved = true;
  return () => {
    for (const [k, f] of saved) console[k] = f;
    moved = false;
  };
}

/** Writes all of `text` to `fd`, waiting out a full non-blocking pipe. */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return; // a closed pipe: the line is lost, as the console would lose it
    }
  }
}

/**
 * For a worker thread: every console line is written synchronously to stdout (`log`,
 * `info`, `debug`; stderr when `logsOnStderr`) or stderr (`warn`, `error`), so that none
 * is lost when the thread is terminated.
 */
export function syncConsole(logsOnStderr: boolean): void {
  const to = (fd: number) => (...args: unknown[]): void => writeAll(fd, `${format(...args)}\n`);
  for (const k of MOVED) console[k] = to(logsOnStderr ? 2 : 1);
  console.warn = to(2);
  console.error = to(2);
}
