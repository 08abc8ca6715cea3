/**
 * Colour for terminal reports: chalk v4 instances whose level follows, in order,
 * `--no-color` / `--color`, `NO_COLOR` (any non-empty value turns colour off, see
 * no-color.org), `FORCE_COLOR`, and whether the stream is a terminal.
 */
import chalk from 'chalk';

export type Chalk = chalk.Chalk;

/** Options deciding the colour level. */
export interface ColorChoice {
  /** `--color` (true), `--no-color` (false), or neither (undefined). */
  readonly flag?: boolean | undefined;
  readonly isTTY: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** The chalk colour level (0 = none) for a stream. */
export function colorLevel(c: ColorChoice): chalk.Level {
  const env = c.env ?? process.env;
  if (c.flag === false) return 0;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  const detected = chalk.supportsColor === false ? 0 : chalk.supportsColor.level;
  if (c.flag === true) return Math.max(1, detected) as chalk.Level;
  if (env['FORCE_COLOR'] !== undefined) return detected;
  return c.isTTY ? detected : 0;
}

/** A chalk instance for `stream`. */
export function chalkFor(stream: { isTTY?: boolean }, flag?: boolean): Chalk {
  return new chalk.Instance({ level: colorLevel({ flag, isTTY: stream.isTTY === true }) });
}

/** The width to fit: the terminal's columns, else `$COLUMNS`, else 100 (at least 40). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  const cols = stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : Number(env['COLUMNS']);
  return Number.isFinite(cols) && cols > 0 ? Math.max(40, Math.floor(cols)) : 100;
}

/** A chalk instance that never colours (reports as plain text). */
export function plainChalk(): Chalk {
  return new chalk.Instance({ level: 0 });
}
