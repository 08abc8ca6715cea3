/**
 * `interleave run <scenario|file.ts>`: explores one variant of one scenario (in a worker
 * thread, under the watchdog) and reports the first violation with its trace, writing
 * its failure file. Exit 1 when a violation is found, 0 when none. The strategy defaults
 * to `portfolio`, as for `explore` (issue 13: `random` missed task-stop `dostop-if` in
 * 5,000 executions with seed 1 where the portfolio finds it).
 */
import type { Argv } from 'yargs';
import { ENGINE_VERSION, resolveParams, resolveVariant, SHRINK_MAX_ATTEMPTS, strategyNames } from '../../sim/internal';
import type { RunReport } from '../../reports/types';
import { cliContext } from '../context';
import { EXIT } from '../errors';
import { checkOutDir } from '../failure-file';
import { checkStrategy, defaultExploreStrategy, nonNegativeInt, parseDuration, parseParams, parseSeed, positiveInt, loadOptions } from '../options';
import { checkReportPaths, printRun, REPORT_FORMATS, stderr, type ReportFormat } from '../output';
import { runPool, type UnitOutcome } from '../pool';
import { progressWanted, startProgress } from '../progress';
import { recordViolation } from '../record';
import { resolveScenarioArg } from '../scenario-source';
import { hangViolation } from '../plan';
import type { UnitSpec } from '../unit';
import { checkpointNote, checkpointSetup } from '../checkpoint-run';
import type { SearchProgress } from '../checkpoint';
import { Interrupt } from '../interrupt';
import type { CommandModule } from './types';

/** Options shared by `run` and `explore`. */
export function engineOptions(y: Argv): Argv {
  return y
    .option('max-steps', { type: 'string', requiresArg: true, describe: 'step limit per execution (a longer run is a step-limit violation: livelock)' })
    .option('time-limit', { type: 'string', requiresArg: true, describe: 'stop after this wall-clock time (500ms, 10s, 2m, 1h)' })
    .option('out', { type: 'string', requiresArg: true, default: 'interleave-out', describe: 'directory for failure files' })
    .option('json', { type: 'boolean', describe: 'print exactly one JSON object on stdout (see reports/README.md)' })
    .option('watchdog', { type: 'string', requiresArg: true, default: '10s', describe: 'report a hang when an execution makes no progress for this long (a goroutine spinning without an effect)' })
    .option('idle-timers', { type: 'boolean', describe: "timers fire only when no goroutine can run (Go synctest's rule)" })
    .option('preempt-at-accesses', { type: 'boolean', describe: "statement granularity: each write of a sim.struct field is a scheduling point of its own (recorded in the schedule; see the README's \"Write a scenario\")" })
    .option('depth', { type: 'string', requiresArg: true, describe: 'bug depth for the pct strategy' })
    .option('preemption-bound', { type: 'string', requiresArg: true, describe: 'dfs: at most this many preemptions per execution' })
    .option('delay-bound', { type: 'string', requiresArg: true, describe: 'dfs: at most this many delays per execution' })
    .option('dpor', { type: 'boolean', describe: 'dfs: dynamic partial-order reduction (default on; --no-dpor turns it off; off within a --preemption-bound or --delay-bound)' })
    .option('symmetry', { type: 'boolean', describe: 'dfs: explore goroutines declared interchangeable (sim.go(..., { symmetric })) as one (default on; --no-symmetry turns it off)' })
    .option('progress', { type: 'boolean', describe: 'progress bar on stderr (default: on a terminal, unless --json or CI is set)' })
    .option('shrink-time', { type: 'string', requiresArg: true, default: '30s', describe: 'stop shrinking a violation after this long and report the smallest schedule so far (shrinking also stops after 2,000 executions or 2,000,000 steps)' });
}

/** `--shrink-time` in ms. */
export function shrinkMs(argv: Readonly<Record<string, unknown>>): number {
  return parseDuration('shrink-time', argv['shrink-time'] ?? '30s');
}

/** The `dfs` options given on the command line. */
export function searchOptions(argv: Readonly<Record<string, unknown>>): Record<string, number | boolean> {
  const o: Record<string, number | boolean> = {};
  if (argv['preemption-bound'] !== undefined) o['preemptionBound'] = nonNegativeInt('preemption-bound', argv['preemption-bound']);
  if (argv['delay-bound'] !== undefined) o['delayBound'] = nonNegativeInt('delay-bound', argv['delay-bound']);
  if (argv['dpor'] !== undefined) o['dpor'] = argv['dpor'] === true;
  if (argv['symmetry'] !== undefined) o['symmetry'] = argv['symmetry'] === true;
  return o;
}

/** What `run` and `explore` say when a violation is reported as found because shrinking it hung. */
export function unshrunkWarning(watchdogMs: number): string {
  return `warning: shrinking the violation made no progress for ${watchdogMs / 1000}s and the watchdog stopped it; it is reported as found, not shrunk (raise --watchdog to shrink it)`;
}

/** `run`'s default budget. */
export const DEFAULT_RUNS = 1000;

export const runCommand: CommandModule = {
  command: 'run <scenario>',
  describe: 'explore one variant of a scenario and report the first violation',
  builder: (y: Argv) =>
    engineOptions(
      y
        .positional('scenario', { type: 'string', describe: 'a built-in scenario name, or a scenario file (./my.scenario.ts) whose default export is defineScenario(...)' })
        .option('variant', { type: 'string', requiresArg: true, describe: 'variant (default: the scenario’s first)' })
        .option('param', { type: 'string', array: true, requiresArg: true, describe: 'parameter override KEY=VALUE (repeatable)' })
        .option('strategy', { type: 'string', requiresArg: true, default: defaultExploreStrategy(), describe: `exploration strategy (default portfolio: surw, pct and rff taking turns): ${strategyNames().join(', ')}` })
        .option('seed', { type: 'string', requiresArg: true, default: '0', describe: 'seed (an integer or a string): the same seed explores the same executions' })
        .option('runs', { type: 'string', requiresArg: true, describe: `executions to run at most (default ${DEFAULT_RUNS}; with --time-limit alone, until the time is up)` }),
    )
      .option('report', { type: 'string', requiresArg: true, choices: REPORT_FORMATS as unknown as string[], default: 'text', describe: 'what to print on stdout: text, json (the full versioned report), html (the timeline), junit' })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write the HTML timeline to this file' })
      .option('junit', { type: 'string', requiresArg: true, describe: 'also write a JUnit XML file' })
      .option('trace-steps', { type: 'string', requiresArg: true, default: '60', describe: 'trace steps the text report shows (the last ones; 0 = all)' })
      .option('checkpoint', { type: 'string', requiresArg: true, describe: 'dfs: save the search to this file (periodically, on SIGINT/SIGTERM and at the time limit) and continue from it when it exists' })
      .option('checkpoint-every', { type: 'string', requiresArg: true, default: '10s', describe: 'how often --checkpoint saves the search' }),
  examples: [
    ['$0 run lost-update --variant bad', 'find the lost update; prints the trace and writes interleave-out/lost-update-<hash>.json'],
    ['$0 run bounded-buffer --param consumers=3 --seed 7 --runs 5000', 'other parameters, seed and budget'],
    ['$0 run ./my.scenario.ts --variant bad --json', "a scenario file from anywhere on disk (the README's my.scenario.ts); one JSON object on stdout"],
    ['$0 run dining-philosophers --variant naive --report html > timeline.html', 'the HTML timeline of the violation'],
    ['$0 run futex --strategy dfs --time-limit 2s --checkpoint futex.ckpt', 'an exhaustive search that stops (time limit, Ctrl-C) and goes on: run it again to continue'],
  ],
  run: async (argv) => {
    const source = resolveScenarioArg(String(argv['scenario']), loadOptions(argv));
    const variant = resolveVariant(source.scenario, argv['variant'] as string | undefined);
    // with the variant's own defaults: what the engine runs, and what reports and failure files show
    const params = resolveParams(source.scenario, parseParams(argv['param']), variant);
    const strategy = checkStrategy(argv['strategy']);
    const seed = parseSeed(argv['seed']);
    const timeLimit = argv['time-limit'] === undefined ? null : parseDuration('time-limit', argv['time-limit']);
    // With a time limit and no --runs, run until the time is up.
    const runs = argv['runs'] === undefined ? (timeLimit === null ? DEFAULT_RUNS : Number.MAX_SAFE_INTEGER) : positiveInt('runs', argv['runs']);
    const watchdogMs = parseDuration('watchdog', argv['watchdog']);
    const traceSteps = nonNegativeInt('trace-steps', argv['trace-steps']);
    const outDir = String(argv['out']);
    checkOutDir(outDir);
    checkReportPaths({ html: argv['html'] as string | undefined, junit: argv['junit'] as string | undefined }, [source.file]);
    const json = argv['json'] === true;
    const started = Date.now();
    const spec: UnitSpec = {
      task: 'explore',
      id: 0,
      scenario: source.ref,
      variant: variant.name,
      params,
      strategy,
      seed,
      runs,
      ...(argv['max-steps'] !== undefined ? { maxSteps: positiveInt('max-steps', argv['max-steps']) } : {}),
      ...(argv['idle-timers'] !== undefined ? { idleTimers: argv['idle-timers'] === true } : {}),
      ...(argv['preempt-at-accesses'] === true ? { preemptAtAccesses: true } : {}),
      ...(argv['depth'] !== undefined ? { depth: positiveInt('depth', argv['depth']) } : {}),
      search: searchOptions(argv),
      deadline: timeLimit === null ? null : started + timeLimit,
      shrinkMs: shrinkMs(argv),
    };
    const saved = checkpointSetup(argv, spec, source);
    const cp = saved === null ? undefined : { everyMs: saved.everyMs, resume: saved.resume };
    if (saved?.resume != null && !json) stderr(`checkpoint ${saved.file}: continuing the search after execution ${saved.resume.executions}`);
    const interrupt = saved === null ? null : Interrupt.listen(stderr);
    const progress = startProgress(progressWanted({ json, flag: argv['progress'] as boolean | undefined, isTTY: cliContext().stderrIsTTY }), runs === Number.MAX_SAFE_INTEGER ? Infinity : runs, source.scenario.name);
    let outcome: UnitOutcome | null = null;
    let given = false;
    try {
      await runPool({
        workers: 1,
        watchdogMs,
        deadline: null,
        next: () => (given ? undefined : ((given = true), cp === undefined ? spec : { ...spec, checkpoint: cp })),
        onOutcome: (o) => (outcome = o),
        onTick: (n) => progress.update(n, 0),
        onShrink: (n) => progress.shrinking(n, SHRINK_MAX_ATTEMPTS),
        shouldCancel: () => interrupt?.signal != null,
        ...(saved !== null ? { onCheckpoint: (_s: UnitSpec, p: SearchProgress) => saved.save(p) } : {}),
      });
    } finally {
      progress.stop();
      interrupt?.dispose();
    }
    const o = outcome as UnitOutcome | null;
    if (o === null) throw new Error('internal error: the run produced no result');
    const ctx = { source, variant: variant.name, params, strategy, seed, outDir, warn: stderr };
    const base = {
      scenario: source.scenario.name,
      scenarioFile: source.file,
      variant: variant.name,
      expect: variant.expect,
      params,
      seed,
      engineVersion: ENGINE_VERSION,
      ...(spec.preemptAtAccesses === true ? { preemptAtAccesses: true as const } : {}),
    };
    let report: RunReport;
    if (o.type === 'hang') {
      report = { ...base, strategy, executions: o.executions + 1, steps: 0, elapsedMs: Date.now() - started, exhausted: false, violation: hangViolation(spec, source, o.executions, watchdogMs) };
    } else {
      const r = o.result;
      if (r.unshrunk === true) stderr(unshrunkWarning(watchdogMs));
      const violation = r.violation === null ? null : recordViolation(r.violation, { ...ctx, strategy: r.strategy });
      const checkpoint = saved === null ? undefined : { file: saved.file, resumedFrom: r.resumedFrom ?? 0, saved: saved.last(), interrupted: interrupt?.signal ?? null };
      report = {
        ...base,
        strategy: r.strategy,
        executions: r.executions,
        steps: r.steps,
        elapsedMs: Date.now() - started,
        exhausted: r.exhausted,
        bound: r.bound,
        violation,
        ...(checkpoint !== undefined ? { checkpoint } : {}),
        ...(r.twinsSkipped !== undefined ? { symmetry: { twinsSkipped: r.twinsSkipped } } : {}),
      };
      if (r.stopped && !json) stderr(`${interrupt?.signal != null ? `interrupted (${interrupt.signal})` : 'time limit reached'} after ${r.executions} executions`);
      if (saved !== null && !json) stderr(checkpointNote(saved.file, r));
    }
    printRun(report, {
      json,
      report: String(argv['report']) as ReportFormat,
      html: argv['html'] as string | undefined,
      junit: argv['junit'] as string | undefined,
      color: argv['color'] as boolean | undefined,
      traceSteps,
    });
    return report.violation === null ? EXIT.ok : EXIT.violation;
  },
};
