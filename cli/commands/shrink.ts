/**
 * `interleave shrink <failure.json>`: finds a schedule with the fewest preemptions, then
 * the fewest steps, that fails the same way (the engine's `shrink`, on a worker thread
 * under the watchdog), writes it as a new failure file and reports it with the sizes
 * before and after. A failure file whose schedule no longer fails as recorded is refused.
 */
import type { Argv } from 'yargs';
import { SHRINK_MAX_ATTEMPTS, UsageError } from '../../sim/internal';
import { messageBody } from '../../reports/types';
import { EXIT, printable } from '../errors';
import { checkOutDir } from '../failure-file';
import { cliContext } from '../context';
import { nonNegativeInt, parseDuration, loadOptions } from '../options';
import { progressWanted, startProgress } from '../progress';
import { shrinkMs } from './run';
import { checkReportPaths, printRun, stderr } from '../output';
import { runOne } from '../pool';
import { recordViolation } from '../record';
import type { ReplaySpec, ReplayTaskResult } from '../replay-task';
import { resolveTarget, targetReport } from '../replay-target';
import type { CommandModule } from './types';

export const shrinkCommand: CommandModule = {
  command: 'shrink <file>',
  describe: 'shrink a failure to a shorter schedule that fails the same way',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'a failure file from run or explore' })
      .option('scenario', { type: 'string', requiresArg: true, describe: 'the scenario file, for a user scenario that moved' })
      .option('out', { type: 'string', requiresArg: true, default: 'interleave-out', describe: 'directory for the shrunk failure file' })
      .option('json', { type: 'boolean', describe: 'print exactly one JSON object on stdout' })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write the HTML timeline of the shrunk failure' })
      .option('trace-steps', { type: 'string', requiresArg: true, default: '60', describe: 'trace steps the text report shows (0 = all)' })
      .option('watchdog', { type: 'string', requiresArg: true, default: '10s', describe: 'give up when an execution makes no progress for this long (a goroutine spinning without an effect)' })
      .option('shrink-time', { type: 'string', requiresArg: true, default: '30s', describe: 'stop after this long and write the smallest schedule so far (shrinking also stops after 2,000 executions or 2,000,000 steps)' })
      .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: on a terminal, unless --json or CI is set)' }),
  examples: [
    ['$0 shrink interleave-out/lost-update-*.json', 'a shorter schedule for the same violation, written as a new failure file'],
  ],
  run: async (argv) => {
    const target = String(argv['file']);
    const traceSteps = nonNegativeInt('trace-steps', argv['trace-steps']);
    const watchdogMs = parseDuration('watchdog', argv['watchdog']);
    const html = argv['html'] as string | undefined;
    const t = resolveTarget(target, argv['scenario'] as string | undefined, loadOptions(argv), true);
    const { source, variant, params } = t;
    const f = t.file!;
    const outDir = String(argv['out']);
    checkOutDir(outDir);
    checkReportPaths({ html }, [target, source.file]);
    const started = Date.now();
    const spec: ReplaySpec = { task: 'shrink', id: 0, scenario: source.ref, schedule: f.schedule, shrinkMs: shrinkMs(argv) };
    const progress = startProgress(progressWanted({ json: argv['json'] === true, flag: argv['progress'] as boolean | undefined, isTTY: cliContext().stderrIsTTY }), SHRINK_MAX_ATTEMPTS, source.scenario.name);
    let o;
    try {
      o = await runOne<ReplaySpec, ReplayTaskResult>(spec, watchdogMs, (n) => progress.shrinking(n, SHRINK_MAX_ATTEMPTS));
    } finally {
      progress.stop();
    }
    if (o.type === 'hang') {
      throw new UsageError(
        `shrink: an execution of ${target} did not finish within ${watchdogMs / 1000}s and the watchdog stopped it (a goroutine spinning in a loop with no effect?); nothing was written (raise --watchdog if executions legitimately take that long)`,
      );
    }
    if (o.result.task !== 'shrink') throw new Error('internal error: a shrink task returned a replay');
    const { replayed, result: shrunk } = o.result;
    if (replayed === null || shrunk === null) {
      throw new UsageError(`failure file ${target}: its schedule passes when replayed, so there is nothing to shrink (interleave replay ${target} shows the divergence)`);
    }
    if (replayed.kind !== f.violation.kind || messageBody(replayed.message) !== messageBody(f.violation.message)) {
      const recorded = printable(messageBody(f.violation.message).split('\n')[0]!.slice(0, 200));
      throw new UsageError(`failure file ${target} does not reproduce: it recorded "${recorded}", the replay gives "${messageBody(replayed.message).split('\n')[0]}" (interleave replay ${target} shows the divergence)`);
    }
    const v = shrunk.violation;
    const violation = recordViolation(v, { source, variant: variant.name, params, strategy: f.strategy, seed: f.seed, outDir, warn: stderr });
    const report = targetReport(t, v.trace.length, Date.now() - started, violation);
    if (argv['json'] !== true) {
      const { before, after } = shrunk;
      const cut = shrunk.complete ? '' : ', stopped by its budget before it was done (--shrink-time, or 2,000 executions / 2,000,000 steps)';
      stderr(`shrunk: ${before.preemptions} → ${after.preemptions} preemptions, ${before.steps} → ${after.steps} steps (${shrunk.attempts} executions${cut})`);
    }
    printRun(report, { json: argv['json'] === true, report: 'text', html, junit: undefined, color: argv['color'] as boolean | undefined, traceSteps });
    return EXIT.violation;
  },
};
