/**
 * Trace entries: one per step, when the execution records a trace (the failing re-run).
 */
import type { TraceStep } from '../types';
import { describeStep } from './describe';
import type { G } from './goroutine';
import type { Execution } from './execution';
import type { TimerObj } from './ops/timer';

export type Entry = { -readonly [K in keyof TraceStep]: TraceStep[K] };

/** Starts the entry of the step about to run (goroutine `g`, or timer `t` firing). */
export function beginEntry(k: Execution, name: string, gid: number, g: G | null, t: TimerObj | null): Entry {
  k.notes = [];
  const d = g !== null ? describeStep.pending(g) : { effect: 'fire', object: `timer "${t!.name}"` };
  return { step: k.step, time: k.now, goroutine: name, gid, effect: d.effect, object: d.object, result: null, note: null };
}

/** Closes the entry with the step's notes and appends it to the trace. */
export function endEntry(k: Execution, entry: Entry): void {
  const notes = k.notes!;
  entry.note = notes.length > 0 ? notes.join('; ') : null;
  k.notes = null;
  k.trace!.push(entry);
}
