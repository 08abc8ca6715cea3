/**
 * Turns a violation the engine found into what reports show: writes its failure file
 * (unless writing is off) and replays it from that file.
 */
import { ENGINE_VERSION, type Params, type Violation } from '../sim/internal';
import { fromEngine, replayCommand, type ReportViolation } from '../reports/types';
import { oneLine } from './errors';
import { displayPath, writeFailureFile } from './failure-file';
import type { ScenarioSource } from './scenario-source';

export interface RecordContext {
  readonly source: ScenarioSource;
  readonly variant: string;
  readonly params: Params;
  readonly strategy: string;
  readonly seed: number | string;
  /** Where failure files go; null to write none. */
  readonly outDir: string | null;
  /** Told when the file cannot be written (the violation is still reported). */
  readonly warn: (line: string) => void;
}

/** The violation as reports show it, after writing its failure file. */
export function recordViolation(v: Violation, ctx: RecordContext): ReportViolation {
  let replayFile: string | null = null;
  if (ctx.outDir !== null) {
    try {
      const file = writeFailureFile(ctx.outDir, {
        format: 'interleave-failure',
        version: 1,
        engineVersion: ENGINE_VERSION,
        scenario: { name: ctx.source.scenario.name, file: ctx.source.file },
        variant: ctx.variant,
        params: ctx.params,
        strategy: ctx.strategy,
        seed: ctx.seed,
        execution: v.execution,
        schedule: v.schedule,
        violation: { kind: v.kind, message: v.message, step: v.step, time: v.time },
        trace: v.trace,
      });
      replayFile = displayPath(file);
    } catch (e) {
      ctx.warn(`warning: ${oneLine(e instanceof Error ? e.message : String(e))}; replay it with the schedule instead`);
    }
  }
  return fromEngine(v, replayCommand({ schedule: v.schedule, replayFile }, ctx.source.file), replayFile);
}
