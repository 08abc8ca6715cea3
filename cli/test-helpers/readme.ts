/**
 * Test helper: the README's code blocks, so tests run its steps exactly as written and
 * compare its sample outputs with what the command prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './build';

/** A fenced code block: its language and its lines. */
export interface Block {
  readonly lang: string;
  readonly lines: readonly string[];
}

/** The fenced blocks of `README.md` under the heading `heading` (up to the next `## `), in order. */
export function readmeBlocks(heading: string): Block[] {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const rest = text.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  const body = end < 0 ? rest : rest.slice(0, end);
  const blocks: Block[] = [];
  const re = /```(\w*)\n([\s\S]*?)```/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) blocks.push({ lang: m[1]!, lines: m[2]!.replace(/\n$/, '').split('\n') });
  return blocks;
}

/** The commands of a `sh` block: each line without its `# comment`, blank lines dropped. */
export function commands(block: Block): string[] {
  return block.lines.map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
