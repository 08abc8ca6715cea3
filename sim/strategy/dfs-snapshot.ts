/**
 * A `dfs` search as plain data between two executions: what `DfsStrategy.snapshot()`
 * writes and `{ resume }` reads back, so that a search saved to a checkpoint file continues
 * exactly where it stopped (checkpoint.ts) — and the check that a snapshot read back from
 * JSON has the right shape before a search trusts it.
 */
import { isNodeData, type NodeData } from './dfs-node';

/** Where a search stands between two executions: enough to continue it exactly (checkpoint.ts). */
export interface DfsSnapshot {
  /** The path of the last execution, root first. */
  readonly path: readonly NodeData[];
  /** Nodes at the top of `path` that belong to a prefix (never backtracked into). */
  readonly floor: number;
  /** The distinct class hashes so far. */
  readonly classes: readonly number[];
  readonly pruned: number;
  /** Prefixes cut so far (pre-pass only). */
  readonly cuts: readonly (readonly NodeData[])[];
  /**
   * What the resumed search does first: `advance` to the next branch (the default: the
   * last execution is done), `repeat` the last execution (it found a violation, which the
   * resumed search then meets again at the same place), or `start` (no execution ran).
   */
  readonly next?: 'advance' | 'repeat' | 'start';
  /** What the invariants read (visibility.ts); absent in older checkpoints: nothing yet. */
  readonly observed?: readonly string[];
  /** What the steps classified so far write (visibility.ts); absent in older checkpoints. */
  readonly written?: readonly string[];
  /** Choices left to a twin so far (symmetry.ts); absent when no symmetry group was declared. */
  readonly twinsSkipped?: number;
}

/**
 * Whether `x` is a snapshot as `DfsStrategy.snapshot()` makes it, read back from JSON (a
 * checkpoint file): every field of the right type, the floor within the path.
 */
export function isDfsSnapshot(x: unknown): x is DfsSnapshot {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const path = o['path'];
  const n = o['next'];
  return (
    Array.isArray(path) &&
    path.every(isNodeData) &&
    Number.isSafeInteger(o['floor']) &&
    (o['floor'] as number) >= 0 &&
    (o['floor'] as number) <= path.length &&
    Array.isArray(o['classes']) &&
    o['classes'].every((c) => Number.isSafeInteger(c)) &&
    Number.isSafeInteger(o['pruned']) &&
    Array.isArray(o['cuts']) &&
    o['cuts'].every((c) => Array.isArray(c) && c.every(isNodeData)) &&
    (n === undefined || n === 'advance' || n === 'repeat' || n === 'start') &&
    isKeys(o['observed']) &&
    isKeys(o['written']) &&
    (o['twinsSkipped'] === undefined || (Number.isSafeInteger(o['twinsSkipped']) && (o['twinsSkipped'] as number) >= 0))
  );
}

function isKeys(x: unknown): boolean {
  return x === undefined || (Array.isArray(x) && x.every((k) => typeof k === 'string'));
}
