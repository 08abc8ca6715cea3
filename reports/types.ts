/**
 * What the reporters render: the outcome of one `run` or `replay`, and of one
 * scenario × variant of an `explore`. Plain data (no engine objects), so it crosses worker
 * threads and goes into files as it is.
 */
import type { Params, TraceStep } from '../sim';

/** A violation as reports show it (the engine's `Violation` plus where it was written). */
export interface ReportViolation {
  /** A `ViolationKind` (`hang` is never used: a hang is reported as `step-limit`). */
  readonly kind: string;
  /**
   * What happened, who, where, the likely cause; the last line is `replay: <command>`,
   * naming the failure file when one was written.
   */
  readonly message: string;
  /** 1-based number of the failing execution within its exploration (its seed). */
  readonly execution: number;
  /** The schedule string that replays it; empty only for a hang (no schedule exists). */
  readonly schedule: string;
  /** The failure file, as the replay line names it; null when none was written. */
  readonly replayFile: string | null;
  /** Every step of the failing execution (empty for a hang). */
  readonly trace: readonly TraceStep[];
  /** The step at which it was detected (may equal `trace.length`: detected at the end). */
  readonly step: number;
  /** Virtual time (ns) at which it was detected. */
  readonly time: number;
}

/** The outcome of one `run` (or `replay`) of one scenario variant. */
export interface RunReport {
  readonly scenario: string;
  /** Absolute path of a user scenario file; null for a built-in scenario. */
  readonly scenarioFile: string | null;
  readonly variant: string;
  readonly expect: 'pass' | 'fail';
  readonly params: Params;
  readonly strategy: string;
  /** The seed explored (null for a replay of a bare schedule string). */
  readonly seed: number | string | null;
  readonly executions: number;
  readonly steps: number;
  /** Wall-clock milliseconds (the only non-deterministic field). */
  readonly elapsedMs: number;
  /** True when an exhaustive strategy checked every interleaving class. */
  readonly exhausted: boolean;
  readonly engineVersion: string;
  readonly violation: ReportViolation | null;
}

/** The outcome of one scenario × variant in an `explore`. */
export interface VariantResult {
  readonly scenario: string;
  readonly scenarioFile: string | null;
  readonly variant: string;
  readonly expect: 'pass' | 'fail';
  /** `fail` when any of its work units found a violation (or hung). */
  readonly outcome: 'pass' | 'fail';
  /** True when the outcome is what the variant expects. */
  readonly matched: boolean;
  readonly strategy: string;
  /** The base seed; each work unit explores its own seed derived from it (see cli/README). */
  readonly seed: number | string;
  readonly executions: number;
  readonly steps: number;
  /** Wall-clock milliseconds the units spent, added up over workers. */
  readonly elapsedMs: number;
  /** The first violation (lowest work unit), or null. */
  readonly violation: ReportViolation | null;
  /** Violations found over all its units (each unit stops at its first). */
  readonly violationsFound: number;
  /** Work units run to the end / planned for this shard. */
  readonly unitsCompleted: number;
  readonly units: number;
  /** True when every unit's exhaustive strategy checked every interleaving class. */
  readonly exhausted: boolean;
}

/** The replay command for a violation: the failure file when written, else the schedule. */
export function replayCommand(v: Pick<ReportViolation, 'schedule' | 'replayFile'>, scenarioFile: string | null = null): string {
  if (v.replayFile !== null) return `interleave replay ${shellQuote(v.replayFile)}`;
  const tail = scenarioFile !== null ? ` --scenario ${shellQuote(scenarioFile)}` : '';
  return `interleave replay ${v.schedule}${tail}`;
}

/** `message` with its last `replay: …` line replaced by (or, if none, followed by) `replay: command`. */
export function withReplayLine(message: string, command: string): string {
  const lines = message.split('\n');
  if (lines.length > 0 && lines[lines.length - 1]!.startsWith('replay: ')) lines.pop();
  lines.push(`replay: ${command}`);
  return lines.join('\n');
}

/** The message without its last `replay: …` (or a hang's `reproduce: …`) line: the part that must reproduce exactly. */
export function messageBody(message: string): string {
  const lines = message.split('\n');
  const last = lines[lines.length - 1]!;
  if (last.startsWith('replay: ') || last.startsWith('reproduce: ')) lines.pop();
  return lines.join('\n');
}

/** Quotes `s` for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
