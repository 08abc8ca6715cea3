/**
 * `interleave replay <failure.json|schedule>`: re-runs one schedule with the full trace.
 * From a failure file it checks the replay reproduces the recorded violation and trace,
 * and reports a divergence (as `nondeterminism`) when not. Exit 1 when the replay ends
 * in a violation (or diverges), 0 when it passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { decodeSchedule, ENGINE_VERSION, replay, resolveParams, resolveVariant, UsageError, type Schedule, type TraceStep } from '../../sim';
import { messageBody, replayCommand, shellQuote, withReplayLine, type ReportViolation, type RunReport } from '../../reports/types';
import { EXIT } from '../errors';
import { readFailureFile, type FailureFile } from '../failure-file';
import { nonNegativeInt } from '../options';
import { printRun, REPORT_FORMATS, type ReportFormat } from '../output';
import { builtin, fromFile, type ScenarioSource } from '../scenario-source';
import type { CommandModule } from './types';

/** True when `arg` is a schedule string rather than a file path. */
export function isScheduleArg(arg: string): boolean {
  if (fs.existsSync(arg)) return false;
  const t = arg.trim();
  if (/^il\d*:/.test(t)) return true;
  return !(/[/\\]/.test(t) || /\.[A-Za-z0-9]+$/.test(t));
}

/** The scenario a failure file (or schedule) is for, from `--scenario FILE` or by name. */
export function scenarioFor(name: string, recordedFile: string | null, override: string | undefined, what: string): ScenarioSource {
  if (override !== undefined) {
    const s = fromFile(override);
    if (s.scenario.name !== name) throw new UsageError(`${what} is for scenario "${name}", but ${override} defines "${s.scenario.name}"`);
    return s;
  }
  if (recordedFile !== null) {
    if (!fs.existsSync(recordedFile)) throw new UsageError(`${what} is for scenario "${name}" from ${recordedFile}, which no longer exists (give its new path with --scenario FILE)`);
    const s = fromFile(recordedFile);
    if (s.scenario.name !== name) throw new UsageError(`${what} is for scenario "${name}", but ${recordedFile} now defines "${s.scenario.name}"`);
    return s;
  }
  try {
    return builtin(name);
  } catch {
    throw new UsageError(`${what} is for scenario "${name}", which is not built in: give its scenario file with --scenario FILE`);
  }
}

/** Where the traces first differ (index), or -1. */
function firstDifference(a: readonly TraceStep[], b: readonly TraceStep[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return -1;
}

export const replayCommandModule: CommandModule = {
  command: 'replay <target>',
  describe: 'replay a failure file or a schedule string exactly, with the full trace',
  builder: (y: Argv) =>
    y
      .positional('target', { type: 'string', describe: 'a failure file (interleave-out/<scenario>-<hash>.json) or a schedule string (il1:…)' })
      .option('scenario', { type: 'string', requiresArg: true, describe: 'the scenario file, for a user scenario (or one that moved)' })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write the HTML timeline to this file' })
      .option('junit', { type: 'string', requiresArg: true, describe: 'also write a JUnit XML file' })
      .option('json', { type: 'boolean', describe: 'print exactly one JSON object on stdout' })
      .option('report', { type: 'string', requiresArg: true, choices: REPORT_FORMATS as unknown as string[], default: 'text', describe: 'what to print on stdout' })
      .option('trace-steps', { type: 'string', requiresArg: true, default: '60', describe: 'trace steps the text report shows (0 = all)' })
      .example('$0 replay interleave-out/lost-update-1a2b3c4d.json', 'reproduce a failure file: the same violation and trace')
      .example('$0 replay il1:lost-update:bad:eyJvIjp7fSwicCI6e319:0.1.0.1:5b1c2d3e', 'replay the schedule string a message printed')
      .example('$0 replay il1:mine:v:…:… --scenario ./my.scenario.ts', 'a schedule of a user scenario needs its file')
      .example('$0 replay interleave-out/x.json --html timeline.html', 'open the timeline in a browser'),
  run: (argv) => {
    const target = String(argv['target']);
    const override = argv['scenario'] as string | undefined;
    let file: FailureFile | null = null;
    let schedule: Schedule;
    let source: ScenarioSource;
    let scheduleText: string;
    if (isScheduleArg(target)) {
      scheduleText = target.trim();
      schedule = decodeSchedule(scheduleText);
      source = scenarioFor(schedule.scenario, null, override, 'the schedule');
    } else {
      file = readFailureFile(target);
      scheduleText = file.schedule;
      schedule = decodeSchedule(scheduleText);
      if (schedule.scenario !== file.scenario.name || schedule.variant !== file.variant) {
        throw new UsageError(`failure file ${target} is inconsistent: its schedule is for "${schedule.scenario}" / "${schedule.variant}", the file says "${file.scenario.name}" / "${file.variant}"`);
      }
      source = scenarioFor(file.scenario.name, file.scenario.file, override, `failure file ${target}`);
    }
    const variant = resolveVariant(source.scenario, schedule.variant);
    const started = Date.now();
    const r = replay(source.scenario, schedule);
    const elapsedMs = Date.now() - started;
    const replayFile = file !== null ? target : null;
    const command = replayFile !== null ? `interleave replay ${shellQuote(replayFile)}` : replayCommand({ schedule: scheduleText, replayFile: null }, source.file);
    let violation: ReportViolation | null =
      r.violation === undefined
        ? null
        : { kind: r.violation.kind, message: withReplayLine(r.violation.message, command), execution: 1, schedule: r.violation.schedule, replayFile, trace: r.violation.trace, step: r.violation.step, time: r.violation.time };
    if (file !== null) {
      const sameKind = violation !== null && violation.kind === file.violation.kind;
      const sameText = violation !== null && messageBody(violation.message) === messageBody(file.violation.message);
      const diff = firstDifference(file.trace, r.trace);
      if (!sameKind || !sameText || diff >= 0) {
        const recorded = messageBody(file.violation.message).split('\n')[0];
        const got = violation === null ? 'no violation' : messageBody(violation.message).split('\n')[0];
        const where = diff >= 0 ? ` The traces first differ at step ${diff}.` : '';
        const message =
          `nondeterminism: replaying ${target} did not reproduce the recorded failure: it recorded "${recorded}", the replay gave "${got}".${where} ` +
          `Likely cause: the scenario${source.file !== null ? ` file ${path.basename(source.file)}` : ''} changed since the failure was recorded, or it reads something outside the simulation (Math.random, Date.now, shared state between executions).\nreplay: ${command}`;
        violation = { kind: 'nondeterminism', message, execution: 1, schedule: scheduleText, replayFile, trace: r.trace, step: Math.max(0, diff), time: r.trace[Math.max(0, diff)]?.time ?? 0 };
      }
    }
    const report: RunReport = {
      scenario: source.scenario.name,
      scenarioFile: source.file,
      variant: variant.name,
      expect: variant.expect,
      params: resolveParams(source.scenario, schedule.params),
      strategy: file?.strategy ?? 'replay',
      seed: file?.seed ?? null,
      executions: 1,
      steps: r.steps,
      elapsedMs,
      exhausted: false,
      engineVersion: ENGINE_VERSION,
      violation,
    };
    printRun(report, {
      json: argv['json'] === true,
      report: String(argv['report']) as ReportFormat,
      html: argv['html'] as string | undefined,
      junit: argv['junit'] as string | undefined,
      color: argv['color'] as boolean | undefined,
      traceSteps: nonNegativeInt('trace-steps', argv['trace-steps']),
    });
    return violation === null ? EXIT.ok : EXIT.violation;
  },
};
