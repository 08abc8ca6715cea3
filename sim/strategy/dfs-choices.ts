/**
 * The choices at a scheduling node of `dfs` (dfs.ts): the order in which they are
 * preferred, a new node with the preemptions and delays made above it, where each choice
 * sits in the choice point the kernel offers, and which of them a preemption or delay
 * bound allows (CHESS's bounds: Musuvathi and Qadeer, "Iterative
 * context bounding for systematic testing of multithreaded programs", PLDI 2007; Emmi,
 * Qadeer and Rakamarić, "Delay-bounded scheduling", POPL 2011).
 */
import type { SchedNode, Twin } from './dfs-node';
import type { ChoicePoint, StepInfo } from './strategy';

/**
 * The keys of `point`'s choices in preference order: the goroutine that ran last first (no
 * preemption), then the other runnable goroutines by id, then the fireable timers in arming
 * order. Total: goroutine ids are distinct.
 */
export function preferenceOrder(point: ChoicePoint): string[] {
  const gs = [...point.runnable].sort((a, b) => (a.id === point.lastGid ? -1 : b.id === point.lastGid ? 1 : a.id - b.id));
  return [...gs.map((g) => g.key), ...point.fireable.map((t) => t.key)];
}

/**
 * A new scheduling node at `point`, below `prev` (the scheduling node above it, or null at
 * the root): its choices `options` in preference order, of which `allowed` may be taken,
 * starting asleep on `sleep` (the node owns the map) and leaving out `twins`; it counts the
 * preemptions and delays the path made before it. Nothing is chosen or to be tried yet.
 */
export function newSchedNode(
  point: ChoicePoint,
  options: readonly string[],
  allowed: readonly string[],
  prev: SchedNode | null,
  sleep: Map<string, StepInfo>,
  twins: ReadonlyMap<string, Twin> | null,
): SchedNode {
  const preemptionsBefore = prev === null ? 0 : prev.preemptionsBefore + (isPreemption(prev, prev.chosen) ? 1 : 0);
  const delaysBefore = prev === null ? 0 : prev.delaysBefore + (prev.chosen !== prev.allowed[0] ? 1 : 0);
  const last = point.lastGid >= 0 ? point.goroutines[point.lastGid]!.key : '';
  return {
    type: 'sched',
    options,
    allowed,
    chosen: '',
    backtrack: new Set(),
    done: new Set(),
    sleep,
    explored: new Map(),
    lastKey: last,
    preemptionsBefore,
    delaysBefore,
    twins,
  };
}

/**
 * Whether choosing `key` at `node` is a preemption: switching away from the goroutine that
 * ran last while it may go on (a spinning one may not: it yielded, and fairness left it out).
 */
function isPreemption(node: SchedNode, key: string): boolean {
  return node.lastKey !== '' && key !== node.lastKey && node.allowed.indexOf(node.lastKey) >= 0;
}

/**
 * Whether choosing `key` at `node` keeps the execution within `preemptionBound`
 * preemptions and `delayBound` delays (a delay: any choice but the node's first allowed
 * one). Infinity for no bound.
 */
export function withinBounds(node: SchedNode, key: string, preemptionBound: number, delayBound: number): boolean {
  if (node.preemptionsBefore + (isPreemption(node, key) ? 1 : 0) > preemptionBound) return false;
  return node.delaysBefore + (key !== node.allowed[0] ? 1 : 0) <= delayBound;
}

/**
 * The index `Strategy.pick` returns for the choice `key` at `point` — runnable goroutines
 * first, then fireable timers — or -1 when `key` is not a choice there.
 */
export function indexOfKey(point: ChoicePoint, key: string): number {
  const r = point.runnable;
  for (let i = 0; i < r.length; i++) if (r[i]!.key === key) return i;
  const f = point.fireable;
  for (let i = 0; i < f.length; i++) if (f[i]!.key === key) return r.length + i;
  return -1;
}

/** Choice keys as a short text for messages: `"a", "b"`, or `none`. */
export function listKeys(keys: readonly string[]): string {
  return keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ');
}
