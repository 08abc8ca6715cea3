/**
 * `interleave replay <failure.json|schedule>`: re-runs one schedule with the full trace
 * (on a worker thread, under the watchdog). From a failure file it checks the replay
 * reproduces the recorded violation and trace, and reports a divergence (as
 * `nondeterminism`) when not. Exit 1 when the replay ends in a violation (or diverges),
 * 0 when it passes.
 */
import path from 'node:path';
import type { Argv } from 'yargs';
import type { TraceStep } from '../../sim/internal';
import { fromEngine, messageBody, replayCommand, reportViolation, shellQuote, type ReportViolation, type RunReport } from '../../reports/types';
import { EXIT, printable } from '../errors';
import { nonNegativeInt, parseDuration, loadOptions } from '../options';
import { checkReportPaths, printRun, REPORT_FORMATS, type ReportFormat } from '../output';
import { runOne } from '../pool';
import type { ReplaySpec, ReplayTaskResult } from '../replay-task';
import { SPIN_CAUSE } from '../plan';
import { resolveTarget, targetReport } from '../replay-target';
import type { CommandModule } from './types';

export { isScheduleArg, scenarioFor } from '../replay-target';

/** The one line for `replay` given several targets (a glob that matched two failure files). */
export function severalTargets(all: readonly string[]): string {
  return `replay takes one failure file or schedule string, but ${all.length} were given (${all.slice(0, 3).join(', ')}${all.length > 3 ? ', …' : ''}): name one, e.g. interleave replay ${shellQuote(all[0]!)}`;
}

/** A real schedule string of `lost-update` / `bad` (the `--help` example; a test replays it). */
export const LOST_UPDATE_SCHEDULE = 'il1:lost-update:bad:eyJvIjp7fSwicCI6eyJnb3JvdXRpbmVzIjoyLCJyb3VuZHMiOjF9fQ:1x3.0x2:35271ff2';
/** A real schedule string of the README's `my.scenario.ts` / `bad`. */
export const MY_COUNTER_SCHEDULE = 'il1:my-counter:bad:eyJvIjp7fSwicCI6eyJnb3JvdXRpbmVzIjoyfX0:1x3.0x2:f5724360';

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
      .option('watchdog', { type: 'string', requiresArg: true, default: '10s', describe: 'report a hang when the replay makes no progress for this long (a goroutine spinning without an effect)' }),
  examples: [
    ['$0 replay interleave-out/lost-update-*.json', 'reproduce a failure file (one: its name is a hash of its content): the same violation and trace'],
    [`$0 replay ${LOST_UPDATE_SCHEDULE}`, 'replay the schedule string a message printed'],
    [`$0 replay ${MY_COUNTER_SCHEDULE} --scenario ./my.scenario.ts`, "a schedule of a user scenario needs its file (the README's my.scenario.ts)"],
    ['$0 replay interleave-out/my-counter-*.json --html timeline.html', 'the timeline of a user scenario’s failure, to open in a browser'],
  ],
  run: async (argv) => {
    const target = String(argv['target']);
    const override = argv['scenario'] as string | undefined;
    const traceSteps = nonNegativeInt('trace-steps', argv['trace-steps']);
    const watchdogMs = parseDuration('watchdog', argv['watchdog']);
    const html = argv['html'] as string | undefined;
    const junit = argv['junit'] as string | undefined;
    const t = resolveTarget(target, override, loadOptions(argv));
    const { file, scheduleText, source } = t;
    checkReportPaths({ html, junit }, [file !== null ? target : null, source.file]);
    const started = Date.now();
    const spec: ReplaySpec = { task: 'replay', id: 0, scenario: source.ref, schedule: scheduleText };
    const o = await runOne<ReplaySpec, ReplayTaskResult>(spec, watchdogMs);
    const elapsedMs = Date.now() - started;
    const replayFile = file !== null ? target : null;
    const command = replayFile !== null ? `interleave replay ${shellQuote(replayFile)}` : replayCommand({ schedule: scheduleText, replayFile: null }, source.file);
    const print = (report: RunReport): void =>
      printRun(report, { json: argv['json'] === true, report: String(argv['report']) as ReportFormat, html, junit, color: argv['color'] as boolean | undefined, traceSteps });
    if (o.type === 'hang' || o.result.task !== 'replay') {
      const detail = `replaying ${file !== null ? target : 'the schedule'} did not finish within ${watchdogMs / 1000}s and the watchdog stopped it. ${SPIN_CAUSE}`;
      print(targetReport(t, 0, elapsedMs, reportViolation({ kind: 'step-limit', headline: 'step-limit', detail, replayCommand: command, execution: 1, schedule: scheduleText, replayFile, trace: [], step: 0, time: 0 })));
      return EXIT.violation;
    }
    const r = o.result;
    let violation: ReportViolation | null = r.violation === null ? null : fromEngine(r.violation, command, replayFile, 1);
    if (file !== null) {
      const sameKind = violation !== null && violation.kind === file.violation.kind;
      const sameText = violation !== null && messageBody(violation.message) === messageBody(file.violation.message);
      const diff = firstDifference(file.trace, r.trace);
      if (!sameKind || !sameText || diff >= 0) {
        const recorded = printable(messageBody(file.violation.message).split('\n')[0]!.slice(0, 500));
        const got = violation === null ? 'no violation' : messageBody(violation.message).split('\n')[0];
        const where = diff >= 0 ? ` The traces first differ at step ${diff}.` : '';
        const detail =
          `replaying ${target} did not reproduce the recorded failure: it recorded "${recorded}", the replay gave "${got}".${where} ` +
          `Likely cause: the scenario${source.file !== null ? ` file ${path.basename(source.file)}` : ''} changed since the failure was recorded, or it reads something outside the simulation (Math.random, Date.now, shared state between executions).`;
        const step = Math.max(0, diff);
        violation = reportViolation({ kind: 'nondeterminism', headline: 'nondeterminism', detail, replayCommand: command, execution: 1, schedule: scheduleText, replayFile, trace: r.trace, step, time: r.trace[step]?.time ?? 0 });
      }
    }
    print(targetReport(t, r.steps, elapsedMs, violation));
    return violation === null ? EXIT.ok : EXIT.violation;
  },
};
