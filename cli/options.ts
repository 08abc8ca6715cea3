/**
 * Parsing and checking of command-line values: seeds, `--param K=V`, durations, shards,
 * counts, and the default strategy. Every failure is a `UsageError` with one clear line
 * (the CLI prints it and exits 2).
 */
import os from 'node:os';
import { didYouMean, strategyNames, UsageError } from '../sim/internal';
import type { LoadOptions } from './load-file';

/** A seed: an integer when it looks like one, else the string itself (e.g. `0/3`). */
export function parseSeed(raw: unknown): number | string {
  const s = String(raw).trim();
  if (s === '') throw new UsageError('--seed must not be empty');
  if (/^-?\d+$/.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new UsageError(`--seed ${s} is too large (use at most ${Number.MAX_SAFE_INTEGER}, or a string)`);
    return n;
  }
  return s;
}

/** `--param K=V` (repeatable) as an object of strings; the engine converts them to the defaults' types. */
export function parseParams(raw: unknown): Record<string, string> {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string> = {};
  for (const item of list) {
    const s = String(item);
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${s}: expected KEY=VALUE (like --param rounds=3)`);
    const key = s.slice(0, eq).trim();
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new UsageError(`--param ${key} is given twice`);
    Object.defineProperty(out, key, { value: s.slice(eq + 1), enumerable: true, writable: true });
  }
  return out;
}

/** A positive integer option. */
export function positiveInt(name: string, raw: unknown): number {
  const s = String(raw).trim();
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new UsageError(`--${name} must be a positive integer, got "${s}"`);
  return n;
}

/** A non-negative integer option. */
export function nonNegativeInt(name: string, raw: unknown): number {
  const s = String(raw).trim();
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be a non-negative integer, got "${s}"`);
  return n;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A wall-clock duration in milliseconds: `500ms`, `10s`, `1.5m`, `2h`; a bare number is seconds. */
export function parseDuration(name: string, raw: unknown): number {
  const s = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(s);
  const ms = m === null ? NaN : Number(m[1]) * UNITS[m[2] ?? 's']!;
  if (!(Number.isFinite(ms) && ms > 0)) throw new UsageError(`--${name} must be a positive duration like 500ms, 10s, 2m or 1h, got "${s}"`);
  return Math.round(ms);
}

/** A shard `I/N` (1-based): this job runs the I-th of N parts of the work. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(raw: unknown): Shard {
  const s = String(raw).trim();
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && index >= 1 && index <= count)) {
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N (like --shard 1/4), got "${s}"`);
  }
  return { index, count };
}

/** The machine's cores (the default of `--workers`). */
export function cores(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

/** `explore`'s default strategy: `portfolio` when this engine has it, else `random`. */
export function defaultExploreStrategy(): string {
  return strategyNames().includes('portfolio') ? 'portfolio' : 'random';
}

/** A strategy name the engine knows. */
export function checkStrategy(name: unknown): string {
  const s = String(name);
  if (!strategyNames().includes(s)) throw new UsageError(`unknown strategy "${s}" (strategies: ${strategyNames().join(', ')}).${didYouMean(s, strategyNames())}`.replace(/\.$/, ''));
  return s;
}

/** How the command loads scenario files: type-checked unless `--no-typecheck`. */
export function loadOptions(argv: Readonly<Record<string, unknown>>): LoadOptions {
  return { typecheck: argv['typecheck'] !== false };
}
