/**
 * How often each goroutine accesses each object in one execution, on average over the
 * executions it took part in — SURW's estimate of the events a goroutine has left (Zhao
 * et al., "Selectively Uniform Concurrency Testing", ASPLOS 2025: a goroutine's weight is
 * its count of remaining interesting events).
 *
 * Goroutines are matched across executions by their interleaving-independent key (`0`,
 * `1.0`…), objects by `kind:name` (see `SharedObjects.keyOf`). Accesses are logged in a
 * typed array while the execution runs and counted when it ends, so recording one is
 * allocation-free.
 *
 * The key also tells who spawned whom (`1.0` is the first child of `1`), so the counts of
 * a goroutine's *descendants* are known too: SURW's artifact weighs a thread by its own
 * events plus those of the threads it will create (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c
 * scripts/get_event_count.py, `get_count`), so that a spawner that yields between spawns
 * is as likely to run next as the share of the remaining events its future children hold.
 *
 * @example
 *   counts.begin();
 *   counts.enter(g.id, g.key);             // first time g is seen in this execution
 *   counts.record(g.id, objectId);         // g used that object
 *   counts.end(objects);                   // fold this execution in
 *   counts.expected('1.0', (key) => true); // mean accesses per execution of goroutine 1.0
 */
import { IdTable } from './id-table';

/** What is learned about a goroutine (by key) across executions. */
interface GoroutineStat {
  /** Executions it took part in (≥ 1). */
  runs: number;
  /** Object key → its accesses over those executions. */
  readonly accesses: Map<string, number>;
  /** `children[i]` is the key of its i-th child (`k.i`) once one execution spawned it; holes before. */
  readonly children: string[];
}

export class AccessCounts {
  /** Learned across executions, by goroutine key; updated only by `end`. */
  private readonly goroutines = new Map<string, GoroutineStat>();
  /** The goroutines of this execution, by id. */
  private readonly gs = new IdTable(32);
  /** The key of goroutine `id` (valid while `gs.has(id)`). */
  private readonly keys: string[] = [];
  /** The accesses of this execution: goroutine `log[2k]` used object `log[2k+1]`. */
  private log = new Int32Array(256);
  private logN = 0;
  /** Learned across executions: object key → its accesses by every goroutine over the executions that ended (≥ 0). */
  private readonly totals = new Map<string, number>();

  /** Starts an execution. */
  begin(): void {
    this.gs.reset();
    this.logN = 0;
  }

  /** Goroutine `gid`, with the interleaving-independent key `key`, takes part in this execution. Call before `record`ing its accesses. */
  enter(gid: number, key: string): void {
    if (this.gs.touch(gid)) this.keys[gid] = key;
  }

  /** Goroutine `gid` (entered) accessed object `objectId` once. */
  record(gid: number, objectId: number): void {
    if (this.logN + 2 > this.log.length) {
      const log = new Int32Array(this.log.length * 2);
      log.set(this.log);
      this.log = log;
    }
    this.log[this.logN++] = gid;
    this.log[this.logN++] = objectId;
  }

  /** Ends the execution: counts its accesses, naming each object by `objects.keyOf`. */
  end(objects: { keyOf(objectId: number): string }): void {
    for (let id = 0; id <= this.gs.max; id++) {
      if (!this.gs.has(id)) continue;
      const key = this.keys[id]!;
      const stat = this.goroutines.get(key);
      if (stat === undefined) this.goroutines.set(key, { runs: 1, accesses: new Map(), children: [] });
      else stat.runs++;
    }
    for (let id = 0; id <= this.gs.max; id++) {
      if (!this.gs.has(id)) continue;
      const key = this.keys[id]!;
      const dot = key.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = this.goroutines.get(key.slice(0, dot));
      const i = Number(key.slice(dot + 1));
      if (parent !== undefined && Number.isInteger(i) && parent.children[i] === undefined) parent.children[i] = key;
    }
    const log = this.log;
    for (let k = 0; k < this.logN; k += 2) {
      const accesses = this.goroutines.get(this.keys[log[k]!]!)!.accesses;
      const key = objects.keyOf(log[k + 1]!);
      accesses.set(key, (accesses.get(key) ?? 0) + 1);
      this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
    }
  }

  /**
   * The accesses to the object with key `key` by every goroutine, summed over the
   * executions that ended (0 when none was seen): in proportion to the mean per execution,
   * which is what SURW's artifact weighs a target variable by.
   */
  total(key: string): number {
    return this.totals.get(key) ?? 0;
  }

  /**
   * The mean accesses per execution of the goroutine with key `key` to the objects
   * (by key) that `counts` accepts, over the executions that ended; undefined before it
   * took part in one.
   */
  expected(key: string, counts: (objectKey: string) => boolean): number | undefined {
    const g = this.goroutines.get(key);
    if (g === undefined) return undefined;
    let sum = 0;
    for (const [k, n] of g.accesses) if (counts(k)) sum += n;
    return sum / g.runs;
  }

  /**
   * `expected` of the goroutine with key `key` plus that of every goroutine it spawned,
   * and theirs, over the executions that ended (a child counts as its mean over the
   * executions it took part in); undefined before it took part in one.
   */
  expectedWithDescendants(key: string, counts: (objectKey: string) => boolean): number | undefined {
    const own = this.expected(key, counts);
    if (own === undefined) return undefined;
    let sum = own;
    const children = this.goroutines.get(key)!.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c !== undefined) sum += this.expectedWithDescendants(c, counts) ?? 0;
    }
    return sum;
  }
}
