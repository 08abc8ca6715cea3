/**
 * Values stored in race-checked or synchronizing places — `shared` variables, atomics,
 * channels and `sim.struct` fields — are frozen, so that nothing can change them in
 * place behind the race detector and the search: `(yield* q.load()).push(1)` throws, and
 * the panic says to store a new value instead.
 *
 * Frozen, deeply: arrays, plain objects (prototype `Object.prototype` or null), `Map`s and
 * `Set`s (their mutators are replaced by ones that throw). Not frozen: class instances,
 * functions and the simulation's own objects — they are references, as Go pointers are:
 * a pointer stored in a channel may be used by its receiver; put the fields such an object
 * shares into a `sim.struct` to have them race-checked.
 */

/** Marks objects that must never be frozen (`sim.struct` objects: their fields are accessors). */
export const NO_FREEZE: unique symbol = Symbol('interleave.noFreeze');

/** The hint added to a panic thrown by changing a frozen value. */
export const FROZEN_HINT =
  'values stored in shared variables, atomics, channels and sim.struct fields are frozen (and a sim.struct has only the fields it was created with): store a new value instead of changing one in place, e.g. yield* q.store([...v, x])';

/** Whether an error thrown by user code looks like a change to a frozen (or sealed) value. */
export function isFrozenError(e: unknown): boolean {
  return e instanceof TypeError && /object is not extensible|read[- ]only property|Cannot delete property|frozen (Map|Set)/.test(e.message);
}

/** Freezes `v` deeply as described above; returns `v`. Cheap for primitives and frozen values. */
export function freezeValue<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeObject(v as object);
  return v;
}

function freezeObject(o: object): void {
  if ((o as { [NO_FREEZE]?: true })[NO_FREEZE] === true) return;
  if (Array.isArray(o)) {
    Object.freeze(o);
    for (let i = 0; i < o.length; i++) freezeValue(o[i]);
    return;
  }
  if (o instanceof Map) {
    lockMethods(o, 'Map', ['set', 'delete', 'clear']);
    Object.freeze(o);
    for (const [k, x] of o) {
      freezeValue(k);
      freezeValue(x);
    }
    return;
  }
  if (o instanceof Set) {
    lockMethods(o, 'Set', ['add', 'delete', 'clear']);
    Object.freeze(o);
    for (const x of o) freezeValue(x);
    return;
  }
  const proto = Object.getPrototypeOf(o) as unknown;
  if (proto !== Object.prototype && proto !== null) return; // a class instance: a reference
  Object.freeze(o);
  for (const key of Object.keys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined && 'value' in d) freezeValue(d.value);
  }
}

function lockMethods(o: object, what: string, names: readonly string[]): void {
  for (const name of names) {
    Object.defineProperty(o, name, {
      value: () => {
        throw new TypeError(`Cannot ${name} on a frozen ${what}`);
      },
    });
  }
}
