/**
 * Running a whole exhaustive search and collecting every outcome it reaches (not stopping
 * at violations): the basis of the DPOR-against-plain-DFS differential tests.
 */
import { runExecution, type Scenario } from '../internal';
import { DfsStrategy } from '../strategy/dfs';
import { lastRecord } from './programs';

export interface Reach {
  /** Every outcome: the program's record, or a violation's kind and detail (step numbers blanked). */
  readonly outcomes: Set<string>;
  readonly classes: number;
  readonly executions: number;
  /** The search was stopped at `cap` executions before it finished. */
  readonly capped: boolean;
}

/**
 * Every outcome and class `dfs` reaches on `s`'s first variant. `kindOnly`: a violation's
 * outcome is its kind alone (its detail names goroutines: for outcomes up to renaming them).
 * `preemptionBound` bounds the search; `preemptionsAtMost` keeps only the outcomes of the
 * executions that made at most that many preemptions (as the kernel counts them): an
 * unbounded search filtered so is the oracle of a bounded one.
 */
export function reach(s: Scenario, opts: { dpor: boolean; cap?: number; maxSteps?: number; preemptAtAccesses?: boolean; kindOnly?: boolean; preemptionBound?: number; preemptionsAtMost?: number }): Reach {
  const st = new DfsStrategy({ dpor: opts.dpor, ...(opts.preemptionBound !== undefined ? { preemptionBound: opts.preemptionBound } : {}) });
  const cfg = { scenario: s, variant: s.variants[0]!.name, params: s.params, maxSteps: opts.maxSteps ?? 10_000, idleTimers: s.idleTimers, quantum: s.quantum, preemptAtAccesses: opts.preemptAtAccesses === true };
  const outcomes = new Set<string>();
  let executions = 0;
  const cap = opts.cap ?? 1_000_000;
  for (let i = 0; st.begin(i); i++) {
    if (executions >= cap) return { outcomes, classes: st.classes.size, executions, capped: true };
    lastRecord.value = '';
    const k = runExecution(cfg, st, false);
    executions++;
    st.end({ steps: k.step, violation: k.violation?.kind ?? null });
    if (k.pruned || k.preemptions > (opts.preemptionsAtMost ?? Infinity)) continue;
    if (k.violation === null) outcomes.add(lastRecord.value);
    else outcomes.add(opts.kindOnly === true ? k.violation.kind : `${k.violation.kind}: ${k.violation.detail.replace(/step \d+/g, 'step N')}`);
  }
  return { outcomes, classes: st.classes.size, executions, capped: false };
}
