/**
 * `interleave list`: the built-in scenarios, their groups, parameters and variants.
 */
import type { Argv } from 'yargs';
import { registry } from '../../scenarios/registry';
import { fit } from '../../reports/text';
import { EXIT } from '../errors';
import { colors, stdout } from '../output';
import type { CommandModule } from './types';

/** `list --json`: `[{ name, description, params, variants: [{ name, description, expect }] }]`. */
export function listJson(): unknown[] {
  return registry().map(({ scenario: s }) => ({
    name: s.name,
    description: s.description,
    params: { ...s.params },
    variants: s.variants.map((v) => ({ name: v.name, description: v.description, expect: v.expect })),
  }));
}

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'list the built-in scenarios and their variants',
  builder: (y: Argv) =>
    y
      .option('json', { type: 'boolean', describe: 'print one JSON array: [{ name, description, params, variants: [{ name, description, expect }] }]' }),
  examples: [
    ['$0 list', 'the scenarios, grouped, with each variant and whether it is expected to pass or fail'],
    ['$0 list --json > scenarios.json', 'the same as one JSON array'],
  ],
  run: (argv) => {
    if (argv['json'] === true) {
      stdout(JSON.stringify(listJson()));
      return EXIT.ok;
    }
    const c = colors(argv['color'] as boolean | undefined).out;
    const out: string[] = [];
    const known: string[] = ['kernel', 'demo', 'bug-suite'];
    const groups = [...new Set([...known, ...registry().map((e) => e.group as string)])];
    const vw = Math.max(8, ...registry().flatMap((e) => e.scenario.variants.map((v) => v.name.length)));
    for (const g of groups) {
      const entries = registry().filter((e) => e.group === g);
      if (entries.length === 0) continue;
      out.push(c.bold.underline(g));
      for (const { scenario: s } of entries) {
        const params = Object.entries(s.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
        out.push(`  ${c.bold(s.name)}  ${s.description}${params !== '' ? c.dim(`  [${params}]`) : ''}`);
        for (const v of s.variants) {
          const expect = v.expect === 'fail' ? c.red('fail') : c.green('pass');
          out.push(`    ${fit(v.name, vw)}  ${expect}  ${v.description}`);
        }
      }
      out.push('');
    }
    out.push(c.dim('run one:  interleave run <scenario> --variant <variant>      all:  interleave explore --all'));
    stdout(out.join('\n'));
    return EXIT.ok;
  },
};
