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
  /**
   * Symmetric twins left out here (symmetry.ts), each with its representative, which stands
   * for it (a twin is never tried here; see `DfsStrategy.backtrack`). Null: none.
   */
  readonly twins: ReadonlyMap<string, Twin> | null;
}

/**
 * A twin's representative, and whether the twin is behind it (has taken fewer steps: its
 * pending step is one of the invisible steps the representative took) or level with it
 * (the same pending effect).
 */
export interface Twin {
  readonly rep: string;
  readonly behind: boolean;
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
      /** Absent when there are none. */
      readonly twins?: readonly (readonly [string, string, boolean])[];
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
    ...(node.twins !== null ? { twins: [...node.twins].map(([k, t]) => [k, t.rep, t.behind] as const) } : {}),
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
    twins: d.twins === undefined ? null : new Map(d.twins.map(([k, rep, behind]) => [k, { rep, behind }])),
  };
}

/** The choices of a prefix, as a short text (`a b timer:t1 =2`) for messages and fingerprints. */
export function prefixText(prefix: readonly NodeData[]): string {
  return prefix.map((d) => (d.type === 'data' ? `=${d.value}` : d.chosen)).join(' ');
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const arrayOf = <T>(x: unknown, each: (y: unknown) => y is T): x is T[] => Array.isArray(x) && x.every((y) => each(y));

function isAccess(x: unknown): boolean {
  return isObj(x) && isInt(x['id']) && isStr(x['key']) && isStr(x['kind']) && isBool(x['write']) && isInt(x['op']);
}

/** Whether `x` has the shape of a `StepInfo` (a footprint) as JSON carries it. */
export function isStepInfo(x: unknown): x is StepInfo {
  return isObj(x) && isInt(x['gid']) && isStr(x['key']) && Array.isArray(x['accesses']) && x['accesses'].every(isAccess) && isBool(x['clockRead']) && isBool(x['clockWrite']) && isInt(x['completedAt']);
}

const isEntry = (x: unknown): x is [string, StepInfo] => Array.isArray(x) && x.length === 2 && isStr(x[0]) && isStepInfo(x[1]);

/**
 * Whether `x` is a node as `nodeData` writes it (for data read back from a file: a node
 * that fails this is refused before a search replays it). The shape only: a node that
 * does not fit the scenario shows as a divergence when it is replayed.
 */
export function isNodeData(x: unknown): x is NodeData {
  if (!isObj(x)) return false;
  if (x['type'] === 'data') return isInt(x['n']) && isInt(x['value']) && (x['value'] as number) >= 0 && (x['value'] as number) < (x['n'] as number);
  if (x['type'] !== 'sched') return false;
  const chosen = x['chosen'];
  return (
    arrayOf(x['options'], isStr) &&
    arrayOf(x['allowed'], isStr) &&
    isStr(chosen) &&
    (x['allowed'] as string[]).includes(chosen) &&
    arrayOf(x['backtrack'], isStr) &&
    arrayOf(x['done'], isStr) &&
    arrayOf(x['sleep'], isEntry) &&
    arrayOf(x['explored'], isEntry) &&
    isStr(x['lastKey']) &&
    isInt(x['preemptionsBefore']) &&
    isInt(x['delaysBefore']) &&
    (x['twins'] === undefined || arrayOf(x['twins'], (t): t is [string, string, boolean] => Array.isArray(t) && t.length === 3 && isStr(t[0]) && isStr(t[1]) && isBool(t[2])))
  );
}
