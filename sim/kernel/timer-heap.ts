/**
 * Pending timers in an indexed binary min-heap ordered by (deadline, seq): a total order
 * with a unique last tie-breaker, so the heap's shape is a function of the arming order.
 */
import type { TimerObj } from './ops/timer';

function before(a: TimerObj, b: TimerObj): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

export class TimerHeap {
  private readonly a: TimerObj[] = [];
  /** Bumped on every change, so callers can cache views of the heap. */
  version = 0;

  /** Forgets every timer (a new execution). */
  clear(): void {
    this.a.length = 0;
    this.version++;
  }

  get size(): number {
    return this.a.length;
  }

  /** The earliest timer, or undefined. */
  peek(): TimerObj | undefined {
    return this.a[0];
  }

  push(t: TimerObj): void {
    this.version++;
    t.heapIndex = this.a.length;
    this.a.push(t);
    this.up(t.heapIndex);
  }

  remove(t: TimerObj): void {
    const i = t.heapIndex;
    if (i < 0) return;
    this.version++;
    const last = this.a.pop()!;
    t.heapIndex = -1;
    if (last !== t) {
      this.a[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
  }

  /** Every timer due at the earliest deadline, in seq order (the strategy picks among them). */
  earliest(out: TimerObj[]): void {
    out.length = 0;
    const top = this.a[0];
    if (top === undefined) return;
    this.collect(0, top.deadline, out);
    if (out.length > 1) out.sort((x, y) => x.seq - y.seq);
  }

  /** All pending timers (unordered). */
  all(): readonly TimerObj[] {
    return this.a;
  }

  private collect(i: number, deadline: number, out: TimerObj[]): void {
    const t = this.a[i];
    if (t === undefined || t.deadline !== deadline) return;
    out.push(t);
    this.collect(2 * i + 1, deadline, out);
    this.collect(2 * i + 2, deadline, out);
  }

  private up(i: number): void {
    const a = this.a;
    const t = a[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = a[p]!;
      if (!before(t, pt)) break;
      a[i] = pt;
      pt.heapIndex = i;
      i = p;
    }
    a[i] = t;
    t.heapIndex = i;
  }

  private down(i: number): void {
    const a = this.a;
    const n = a.length;
    const t = a[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && before(a[r]!, a[c]!)) c = r;
      const ct = a[c]!;
      if (!before(ct, t)) break;
      a[i] = ct;
      ct.heapIndex = i;
      i = c;
    }
    a[i] = t;
    t.heapIndex = i;
  }
}
