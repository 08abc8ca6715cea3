/**
 * The CLI as a function: `runCli` runs one invocation in a given context and maps every
 * error to one line and an exit code (it never throws); `runInProcess` captures stdout
 * and stderr and returns them with the code. The executable (`main.ts`) is `runCli` with
 * the process's streams, so tests that call `runInProcess` exercise the same code path.
 *
 * @example
 *   const r = await runInProcess(['replay', 'interleave-out/lost-update-1a2b3c4d.json', '--json']);
 *   r.code;   // 1: the violation replayed
 *   JSON.parse(r.stdout).violation.kind;
 */
import { main } from './cli';
import { withContext, type CliContext } from './context';
import { describeError, EXIT } from './errors';

/** Runs the CLI on `argv` in `ctx` and returns its exit code (0, 1, 2 or 3). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    return await withContext(ctx, () => main(argv));
  } catch (e) {
    // main maps errors itself; this is the last resort (an error while reporting one).
    try {
      ctx.err(`${describeError(e).line}\n`);
    } catch {
      // the stream itself failed: nothing left to tell
    }
    return EXIT.internal;
  }
}

/** What an in-process invocation printed and returned. */
export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessOptions {
  /**
   * Run executions on the calling thread (no worker threads, no watchdog): fast, but a
   * goroutine that never yields hangs the caller. Default true.
   */
  readonly inline?: boolean;
  /** Pretend stdout is a terminal this wide (default: not a terminal). */
  readonly columns?: number;
}

/** Runs the CLI on `argv` in this process, capturing what it prints. */
export async function runInProcess(argv: readonly string[], opts: InProcessOptions = {}): Promise<InProcessRun> {
  let out = '';
  let err = '';
  const tty = opts.columns !== undefined;
  const code = await runCli(argv, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdoutIsTTY: tty,
    stderrIsTTY: false,
    columns: opts.columns,
    inline: opts.inline ?? true,
  });
  return { code, stdout: out, stderr: err };
}
