/**
 * Small measurement helpers shared by the benchmark sections: wall-clock timing, medians,
 * means and the number formats of the report.
 */

/** How long something took: wall seconds and CPU seconds (user + system) of this process. */
export interface Took {
  readonly wall: number;
  readonly cpu: number;
}

/** Collects garbage when the process runs with `--expose-gc` (`npm run bench` does), so a measurement does not pay for the previous one's garbage. */
export function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Times `f` after settling the heap. The benchmark's rates use the CPU time: on a shared
 * machine it is what the wall clock would show if this process had a core to itself
 * (while the wall time also counts the time other processes held the core).
 */
export function timed(f: () => void): Took {
  settle();
  const c = cpuNow();
  const t = process.hrtime.bigint();
  f();
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: cpuNow() - c };
}

/** `timed` for a promise. */
export async function timedAsync(f: () => Promise<unknown>): Promise<Took> {
  settle();
  const c = cpuNow();
  const t = process.hrtime.bigint();
  await f();
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: cpuNow() - c };
}

/** Milliseconds since `t0` (a process.hrtime.bigint() reading). */
export function msSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The median (the mean of the two middle values for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The arithmetic mean; NaN when empty. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** A rate or count for a table: `1.23 M`, `45.6 k`, `789`, `12.3`. */
export function fmtRate(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  if (n >= 100) return n.toFixed(0);
  return n.toFixed(1);
}

/** An execution count: integers as they are, others with one decimal (`12`, `3.5`, `1234`). */
export function fmtCount(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return x < 100 ? x.toFixed(1) : x.toFixed(0);
}

/** A ratio: `0.254`, `12.3×`. */
export function fmtRatio(x: number, times = false): string {
  if (!Number.isFinite(x)) return String(x);
  const s = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
  return times ? `${s}×` : s;
}

/** A duration in ms as `850 ms` or `12.3 s`. */
export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

/** Bytes as MB (10^6), one decimal. */
export function fmtMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Yields to the event loop (lets worker/child bookkeeping run between measurements). */
export function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
