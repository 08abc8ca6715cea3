/**
 * Writing reports: stdout carries the report (text, or exactly one JSON object / HTML /
 * XML document); stderr carries errors, warnings, notes and the progress bar. Report
 * files (`--html`, `--junit`) are written atomically.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../sim';
import { chalkFor, terminalWidth, type Chalk } from '../reports/color';
import { htmlTimeline } from '../reports/html';
import { jsonReport, jsonSummary } from '../reports/json';
import { junitXml } from '../reports/junit';
import { renderRun } from '../reports/terminal';
import type { RunReport, VariantResult } from '../reports/types';
import { fsErrorText } from './load-file';

/** Report formats `--report` accepts. */
export const REPORT_FORMATS = ['text', 'json', 'html', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Writes `text` (plus a newline unless it ends with one) to stdout. */
export function stdout(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes one line to stderr. */
export function stderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Colour for stdout / stderr honouring `--color` / `--no-color` and `NO_COLOR`. */
export function colors(flag: boolean | undefined): { out: Chalk; err: Chalk; width: number } {
  return { out: chalkFor(process.stdout, flag), err: chalkFor(process.stderr, flag), width: terminalWidth(process.stdout) };
}

/** Writes a report file atomically (temporary file + rename), creating its directory. */
export function writeReportFile(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a file`);
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot write ${file}: ${fsErrorText(e, file, 'file')}`);
  }
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
