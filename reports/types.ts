/**
 * What the reporters render: the outcome of one `run` or `replay`, and of one
 * scenario × variant of an `explore`. Plain data (no engine objects), so it crosses worker
 * threads and goes into files as it is.
 */
import { formatTime, type Params, type SearchBound, type TraceStep, type Violation } from '../sim/internal';

/**
 * A violation as reports show it: the engine's `Violation`, structured — headline,
 * detail and replay command apart — plus where it was written. Reporters render these
 * fields; `message` is the same text joined (the JSON contract's field), never parsed.
 */
export interface ReportViolation {
  /** A `ViolationKind` (`hang` is never used: a hang is reported as `step-limit`). */
  readonly kind: string;
  /** What happened and where: `deadlock at step 6 (t=0)`, or for a hang or a divergence its own first words. */
  readonly headline: string;
  /** What happened, who was involved, the likely cause (may span lines). */
  readonly detail: string;
  /**
   * The command that replays it (`interleave replay <file or schedule>`), or, for a hang
   * (no schedule exists), the one that reproduces it (`interleave run …`).
   */
  readonly replayCommand: string;
  /** `headline: detail`, then a last line `replay: <replayCommand>` (`reproduce: …` for a hang). */
  readonly message: string;
  /** 1-based number of the failing execution within its exploration (its seed). */
  readonly execution: number;
  /** The schedule string that replays it; empty only for a hang (no schedule exists). */
  readonly schedule: string;
  /** The failure file, as the replay line names it; null when none was written. */
  readonly replayFile: string | null;
  /** Every step of the failing execution (empty for a hang). */
  readonly trace: readonly TraceStep[];
  /** The step at which it was detected (equals `trace.length` when detected at the end of the run). */
  readonly step: number;
  /** Virtual time (ns) at which it was detected. */
  readonly time: number;
}

/** The fields a `ReportViolation` is built from (its `message` is derived). */
export type ReportViolationParts = Omit<ReportViolation, 'message'>;

/** A `ReportViolation` with its `message` composed from the parts. */
export function reportViolation(p: ReportViolationParts): ReportViolation {
  return { ...p, message: `${p.headline}: ${p.detail}\n${replayLine(p)}` };
}

/** The line that replays a violation: `replay: interleave replay …`, or for a hang `reproduce: interleave run …`. */
export function replayLine(v: Pick<ReportViolation, 'schedule' | 'replayCommand'>): string {
  return `${v.schedule === '' ? 'reproduce' : 'replay'}: ${v.replayCommand}`;
}

/** The engine's headline of a violation: `kind at step N (t=…)`. */
export function engineHeadline(v: Pick<Violation, 'kind' | 'step' | 'time'>): string {
  return `${v.kind} at step ${v.step} (t=${formatTime(v.time)})`;
}

/** The engine's violation as reports show it, replayed by `command`. */
export function fromEngine(v: Violation, command: string, replayFile: string | null, execution = v.execution): ReportViolation {
  return reportViolation({
    kind: v.kind,
    headline: engineHeadline(v),
    detail: v.detail,
    replayCommand: command,
    execution,
    schedule: v.schedule,
    replayFile,
    trace: v.trace,
    step: v.step,
    time: v.time,
  });
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
  /** True when an exhaustive strategy checked every interleaving class (within `bound`, if set). */
  readonly exhausted: boolean;
  /** The preemption/delay bound of a bounded exhaustive search; null or absent when unbounded. */
  readonly bound?: SearchBound | null;
  readonly engineVersion: string;
  /** True when `sim.struct` writes were scheduling points (`--preempt-at-accesses`); absent otherwise. */
  readonly preemptAtAccesses?: true;
  readonly violation: ReportViolation | null;
  /** With `--checkpoint`: the file, the executions the run resumed from, the executions last saved, and the signal that stopped it. */
  readonly checkpoint?: RunCheckpointInfo;
  /** Present when an exhaustive search used symmetry (goroutines declared `symmetric`). */
  readonly symmetry?: SymmetryUse;
}

/**
 * That an exhaustive search explored one of each set of interchangeable goroutines
 * (sim/strategy/symmetry.ts): its verdict holds up to renaming them.
 */
export interface SymmetryUse {
  /** Choices left to a representative at the search's nodes (each stood for by its twin). */
  readonly twinsSkipped: number;
}

/** What `run --checkpoint` did with its file (in `--json` only when the option is given). */
export interface RunCheckpointInfo {
  readonly file: string;
  /** Executions of the search before this run (0: it started afresh). */
  readonly resumedFrom: number;
  /** Executions the file holds as done after this run's last save (null: this run saved nothing). */
  readonly saved: number | null;
  /** SIGINT or SIGTERM when a signal stopped the run; else null. */
  readonly interrupted: string | null;
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
  /** True when `sim.struct` writes were scheduling points (`--preempt-at-accesses`); absent otherwise. */
  readonly preemptAtAccesses?: true;
  /** Violations found over all its units (each unit stops at its first). */
  readonly violationsFound: number;
  /** Work units run to the end / planned for this shard. */
  readonly unitsCompleted: number;
  readonly units: number;
  /** True when every unit's exhaustive strategy checked every interleaving class (within `bound`, if set). */
  readonly exhausted: boolean;
  /** The preemption/delay bound of a bounded exhaustive search; null or absent when unbounded. */
  readonly bound?: SearchBound | null;
  /**
   * For an exhaustive search split into parts (`--workers`, `--shard`): which parts of the
   * search this result covers; absent when the search was one part.
   */
  readonly part?: SearchPart;
  /** Present when an exhaustive search used symmetry (summed over its units). */
  readonly symmetry?: SymmetryUse;
}

/**
 * Which part of a split exhaustive search a result covers: the search tree is cut into
 * `parts` subtrees (numbered in depth-first order), and this shard ran `covered` of them.
 * Results of shards of one search combine (`interleave combine`) into one verdict when
 * their `covered` lists together hold every part once.
 */
export interface SearchPart {
  /** `I/N` of `--shard`. */
  readonly shard: string;
  /** Subtrees the search was cut into (the same in every shard). */
  readonly parts: number;
  /** The subtrees this shard ran, by number. */
  readonly covered: readonly number[];
  /** Of `covered`, those searched to the end. */
  readonly finished: readonly number[];
  /** A fingerprint of the split (scenario, variant, parameters, options, cut): equal in shards of one search. */
  readonly split: string;
  /** Executions of the cheap pre-pass that found the cut (run by every shard; included in `executions`). */
  readonly prepassExecutions: number;
  /** Distinct interleaving classes the parts this shard ran reached (the pre-pass's not included). */
  readonly classes: number;
  /** Classes of the pre-pass's executions that ended above the cut (the same in every shard). */
  readonly prepassClasses: number;
}

/** The replay command for a violation: the failure file when written, else the schedule. */
export function replayCommand(v: Pick<ReportViolation, 'schedule' | 'replayFile'>, scenarioFile: string | null = null): string {
  if (v.replayFile !== null) return `interleave replay ${shellQuote(v.replayFile)}`;
  const tail = scenarioFile !== null ? ` --scenario ${shellQuote(scenarioFile)}` : '';
  return `interleave replay ${v.schedule}${tail}`;
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
