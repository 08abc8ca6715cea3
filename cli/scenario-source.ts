/**
 * Where a scenario comes from: a built-in one by name (the registry in scenarios/), or a
 * user file by path. A `ScenarioRef` is plain data, so a worker thread can load the same
 * scenario again.
 */
import path from 'node:path';
import { didYouMean, UsageError, type Scenario } from '../sim/internal';
import { findScenario, registry, type ScenarioGroup } from '../scenarios/registry';
import { loadScenarioFile, type LoadOptions } from './load-file';

/** A scenario by built-in name or by absolute file path. */
export type ScenarioRef = { readonly kind: 'builtin'; readonly name: string } | { readonly kind: 'file'; readonly path: string };

/** A scenario with where it came from. */
export interface ScenarioSource {
  readonly scenario: Scenario;
  readonly ref: ScenarioRef;
  /** The absolute file path of a user scenario; null for a built-in one. */
  readonly file: string | null;
  readonly group: ScenarioGroup | 'file';
}

/** True when a command-line argument names a file rather than a built-in scenario. */
export function looksLikeFile(arg: string): boolean {
  return /\.(c|m)?[jt]sx?$/.test(arg) || arg.includes('/') || arg.includes(path.sep) || arg.startsWith('.');
}

/** The built-in scenario called `name`, or a `UsageError` listing them. */
export function builtin(name: string): ScenarioSource {
  const s = findScenario(name);
  if (s === undefined) {
    const names = registry().map((e) => e.scenario.name);
    const hint = didYouMean(name, names);
    throw new UsageError(`unknown scenario "${name}" (built-in: ${names.join(', ')}; or give a scenario file such as ./my.scenario.ts).${hint}`.replace(/\.$/, ''));
  }
  const group = registry().find((e) => e.scenario.name === name)!.group;
  return { scenario: s, ref: { kind: 'builtin', name }, file: null, group };
}

/** A user scenario file. */
export function fromFile(file: string, opts: LoadOptions): ScenarioSource {
  const abs = path.resolve(file);
  const scenario = loadScenarioFile(file, opts);
  return { scenario, ref: { kind: 'file', path: abs }, file: abs, group: 'file' };
}

/** `<scenario|file.ts>` as given on the command line. */
export function resolveScenarioArg(arg: string, opts: LoadOptions): ScenarioSource {
  return looksLikeFile(arg) ? fromFile(arg, opts) : builtin(arg);
}

/** Loads a scenario by reference (in a worker). */
export function loadRef(ref: ScenarioRef): Scenario {
  return ref.kind === 'builtin' ? builtin(ref.name).scenario : loadScenarioFile(ref.path);
}

/** Every built-in scenario, in registry order. */
export function allBuiltins(): ScenarioSource[] {
  return registry().map((e) => ({ scenario: e.scenario, ref: { kind: 'builtin' as const, name: e.scenario.name }, file: null, group: e.group }));
}
