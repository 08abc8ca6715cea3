/**
 * `sim.struct`: plain fields whose every read and write inside a goroutine is checked for
 * data races (vector clocks, as Go's `-race` instruments every access) and recorded in
 * the step's footprint (so the exhaustive search sees which steps conflict), without being
 * a scheduling point.
 *
 * The object handed to the scenario has the initial object's fields as accessors (and its
 * type); it is sealed, so a field cannot be added by mistake. Reads and writes from setup,
 * invariants and at-end checks (no goroutine running) are not checked, as `.value` is not.
 */
import type { ObjectId } from '../ids';
import { STOP } from './apply-common';
import { freezeValue, NO_FREEZE } from './freeze';
import type { Kernel } from './kernel';
import { Obj, type Access } from './objects';
import { raceRead, raceWrite, type RaceCell } from './race';

/** One field: its value's race history and its footprint key. */
export class FieldCell implements RaceCell {
  lastWrite: Access | null = null;
  readonly reads: Access[] = [];
  /** `<struct key>.<field>` when footprints are recorded ('' otherwise). */
  key = '';
  constructor(readonly field: string) {}
}

export class StructObj extends Obj {
  readonly kind = 'struct' as const;
  /** Field values, in the order of `cells`. */
  readonly values: unknown[];
  readonly cells: FieldCell[];
  constructor(id: ObjectId, name: string, fields: readonly string[], values: unknown[]) {
    super(id, name);
    this.values = values;
    this.cells = fields.map((f) => new FieldCell(f));
  }
  /** Sets the footprint keys of the fields once the struct has its own key. */
  keyFields(): void {
    for (const c of this.cells) c.key = `${this.key}.${c.field}`;
  }
}

/** Reads field `i` of `s` (race-checked and recorded when a goroutine runs). */
export function readField(k: Kernel, s: StructObj, i: number): unknown {
  const g = k.current;
  if (g !== null) {
    const cell = s.cells[i]!;
    if (k.fp !== null) k.fp.addKey(s.id, cell.key, 'struct', false);
    if (g.vc !== null && !raceRead(k, g, cell, s, cell.field, 'read')) throw STOP;
  }
  return s.values[i];
}

/** Writes field `i` of `s` (see `readField`); the value is frozen. */
export function writeField(k: Kernel, s: StructObj, i: number, v: unknown): void {
  const g = k.current;
  if (g !== null) {
    const cell = s.cells[i]!;
    if (k.fp !== null) k.fp.addKey(s.id, cell.key, 'struct', true);
    if (g.vc !== null && !raceWrite(k, g, cell, s, cell.field, 'write')) throw STOP;
  }
  s.values[i] = freezeValue(v);
}

/** The scenario's view of `s`: an object with its fields as accessors, sealed. */
export function structView<T extends object>(k: Kernel, s: StructObj, fields: readonly string[]): T {
  const view = {} as Record<string, unknown>;
  for (let i = 0; i < fields.length; i++) {
    Object.defineProperty(view, fields[i]!, {
      enumerable: true,
      get: () => readField(k, s, i),
      set: (v: unknown) => writeField(k, s, i, v),
    });
  }
  Object.defineProperty(view, NO_FREEZE, { value: true });
  return Object.seal(view) as T;
}
