/**
 * `interleave init`: scaffolds a scenario project in the current folder — a tsconfig.json,
 * a sample scenario and its jest test — and creates or completes package.json so that
 * `import … from 'interleave'` resolves (the dependency is named `interleave`, an npm
 * alias of this package), `npm test` runs jest, and jest runs TypeScript. It never
 * overwrites a file: when one it would write exists, it writes nothing (exit 2); in an
 * existing package.json it only adds what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import { ENGINE_VERSION, UsageError } from '../../sim/internal';
import { EXIT } from '../errors';
import { DEV_DEPENDENCIES, INIT_FILES, JEST_CONFIG, PACKAGE_NAME, SAMPLE_FILE, SAMPLE_SCENARIO, SAMPLE_TEST, TEST_FILE, TSCONFIG } from '../init-files';
import { stdout } from '../output';
import type { CommandModule } from './types';

type Json = Record<string, unknown>;

/** How package.json should depend on this package under the name `interleave`. */
export function interleaveSpec(pkg: Json): string {
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = pkg[field];
    if (deps === null || typeof deps !== 'object') continue;
    const own = (deps as Json)[PACKAGE_NAME];
    if (typeof own === 'string') return /^[\^~<>=\d*xX|. -]+$/.test(own) || own === 'latest' ? `npm:${PACKAGE_NAME}@${own}` : own;
  }
  return `npm:${PACKAGE_NAME}@^${ENGINE_VERSION}`;
}

function has(pkg: Json, name: string): boolean {
  return ['dependencies', 'devDependencies'].some((f) => {
    const d = pkg[f];
    return d !== null && typeof d === 'object' && Object.prototype.hasOwnProperty.call(d, name);
  });
}

function section(pkg: Json, field: string, file: string): Json {
  const d = pkg[field];
  if (d === undefined) return (pkg[field] = {}) as Json;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new UsageError(`init: ${file} has a "${field}" that is not an object`);
  return d as Json;
}

/** package.json completed with what a scenario project needs; `added` says what. */
export function completePackageJson(pkg: Json, dir: string, file = 'package.json'): { pkg: Json; added: string[] } {
  const folderName = path.basename(path.resolve(dir));
  const added: string[] = [];
  if (pkg['name'] === undefined) {
    pkg['name'] = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'scenarios';
    pkg['version'] = pkg['version'] ?? '0.0.0';
    pkg['private'] = pkg['private'] ?? true;
  }
  const scripts = section(pkg, 'scripts', file);
  if (scripts['test'] === undefined || scripts['test'] === 'echo "Error: no test specified" && exit 1') {
    scripts['test'] = 'jest';
    added.push('scripts.test');
  }
  if (!has(pkg, 'interleave')) {
    section(pkg, 'dependencies', file)['interleave'] = interleaveSpec(pkg);
    added.push('dependencies.interleave');
  }
  for (const [name, range] of Object.entries(DEV_DEPENDENCIES)) {
    if (has(pkg, name)) continue;
    section(pkg, 'devDependencies', file)[name] = range;
    added.push(`devDependencies.${name}`);
  }
  if (pkg['jest'] === undefined && !['jest.config.js', 'jest.config.ts', 'jest.config.cjs', 'jest.config.mjs', 'jest.config.json'].some((f) => fs.existsSync(path.join(dir, f)))) {
    pkg['jest'] = JEST_CONFIG;
    added.push('jest');
  }
  return { pkg, added };
}

/** Scaffolds the project in `dir`; returns the lines to print. */
export function initProject(dir: string): string[] {
  const existing = INIT_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
  if (existing.length > 0) {
    throw new UsageError(`init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; interleave init never overwrites a file (it writes ${INIT_FILES.join(', ')})`);
  }
  const pkgFile = path.join(dir, 'package.json');
  let pkg: Json = {};
  const fresh = !fs.existsSync(pkgFile);
  if (!fresh) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      pkg = parsed as Json;
    } catch (e) {
      throw new UsageError(`init: package.json is not a JSON object (${e instanceof Error ? e.message : String(e)}); fix it or start in an empty folder`);
    }
  }
  const { added } = completePackageJson(pkg, dir);
  const indent = fresh ? 2 : detectIndent(fs.readFileSync(pkgFile, 'utf8'));
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, indent)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG, { flag: 'wx' });
  fs.writeFileSync(path.join(dir, SAMPLE_FILE), SAMPLE_SCENARIO, { flag: 'wx' });
  fs.writeFileSync(path.join(dir, TEST_FILE), SAMPLE_TEST, { flag: 'wx' });
  const pkgLine = fresh ? 'package.json' : added.length > 0 ? `package.json (added ${added.join(', ')})` : 'package.json (unchanged)';
  return [
    `wrote ${pkgLine}, tsconfig.json, ${SAMPLE_FILE}, ${TEST_FILE}`,
    'next:',
    '  npm install',
    `  npx interleave run ./${SAMPLE_FILE} --variant bad`,
    '  npm test',
  ];
}

function detectIndent(text: string): string | number {
  const m = /^([ \t]+)"/m.exec(text);
  return m === null ? 2 : m[1]!;
}

export const initCommand: CommandModule = {
  command: 'init',
  describe: 'scaffold a scenario project here: package.json, tsconfig.json, a sample scenario and its jest test',
  builder: (y: Argv) => y,
  examples: [['$0 init', `write ${INIT_FILES.join(', ')} (and package.json) into the current folder`]],
  run: () => {
    try {
      stdout(initProject(process.cwd()).join('\n'));
    } catch (e) {
      if (e instanceof Error && (e as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`init: ${path.basename((e as NodeJS.ErrnoException).path ?? 'a file')} appeared while writing; nothing else was overwritten`);
      if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && e.name !== 'UsageError') throw new UsageError(`init: cannot write into ${process.cwd()}: ${e.message}`);
      throw e;
    }
    return EXIT.ok;
  },
};
