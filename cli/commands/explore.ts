/**
 * `interleave explore [<scenario>...|--all]`: the CI fuzz job. Splits the work into
 * fixed units (see plan.ts), runs them on worker threads, writes a failure file for every
 * violation found, prints the summary table (or `--json`), writes `--junit`, and exits 1
 * when some variant's outcome contradicts its expectation.
 */
import type { Argv } from 'yargs';
import { strategyNames, UsageError } from '../../sim/internal';
import { jsonExplore } from '../../reports/json';
import { junitXml } from '../../reports/junit';
import { renderSummary } from '../../reports/summary';
import { cliContext } from '../context';
import { EXIT } from '../errors';
import { checkOutDir } from '../failure-file';
import { checkStrategy, cores, defaultExploreStrategy, parseDuration, parseParams, parseSeed, parseShard, positiveInt, type Shard, loadOptions } from '../options';
import type { LoadOptions } from '../load-file';
import { checkReportPaths, colors, stderr, stdout, writeReportFile } from '../output';
import { hangViolation, plan, shardSlices } from '../plan';
import { runPool } from '../pool';
import { progressWanted, startProgress } from '../progress';
import { recordViolation } from '../record';
import { Scheduler } from '../scheduler';
import { allBuiltins, resolveScenarioArg, type ScenarioSource } from '../scenario-source';
import { ExploreCheckpoint } from '../checkpoint-explore';
import type { SearchProgress } from '../checkpoint';
import { Interrupt } from '../interrupt';
import type { UnitSpec } from '../unit';
import type { CommandModule } from './types';
import { engineOptions, shrinkMs, searchOptions, unshrunkWarning } from './run';

/** Executions per variant by default: `explore --all` takes about a minute on 2 cores. */
export const DEFAULT_EXPLORE_RUNS = 10_000;
/** Executions per work unit by default. */
export const DEFAULT_UNIT_RUNS = 1000;
/**
 * Parts an exhaustive search is split into by default, whatever the workers and shards (so
 * that its results, like every strategy's, do not depend on them): enough for 4 shards of
 * 2 workers to take 8 parts each, a worker that finishes early taking more from the queue.
 * Shards get fixed shares balanced by estimated sizes, and one part can hold half the
 * search: futex at 2 tasks × 3 rounds in 4 shards has its largest shard at 2.01× a quarter
 * with 64 parts and 1.23× with 256 (`--split-parts 256`), for a pre-pass of 437 and 1,737
 * executions against the search's 83,866; a small search pays the longer pre-pass in every
 * shard (BENCHMARKS.md, "Split exhaustive search").
 */
export const SPLIT_PARTS = 64;
/**
 * An exhaustive search is split when its budget (`--runs`, or none with `--time-limit`)
 * is at least this: a smaller one is not worth the pre-pass, and runs whole.
 */
export const SPLIT_MIN_RUNS = DEFAULT_EXPLORE_RUNS;

function strategyHelp(): string {
  const d = defaultExploreStrategy();
  return d === 'portfolio'
    ? 'strategy (default: portfolio)'
    : 'strategy (default: portfolio when the engine has it; this engine has no portfolio strategy, so random)';
}

/** The scenarios named on the command line (or all built-ins), without repeats. */
function selectScenarios(names: readonly string[], all: boolean, load: LoadOptions): ScenarioSource[] {
  if (all && names.length > 0) throw new UsageError('give scenario names or --all, not both');
  if (!all && names.length === 0) throw new UsageError('name the scenarios to explore, or pass --all for every built-in scenario');
  const list = all ? allBuiltins() : names.map((n) => resolveScenarioArg(n, load));
  const seen = new Set<string>();
  return list.filter((s) => {
    if (seen.has(s.scenario.name)) return false;
    seen.add(s.scenario.name);
    return true;
  });
}

/** The line `explore` prints about its checkpoint when it ends. */
function exploreCheckpointNote(file: string, results: readonly { exhausted: boolean; violation: unknown }[], signal: string | null): string {
  const open = results.filter((r) => !r.exhausted && r.violation === null).length;
  if (open === 0) return `checkpoint ${file}: every search is over (exhausted, or stopped at its violation); running again reports it at once`;
  const why = signal !== null ? `interrupted (${signal}); ` : '';
  return `checkpoint ${file}: ${why}saved with ${open} search${open === 1 ? '' : 'es'} not finished; run the same command again to continue`;
}

export const exploreCommand: CommandModule = {
  command: 'explore [scenarios..]',
  describe: 'explore many scenarios and variants on worker threads (for CI fuzz jobs); exit 1 when an outcome contradicts its expectation',
  builder: (y: Argv) =>
    engineOptions(
      y
        .positional('scenarios', { type: 'string', array: true, describe: 'built-in scenario names or scenario files' })
        .option('all', { type: 'boolean', describe: 'every built-in scenario' })
        .option('variant', { type: 'string', array: true, requiresArg: true, describe: 'only these variants (repeatable)' })
        .option('param', { type: 'string', array: true, requiresArg: true, describe: 'parameter override KEY=VALUE for every scenario (repeatable)' })
        .option('strategy', { type: 'string', requiresArg: true, describe: `${strategyHelp()}: ${strategyNames().join(', ')}` })
        .option('seed', { type: 'string', requiresArg: true, default: '0', describe: 'base seed: work unit k explores seed "<seed>/<k>" (unit 0 the seed itself)' })
        .option('runs', { type: 'string', requiresArg: true, describe: `executions per variant (default ${DEFAULT_EXPLORE_RUNS}; with --time-limit alone, until the time is up)` })
        .option('unit-runs', { type: 'string', requiresArg: true, default: String(DEFAULT_UNIT_RUNS), describe: 'executions per work unit (the grain of workers, shards and --time-limit)' })
        .option('workers', { type: 'string', requiresArg: true, describe: `worker threads (default: the machine's cores, ${cores()} here)` })
        .option('shard', { type: 'string', requiresArg: true, describe: 'run part I of N (like 2/4): N jobs together run exactly the work of one' })
        .option('split-parts', { type: 'string', requiresArg: true, default: String(SPLIT_PARTS), describe: 'dfs: split each search into at least this many parts (more balance fixed shard shares better, for a longer pre-pass; every shard must use the same)' })
        .option('junit', { type: 'string', requiresArg: true, describe: 'write a JUnit XML file (one test case per scenario × variant)' })
        .option('checkpoint', { type: 'string', requiresArg: true, describe: 'dfs: save every search (every part of a split one) to this file (periodically, on SIGINT/SIGTERM and at the time limit) and continue from it when it exists' })
        .option('checkpoint-every', { type: 'string', requiresArg: true, default: '10s', describe: 'how often --checkpoint saves each search' }),
    ),
  examples: [
    ['$0 explore --all', 'every built-in scenario and variant with the default budget; prints the summary table'],
    ['$0 explore lost-update bounded-buffer --runs 10000 --workers 4', 'two scenarios, a bigger budget, four threads'],
    ['$0 explore --all --shard 2/4 --junit junit.xml --json > results.json', 'one job of a 4-way CI matrix'],
    ['$0 explore ./my.scenario.ts --time-limit 5s', 'a user scenario file, every variant, for five seconds'],
    ['$0 explore futex --variant correct --strategy dfs --param tasks=3 --time-limit 5s --checkpoint futex-job.ckpt', 'an exhaustive search in parts that stops (time limit, Ctrl-C) and goes on: run it again to continue'],
  ],
  run: async (argv) => {
    const sources = selectScenarios(((argv['scenarios'] as string[] | undefined) ?? []).map(String), argv['all'] === true, loadOptions(argv));
    const variants = (argv['variant'] as string[] | undefined)?.map(String) ?? null;
    if (variants !== null) {
      for (const v of variants) {
        if (!sources.some((s) => s.scenario.variants.some((x) => x.name === v))) throw new UsageError(`unknown variant "${v}": none of the selected scenarios has it`);
      }
    }
    const strategy = checkStrategy(argv['strategy'] ?? defaultExploreStrategy());
    const seed = parseSeed(argv['seed']);
    const unitRuns = positiveInt('unit-runs', argv['unit-runs']);
    const splitParts = positiveInt('split-parts', argv['split-parts']);
    if (splitParts < 2) throw new UsageError('--split-parts must be at least 2');
    const workers = argv['workers'] === undefined ? cores() : positiveInt('workers', argv['workers']);
    const shard: Shard = argv['shard'] === undefined ? { index: 1, count: 1 } : parseShard(argv['shard']);
    const timeLimit = argv['time-limit'] === undefined ? null : parseDuration('time-limit', argv['time-limit']);
    const watchdogMs = parseDuration('watchdog', argv['watchdog']);
    const outDir = String(argv['out']);
    checkOutDir(outDir);
    checkReportPaths({ junit: argv['junit'] as string | undefined }, sources.map((s) => s.file));
    const json = argv['json'] === true;
    const started = Date.now();
    const deadline = timeLimit === null ? null : started + timeLimit;
    // With a time limit and no --runs, explore until the time is up.
    const runs = argv['runs'] === undefined ? (timeLimit === null ? DEFAULT_EXPLORE_RUNS : Infinity) : positiveInt('runs', argv['runs']);
    const planned = plan(sources, {
      strategy,
      seed,
      runs,
      unitRuns,
      variants,
      ...(argv['max-steps'] !== undefined ? { maxSteps: positiveInt('max-steps', argv['max-steps']) } : {}),
      ...(argv['idle-timers'] !== undefined ? { idleTimers: argv['idle-timers'] === true } : {}),
      ...(argv['preempt-at-accesses'] === true ? { preemptAtAccesses: true } : {}),
      ...(argv['depth'] !== undefined ? { depth: positiveInt('depth', argv['depth']) } : {}),
      search: searchOptions(argv),
      deadline,
      shrinkMs: shrinkMs(argv),
      params: parseParams(argv['param']),
      // an exhaustive search with a budget worth it is split into parts (sim/strategy/split.ts), the same parts for any workers and shards
      splitTarget: runs >= SPLIT_MIN_RUNS ? splitParts : 0,
    });
    const scheduler = new Scheduler(planned, shardSlices(planned, shard), (pv, o) => {
      if (o.type === 'hang') return hangViolation(o.spec, pv.source, o.executions, watchdogMs);
      const r = o.result;
      if (r.violation === null) return null;
      if (r.unshrunk === true) stderr(`${pv.source.scenario.name} / ${pv.variant.name}: ${unshrunkWarning(watchdogMs)}`);
      return recordViolation(r.violation, { source: pv.source, variant: pv.variant.name, params: r.params, strategy: r.strategy, seed: o.spec.seed, outDir, warn: stderr });
    }, `${shard.index}/${shard.count}`);
    const cp = ExploreCheckpoint.setup(argv, planned, {
      strategy,
      variants,
      params: parseParams(argv['param']),
      search: searchOptions(argv),
      ...(argv['max-steps'] !== undefined ? { maxSteps: positiveInt('max-steps', argv['max-steps']) } : {}),
      ...(argv['idle-timers'] !== undefined ? { idleTimers: argv['idle-timers'] === true } : {}),
      ...(argv['preempt-at-accesses'] === true ? { preemptAtAccesses: true } : {}),
      shard,
    });
    if (cp !== null && cp.resumedUnits > 0 && !json) stderr(`checkpoint ${cp.file}: continuing ${cp.resumedUnits} search${cp.resumedUnits === 1 ? '' : 'es'} after ${cp.resumedFrom} executions`);
    const interrupt = cp === null ? null : Interrupt.listen(stderr);
    const stopping = (): boolean => interrupt?.signal != null;
    const total = scheduler.totalRuns();
    const progress = startProgress(progressWanted({ json, flag: argv['progress'] as boolean | undefined, isTTY: cliContext().stderrIsTTY }), total, 'explore');
    try {
      await runPool({
        workers,
        watchdogMs,
        deadline,
        next: (after) => {
          if (stopping()) return undefined;
          const spec = scheduler.next(after);
          return spec === undefined || cp === null ? spec : cp.attach(spec);
        },
        shouldCancel: (spec) => stopping() || scheduler.shouldCancel(spec),
        onOutcome: (o) => scheduler.take(o),
        onTick: (n) => progress.update(n, scheduler.violations(), scheduler.totalRuns()),
        ...(cp !== null ? { onCheckpoint: (spec: UnitSpec, p: SearchProgress) => cp.record(spec, p) } : {}),
      });
    } finally {
      progress.stop();
      interrupt?.dispose();
    }
    // saved whole once more at the end (a job stopped before any unit reported still leaves its file)
    cp?.save();
    const all = scheduler.results();
    const results = argv['preempt-at-accesses'] === true ? all.map((r) => ({ ...r, preemptAtAccesses: true as const })) : all;
    const elapsedMs = Date.now() - started;
    if (argv['junit'] !== undefined) {
      const props: Record<string, string> = { strategy, seed: String(seed), runs: Number.isFinite(runs) ? String(runs) : 'until the time limit', 'unit-runs': String(unitRuns), shard: `${shard.index}/${shard.count}` };
      writeReportFile(String(argv['junit']), junitXml(results, { properties: props }));
    }
    const checkpoint = cp === null ? undefined : { file: cp.file, resumedFrom: cp.resumedFrom, saved: cp.executions(), interrupted: interrupt?.signal ?? null };
    if (json) {
      stdout(JSON.stringify({ ...jsonExplore(results), ...(checkpoint !== undefined ? { checkpoint } : {}) }));
    } else {
      const c = colors(argv['color'] as boolean | undefined);
      const notes = [`strategy ${strategy}`, `seed ${String(seed)}`, `${workers} worker${workers === 1 ? '' : 's'}`];
      if (shard.count > 1) notes.push(`shard ${shard.index}/${shard.count}`);
      if (results.length === 0) notes.push('this shard has no work');
      // Fit a terminal; in a CI log (not a terminal, no $COLUMNS) keep every name whole.
      const width = cliContext().stdoutIsTTY || process.env['COLUMNS'] !== undefined ? c.width : 1000;
      stdout(renderSummary(results, { chalk: c.out, width, notes, elapsedMs }));
      if (argv['junit'] !== undefined) stderr(`junit: ${String(argv['junit'])}`);
      if (checkpoint !== undefined) stderr(exploreCheckpointNote(checkpoint.file, results, checkpoint.interrupted));
    }
    return results.every((r) => r.matched) ? EXIT.ok : EXIT.violation;
  },
};
