/**
 * JSON reports. Two forms, both documented in reports/README.md:
 *
 * - the **summary** that `--json` prints, exactly the contract of DESIGN.md
 *   (`{ scenario, variant, strategy, seed, executions, steps, elapsedMs, violation }`), and
 *   `explore --json`'s `{ results: [...] }`;
 * - the **full report** (`--report json`): the summary's fields plus a `schema` name and
 *   `version`, the engine version, parameters, the expectation and the violation's
 *   step and time. Later versions only add fields.
 */
import type { SearchBound } from '../sim/internal';
import type { ReportViolation, RunCheckpointInfo, RunReport, SearchPart, SymmetryUse, VariantResult } from './types';

/** Name and version of the full JSON report's schema. */
export const REPORT_SCHEMA = 'interleave-report';
export const REPORT_SCHEMA_VERSION = 1;

/** The `violation` object of the `--json` contract. */
export interface JsonViolation {
  readonly kind: string;
  readonly message: string;
  readonly execution: number;
  readonly schedule: string;
  readonly replayFile: string | null;
  readonly trace: ReportViolation['trace'];
}

/** What `run --json` and `replay --json` print. */
export interface JsonSummary {
  readonly scenario: string;
  readonly variant: string;
  readonly strategy: string;
  readonly seed: number | string | null;
  readonly executions: number;
  readonly steps: number;
  readonly elapsedMs: number;
  /** True when an exhaustive strategy checked every interleaving class (within `bound`, if set). */
  readonly exhausted: boolean;
  /** The preemption/delay bound of a bounded exhaustive search, or null. */
  readonly bound: SearchBound | null;
  /** Present (true) only when `--preempt-at-accesses` ran: the default mode keeps the contract's keys. */
  readonly preemptAtAccesses?: true;
  readonly violation: JsonViolation | null;
  /** Only with `run --checkpoint`. */
  readonly checkpoint?: RunCheckpointInfo;
  /** Only when the exhaustive search used symmetry. */
  readonly symmetry?: SymmetryUse;
}

/** One entry of `explore --json`'s `results`. */
export interface JsonExploreResult {
  readonly scenario: string;
  readonly variant: string;
  readonly expect: 'pass' | 'fail';
  readonly outcome: 'pass' | 'fail';
  readonly executions: number;
  readonly exhausted: boolean;
  readonly bound: SearchBound | null;
  /** Present (true) only when `--preempt-at-accesses` ran. */
  readonly preemptAtAccesses?: true;
  readonly violation: JsonViolation | null;
  /** Which part of a split exhaustive search this result covers (only when split). */
  readonly part?: SearchPart;
  /** Only when the exhaustive search used symmetry. */
  readonly symmetry?: SymmetryUse;
}

/** The contract's violation object (exactly these keys, in this order). */
export function jsonViolation(v: ReportViolation | null): JsonViolation | null {
  if (v === null) return null;
  return { kind: v.kind, message: v.message, execution: v.execution, schedule: v.schedule, replayFile: v.replayFile, trace: v.trace };
}

/** `--json` for `run` / `replay`. */
export function jsonSummary(r: RunReport): JsonSummary {
  return {
    scenario: r.scenario,
    variant: r.variant,
    strategy: r.strategy,
    seed: r.seed,
    executions: r.executions,
    steps: r.steps,
    elapsedMs: r.elapsedMs,
    exhausted: r.exhausted,
    bound: r.bound ?? null,
    ...(r.preemptAtAccesses === true ? { preemptAtAccesses: true as const } : {}),
    violation: jsonViolation(r.violation),
    ...(r.checkpoint !== undefined ? { checkpoint: r.checkpoint } : {}),
    ...(r.symmetry !== undefined ? { symmetry: r.symmetry } : {}),
  };
}

/** `explore --json`. */
export function jsonExplore(results: readonly VariantResult[]): { results: JsonExploreResult[] } {
  return {
    results: results.map((r) => ({
      scenario: r.scenario,
      variant: r.variant,
      expect: r.expect,
      outcome: r.outcome,
      executions: r.executions,
      exhausted: r.exhausted,
      bound: r.bound ?? null,
      ...(r.preemptAtAccesses === true ? { preemptAtAccesses: true as const } : {}),
      violation: jsonViolation(r.violation),
      ...(r.part !== undefined ? { part: r.part } : {}),
      ...(r.symmetry !== undefined ? { symmetry: r.symmetry } : {}),
    })),
  };
}

/** `--report json`: the versioned full report of a `run` / `replay`. */
export function jsonReport(r: RunReport): Record<string, unknown> {
  const s = jsonSummary(r);
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_SCHEMA_VERSION,
    engineVersion: r.engineVersion,
    ...s,
    scenarioFile: r.scenarioFile,
    expect: r.expect,
    params: r.params,
    violation:
      r.violation === null
        ? null
        : { ...s.violation, step: r.violation.step, time: r.violation.time, headline: r.violation.headline, detail: r.violation.detail, replayCommand: r.violation.replayCommand },
  };
}
