/**
 * Go channels and `select`.
 */
import { consume, Effect, issue, OpKind, type ObjectRef } from '../effect';
import type { Runtime } from '../runtime';

/**
 * A channel of `T` (Go's `chan T`). Capacity 0 is a rendezvous: a send completes only
 * together with a receive. Values leave in the order they were sent. Receiving from a
 * closed, drained channel yields `undefined` (Go's zero value) at once.
 *
 * When several goroutines wait to receive (or send), which one is served is a choice
 * the strategy explores: the Go spec leaves it open (the runtime happens to use FIFO
 * queues), and shuttle and loom model it the same way.
 */
export class Chan<T> {
  /** @internal */
  constructor(
    private readonly rt: Runtime,
    readonly ref: ObjectRef,
  ) {}
  /** The buffer size, as Go's `cap` reports it (0 for a timer's channel under Go ≥ 1.23). */
  get cap(): number {
    return this.rt.chanCap(this.ref);
  }
  get name(): string {
    return this.ref.name;
  }
  /** Values buffered now, as Go's `len` reports it (not a scheduling point). */
  get len(): number {
    return this.rt.chanLen(this.ref);
  }
  /** Blocks until there is room or a receiver; panics `send on closed channel`. */
  send(v: T): Effect<void> {
    return issue(new Effect(OpKind.Send, this.ref, v));
  }
  private eRecv: Effect<T | undefined> | undefined;
  private eRecvOk: Effect<[T | undefined, boolean]> | undefined;
  /** Blocks until a value arrives; `undefined` once closed and drained. */
  recv(): Effect<T | undefined> {
    return issue(this.eRecv ??= new Effect(OpKind.Recv, this.ref));
  }
  /** Like `recv`, with Go's `ok`: false when the value comes from a closed channel. */
  recvOk(): Effect<[T | undefined, boolean]> {
    return issue(this.eRecvOk ??= new Effect(OpKind.RecvOk, this.ref));
  }
  /** Panics `close of closed channel` the second time. */
  close(): Effect<void> {
    return issue(new Effect(OpKind.Close, this.ref));
  }
}

/** What `select` returns: which case ran (-1 for default), the value received, and ok. */
export interface SelectResult<T = unknown> {
  readonly index: number;
  readonly value: T | undefined;
  /** False for the default case and for a receive from a closed channel. */
  readonly ok: boolean;
}

/** The values a list of select cases can receive. */
export type SelectValue<C extends readonly Effect<unknown>[]> = Exclude<
  { [K in keyof C]: C[K] extends Effect<infer R> ? (R extends [infer V, boolean] ? V : R) : never }[number],
  void
>;

/** Checks and builds a `select` effect (see `Sim.select`). */
export function selectEffect<C extends readonly Effect<unknown>[]>(cases: C, opts?: { default?: boolean }): Effect<SelectResult<SelectValue<C>>> {
  if (!Array.isArray(cases)) throw new TypeError('select(cases): cases must be an array of ch.send(v) / ch.recv() effects');
  for (const c of cases) {
    if (!(c instanceof Effect) || (c.kind !== OpKind.Send && c.kind !== OpKind.Recv && c.kind !== OpKind.RecvOk)) {
      throw new TypeError('select(cases): every case must be ch.send(v), ch.recv() or ch.recvOk()');
    }
  }
  // the cases were issued by ch.send/ch.recv: the select takes them, so they are not dropped
  for (let i = 0; i < cases.length; i++) consume();
  return issue(new Effect(OpKind.Select, null, cases.slice(), opts?.default === true));
}
