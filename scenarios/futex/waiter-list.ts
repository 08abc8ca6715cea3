/**
 * `waiterList`: gVisor's intrusive doubly linked list (`pkg/ilist`'s generic `List`,
 * instantiated for `*Waiter` by pkg/sentry/kernel/futex/BUILD), at its statement
 * granularity.
 *
 * Original: google/gvisor@d30c39364daa pkg/ilist/list.go, lines 64–106 (`List`, `Front`,
 * `Empty`), 144–155 (`PushBack`) and 216–235 (`Remove`); the links are the Waiter's
 * `waiterEntry` (`next`, `prev`). `head` and `tail` are one `sim.struct` named
 * `<bucket>.waiters`, so every read and write of a link or an end is race-checked (and a
 * write a scheduling point with `preemptAtAccesses`), as Go's race detector would check them.
 *
 * `Remove` is upstream's, including what it does to an element that is not in this list:
 * it relinks the element's neighbours (in whatever list they are) and only updates this
 * list's head or tail if they name the element. `waitcomplete-no-recheck` depends on it.
 */
import type { Sim } from '../../sim';
import type { Waiter } from './waiter';

/** The ends of a list, race-checked. */
export interface ListFields {
  head: Waiter | null;
  tail: Waiter | null;
}

/** Told of every change to a list (ghost: the checks keep the list's contents as a sequence, and that it changes only under its lock). */
export type ListWritten = (op: 'PushBack' | 'Remove', e: Waiter) => void;

/** `waiterList`. */
export class waiterList {
  /** `head`, `tail`. */
  readonly f: ListFields;

  constructor(
    sim: Sim,
    name: string,
    private readonly written: ListWritten,
  ) {
    this.f = sim.struct<ListFields>(name, { head: null, tail: null });
  }

  /** `Empty`: whether the list has no elements. */
  Empty(): boolean {
    return this.f.head === null;
  }

  /** `Front`: the first element, or nil. */
  Front(): Waiter | null {
    return this.f.head;
  }

  /** `PushBack` inserts e at the back of the list. */
  PushBack(e: Waiter): void {
    this.written('PushBack', e); // ghost
    e.SetNext(null);
    e.SetPrev(this.f.tail);
    if (this.f.tail !== null) this.f.tail!.SetNext(e);
    else this.f.head = e;
    this.f.tail = e;
  }

  /** `Remove` removes e from the list. */
  Remove(e: Waiter): void {
    this.written('Remove', e); // ghost
    const prev = e.Prev();
    const next = e.Next();
    if (prev !== null) prev.SetNext(next);
    else if (this.f.head === e) this.f.head = next;
    if (next !== null) next.SetPrev(prev);
    else if (this.f.tail === e) this.f.tail = prev;
    e.SetNext(null);
    e.SetPrev(null);
  }
}
