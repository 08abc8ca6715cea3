/**
 * Project-wide guards: the code type-checks under the strict settings, and nothing in
 * the engine or the models reads real time or real randomness (determinism is the product).
 */
import { execFileSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !p.includes('test-helpers')) out.push(p);
  }
  return out;
}

describe('project', () => {
  it('should type-check with tsc --noEmit (jest only transpiles)', () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    let out = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')], { stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(out).toBe('');
  }, 120_000);

  it('should build a bin that runs as a command (npx interleave after npm ci)', () => {
    // npm runs the package's own bin file directly: tsc writes it without the executable bit
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin['interleave']).toBe('dist/cli/main.js');
    expect(pkg.scripts['build']).toContain(`chmodSync('dist/cli/main.js', 0o755)`);
    expect(readFileSync(join(root, 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const main = join(root, 'dist', 'cli', 'main.js');
    // after npm ci (CI, a fresh clone) dist/ is built: the file itself must be executable
    if (existsSync(main)) expect((statSync(main).mode & 0o111) !== 0).toBe(true);
  });

  it('should not read Math.random, Date.now, performance.now or real timers in sim/ or scenarios/', () => {
    const banned = /\b(Math\.random|Date\.now|performance\.now|setTimeout|setInterval|setImmediate|new Date\()/;
    const hits: string[] = [];
    for (const dir of ['sim', 'scenarios']) {
      let files: string[] = [];
      try {
        files = sources(join(root, dir));
      } catch {
        continue;
      }
      for (const f of files) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // code only: no comments, no text inside string literals
            const code = line
              .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
              .replace(/\/\/.*$/, '')
              .replace(/^\s*\*.*$/, '');
            if (banned.test(code)) hits.push(`${f.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(hits).toEqual([]);
  });
});
