/**
 * `interleave shrink <failure.json>`: finds a schedule with the fewest preemptions, then
 * the fewest steps, that fails the same way (the engine's `shrink`), writes it as a new
 * failure file and reports it with the sizes before and after.
 */
import type { Argv } from 'yargs';
import { ENGINE_VERSION, resolveVariant, shrink } from '../../sim';
import type { RunReport } from '../../reports/types';
import { EXIT } from '../errors';
import { checkOutDir, readFailureFile } from '../failure-file';
import { nonNegativeInt } from '../options';
import { printRun, stderr } from '../output';
import { recordViolation } from '../record';
import type { CommandModule } from './types';
import { scenarioFor } from './replay';

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
      .example('$0 shrink interleave-out/lost-update-1a2b3c4d.json', 'a shorter schedule for the same violation, written as a new failure file'),
  run: (argv) => {
    const target = String(argv['file']);
    const file = readFailureFile(target);
    const source = scenarioFor(file.scenario.name, file.scenario.file, argv['scenario'] as string | undefined, `failure file ${target}`);
    const variant = resolveVariant(source.scenario, file.variant);
    const outDir = String(argv['out']);
    checkOutDir(outDir);
    const started = Date.now();
    const shrunk = shrink(source.scenario, file.schedule);
    const v = shrunk.violation;
    const violation = recordViolation(v, { source, variant: variant.name, params: file.params, strategy: file.strategy, seed: file.seed, outDir, warn: stderr });
    const report: RunReport = {
      scenario: source.scenario.name,
      scenarioFile: source.file,
      variant: variant.name,
      expect: variant.expect,
      params: file.params,
      strategy: file.strategy,
      seed: file.seed,
      executions: 1,
      steps: v.trace.length,
      elapsedMs: Date.now() - started,
      exhausted: false,
      engineVersion: ENGINE_VERSION,
      violation,
    };
    if (argv['json'] !== true) {
      const { before, after } = shrunk;
      stderr(`shrunk: ${before.preemptions} → ${after.preemptions} preemptions, ${before.steps} → ${after.steps} steps (${shrunk.attempts} executions)`);
    }
    printRun(report, {
      json: argv['json'] === true,
      report: 'text',
      html: argv['html'] as string | undefined,
      junit: undefined,
      color: argv['color'] as boolean | undefined,
      traceSteps: nonNegativeInt('trace-steps', argv['trace-steps']),
    });
    return EXIT.violation;
  },
};
