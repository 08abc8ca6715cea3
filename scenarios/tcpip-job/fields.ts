/**
 * Race-checked plain fields for the model: `sim.struct(name, init)`, whose every read and
 * write the race detector records (and which `preemptAtAccesses` makes scheduling points).
 */
import type { Sim } from '../../sim';

/** `sim.struct(name, init)`: an object with `init`'s fields, each access race-checked. */
export function struct<T extends object>(sim: Sim, name: string, init: T): T {
  const s = (sim as unknown as { struct?: (n: string, i: T) => T }).struct;
  return s !== undefined ? s.call(sim, name, init) : (Object.assign({}, init) as T);
}
