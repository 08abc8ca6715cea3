/**
 * `replay` and `shrink` as worker tasks. They run on a worker thread like every other
 * execution, for two reasons: the same stack size as the exploration that found the
 * schedule (deeply nested `yield*` in user code overflows at a depth that depends on the
 * thread's stack, and a replay on the main thread's smaller stack would diverge), and the
 * watchdog (a goroutine spinning without an effect would otherwise hang the command).
 */
import { replay, shrink, type ShrinkResult, type TraceStep, type Violation } from '../sim/internal';
import { loadRef, type ScenarioRef } from './scenario-source';
import { heartbeatScenario, shrinkBudget, type UnitCounters } from './unit';

/** A replay or shrink of one schedule. */
export interface ReplaySpec {
  readonly task: 'replay' | 'shrink';
  readonly id: number;
  readonly scenario: ScenarioRef;
  readonly schedule: string;
  /** `shrink`: its wall-clock budget in ms (default `DEFAULT_SHRINK_MS`). */
  readonly shrinkMs?: number;
}

/** What a replay or shrink task returns (plain data: it crosses threads). */
export type ReplayTaskResult =
  | { readonly task: 'replay'; readonly violation: Violation | null; readonly trace: readonly TraceStep[]; readonly steps: number }
  /**
   * `replayed`: the violation the schedule replays to (null: it passes, and `result` is
   * null too: there is nothing to shrink); `result`: the shrunk failure.
   */
  | { readonly task: 'shrink'; readonly replayed: { readonly kind: string; readonly message: string } | null; readonly result: ShrinkResult | null };

/** Runs a replay or shrink task (in a worker thread, or inline). Errors propagate. */
export function runReplayTask(spec: ReplaySpec, counters: UnitCounters): ReplayTaskResult {
  const scenario = heartbeatScenario(loadRef(spec.scenario), counters);
  counters.executions(0);
  if (spec.task === 'shrink') {
    const first = replay(scenario, spec.schedule).violation;
    if (first === undefined) return { task: 'shrink', replayed: null, result: null };
    return { task: 'shrink', replayed: { kind: first.kind, message: first.message }, result: shrink(scenario, spec.schedule, shrinkBudget(spec.shrinkMs, counters)) };
  }
  const r = replay(scenario, spec.schedule);
  return { task: 'replay', violation: r.violation ?? null, trace: r.trace, steps: r.steps };
}
