/**
 * Per-id tables for strategies: typed-array columns indexed by a goroutine, timer or
 * object id, that grow as larger ids show up and are forgotten in O(1) at the start of
 * each execution (an epoch stamp per id, as in a generational array), so a strategy's
 * `pick` reads and writes them without allocating.
 *
 * Ids are small per-execution counters (see `ids.ts`), so a dense array indexed by id is
 * both the fastest and the smallest map from id to state.
 *
 * @example
 *   const gs = new IdTable(32);
 *   const prio = gs.float64();
 *   gs.reset();                                          // at begin(): every id unseen
 *   if (gs.touch(id)) prio.data[id] = rng.float();      // first sight in this execution
 *   return prio.data[id]!;                               // read `data` after `touch`
 */

/** The typed arrays a column may hold. */
export type ColumnArray = Int32Array | Float64Array;

/**
 * One column of an `IdTable`: `stride` values per id, id `i`'s at
 * `data[i * stride .. i * stride + stride)`.
 *
 * Invariant: `data.length === table capacity × stride`. Growth replaces `data` (values
 * kept, the new tail zero), so read `data` after the table's `touch` or `fit`, never
 * keep it across one.
 */
export class Column<A extends ColumnArray> {
  /** The values; replaced when the table grows. */
  data: A;

  /** Made by `IdTable.int32` and `IdTable.float64`. */
  constructor(
    data: A,
    /** Values per id (≥ 1). */
    readonly stride: number,
    private readonly make: (length: number) => A,
  ) {
    this.data = data;
  }

  /** Reallocates for `capacity` ids, keeping the values. */
  resize(capacity: number): void {
    const data = this.make(capacity * this.stride);
    data.set(this.data);
    this.data = data;
  }
}

/**
 * A set of ids seen in the current execution, with typed-array columns of per-id values.
 *
 * A column's value for an id is meaningful only while `has(id)`; `touch` tells the caller
 * when to initialise it. Values of ids not seen in this execution are whatever an earlier
 * execution left (zero at first), so a column that must persist across executions (a
 * hold stamp compared with a counter) may simply be read without `has`.
 */
export class IdTable {
  /** The current execution's stamp; `seen[id] === epoch` means seen. Starts at 0 and `reset` bumps it, so zero-filled slots are unseen. */
  private epoch = 0;
  private seen: Int32Array;
  private readonly columns: Column<ColumnArray>[] = [];
  /** The highest id touched in this execution, or -1. */
  private top = -1;

  /** @param capacity initial number of ids (grows on demand; ≥ 1) */
  constructor(capacity: number) {
    this.seen = new Int32Array(Math.max(1, capacity));
  }

  /** Ids the columns currently hold (`data.length / stride`). */
  get capacity(): number {
    return this.seen.length;
  }

  /** The highest id touched in this execution, or -1: iterate `0..max` with `has` to visit every seen id in increasing order. */
  get max(): number {
    return this.top;
  }

  /** Adds a column of 32-bit integers, `stride` per id. */
  int32(stride = 1): Column<Int32Array> {
    return this.add(new Column(new Int32Array(this.seen.length * stride), stride, (n) => new Int32Array(n)));
  }

  /** Adds a column of doubles, `stride` per id. */
  float64(stride = 1): Column<Float64Array> {
    return this.add(new Column(new Float64Array(this.seen.length * stride), stride, (n) => new Float64Array(n)));
  }

  /** Starts a new execution: every id becomes unseen (O(1); column values are left as they are). */
  reset(): void {
    this.epoch++;
    this.top = -1;
  }

  /** Whether `id` was touched in this execution. */
  has(id: number): boolean {
    return id < this.seen.length && this.seen[id] === this.epoch;
  }

  /**
   * Makes `id` seen in this execution, growing every column to fit it. Returns true when
   * it was not seen before in this execution: the caller then initialises its values.
   */
  touch(id: number): boolean {
    if (id >= this.seen.length) this.fit(id);
    if (this.seen[id] === this.epoch) return false;
    this.seen[id] = this.epoch;
    if (id > this.top) this.top = id;
    return true;
  }

  /** Grows every column so that `id` fits (at least doubling), without making it seen. */
  fit(id: number): void {
    if (id < this.seen.length) return;
    const capacity = Math.max(id + 1, this.seen.length * 2);
    const seen = new Int32Array(capacity);
    seen.set(this.seen);
    this.seen = seen;
    for (const c of this.columns) c.resize(capacity);
  }

  private add<A extends ColumnArray>(c: Column<A>): Column<A> {
    this.columns.push(c);
    return c;
  }
}
