/**
 * What `replay` and `shrink` work on: a failure file or a bare schedule string, checked
 * and resolved to its scenario, variant and schedule. Everything wrong with it — a file
 * that is not a failure file, a schedule for another scenario, variant or parameters than
 * the file says, a scenario that is not there — is a `UsageError` with one line.
 */
import fs from 'node:fs';
import { decodeSchedule, ENGINE_VERSION, resolveParams, resolveVariant, UsageError, type Params, type Schedule, type Variant } from '../sim/internal';
import type { ReportViolation, RunReport } from '../reports/types';
import { quoted } from './errors';
import { readFailureFile, type FailureFile } from './failure-file';
import type { LoadOptions } from './load-file';
import { builtin, fromFile, type ScenarioSource } from './scenario-source';

/** True when `arg` is a schedule string rather than a file path. */
export function isScheduleArg(arg: string): boolean {
  if (fs.existsSync(arg)) return false;
  const t = arg.trim();
  if (/^il\d*:/.test(t)) return true;
  return !(/[/\\]/.test(t) || /\.[A-Za-z0-9]+$/.test(t));
}

/** The scenario a failure file (or schedule) is for, from `--scenario FILE` or by name. */
export function scenarioFor(name: string, recordedFile: string | null, override: string | undefined, what: string, opts: LoadOptions): ScenarioSource {
  if (override !== undefined) {
    const s = fromFile(override, opts);
    if (s.scenario.name !== name) throw new UsageError(`${what} is for scenario ${quoted(name)}, but ${override} defines "${s.scenario.name}"`);
    return s;
  }
  if (recordedFile !== null) {
    if (!fs.existsSync(recordedFile)) throw new UsageError(`${what} is for scenario ${quoted(name)} from ${recordedFile}, which no longer exists (give its new path with --scenario FILE)`);
    const s = fromFile(recordedFile, opts);
    if (s.scenario.name !== name) throw new UsageError(`${what} is for scenario ${quoted(name)}, but ${recordedFile} now defines "${s.scenario.name}"`);
    return s;
  }
  try {
    return builtin(name);
  } catch {
    throw new UsageError(`${what} is for scenario ${quoted(name)}, which is not built in: give its scenario file with --scenario FILE`);
  }
}

/** Flat parameters as JSON with sorted keys, for comparison and messages. */
function canonicalParams(p: Params): string {
  return JSON.stringify(Object.fromEntries(Object.keys(p).sort().map((k) => [k, p[k]])));
}

/** A checked replay target. */
export interface ReplayTarget {
  /** The failure file, or null for a bare schedule string. */
  readonly file: FailureFile | null;
  /** The schedule string as given (trimmed) or as the file holds it. */
  readonly scheduleText: string;
  readonly schedule: Schedule;
  readonly source: ScenarioSource;
  readonly variant: Variant;
  /** The parameters the schedule runs with (defaults filled in). */
  readonly params: Params;
}

/** Reads a failure file (`fileOnly`) or a failure file or schedule string, and checks it. */
export function resolveTarget(target: string, override: string | undefined, opts: LoadOptions, fileOnly = false): ReplayTarget {
  if (!fileOnly && isScheduleArg(target)) {
    const scheduleText = target.trim();
    const schedule = decodeSchedule(scheduleText);
    const source = scenarioFor(schedule.scenario, null, override, 'the schedule', opts);
    const variant = resolveVariant(source.scenario, schedule.variant);
    return { file: null, scheduleText, schedule, source, variant, params: resolveParams(source.scenario, schedule.params, variant) };
  }
  const file = readFailureFile(target);
  const schedule = decodeSchedule(file.schedule);
  const inconsistent = (what: string): never => {
    throw new UsageError(`failure file ${target} is inconsistent: ${what}`);
  };
  if (schedule.scenario !== file.scenario.name || schedule.variant !== file.variant) {
    inconsistent(`its schedule is for "${schedule.scenario}" / "${schedule.variant}", the file says ${quoted(file.scenario.name)} / ${quoted(file.variant)}`);
  }
  const source = scenarioFor(file.scenario.name, file.scenario.file, override, `failure file ${target}`, opts);
  const variant = resolveVariant(source.scenario, schedule.variant);
  const params = resolveParams(source.scenario, schedule.params, variant);
  if (canonicalParams(file.params) !== canonicalParams(params)) {
    inconsistent(`its schedule runs with parameters ${canonicalParams(params)}, the file says ${canonicalParams(file.params)}`);
  }
  return { file, scheduleText: file.schedule, schedule, source, variant, params };
}

/** The report of one execution of `t`'s schedule (replayed, or shrunk from it). */
export function targetReport(t: ReplayTarget, steps: number, elapsedMs: number, violation: ReportViolation | null): RunReport {
  return {
    scenario: t.source.scenario.name,
    scenarioFile: t.source.file,
    variant: t.variant.name,
    expect: t.variant.expect,
    params: t.params,
    strategy: t.file?.strategy ?? 'replay',
    seed: t.file?.seed ?? null,
    executions: 1,
    steps,
    elapsedMs,
    exhausted: false,
    engineVersion: ENGINE_VERSION,
    ...(t.schedule.options.preemptAtAccesses === true ? { preemptAtAccesses: true as const } : {}),
    violation,
  };
}
