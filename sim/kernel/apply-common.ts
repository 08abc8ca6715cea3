/**
 * What every apply module shares: the PARK result and the misuse panic.
 */
import type { Effect } from '../effect';
import { describeStep } from './describe';
import type { G } from './goroutine';
import type { Kernel } from './kernel';

/** Thrown through user code to stop it once a violation is recorded (a failed assert). */
export const STOP: { readonly stop: true } = Object.freeze({ stop: true as const });

/** Returned by an apply function when the goroutine waits for another step to complete it. */
export const PARK: unique symbol = Symbol('park');

/** Records a `panic` for misuse of a primitive, with Go's message. */
export function misuse(k: Kernel, g: G, op: Effect, goMessage: string): undefined {
  const d = describeStep.effect(op);
  k.fail('panic', `"${g.name}" ${d.effect}${d.object !== null ? ` of ${d.object}` : ''}: ${goMessage}`);
  return undefined;
}
