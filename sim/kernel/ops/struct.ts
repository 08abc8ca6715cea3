/**
 * `sim.struct`: plain fields whose every read and write inside a goroutine is checked for
 * data races (vector clocks, as Go's `-race` instruments every access) and recorded in
 * the step's footprint (so the exhaustive search sees which steps conflict), without being
 * a scheduling point.
 *
 * The object handed to the scenario has the initial object's fields as accessors (and its
 * type); it is sealed, so a field cannot be added by mistake. Reads and writes from setup,
 * invariants and at-end checks (no goroutine running) are not checked, as `.value` is not.
 *
 * ## `preemptAtAccesses`: statement granularity
 *
 * Go may preempt a goroutine between any two statements; a model's step runs all the code
 * between two effects at once. With `preemptAtAccesses`, a field access should be a
 * scheduling point. But an access is a getter or setter called synchronously from the
 * goroutine's generator: nothing can suspend it there. So the kernel makes each **write** a
 * step of its own, after the code has run:
 *
 * - during the step, a write takes effect at once for the goroutine itself (its later reads
 *   see it) and is recorded in the goroutine's `WriteBuffer` with the value it replaced;
 * - when the code hands back control (its next effect, or its end), the writes are rolled
 *   back, and the goroutine's pending operations become one `StructWrite` per write, in
 *   program order, then its effect. Each publishes one write: it is race-checked and in the
 *   footprint *there*, and every other goroutine, timer and invariant may run before it.
 *
 * Reads take effect in the step that runs the code (race-checked and in its footprint
 * there), as before. So a goroutine's step is "read what it reads, then publish each write
 * as its own step": the other goroutines can see every prefix of its writes (two writes of
 * one step with a reader between them: gVisor's `SetClocks` writing `t.clocks` and then
 * `monotonicOffset`), and an invariant is checked between any two of them.
 *
 * What this does not give: a scheduling point right before a read. A read that follows a
 * write in the same step reads as if it came first (a store buffer, as x86-TSO). Either
 * difference from Go's statement order shows only when another goroutine writes that field
 * in between — with no happens-before, since nothing synchronizes inside a step — which
 * the race detector reports as a `data-race` when it does so. A goroutine spawned, or a timer armed, in
 * the middle of a step is a release (Go: `go` and `time.AfterFunc` happen-before what they
 * start): the writes before it are published right there, in the same step, and lose their
 * scheduling points.
 *
 * DPOR stays sound: each step's footprint is what that step reads or writes (the code's
 * step its reads, each publication its write), publications are always enabled, and what
 * a goroutine will publish is its own state, as DPOR assumes of any step.
 */
import { Effect, OpKind } from '../../effect';
import type { ObjectId } from '../../ids';
import { formatValue } from '../../format';
import type { Footprint } from '../footprint';
import type { G } from '../goroutine';
import type { StructOp } from '../op';
import { freezeValue, NO_FREEZE } from '../freeze';
import { Obj, type Access } from '../objects';
import type { RaceCell } from '../race';
import { STOP, type Rt } from '../rt';

/** One field: its value's race history, and what the footprint calls it. */
export class FieldCell implements RaceCell {
  lastWrite: Access | null = null;
  readonly reads: Access[] = [];
  readonly kind = 'struct' as const;
  /** `<struct key>.<field>` when footprints are recorded ('' otherwise). */
  key = '';
  constructor(
    /** The struct's id. */
    readonly id: ObjectId,
    readonly field: string,
  ) {}
}

export class StructObj extends Obj {
  readonly kind = 'struct' as const;
  /** Field values, in the order of `cells`. */
  readonly values: unknown[];
  readonly cells: FieldCell[];
  constructor(id: ObjectId, name: string, fields: readonly string[], values: unknown[]) {
    super(id, name);
    this.values = values;
    this.cells = fields.map((f) => new FieldCell(id, f));
  }
  /** Sets the footprint keys of the fields once the struct has its own key. */
  keyFields(): void {
    for (const c of this.cells) c.key = `${this.key}.${c.field}`;
  }
}

/** Reads field `i` of `s` (race-checked and recorded when a goroutine runs). */
export function readField(rt: Rt, s: StructObj, i: number): unknown {
  const g = rt.current;
  if (g !== null) {
    const cell = s.cells[i]!;
    rt.access(cell, false, -1);
    if (rt.raceOn && !rt.raceRead(g, cell, s, cell.field, 'read')) throw STOP;
  } else rt.plainRead(s.cells[i]!);
  return s.values[i];
}

/** Writes field `i` of `s` (see `readField`); the value is frozen. */
export function writeField(rt: Rt, s: StructObj, i: number, v: unknown): void {
  const g = rt.current;
  if (g !== null) {
    if (rt.preemptAtAccesses) {
      bufferWrite(g, s, i, freezeValue(v));
      return;
    }
    const cell = s.cells[i]!;
    rt.access(cell, true, -1);
    if (rt.raceOn && !rt.raceWrite(g, cell, s, cell.field, 'write')) throw STOP;
  }
  s.values[i] = freezeValue(v);
}

/** The scenario's view of `s`: an object with its fields as accessors, sealed. */
export function structView<T extends object>(rt: Rt, s: StructObj, fields: readonly string[]): T {
  const view = {} as Record<string, unknown>;
  for (let i = 0; i < fields.length; i++) {
    Object.defineProperty(view, fields[i]!, {
      enumerable: true,
      get: () => readField(rt, s, i),
      set: (v: unknown) => writeField(rt, s, i, v),
    });
  }
  Object.defineProperty(view, NO_FREEZE, { value: true });
  return Object.seal(view) as T;
}

/**
 * The `sim.struct` writes of one goroutine step under `preemptAtAccesses` (see the module
 * comment): made during the step, then published one per step.
 */
export class WriteBuffer {
  /** The writes, in program order, as the operations that publish them. */
  readonly ops: StructOp[] = [];
  /** `olds[j]`: the value `ops[j]` replaced (for the rollback). */
  readonly olds: unknown[] = [];
  /** Publications started: `ops[0..next)`. Invariant: 0 while the step's code runs. */
  next = 0;
  /** What the code handed back at the end of its step: its next effect, or its end. Null while it runs. */
  after: IteratorResult<unknown, unknown> | null = null;
}

function bufferWrite(g: G, s: StructObj, i: number, v: unknown): void {
  const wb = (g.wb ??= new WriteBuffer());
  wb.ops.push(new Effect(OpKind.StructWrite, s, i, v) as unknown as StructOp);
  wb.olds.push(s.values[i]);
  s.values[i] = v;
}

/**
 * The step's code has handed back `after`: rolls its writes back (last first) and returns
 * the first publication, which becomes the goroutine's pending operation.
 */
export function beginPublishing(wb: WriteBuffer, after: IteratorResult<unknown, unknown>): StructOp {
  for (let j = wb.ops.length - 1; j >= 0; j--) {
    const op = wb.ops[j]!;
    op.obj.values[op.a] = wb.olds[j];
  }
  wb.after = after;
  wb.next = 1;
  return wb.ops[0]!;
}

/** The next publication of `wb`, or null when all are done (then the goroutine goes on with `wb.after`). */
export function nextPublication(wb: WriteBuffer): StructOp | null {
  return wb.next < wb.ops.length ? wb.ops[wb.next++]! : null;
}

/** Applies a publication: the write is race-checked here and takes effect for everyone. */
export function publish(rt: Rt, g: G, op: StructOp): undefined {
  const s = op.obj;
  const cell = s.cells[op.a]!;
  // (its footprint is the step's: `footprint` below)
  if (rt.raceOn && !rt.raceWrite(g, cell, s, cell.field, 'write')) return undefined;
  s.values[op.a] = op.b;
  return undefined;
}

/**
 * A release in the middle of `g`'s step (it spawns a goroutine or arms a timer): the writes
 * made so far take effect now, in this step, race-checked here (see the module comment).
 */
export function commitWrites(rt: Rt, g: G): void {
  const wb = g.wb;
  if (wb === null || wb.after !== null) return;
  g.wb = null;
  for (const op of wb.ops) {
    const s = op.obj;
    const cell = s.cells[op.a]!;
    rt.access(cell, true, -1);
    if (rt.raceOn && !rt.raceWrite(g, cell, s, cell.field, 'write')) throw STOP;
  }
}

/** What a publication touches: a write of its field. */
export function footprint(fp: Footprint, op: StructOp): void {
  fp.add(op.obj.cells[op.a]!, true, -1);
}

/** A publication in a trace: `write clocks = 60`. */
export function text(op: StructOp): string {
  return `write ${op.obj.cells[op.a]!.field} = ${formatValue(op.b)}`;
}
