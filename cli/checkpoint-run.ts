/**
 * `run --checkpoint FILE`: checks the option against the rest of the command, reads the
 * file when it exists (a checkpoint of this very search, or a one-line error), and saves
 * what the unit reports (checkpoint.ts has the format and the atomic write).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE_VERSION, UsageError } from '../sim/internal';
import { readCheckpoint, scenarioDigest, writeCheckpoint, type CheckpointIdentity, type SearchProgress } from './checkpoint';
import { parseDuration } from './options';
import type { ScenarioSource } from './scenario-source';
import type { UnitResult, UnitSpec } from './unit';

/** A run's checkpoint: its file, how often it is saved, where the search resumes, and the saver. */
export interface RunCheckpoint {
  readonly file: string;
  readonly everyMs: number;
  /** The progress read from the file; null when the file did not exist. */
  readonly resume: SearchProgress | null;
  /** Saves `p` to the file (atomically). */
  save(p: SearchProgress): void;
  /** Executions of the last progress saved by this run, or null if it saved none. */
  last(): number | null;
}

/** What the checkpoint of `spec` must match: the search it continues. */
export function identityOf(spec: UnitSpec, source: ScenarioSource): CheckpointIdentity {
  return {
    engineVersion: ENGINE_VERSION,
    scenario: source.scenario.name,
    scenarioDigest: scenarioDigest(source.file),
    variant: spec.variant,
    params: spec.params as CheckpointIdentity['params'],
    strategy: spec.strategy,
    search: spec.search ?? {},
    maxSteps: spec.maxSteps ?? null,
    idleTimers: spec.idleTimers ?? null,
    preemptAtAccesses: spec.preemptAtAccesses === true,
  };
}

/** The `--checkpoint` of a `run`, or null without one. Usage errors: not `dfs`, no such folder, a bad or foreign file. */
export function checkpointSetup(argv: Readonly<Record<string, unknown>>, spec: UnitSpec, source: ScenarioSource): RunCheckpoint | null {
  if (argv['checkpoint'] === undefined) return null;
  const file = path.resolve(String(argv['checkpoint']));
  if (spec.strategy !== 'dfs') throw new UsageError(`--checkpoint saves an exhaustive search: use it with --strategy dfs (got --strategy ${spec.strategy})`);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--checkpoint ${String(argv['checkpoint'])}: folder ${dir} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`--checkpoint ${String(argv['checkpoint'])} is a folder; give a file name`);
  const everyMs = parseDuration('checkpoint-every', argv['checkpoint-every'] ?? '10s');
  const id = identityOf(spec, source);
  const resume = readCheckpoint(file, id);
  let last: number | null = null;
  return {
    file,
    everyMs,
    resume,
    save: (p) => {
      try {
        writeCheckpoint(file, id, p);
      } catch (e) {
        throw new UsageError(`cannot write checkpoint ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      last = p.executions;
    },
    last: () => last,
  };
}

/** The line `run` prints about its checkpoint when it ends. */
export function checkpointNote(file: string, r: UnitResult): string {
  if (r.exhausted) return `checkpoint ${file}: the search is exhausted (${r.executions} executions in all); running again reports it at once`;
  if (r.violation !== null) return `checkpoint ${file}: saved at the violation (execution ${r.violation.execution}); running again meets it again`;
  return `checkpoint ${file}: saved after ${r.executions} executions; run the same command again to continue`;
}
