/**
 * Writing reports: stdout carries the report (text, or exactly one JSON object / HTML /
 * XML document); stderr carries errors, warnings, notes and the progress bar. Report
 * files (`--html`, `--junit`) are written atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../sim/internal';
import { chalkFor, terminalWidth, type Chalk } from '../reports/color';
import { htmlTimeline } from '../reports/html';
import { jsonReport, jsonSummary } from '../reports/json';
import { junitXml } from '../reports/junit';
import { renderRun } from '../reports/terminal';
import type { RunReport, VariantResult } from '../reports/types';
import { makeDir, replaceFile, sweepStaleTemps } from './atomic-write';
import { cliContext } from './context';
import { fsErrorText } from './load-file';

/** Report formats `--report` accepts. */
export const REPORT_FORMATS = ['text', 'json', 'html', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Writes `text` (plus a newline unless it ends with one) to stdout. */
export function stdout(text: string): void {
  cliContext().out(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes one line to stderr. */
export function stderr(line: string): void {
  cliContext().err(`${line}\n`);
}

/** Colour for stdout / stderr honouring `--color` / `--no-color` and `NO_COLOR`. */
export function colors(flag: boolean | undefined): { out: Chalk; err: Chalk; width: number } {
  const c = cliContext();
  return { out: chalkFor({ isTTY: c.stdoutIsTTY }, flag), err: chalkFor({ isTTY: c.stderrIsTTY }, flag), width: outputWidth() };
}

/** The width stdout's reports fit: the terminal's, else `$COLUMNS`, else 100. */
export function outputWidth(): number {
  const c = cliContext();
  return terminalWidth(c.columns === undefined ? { isTTY: c.stdoutIsTTY } : { isTTY: c.stdoutIsTTY, columns: c.columns });
}

/**
 * Writes a report file atomically (see atomic-write.ts), creating its directory. A
 * symbolic link is written through (its target is replaced, the link stays), and a file
 * that is not a regular one (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly:
 * a rename would replace the device node itself.
 */
export function writeReportFile(file: string, text: string): void {
  if (file === '') throw new UsageError('a report file name must not be empty');
  let target = path.resolve(file);
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(target); // through links
  } catch {
    st = null; // it does not exist yet (or is a dangling link): create it
  }
  if (st !== null && st.isFile()) {
    try {
      target = fs.realpathSync(target);
    } catch {
      // keep the path as given
    }
  }
  if (st !== null && st.isDirectory()) throw new UsageError(`${file} is a directory, not a file`);
  if (st !== null && !st.isFile()) {
    try {
      fs.writeFileSync(target, text);
    } catch (e) {
      throw new UsageError(`cannot write ${file}: ${fsErrorText(e, file, 'file')}`);
    }
    return;
  }
  const dir = path.dirname(target);
  try {
    makeDir(dir);
    sweepStaleTemps(dir, path.basename(target));
    replaceFile(target, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${fsErrorText(e, file, 'file')}`);
  }
}

/** The same file? (by device and inode when both exist, else by resolved path) */
function sameFile(a: string, b: string): boolean {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/**
 * Refuses report files (`--html`, `--junit`) that would overwrite an input of the command
 * (the failure file or scenario file it reads) or each other.
 */
export function checkReportPaths(reports: { readonly html?: string | undefined; readonly junit?: string | undefined }, inputs: readonly (string | null)[]): void {
  const given = Object.entries(reports).filter((e): e is [string, string] => typeof e[1] === 'string');
  for (const [flag, file] of given) {
    if (file === '') throw new UsageError(`--${flag} must name a file`);
    for (const input of inputs) {
      if (input !== null && sameFile(file, input)) throw new UsageError(`--${flag} ${file} would overwrite the input file ${input}`);
    }
  }
  if (given.length === 2 && sameFile(given[0]![1], given[1]![1])) throw new UsageError(`--html and --junit name the same file ${given[0]![1]}`);
}

/** A run report as a one-variant explore result (for JUnit). */
export function asVariantResult(r: RunReport): VariantResult {
  const outcome = r.violation === null ? 'pass' : 'fail';
  return {
    scenario: r.scenario,
    scenarioFile: r.scenarioFile,
    variant: r.variant,
    expect: r.expect,
    outcome,
    matched: outcome === r.expect,
    strategy: r.strategy,
    seed: r.seed ?? '-',
    executions: r.executions,
    steps: r.steps,
    elapsedMs: r.elapsedMs,
    violation: r.violation,
    violationsFound: r.violation === null ? 0 : 1,
    unitsCompleted: 1,
    units: 1,
    exhausted: r.exhausted,
    bound: r.bound ?? null,
    ...(r.preemptAtAccesses === true ? { preemptAtAccesses: true as const } : {}),
  };
}

export interface PrintOptions {
  readonly json: boolean;
  readonly report: ReportFormat;
  readonly html: string | undefined;
  readonly junit: string | undefined;
  readonly color: boolean | undefined;
  readonly traceSteps: number;
}

/** Prints a run / replay report in the chosen format and writes the requested files. */
export function printRun(r: RunReport, o: PrintOptions): void {
  if (o.html !== undefined) {
    writeReportFile(o.html, htmlTimeline(r));
    stderr(`html timeline: ${o.html}`);
  }
  if (o.junit !== undefined) {
    writeReportFile(o.junit, junitXml([asVariantResult(r)]));
    stderr(`junit: ${o.junit}`);
  }
  if (o.json) return stdout(JSON.stringify(jsonSummary(r)));
  switch (o.report) {
    case 'json':
      return stdout(JSON.stringify(jsonReport(r), null, 2));
    case 'html':
      return stdout(htmlTimeline(r));
    case 'junit':
      return stdout(junitXml([asVariantResult(r)]));
    case 'text': {
      const c = colors(o.color);
      return stdout(renderRun(r, { chalk: c.out, width: c.width, traceSteps: o.traceSteps }));
    }
  }
}
