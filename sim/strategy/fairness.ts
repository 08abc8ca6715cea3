/**
 * Fairness for the exhaustive search: a goroutine that spins — yields (`yieldNow`,
 * `sleep(0)`) again when nothing else has run since its last yield — is not run again
 * while another goroutine or a timer can run. So a spin-wait on another goroutine ends
 * under DFS (loom's `yield_completes` completes), and the search still exhausts.
 *
 * This is loom's rule (a thread that yields is not scheduled at the next choice unless
 * nothing else can run; tokio-rs/loom `src/rt/execution.rs`, `Execution::schedule`) and
 * CHESS's (Musuvathi and Qadeer, "Fair stateless model checking", PLDI 2008), relaxed to
 * spinning: the *first* yield since another goroutine ran may be followed by the same
 * goroutine's next step, because a lone `yieldNow` is how a scenario marks a scheduling
 * point between plain statements, and forcing a switch there would hide the schedules in
 * which the goroutine simply goes on.
 *
 * A goroutine's first yield after it spawned a goroutine is progress, not a spin (a
 * creator that yields after each `go`, as SCTBench's ports do after each
 * `pthread_create`).
 *
 * What the rule costs: a goroutine that yields twice in a row with only plain statements
 * between (no effect, no spawn) is treated as spinning, so DFS does not explore the
 * schedules in which it goes on past its second yield before anything else runs. Mark
 * scheduling points between plain statements with one `yieldNow` each, or with effects
 * (`sim.struct` fields under `preemptAtAccesses`), not with runs of yields.
 *
 * For DPOR the rule is part of the state. Who spins changes only by steps: a counted
 * yield starts or continues a spin, any step of another goroutine (or a timer) ends it,
 * and the rule reads it to exclude a pending yield. So a counted yield writes one shared
 * pseudo-object (`FAIR`) and every other step reads it: a counted yield is dependent with
 * every step of another goroutine, two other steps commute (each ends any spin the same
 * way), and whether a step yields-and-counts is the goroutine's own history, so every
 * step's footprint stays the same whatever the interleaving (sleep sets rely on it).
 * Programs that never yield twice pay one read per step and reorder nothing.
 */
import { asOp } from '../kernel/op';
import { isYield } from '../kernel/ops';
import type { Access, ChoicePoint, GoroutineView, StepInfo } from './strategy';

/** The pseudo-object a counted yield writes and every other step reads (see the module comment). */
const FAIR_WRITE: Access = { id: -2, key: '\u0000fairness', kind: 'shared', write: true, op: -1 };
const FAIR_READ: Access = { ...FAIR_WRITE, write: false };

export class Fairness {
  /** Per goroutine key: yields applied since another goroutine or a timer took a step. */
  private readonly spins = new Map<string, number>();

  /** Goroutine keys that spawned a goroutine since their last yield. */
  private readonly spawnedSinceYield = new Set<string>();

  /** A new execution. */
  reset(): void {
    this.spins.clear();
    this.spawnedSinceYield.clear();
  }

  /** The choices that may not be taken at `point` (null when none): goroutines that would spin again. */
  excluded(point: ChoicePoint): Set<string> | null {
    if (this.spins.size === 0) return null;
    let out: Set<string> | null = null;
    for (const g of point.runnable) {
      if ((this.spins.get(g.key) ?? 0) >= 1 && isYield(asOp(g.pending))) (out ??= new Set()).add(g.key);
    }
    if (out === null || out.size === point.runnable.length + point.fireable.length) return null; // nothing else can run
    return out;
  }

  /** Whether picking `g` now applies a bare yield. */
  static yields(g: GoroutineView): boolean {
    return isYield(asOp(g.pending));
  }

  /**
   * Process `key` took a step (`yielded`: a bare yield; `done`: its body has returned; `spawned`: it started a goroutine); returns the step's footprint as
   * the search must see it (with its `FAIR` access).
   */
  step(key: string, yielded: boolean, fp: StepInfo, done: boolean, spawned: boolean): StepInfo {
    // The first yield after spawning is progress, not a spin; this state is the
    // goroutine's own (only its steps change it), so it adds no dependency between goroutines.
    // A step applies its effect, then runs the goroutine on to its next effect: what it
    // spawns comes after its own yield.
    const counts = yielded && !this.spawnedSinceYield.delete(key);
    if (spawned) this.spawnedSinceYield.add(key);
    for (const k of [...this.spins.keys()]) if (k !== key) this.spins.delete(k);
    // A goroutine that has returned never yields again: its count can never exclude it.
    if (done) this.spins.delete(key);
    else if (counts) this.spins.set(key, (this.spins.get(key) ?? 0) + 1);
    // The kernel gives each step a new accesses array (Footprint.reset): extend it in place.
    (fp.accesses as Access[]).push(counts ? FAIR_WRITE : FAIR_READ);
    return fp;
  }
}
