/**
 * Symmetry reduction for `dfs` (issue 16, item 3): goroutines declared interchangeable —
 * `sim.go(name, body, { symmetric: 'group' })` — are explored as one where they cannot yet
 * be told apart.
 *
 * **What the user guarantees.** Goroutines with the same group key run the same body
 * (checked: the same source text) on equal arguments, and nothing in the program tells them
 * apart except their identity: the program — other goroutines, invariants, `atEnd` checks —
 * behaves the same under any permutation of the members (state kept per member is fine
 * when every member's is kept and checked alike; choosing a member by its name or its
 * place in a list is not), and what a member does depends only on the results of its own
 * effects. (Plain variables that members share would already break
 * DPOR, which treats code between effects as touching nothing.)
 *
 * **Twins.** At a state s, runnable members of one group are *twins* when (1) they were
 * spawned in the same step (the same spawner at the same moment: equal causal pasts) and
 * (2) every step each has taken so far was invisible — it touched no object and no clock
 * (a read of the search's fairness pseudo-object aside), spawned nothing and made no value
 * choice. By the user's promise, members run the same code to the same effects, so a
 * member b that has taken j steps will next take the invisible steps j+1..k that a twin a
 * with k ≥ j steps took, and then a's pending step. The *representative* of a twin class
 * is the member furthest along (most steps; among those, the first in preference order:
 * the one that ran last, else the lowest id); members level with it must have equal
 * pending effects (kind, object, and primitive arguments), else the class is not used.
 *
 * **Why exploring only the representative is sound.** Take an execution E from s that
 * starts with a twin b (j steps) whose representative is a (k steps, pending step v_a).
 * b's next k − j steps are invisible, so they commute with every other step: E ≡ b^(k−j)·E′.
 * The state s′ = s·b^(k−j) has a and b with equal histories and local states, and nothing
 * in it refers to either (they have touched nothing), so the permutation σ swapping them
 * maps s′ to itself. If E′ starts with something c other than b, E ≡ c·… starts with c,
 * and is covered by whatever covers executions starting with c at s. Otherwise E′ = v_b·w
 * and σ(E′) = v_a·σ(w) is an execution from s′ whose every state is the σ-image of E′'s —
 * the same violation with a's and b's names swapped, or none — and b^(k−j)·v_a·σ(w) ≡
 * v_a·b^(k−j)·σ(w) starts with a at s. So at a node with twins only representatives are
 * choices; with DPOR, a race that asks for a twin there asks for its representative
 * instead (the reversed execution's image starts with it). Twins are never put into sleep
 * sets: a twin's own subtree is never explored, and sleeping it below its representative
 * would be circular (a·b·… "covered" by b·a·…, covered only by a·b·…). By induction over
 * the tree, every execution is covered up to equivalence and a permutation of group
 * members, which preserves violations (the state-space form is Emerson and Sistla,
 * "Symmetry and model checking", FMSD 1996; sleep sets: Godefroid, "Partial-order
 * methods", 1996).
 *
 * The preemption and delay bounds count choices that a permutation and a reordering of
 * invisible steps change: under a bound, twins are not used.
 */
import type { Twin } from './dfs-node';
import type { ChoicePoint, GoroutineView, StepInfo } from './strategy';

/** What `sim.go(..., { symmetric })` declared about one goroutine. */
interface Declared {
  readonly group: string;
  /** The body's source text: members of a group must run the same code. */
  readonly source: string;
}

/**
 * Goroutines declared symmetric, by handle (the kernel's goroutine object, which the
 * strategy also sees). Weak: an execution's goroutines go when it does.
 */
const DECLARED = new WeakMap<object, Declared>();
/** The first body seen per group, in this execution (to check that members run the same code). */
const groupSources = new WeakMap<object, Map<string, string>>();

/**
 * Declares that the goroutine `handle` belongs to symmetry group `group` (see the module
 * comment for what that promises). `scope` is the execution's `sim` (groups are per
 * execution). Throws a TypeError when another member of the group runs different code.
 */
export function declareSymmetric(scope: object, handle: object, name: string, group: string, body: () => unknown): void {
  if (typeof group !== 'string' || group === '') throw new TypeError(`go("${name}", body, { symmetric }): the group must be a non-empty string, got ${String(group)}`);
  const source = Function.prototype.toString.call(body);
  let groups = groupSources.get(scope);
  if (groups === undefined) {
    groups = new Map();
    groupSources.set(scope, groups);
  }
  const first = groups.get(group);
  if (first === undefined) groups.set(group, source);
  else if (first !== source) {
    throw new TypeError(`go("${name}", body, { symmetric: "${group}" }): the goroutines of a symmetric group must run the same code, and this body differs from the group's first`);
  }
  DECLARED.set(handle, { group, source });
}

/** The symmetry group of goroutine `g`, or undefined. */
export function symmetryGroup(g: object): string | undefined {
  return DECLARED.get(g)?.group;
}

/**
 * The fairness pseudo-object's key (fairness.ts): reading it is invisible (every step that
 * is not a counted yield reads it); writing it — a counted yield — changes who spins.
 */
const FAIR_KEY = '\u0000fairness';

/** One argument of a pending effect as part of a twin class key, or null when it cannot be compared. */
function argKey(x: unknown): string | null {
  switch (typeof x) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return x ? 't' : 'f';
    case 'number':
      return Object.is(x, -0) ? 'n-0' : `n${x}`;
    case 'bigint':
      return `b${x}`;
    case 'string':
      return `s${JSON.stringify(x)}`;
    default:
      return x === null ? 'z' : null;
  }
}

/** A goroutine's pending effect as a comparable key, or null when an argument cannot be compared. */
function effectKey(g: GoroutineView): string | null {
  const p = g.pending;
  const a = argKey(p.a);
  const b = argKey(p.b);
  if (a === null || b === null) return null;
  return `${p.kind}\u0000${p.obj === null ? -1 : p.obj.id}\u0000${a}\u0000${b}`;
}

/** Per-execution bookkeeping of which members are still indistinguishable (used by `dfs`). */
export class SymmetryTracker {
  /** Per member key: the step that spawned it (-1: setup). */
  private readonly spawnStep = new Map<string, number>();
  /** Members that have taken a visible step. */
  private readonly seen = new Set<string>();
  /** Whether any execution so far had a declared group. */
  used = false;
  /** Choices left out at new nodes because a twin stood for them. */
  skipped = 0;

  /** A new execution. */
  reset(): void {
    this.spawnStep.clear();
    this.seen.clear();
  }

  /** Goroutines were spawned by the step `step` (-1: by setup). */
  spawned(gs: readonly GoroutineView[], step: number): void {
    for (const g of gs) {
      if (symmetryGroup(g) === undefined) continue;
      this.used = true;
      this.spawnStep.set(g.key, step);
    }
  }

  /** Goroutine `key` took a step with footprint `fp` (as the search sees it: with its fairness access). */
  stepped(key: string, fp: StepInfo, spawnedAny: boolean, choseValue: boolean): void {
    if (!this.spawnStep.has(key) || this.seen.has(key)) return;
    if (spawnedAny || choseValue || fp.clockRead || fp.clockWrite || fp.completedAt >= 0 || fp.accesses.some((a) => a.key !== FAIR_KEY || a.write)) this.seen.add(key);
  }

  /**
   * The twins among `allowed` at `point`: a map from each member that is not its class's
   * representative to the representative (see the module comment), or null.
   */
  twins(point: ChoicePoint, allowed: readonly string[]): Map<string, Twin> | null {
    if (this.spawnStep.size < 2) return null;
    let classes: Map<string, GoroutineView[]> | null = null;
    for (const k of allowed) {
      const g = point.runnable.find((r) => r.key === k);
      const step = g === undefined ? undefined : this.spawnStep.get(k);
      if (g === undefined || step === undefined || this.seen.has(k)) continue;
      const c = `${symmetryGroup(g)}\u0000${step}`;
      classes ??= new Map();
      const list = classes.get(c);
      if (list === undefined) classes.set(c, [g]);
      else list.push(g);
    }
    if (classes === null) return null;
    let out: Map<string, Twin> | null = null;
    for (const members of classes.values()) {
      if (members.length < 2) continue;
      let rep = members[0]!;
      for (const g of members) if (g.steps > rep.steps) rep = g;
      const repEffect = effectKey(rep);
      // members level with the representative must be about to do the same thing
      if (repEffect === null || members.some((g) => g.steps === rep.steps && effectKey(g) !== repEffect)) continue;
      for (const g of members) if (g !== rep) (out ??= new Map()).set(g.key, { rep: rep.key, behind: g.steps < rep.steps });
    }
    if (out !== null) this.skipped += out.size;
    return out;
  }

}
