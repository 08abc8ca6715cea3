/**
 * SURW's interesting events (`surw.ts`; Zhao et al., ASPLOS 2025, §4): which objects are
 * shared, which of them an execution selects, and how many accesses to them each
 * goroutine is expected to make — learned from the executions that ended.
 *
 * Each execution selects one shared object (`isCandidate`), drawn in proportion to its
 * accesses, as SURW's artifact does for every schedule; with `singleProbability` below
 * 1, or before any candidate is known, it selects every shared object or, with
 * probability `subsetProbability`, the ones whose key hash has a random bit set (a random
 * half). A timer is always selected. A goroutine's expected events count its
 * descendants' (see `AccessCounts`).
 *
 * @example
 *   sel.begin(rng, 0.5);                  // in Strategy.begin
 *   sel.interesting(op.obj);              // is an effect on it an interesting event?
 *   sel.used(g.id, op);                   // the effect ran
 *   sel.expectedLeft(g);                  // at g's first sight: its weight
 *   sel.end();                            // in Strategy.end
 */
import type { Effect, ObjectRef } from '../effect';
import { AccessCounts } from './access-counts';
import type { Rng } from './rng';
import { SharedObjects } from './shared-objects';
import type { GoroutineView } from './strategy';

/** The most interesting events a goroutine is expected to have (a bound on how spinning can skew the weights). */
export const SURW_MAX_WEIGHT = 1000;

/**
 * Whether an object learned so far may be an execution's one selected object: it is
 * shared, and it is neither a timer (timers are always selected) nor a `WaitGroup`. A
 * WaitGroup is how a program joins goroutines (`pthread_join` and a thread's exit in the
 * SCTBench ports, `wg.Done`/`wg.Wait` in Go), and SURW's artifact never makes a join or
 * an exit a target: they are intercepted calls, not memory operations
 * (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c src/main.zig,
 * `is_target_mem` accepts only `MEM_OP` events; `pthread_join` and `pthread_exit` record
 * none), and a join's log line is never a write, which `scripts/get_var_count.py`
 * requires of a target (`contains_write > 0`). Drawing one would spend the execution on
 * interleaving each thread's exit with main's join. Mutexes stay candidates: the
 * artifact's `lock_addr` method makes a lock a target address (main.zig,
 * `record_lock_op`: "lock_as_mem: acq = read, rel = write"), and in Go a mutex is often
 * all that two goroutines share. (The artifact runs `lock_addr` only on RADBench and
 * qsort, `scripts/period/bench_runner.py`; on SCTBench its `memory_addr` method never
 * targets a lock: `scenarios/sctbench/README.md` measures what leaving them out does.)
 */
export function isCandidate(o: { readonly key: string; readonly shared: boolean }): boolean {
  return o.shared && !o.key.startsWith('timer:') && !o.key.startsWith('waitGroup:');
}

export class SurwSelection {
  /** Learned across executions: which objects are shared (interesting when selected). */
  private readonly objects = new SharedObjects();
  /** Learned across executions: each goroutine's accesses per object, for its weight. */
  private readonly counts = new AccessCounts();
  /** This execution selects only the objects whose hash has bit `salt` set; -1: all. */
  private salt = -1;
  /** This execution selects only the object with this key (and timers); null: `salt` decides. */
  private target: string | null = null;

  /**
   * Starts an execution: draws its selection from `rng`. With probability
   * `singleProbability` it selects one shared object (a `candidate`), drawn in proportion
   * to its accesses in the executions so far — the artifact's selection (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c
   * scripts/period/bench_runner.py, `choose_target_addr`: one target address per
   * schedule, weighted by its access count in the dry run); otherwise, or when no
   * candidate is known yet, with probability `subsetProbability`, a random half of the
   * shared objects, else all of them.
   */
  begin(rng: Rng, subsetProbability: number, singleProbability = 0): void {
    this.objects.begin();
    this.counts.begin();
    this.target = null;
    this.salt = -1;
    if (singleProbability > 0 && rng.float() < singleProbability) {
      this.target = this.drawTarget(rng);
      if (this.target !== null) return;
    }
    this.salt = rng.float() < subsetProbability ? rng.int(32) : -1;
  }

  /** One candidate's key (`isCandidate`), in proportion to its accesses so far; null before any is known. */
  private drawTarget(rng: Rng): string | null {
    let total = 0;
    for (const o of this.objects.learnedObjects()) if (isCandidate(o)) total += this.counts.total(o.key);
    if (total <= 0) return null;
    let x = rng.float() * total;
    let last: string | null = null;
    for (const o of this.objects.learnedObjects()) {
      if (!isCandidate(o)) continue;
      const w = this.counts.total(o.key);
      if (w <= 0) continue;
      last = o.key;
      x -= w;
      if (x < 0) break;
    }
    return last;
  }

  /** The key of the one object this execution selects, or null when it selects by `salt`. For tests and diagnostics. */
  targetKey(): string | null {
    return this.target;
  }

  /** Ends the execution: adds what it showed to what is learned. */
  end(): void {
    this.objects.end();
    this.counts.end(this.objects);
  }

  /** Whether an effect on `o` is an interesting event: `o` is shared and selected in this execution (a timer always is). */
  interesting(o: ObjectRef | null): boolean {
    if (o === null || !this.objects.isShared(o)) return false;
    if (o.kind === 'timer') return true;
    if (this.target !== null) return this.objects.keyOf(o.id) === this.target;
    return this.salt < 0 || ((this.objects.hashOf(o.id) >>> this.salt) & 1) === 1;
  }

  /** Goroutine `gid` applies `op` (not a select: pass each case): which objects are shared, how often each goroutine uses them. */
  used(gid: number, op: Effect): void {
    const id = this.objects.use(gid, op);
    if (id >= 0) this.counts.record(gid, id);
  }

  /** The interesting events goroutine `g` (seen for the first time in this execution) is expected to execute, descendants' included. */
  expectedLeft(g: GoroutineView): number {
    this.counts.enter(g.id, g.key);
    const left = this.counts.expectedWithDescendants(g.key, this.isSelectedKey);
    return left === undefined ? 0 : Math.min(SURW_MAX_WEIGHT, Math.round(left));
  }

  /** The objects (`kind:name`) learned to be shared so far, sorted. */
  sharedKeys(): string[] {
    return this.objects.sharedKeys();
  }

  /** The interesting events of goroutine `key` when every object is selected (its own; with `descendants`, theirs too). */
  expected(key: string, descendants: boolean): number | undefined {
    return descendants ? this.counts.expectedWithDescendants(key, this.isSharedKey) : this.counts.expected(key, this.isSharedKey);
  }

  /** Whether accesses to the object with key `key` are interesting events when every object is selected. */
  private readonly isSharedKey = (key: string): boolean => key.startsWith('timer:') || this.objects.learnedAbout(key)?.shared === true;

  /** Whether accesses to the object with key `key` are interesting events in this execution (shared and selected). */
  private readonly isSelectedKey = (key: string): boolean => {
    if (key.startsWith('timer:')) return true;
    if (this.target !== null) return key === this.target;
    const o = this.objects.learnedAbout(key);
    return o !== undefined && o.shared && (this.salt < 0 || ((o.hash >>> this.salt) & 1) === 1);
  };
}
