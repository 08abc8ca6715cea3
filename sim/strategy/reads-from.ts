/**
 * The reads-from relation of an execution, over *abstract events*, for reads-from
 * fuzzing (`rff.ts`; Wolff, Shi, Duck, Mathur, Roychoudhury, "Greybox Fuzzing for
 * Concurrency Testing", ASPLOS 2024).
 *
 * RFF names an event by its instruction address, so every thread running the same code
 * shares its events, and two executions can be compared event by event. Here an event is
 * the `n`-th access (`n` < `MAX_NTH`; later ones share the last number) of a goroutine
 * to an object, for goroutines of the same name (`set`, `set#2`, `set#3` are all `set`)
 * and the object's interleaving-independent key: the setters of SCTBench's reorder share
 * their `a = 1` as they share its line. Event 0, `INIT`, is every object's initial value.
 *
 * Each access *reads from* the last write to its object (a read-modify-write, a lock
 * after an unlock, a receive after a send: every access the footprint records, as every
 * write also orders itself after the last one), or from `INIT`. A pair (event, write
 * event) is recorded when the two come from different goroutines; a pair never seen
 * before is RFF's feedback. The *candidates* are the pairs a schedule may ask for: every
 * (event, write event) of the same object, seen or not (RFF's "all pairs" of accesses to
 * one address), `INIT` included. They are drawn over groups of objects whose names differ
 * only in numbers, then over the group's pairs: the exit of each of a hundred threads
 * (`setThread3.exit`) must not outweigh the two variables they race on, and a group of
 * signalling objects weighs less than one of data (`RFF_DATA_GROUP_WEIGHT`).
 *
 * Cost per step: the kernel's footprint, and per access three map lookups.
 *
 * @example
 *   rf.begin();                                  // in Strategy.begin
 *   rf.observe(point, step, (e, obj, from) => …) // in afterStep, with the footprint
 *   rf.pendingEvent(point, g, g.pending.obj)     // the event g's next step would be
 */
import type { ObjectRef } from '../effect';
import { IdTable } from './id-table';
import type { ChoicePoint, GoroutineView, StepInfo } from './strategy';

/** The event of every object's initial value. */
export const INIT = 0;
/** Accesses of one goroutine to one object told apart; later ones are the last of them. */
export const MAX_NTH = 16;

/** A goroutine's name without the `#n` that made it unique nor a number at its end: `worker#2`, `worker12` → `worker`. */
export function abstractName(name: string): string {
  return name.replace(/#\d+$/, '').replace(/\d+$/, '');
}

/** The group an object's candidate pairs are drawn in: its `kind:name` without numbers (`waitGroup:setThread.exit`). */
export function groupName(kindName: string): string {
  return kindName.replace(/\d+/g, '');
}

/**
 * How much more likely a group of data, lock, channel or timer objects is drawn than a
 * group of signalling objects (wait groups, onces, conds), whose reads-from order a
 * program mostly fixes (a `wait` after the `done` it waits for): SCTBench's ports give
 * every thread an exit wait group, and drawn as often as the variables raced on they
 * halved RFF's rate on reorder_N (5 programs, 20 seeds: reorder_10 25.6 → 9.6
 * executions; measured 1, 3, 6 and 100: 6 is about best).
 */
export const RFF_DATA_GROUP_WEIGHT = 6;

/** Called for each access of an observed step: its event, its object's id, and the write it reads from. */
export type AccessVisitor = (event: number, objectId: number, readsFrom: number) => void;

export class ReadsFrom {
  /** Goroutine names (without `#n`) and timer keys → ids. */
  private readonly names = new Map<string, number>();
  /** Abstract object names (`kind:name`, see `abstractName`) → ids (≥ 1). */
  private readonly keys = new Map<string, number>();
  /** Per object id: its abstract name, when a pending effect showed it in this execution. */
  private readonly oName = new Map<number, string>();
  /** Packed (name, object key, n) → event (≥ 1). */
  private readonly events = new Map<number, number>();
  /** Per event: its object key id (0 for `INIT`). */
  private readonly eventKey: number[] = [0];
  /** Per event: whether it ever wrote. */
  private readonly eventWrites: boolean[] = [true];
  /** Per object key id: its events, and its write events (`INIT` first). */
  private readonly keyEvents: number[][] = [[]];
  private readonly keyWrites: number[][] = [[]];
  /** Candidate pairs, flat: `[r0, w0, r1, w1, …]`. */
  private readonly pairs: number[] = [];
  /** Per object key id: its group; per group: the indexes of its candidate pairs. */
  private readonly keyGroup: number[] = [0];
  private readonly groupIds = new Map<string, number>();
  private readonly groupPairs: number[][] = [];
  /** Per group: its weight in `drawCandidate`. */
  private readonly groupWeight: number[] = [];
  /** The groups that have a candidate pair. */
  private readonly liveGroups: number[] = [];
  /** Observed pairs (`pairKey`) → the last execution (`epoch`) that observed it. */
  private readonly seen = new Map<number, number>();
  private epoch = 0;
  /** Pairs never observed before that this execution observed. */
  newPairs = 0;
  /** Distinct pairs this execution observed. */
  pairsObserved = 0;
  /** Per goroutine id: its name id (valid while `gs.has(id)`). */
  private readonly gs = new IdTable(32);
  private readonly gName = this.gs.int32();
  /** Per object id: its key id, its last write's event and that write's goroutine (id + 2, 1 for a timer, 0 for none). */
  private readonly os = new IdTable(32);
  private readonly oKey = this.os.int32();
  private readonly oLast = this.os.int32();
  private readonly oLastG = this.os.int32();
  /** (goroutine id, object id) → its accesses so far. */
  private readonly nth = new Map<number, number>();

  /** Starts an execution. */
  begin(): void {
    this.epoch++;
    this.newPairs = 0;
    this.pairsObserved = 0;
    this.gs.reset();
    this.os.reset();
    this.nth.clear();
    this.oName.clear();
  }

  /** Candidate pairs known so far. */
  get candidates(): number {
    return this.pairs.length / 2;
  }

  /** Candidate pair `i`: [event, write event]. */
  candidate(i: number): readonly [number, number] {
    return [this.pairs[2 * i]!, this.pairs[2 * i + 1]!];
  }

  /**
   * A candidate pair drawn over groups (a signalling group weighing 1, any other
   * `RFF_DATA_GROUP_WEIGHT`), then uniformly over the group's pairs, from `u1, u2`
   * uniform in [0, 1).
   */
  drawCandidate(u1: number, u2: number): readonly [number, number] {
    const live = this.liveGroups;
    let total = 0;
    for (let i = 0; i < live.length; i++) total += this.groupWeight[live[i]!]!;
    let x = u1 * total;
    let g = live[live.length - 1]!;
    for (let i = 0; i < live.length; i++) {
      x -= this.groupWeight[live[i]!]!;
      if (x < 0) {
        g = live[i]!;
        break;
      }
    }
    const pairs = this.groupPairs[g]!;
    return this.candidate(pairs[Math.floor(u2 * pairs.length)]!);
  }

  /** The object key id of event `e` (0 for `INIT`). */
  keyOf(e: number): number {
    return this.eventKey[e]!;
  }

  /** The key id of object `o` (known from now on). */
  objectKey(o: ObjectRef): number {
    this.named(o);
    return this.slot(o.id, o.key);
  }

  /** Object `o` is about to be used: its name gives it its abstract name (before a footprint names it by key). */
  named(o: ObjectRef): void {
    if (!this.oName.has(o.id)) this.oName.set(o.id, `${o.kind}:${o.name}`);
  }

  /** The event of the last write to object `o` in this execution, or `INIT`. */
  lastWrite(o: ObjectRef): number {
    return this.os.has(o.id) ? this.oLast.data[o.id]! : INIT;
  }

  /**
   * The event of the `n`-th access of goroutines named `name` (or the timer `@key`) to the
   * object `key` (`kind:name`, or `#` and the object's key), or
   * -1 when no execution has seen it. For tests and diagnostics.
   */
  eventOf(name: string, key: string, n: number): number {
    const a = this.names.get(name);
    const k = this.keys.get(key);
    if (a === undefined || k === undefined) return -1;
    return this.events.get(this.pack(a, k, n)) ?? -1;
  }

  /** The event goroutine `g`'s next access to `o` would be, or -1 when no execution has seen it. */
  pendingEvent(point: ChoicePoint, g: GoroutineView, o: ObjectRef): number {
    const n = this.nth.get((g.id + 1) * 1048576 + o.id) ?? 0;
    this.named(o);
    return this.events.get(this.pack(this.nameOf(point, g.id), this.slot(o.id, o.key), n)) ?? -1;
  }

  /** Records the accesses of the step just run (its footprint), calling `visit` for each. */
  observe(point: ChoicePoint, step: StepInfo, visit: AccessVisitor | null): void {
    const acc = step.accesses;
    if (acc.length === 0) return;
    const gid = step.gid;
    const name = gid >= 0 ? this.nameOf(point, gid) : this.name(`@${step.key}`);
    for (let i = 0; i < acc.length; i++) {
      const a = acc[i]!;
      if (a.id < 0) continue; // the kernel's pseudo-objects (the timer gate): nothing is read from them
      const k = this.slot(a.id, a.key);
      const nk = (gid + 1) * 1048576 + a.id;
      const n = this.nth.get(nk) ?? 0;
      this.nth.set(nk, n + 1);
      const e = this.event(this.pack(name, k, n), k, a.write);
      const from = this.oLast.data[a.id]!;
      const fromG = this.oLastG.data[a.id]!;
      if (fromG !== gid + 2) this.pair(e, from);
      if (visit !== null) visit(e, a.id, from);
      if (a.write) {
        this.oLast.data[a.id] = e;
        this.oLastG.data[a.id] = gid + 2;
      }
    }
  }

  private pair(e: number, from: number): void {
    const key = e * 2097152 + from;
    const last = this.seen.get(key);
    if (last === this.epoch) return;
    if (last === undefined) this.newPairs++;
    this.seen.set(key, this.epoch);
    this.pairsObserved++;
  }

  private pack(name: number, key: number, n: number): number {
    return (name * 1048576 + key) * MAX_NTH + Math.min(n, MAX_NTH - 1);
  }

  /** The event packed as `p` on object key `k`; a new one adds its candidate pairs. */
  private event(p: number, k: number, write: boolean): number {
    let e = this.events.get(p);
    if (e === undefined) {
      e = this.eventKey.length;
      this.events.set(p, e);
      this.eventKey.push(k);
      this.eventWrites.push(false);
      for (const w of this.keyWrites[k]!) this.addPair(k, e, w);
      this.keyEvents[k]!.push(e);
    }
    if (write && !this.eventWrites[e]) {
      this.eventWrites[e] = true;
      for (const r of this.keyEvents[k]!) if (r !== e) this.addPair(k, r, e);
      this.keyWrites[k]!.push(e);
    }
    return e;
  }

  private addPair(k: number, r: number, w: number): void {
    const pairs = this.groupPairs[this.keyGroup[k]!]!;
    if (pairs.length === 0) this.liveGroups.push(this.keyGroup[k]!);
    pairs.push(this.pairs.length / 2);
    this.pairs.push(r, w);
  }

  /** The name id of goroutine `gid` (its name without the `#n` that made it unique, nor a number before). */
  private nameOf(point: ChoicePoint, gid: number): number {
    if (this.gs.touch(gid)) this.gName.data[gid] = this.name(abstractName(point.goroutines[gid]!.name));
    return this.gName.data[gid]!;
  }

  private name(s: string): number {
    let id = this.names.get(s);
    if (id === undefined) this.names.set(s, (id = this.names.size));
    return id;
  }

  /** The key id of object `id` (its abstract name, else `key`), made known in this execution. */
  private slot(id: number, key: string): number {
    if (this.os.touch(id)) {
      const name = this.oName.get(id) ?? `#${key}`;
      let k = this.keys.get(name);
      if (k === undefined) {
        k = this.keyEvents.length;
        this.keys.set(name, k);
        const group = groupName(name);
        let gid = this.groupIds.get(group);
        if (gid === undefined) {
          this.groupIds.set(group, (gid = this.groupPairs.length));
          this.groupPairs.push([]);
          this.groupWeight.push(/^(waitGroup|once|cond):/.test(group) ? 1 : RFF_DATA_GROUP_WEIGHT);
        }
        this.keyGroup.push(gid);
        this.keyEvents.push([]);
        this.keyWrites.push([INIT]);
      }
      this.oKey.data[id] = k;
      this.oLast.data[id] = INIT;
      this.oLastG.data[id] = 0;
    }
    return this.oKey.data[id]!;
  }
}
