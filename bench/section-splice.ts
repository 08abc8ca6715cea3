/**
 * `npm run bench -- --section dpor --write`: the DPOR section of one run put into the
 * project's BENCHMARKS.md in place of the previous one, with its target row, leaving every
 * other section as it was.
 *
 * A full run rewrites the whole file (kept-sections.ts). A run of one section must not: the
 * other generated sections come from another run, under that run's machine load (sections
 * 1, 2, 5 and 6 are rates and times), and a partial run has no figures to put in their
 * place. The SCTBench section has its own merge (sctbench-bench.ts, `spliceSection`); this
 * one is for sections that are always measured whole. The spliced section starts with a
 * line saying which run wrote it, since the file's head describes the last full run.
 */
import { splitSections } from './kept-sections';
import { spliceTargetRow } from './sctbench-targets';
import type { TargetResult } from './results';

/** The sections a `--write` of that section alone splices in place (see the module comment). */
export const SPLICED_SECTIONS: readonly string[] = ['engine', 'strategies', 'dpor', 'memory'];

/**
 * `previous` with the level-2 section of `generated` whose heading starts with `prefix`
 * (e.g. `4. DPOR`) in place of its own section with that heading (else before "Profiles of
 * missed targets", else at the end), `provenance` as the section's first paragraph, and
 * each of `targets` in the targets table in place of the row stating the same target.
 * Throws when `generated` has no such section.
 */
export function spliceGeneratedSection(previous: string, generated: string, prefix: string, provenance: string, targets: readonly TargetResult[]): string {
  const section = splitSections(generated).sections.find((s) => s.heading.startsWith(prefix));
  if (section === undefined) throw new Error(`the run wrote no section "${prefix}…"`);
  const [heading, ...body] = section.text.replace(/\n+$/, '').split('\n');
  const text = [heading, '', provenance, ...body].join('\n');
  const prev = splitSections(previous);
  const at = prev.sections.findIndex((s) => s.heading === section.heading);
  const profiles = prev.sections.findIndex((s) => s.heading === 'Profiles of missed targets');
  const texts = prev.sections.map((s) => s.text.replace(/\n+$/, ''));
  if (at >= 0) texts[at] = text;
  else texts.splice(profiles >= 0 ? profiles : texts.length, 0, text);
  let out = `${prev.head}${texts.join('\n\n')}\n`;
  for (const t of targets) out = spliceTargetRow(out, t);
  return out;
}
