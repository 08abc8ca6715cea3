/**
 * Which objects are *shared*: used by two goroutines, and changed by at least one. Steps
 * on any other object (a goroutine's own objects, data that is only read) commute with
 * everything the other goroutines do, so a sampling strategy need not spend its
 * randomness on them: PCT counts only steps on shared objects as decision points, and
 * SURW interleaves only their accesses uniformly (Zhao et al., ASPLOS 2025, §4).
 *
 * Learned as the executions run, from the effects the strategy applies (`use`): within
 * an execution per object id, and across executions by the object's interleaving-
 * independent name `kind:name`. An object's flags only accumulate (one execution may show
 * a second goroutine, another a write), so an object is shared from the first point
 * where both have been seen, in this execution or an earlier one that ended.
 *
 * An effect on a timer always counts as shared: the timer's firing is a second party
 * that changes it.
 *
 * @example
 *   const objects = new SharedObjects();
 *   objects.begin();                      // in Strategy.begin
 *   objects.use(g.id, g.pending);         // for the effect about to run
 *   objects.isShared(g.pending.obj);      // is it a step that matters?
 *   objects.end();                        // in Strategy.end: remember what was learned
 */
import type { Effect, ObjectRef } from '../effect';
import { isRead } from './dependency';
import { IdTable } from './id-table';

/** Flags: used by two goroutines, changed by one. Shared when both are set. */
const MULTI = 1;
const WRITTEN = 2;
const SHARED = MULTI | WRITTEN;

/** What is learned about an object (by `kind:name`) across executions. */
export interface LearnedObject {
  /** `kind:name`. */
  readonly key: string;
  /** Whether it was found shared in the executions that ended. */
  readonly shared: boolean;
  /** `keyHash(key)`, cached: for choosing a pseudo-random subset of the objects. */
  readonly hash: number;
}

class Learned implements LearnedObject {
  /** MULTI | WRITTEN, accumulated over the executions that ended. */
  flags = 0;
  readonly hash: number;

  constructor(readonly key: string) {
    this.hash = keyHash(key);
  }

  get shared(): boolean {
    return (this.flags & SHARED) === SHARED;
  }
}

export class SharedObjects {
  /** Learned across executions, by `kind:name`; updated only by `end`. */
  private readonly learned = new Map<string, Learned>();
  /** The objects of this execution, by object id. */
  private readonly ids = new IdTable(32);
  /** The first goroutine that used it in this execution (+1), or 0. */
  private readonly first = this.ids.int32();
  /** The learned flags | the flags seen in this execution. */
  private readonly flags = this.ids.int32();
  /** Its record: the learned one, or a new one that `end` adds. Valid while `ids.has(id)`. */
  private readonly records: Learned[] = [];

  /** Starts an execution: forgets the objects of the last one (not what was learned). */
  begin(): void {
    this.ids.reset();
  }

  /**
   * Records that goroutine `gid` applies `op` (not a `select`: pass each case). Returns
   * the id of its object, or -1 when it has none. Allocation-free after an object's first
   * use in an execution.
   */
  use(gid: number, op: Effect): number {
    const o = op.obj;
    if (o === null) return -1;
    const id = this.touch(o);
    const flags = this.flags.data;
    const first = this.first.data[id]!;
    if (first === 0) this.first.data[id] = gid + 1;
    else if (first !== gid + 1) flags[id]! |= MULTI;
    if (!isRead(op)) flags[id]! |= WRITTEN;
    return id;
  }

  /** Whether `o` is shared as far as is known now (this execution and the ones that ended); false for null, true for a timer. */
  isShared(o: ObjectRef | null): boolean {
    if (o === null) return false;
    if (o.kind === 'timer') return true;
    return (this.flags.data[this.touch(o)]! & SHARED) === SHARED;
  }

  /** The key `kind:name` of object `id`, used in this execution. */
  keyOf(id: number): string {
    return this.records[id]!.key;
  }

  /** `keyHash` of the key of object `id`, used in this execution (cached). */
  hashOf(id: number): number {
    return this.records[id]!.hash;
  }

  /** What the executions that ended have taught about the object with key `key`, if it was seen in one. */
  learnedAbout(key: string): LearnedObject | undefined {
    return this.learned.get(key);
  }

  /** What is learned about every object seen in an execution that ended, in the order first seen (deterministic). */
  learnedObjects(): IterableIterator<LearnedObject> {
    return this.learned.values();
  }

  /** The keys of the objects learned to be shared so far, sorted. For tests and diagnostics. */
  sharedKeys(): string[] {
    return [...this.learned.values()]
      .filter((o) => o.shared)
      .map((o) => o.key)
      .sort();
  }

  /** Ends the execution: adds what it showed to what is learned. */
  end(): void {
    const ids = this.ids;
    for (let id = 0; id <= ids.max; id++) {
      if (!ids.has(id)) continue;
      const r = this.records[id]!;
      let l = this.learned.get(r.key);
      if (l === undefined) this.learned.set(r.key, (l = r));
      l.flags |= this.flags.data[id]!;
    }
  }

  /** Makes object `o` known in this execution; returns its id. */
  private touch(o: ObjectRef): number {
    const id = o.id as number;
    if (this.ids.touch(id)) {
      const key = `${o.kind}:${o.name}`;
      const r = this.learned.get(key) ?? new Learned(key);
      this.records[id] = r;
      this.first.data[id] = 0;
      this.flags.data[id] = r.flags;
    }
    return id;
  }
}

/**
 * FNV-1a of a string with a final mix, 32 bits unsigned: the same in every process, unlike
 * object identity, so a subset of objects chosen by it is reproducible.
 */
export function keyHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
