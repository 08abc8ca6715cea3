/**
 * `interleave shrink <failure.json>`: asks the engine for a smaller schedule that still
 * fails the same way, writes it as a new failure file and reports it. Needs an engine
 * that exports `shrink`; otherwise `shrink: not available in this engine version`, exit 2.
 */
import type { Argv } from 'yargs';
import * as sim from '../../sim';
import { ENGINE_VERSION, replay, resolveVariant, UsageError, type Scenario, type Violation } from '../../sim';
import type { RunReport } from '../../reports/types';
import { EXIT } from '../errors';
import { checkOutDir, readFailureFile } from '../failure-file';
import { nonNegativeInt } from '../options';
import { printRun, stderr } from '../output';
import { recordViolation } from '../record';
import type { CommandModule } from './types';
import { scenarioFor } from './replay';

/**
 * The seam to the engine's shrinker. ENGINE: assumed to be exported from sim/index.ts as
 * `shrink(scenario, schedule: string, opts?)` returning the shrunk `Violation`, or an
 * object with a `violation` field, or the shrunk schedule string; any of the three works.
 */
export function engineShrink(): ((scenario: Scenario, schedule: string) => unknown) | null {
  const f = (sim as unknown as { shrink?: unknown }).shrink;
  return typeof f === 'function' ? (f as (scenario: Scenario, schedule: string) => unknown) : null;
}

/** The violation a shrinker returned, whatever of the three shapes it has. */
function shrunkViolation(scenario: Scenario, out: unknown): Violation {
  if (typeof out === 'string') {
    const v = replay(scenario, out).violation;
    if (v === undefined) throw new Error('internal error: the shrunk schedule does not fail');
    return v;
  }
  const o = out as { violation?: unknown; schedule?: unknown; kind?: unknown } | null;
  if (o !== null && typeof o === 'object') {
    if (typeof o.kind === 'string' && typeof o.schedule === 'string') return o as unknown as Violation;
    if (typeof o.violation === 'object' && o.violation !== null) return o.violation as Violation;
    if (typeof o.schedule === 'string') return shrunkViolation(scenario, o.schedule);
  }
  throw new Error('internal error: shrink returned no violation');
}

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
    const shrink = engineShrink();
    if (shrink === null) throw new UsageError('shrink: not available in this engine version');
    const target = String(argv['file']);
    const file = readFailureFile(target);
    const source = scenarioFor(file.scenario.name, file.scenario.file, argv['scenario'] as string | undefined, `failure file ${target}`);
    const variant = resolveVariant(source.scenario, file.variant);
    const outDir = String(argv['out']);
    checkOutDir(outDir);
    const started = Date.now();
    const v = shrunkViolation(source.scenario, shrink(source.scenario, file.schedule));
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
    if (argv['json'] !== true) stderr(`shrunk: ${file.trace.length} → ${v.trace.length} steps`);
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
