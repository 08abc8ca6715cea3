/**
 * Vector clocks for data-race detection, as Go's race detector (ThreadSanitizer) does:
 * a happens-before edge from every release (unlock, send, atomic op, done, spawn, timer
 * start) to the matching acquire. Entries are indexed by goroutine id; a missing entry
 * is 0. Arrays are kept dense (padded with zeros) so V8 keeps them fast.
 */
export type VC = number[];

/** `into := max(into, from)` elementwise. */
export function vcJoin(into: VC, from: VC | null): void {
  if (from === null) return;
  const n = from.length;
  while (into.length < n) into.push(0);
  for (let i = 0; i < n; i++) {
    const f = from[i]!;
    if (f > into[i]!) into[i] = f;
  }
}

/** A fresh clock for goroutine `id`, inheriting `parent` (or nothing): own epoch 1. */
export function vcFor(id: number, parent: VC | null): VC {
  const vc = parent === null ? [] : parent.slice();
  while (vc.length <= id) vc.push(0);
  vc[id] = 1;
  return vc;
}

/** `vc[i]`, 0 when absent. */
export function vcGet(vc: VC, i: number): number {
  return vc[i] ?? 0;
}
