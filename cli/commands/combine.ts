/**
 * `interleave combine a.json b.json …`: one verdict per scenario × variant from the
 * `explore --json` outputs of a job's shards (see cli/combine.ts). Exit 1 when a combined
 * outcome contradicts its variant's expectation, 2 for a file that is not such an output.
 */
import fs from 'node:fs';
import type { Argv } from 'yargs';
import { UsageError } from '../../sim/internal';
import { combineResults, parseExploreJson } from '../combine';
import { EXIT } from '../errors';
import { stdout } from '../output';
import type { CommandModule } from './types';

export const combineCommand: CommandModule = {
  command: 'combine <files..>',
  describe: 'combine the explore --json results of several shards into one verdict per variant',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'explore --json outputs, one per shard' })
      .option('json', { type: 'boolean', describe: 'print { results: [{ scenario, variant, expect, outcome, matched, executions, exhausted, bound, shards, classes, verdict, violation }] }' }),
  examples: [['$0 combine results.json', 'the verdicts of the shards whose explore --json outputs are given (here the one shard written above)']],
  run: (argv) => {
    const names = ((argv['files'] as unknown[] | undefined) ?? []).map(String);
    if (names.length === 0) throw new UsageError('give the explore --json outputs to combine');
    const files = names.map((n) => {
      let text: string;
      try {
        text = fs.readFileSync(n, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${n}`);
      }
      return parseExploreJson(n, text);
    });
    const results = combineResults(files);
    if (argv['json'] === true) stdout(JSON.stringify({ results }));
    else stdout(results.map((r) => `${r.matched ? ' ' : '✗'} ${r.scenario} / ${r.variant}: ${r.verdict} (${r.executions} executions${r.classes !== null ? `, ${r.classes} classes` : ''})`).join('\n'));
    return results.every((r) => r.matched) ? EXIT.ok : EXIT.violation;
  },
};
