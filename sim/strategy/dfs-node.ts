/**
 * The nodes of `dfs`'s search tree, and their plain-data form: a *prefix* of the tree (the
 * nodes from the root down to a subtree) crosses worker threads, goes into shard plans
 * and checkpoint files as JSON, and is read back into live nodes that continue the same
 * search (see split.ts and checkpoint.ts).
 */
import type { StepInfo } from './strategy';

/** A choice between goroutine steps and timer firings. */
export interface SchedNode {
  readonly type: 'sched';
  /** Keys of the choices, in preference order: the last goroutine first, then by id, then timers. */
  readonly options: readonly string[];
  /** The options fairness allows (all but spinning goroutines, unless nothing else can run). */
  readonly allowed: readonly string[];
  chosen: string;
  /** Alternatives the search must try here (races found so far). */
  readonly backtrack: Set<string>;
  readonly done: Set<string>;
  /** Choices that need not be tried here, with their footprints (the sleep set). */
  readonly sleep: Map<string, StepInfo>;
  /** Footprint of each choice tried here. */
  readonly explored: Map<string, StepInfo>;
  /** Key of the goroutine that ran the step before, or ''. */
  readonly lastKey: string;
  readonly preemptionsBefore: number;
  readonly delaysBefore: number;
}

/** A value choice (`sim.random(n)`, a select's case): tried 0, 1, …, n−1 in order. */
export interface DataNode {
  readonly type: 'data';
  readonly n: number;
  value: number;
}

export type Node = SchedNode | DataNode;

/** A node as plain data (JSON): sets and maps as arrays, in insertion order. */
export type NodeData =
  | {
      readonly type: 'sched';
      readonly options: readonly string[];
      readonly allowed: readonly string[];
      readonly chosen: string;
      readonly backtrack: readonly string[];
      readonly done: readonly string[];
      readonly sleep: readonly (readonly [string, StepInfo])[];
      readonly explored: readonly (readonly [string, StepInfo])[];
      readonly lastKey: string;
      readonly preemptionsBefore: number;
      readonly delaysBefore: number;
    }
  | { readonly type: 'data'; readonly n: number; readonly value: number };

/** `node` as plain data (a deep copy: later changes to the node do not show in it). */
export function nodeData(node: Node): NodeData {
  if (node.type === 'data') return { type: 'data', n: node.n, value: node.value };
  return {
    type: 'sched',
    options: node.options.slice(),
    allowed: node.allowed.slice(),
    chosen: node.chosen,
    backtrack: [...node.backtrack],
    done: [...node.done],
    sleep: [...node.sleep],
    explored: [...node.explored],
    lastKey: node.lastKey,
    preemptionsBefore: node.preemptionsBefore,
    delaysBefore: node.delaysBefore,
  };
}

/** A live node from its plain data (a fresh copy). */
export function nodeOf(d: NodeData): Node {
  if (d.type === 'data') return { type: 'data', n: d.n, value: d.value };
  return {
    type: 'sched',
    options: d.options.slice(),
    allowed: d.allowed.slice(),
    chosen: d.chosen,
    backtrack: new Set(d.backtrack),
    done: new Set(d.done),
    sleep: new Map(d.sleep),
    explored: new Map(d.explored),
    lastKey: d.lastKey,
    preemptionsBefore: d.preemptionsBefore,
    delaysBefore: d.delaysBefore,
  };
}

/** The choices of a prefix, as a short text (`a b timer:t1 =2`) for messages and fingerprints. */
export function prefixText(prefix: readonly NodeData[]): string {
  return prefix.map((d) => (d.type === 'data' ? `=${d.value}` : d.chosen)).join(' ');
}
