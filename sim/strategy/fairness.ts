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
 * For DPOR the rule is part of the state: while any goroutine spins, every step changes
 * who may run (it ends the spin), so each such step — and each yield — also writes one
 * shared pseudo-object (`FAIR`). The search then reverses every pair of those steps, as a
 * plain DFS would, and stays sound; outside spinning, nothing changes.
 */
import { asOp } from '../kernel/op';
import { isYield } from '../kernel/ops';
import type { Access, ChoicePoint, GoroutineView, StepInfo } from './strategy';

/** The pseudo-object every step of a spinning period writes (see the module comment). */
const FAIR: Access = { id: -2, key: '\u0000fairness', kind: 'shared', write: true, op: -1 };

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
   * the search must see it (with `FAIR` while spinning).
   */
  step(key: string, yielded: boolean, fp: StepInfo, done: boolean, spawned: boolean): StepInfo {
    if (spawned) this.spawnedSinceYield.add(key);
    // The first yield after spawning is progress, not a spin; this state is the
    // goroutine's own (only its steps change it), so it adds no dependency between goroutines.
    const counts = yielded && !this.spawnedSinceYield.delete(key);
    const spinning = this.spins.size > 0 || counts;
    for (const k of [...this.spins.keys()]) if (k !== key) this.spins.delete(k);
    // A goroutine that has returned never yields again: its count can never exclude it.
    if (done) this.spins.delete(key);
    else if (counts) this.spins.set(key, (this.spins.get(key) ?? 0) + 1);
    return spinning ? { ...fp, accesses: [...fp.accesses, FAIR] } : fp;
  }
}
