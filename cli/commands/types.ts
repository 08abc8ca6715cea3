/**
 * The shape of a command module: yargs' command, description and builder, and `run`,
 * which returns the exit code (errors it throws are mapped by the caller).
 */
import type { Argv } from 'yargs';

export interface CommandModule {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv;
  /**
   * `--help`'s examples: a command line (`$0` is `interleave`) and what it does. Each is
   * real: cli/help-examples.test.ts runs them all, in command order, in one folder.
   */
  readonly examples: readonly (readonly [string, string])[];
  readonly run: (argv: Readonly<Record<string, unknown>>) => number | Promise<number>;
}
