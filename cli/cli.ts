/**
 * The command line: yargs with `list`, `run`, `replay`, `shrink` and `explore`. Maps
 * every error to one line on stderr and an exit code (0 ok, 1 violation, 2 bad usage or
 * input, 3 internal error) — never a stack trace, unless `INTERLEAVE_DEBUG` is set.
 */
import type { Argv } from 'yargs';
import yargs from 'yargs/yargs';
import { ENGINE_VERSION, UsageError } from '../sim/internal';
import { combineCommand } from './commands/combine';
import { exploreCommand } from './commands/explore';
import { initCommand } from './commands/init';
import { listCommand } from './commands/list';
import { replayCommandModule, severalTargets } from './commands/replay';
import { runCommand } from './commands/run';
import { shrinkCommand } from './commands/shrink';
import type { CommandModule } from './commands/types';
import { describeError, EXIT, oneLine, printable } from './errors';
import { TypeCheckError } from './typecheck';
import { outputWidth, stderr, stdout } from './output';
import { cliContext } from './context';
import { moveLogsToStderr, reportIsMachineReadable } from './scenario-logs';

/** Every command, in `--help` order. */
export const COMMANDS: readonly CommandModule[] = [initCommand, listCommand, runCommand, replayCommandModule, shrinkCommand, exploreCommand, combineCommand];

/** yargs' message (sometimes several lines: "Invalid values:", "Argument: …") as one line. */
function usageLine(msg: string, argv: readonly string[]): string {
  const lines = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const hints = lines.filter((l) => /^Did you mean/.test(l));
  const rest = lines.filter((l) => !/^Did you mean/.test(l));
  if (rest.length === 0 && hints.length > 0) rest.push(`unknown command "${argv[0] ?? ''}":`);
  return oneLine([...rest, ...hints].join(' ') || 'bad usage');
}

/**
 * yargs renders a command's whole help text before running its handler, in case the
 * handler asks for it (`showHelp`); ours never do, and that rendering is most of the cost
 * of a short invocation (about 6 ms of 9 for bad input). `--help` still renders it. With
 * another yargs whose internals differ, this does nothing (it is only slower).
 */
function skipHelpCache(parser: unknown): void {
  try {
    type Usage = { cacheHelpMessage?: unknown };
    const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => Usage } }).getInternalMethods?.();
    const usage = internal?.getUsageInstance?.();
    if (usage !== undefined && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = (): void => undefined;
  } catch {
    // not this yargs
  }
}

/**
 * Runs the CLI on `argv` (without `node` and the script) in the current CLI context (see
 * context.ts) and returns the exit code. Everything it prints, yargs' help included, goes
 * through the context; it never exits the process.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  let parser = yargs()
    .scriptName('interleave')
    .usage('$0 <command> [options]\n\nA deterministic simulator for concurrent code: explore goroutine interleavings, replay failures exactly.')
    .option('color', { type: 'boolean', describe: 'colour output (--no-color, or NO_COLOR=1, turns it off)' })
    .option('typecheck', { type: 'boolean', default: true, describe: 'type-check a TypeScript scenario file before running it (--no-typecheck skips it)' })
    .epilogue('Exit codes: 0 no violation (explore: every outcome as expected), 1 a violation (explore: an outcome contradicts its expectation), 2 bad usage or input, 3 internal error.')
    .demandCommand(1, 'name a command: init, list, run, replay, shrink or explore')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version(ENGINE_VERSION)
    .wrap(outputWidth())
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs' own errors (YError: a flag without its value…) are bad usage too.
      if (err !== undefined && err !== null && err.name !== 'YError') throw err;
      const text = msg ?? err?.message ?? 'bad usage';
      // `replay a.json b.json` (a glob that matched two files): say so, not "Unknown argument".
      const extra = /^Unknown arguments?: (.*)$/.exec(text.trim());
      if (argv[0] === 'replay' && extra !== null && argv[1] !== undefined && !argv[1].startsWith('-')) {
        const others = extra[1]!.split(', ').filter((a) => argv.includes(a) && !a.startsWith('-'));
        if (others.length > 0) throw new UsageError(severalTargets([argv[1], ...others]));
      }
      throw new UsageError(`${usageLine(text, argv)} (see interleave --help)`);
    });
  skipHelpCache(parser);
  for (const c of COMMANDS) {
    const builder = (y: Argv): Argv => c.examples.reduce((a, [cmd, what]) => a.example(cmd, what), c.builder(y));
    parser = parser.command(c.command, c.describe, builder, async (args) => {
      // a scenario's console.log must not break the one JSON object (or document) on stdout
      const restore = reportIsMachineReadable(args) ? moveLogsToStderr((text) => cliContext().err(text)) : null;
      try {
        code = await c.run(args as Record<string, unknown>);
      } finally {
        restore?.();
      }
    });
  }
  // With a parse callback, yargs hands over what it would print (help, version) instead
  // of writing to the console itself.
  let printed = '';
  try {
    await parser.parseAsync(argv.slice(), {}, (_err: unknown, _args: unknown, output: string) => {
      printed = typeof output === 'string' ? output : '';
    });
    if (printed !== '') stdout(printed);
  } catch (e) {
    if (e instanceof TypeCheckError) for (const l of e.diagnostics) stderr(printable(l));
    const d = describeError(e);
    stderr(d.line);
    if (d.code === EXIT.internal && process.env['INTERLEAVE_DEBUG'] !== undefined && d.stack !== undefined) stderr(d.stack);
    return d.code;
  }
  return code;
}
