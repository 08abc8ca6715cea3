/**
 * Sections of BENCHMARKS.md that `npm run bench` does not write, kept verbatim when it
 * rewrites the file.
 *
 * The bench owns the targets table, the numbered sections ("## 1. Engine vs …" to the
 * last one it has) and the profiles of missed targets; it writes them whole from the
 * results of the run. Some sections are measured by scripts of their own, whose runs
 * take hours or describe a branch state that no longer exists — the split search
 * (`bench/split-bench.ts`), the largest size proven (`bench/largest-proven.ts`, 10-minute
 * limits per configuration), symmetry (`bench/symmetry-bench.ts`) — and are written by
 * hand from those runs, each with its command and the conditions it was measured under.
 * A full regeneration must not lose them: every level-2 section of the previous file
 * that the bench does not own is carried over as it was, in its previous order, after
 * the numbered sections and before the profiles.
 */

/** A level-2 section: its heading line (without `## `) and its text, the heading line included. */
export interface MdSection {
  readonly heading: string;
  readonly text: string;
}

/** Whether the bench writes the section with this heading (so a new run replaces it). */
export function ownedByBench(heading: string): boolean {
  return heading === 'Targets' || heading === 'Profiles of missed targets' || /^\d+\. /.test(heading);
}

/**
 * Splits markdown into what comes before the first level-2 heading and the level-2
 * sections (a `## ` line outside a fenced code block starts one; each runs to the next).
 * Joining `head` and every section's `text` gives the input back.
 */
export function splitSections(md: string): { head: string; sections: MdSection[] } {
  const lines = md.split('\n');
  let head = '';
  const sections: MdSection[] = [];
  let fenced = false;
  let current: { heading: string; lines: string[] } | null = null;
  const close = (): void => {
    if (current !== null) sections.push({ heading: current.heading, text: current.lines.join('\n') });
  };
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && line.startsWith('## ')) {
      close();
      current = { heading: line.slice(3).trim(), lines: [] };
    }
    if (current === null) head += last ? line : `${line}\n`;
    else current.lines.push(line);
  });
  close();
  // every section but the last ends with the newline before the next heading
  return { head, sections: sections.map((s, i) => (i < sections.length - 1 ? { ...s, text: `${s.text}\n` } : s)) };
}

/**
 * `generated` (what the bench writes) with the sections of `previous` that the bench does
 * not own and `generated` does not have, verbatim: after the numbered sections, before
 * "Profiles of missed targets". `previous` null: `generated` as it is.
 */
export function keepForeignSections(previous: string | null, generated: string): string {
  if (previous === null) return generated;
  const kept = splitSections(previous).sections.filter((s) => !ownedByBench(s.heading));
  const gen = splitSections(generated);
  const have = new Set(gen.sections.map((s) => s.heading));
  const carry = kept.filter((s) => !have.has(s.heading));
  if (carry.length === 0) return generated;
  const at = gen.sections.findIndex((s) => s.heading === 'Profiles of missed targets');
  const before = at < 0 ? gen.sections : gen.sections.slice(0, at);
  const after = at < 0 ? [] : gen.sections.slice(at);
  // sections apart by one blank line; a kept section's text is as it was, but for blank lines at its end
  const body = [...before, ...carry, ...after].map((s) => s.text.replace(/\n+$/, '')).join('\n\n');
  return `${gen.head}${body}\n`;
}
