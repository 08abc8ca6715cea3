/**
 * The state of an `explore` job: hands out units round-robin across variants (so a time
 * limit shares the time fairly) — except that a worker that finished a unit of a variant
 * with finitely many units gets that variant's next unit while it has one: V8 compiles
 * every scenario's code anew in each worker, and a worker that hopped between all the
 * variants spent a third of its time compiling. Tracks each variant's lowest failing unit, cancels the
 * units after it (their work cannot change the result), and records a violation — its
 * failure file written — once every unit before it has finished clean. The results are
 * those of running each variant's units one after another, whatever the timing.
 */
import type { SearchBound } from '../sim/internal';
import type { ReportViolation, SearchPart, VariantResult } from '../reports/types';
import { sliceSize, sliceUnit, unitNumber, type PlannedVariant, type ShardSlice } from './plan';
import type { UnitOutcome } from './pool';
import type { UnitSpec } from './unit';

interface State {
  readonly pv: PlannedVariant;
  readonly slice: ShardSlice | null;
  /** Units of this shard (may be Infinity). */
  readonly mine: number;
  /** Units handed out so far. */
  dispatched: number;
  readonly arrived: Map<number, UnitOutcome>;
  /** The lowest unit that found a violation (or hung), once one did. */
  candidate: number | null;
  /** The candidate's violation as reported, once recorded. */
  recorded: ReportViolation | null;
}

/** Records a unit's violation (writes its failure file); null when it found none. */
export type Recorder = (pv: PlannedVariant, outcome: UnitOutcome) => ReportViolation | null;

/** Whether a variant has units left to hand out (none after its first failing unit). */
function needsWork(st: State): boolean {
  return st.slice !== null && st.candidate === null && st.dispatched < st.mine;
}

/** Hands out the variant's next unit. */
function dispatch(st: State): UnitSpec {
  const k = sliceUnit(st.slice!, st.dispatched);
  st.dispatched++;
  return st.pv.unit(k);
}

function failed(o: UnitOutcome): boolean {
  return o.type === 'hang' || o.result.violation !== null;
}

export class Scheduler {
  private readonly states: State[];
  private readonly byIndex = new Map<number, State>();
  private cursor = 0;

  constructor(
    planned: readonly PlannedVariant[],
    slices: readonly (ShardSlice | null)[],
    private readonly record: Recorder,
    /** `I/N` of this shard (for the parts of a split search). */
    private readonly shardText = '1/1',
  ) {
    this.states = planned.map((pv, i) => {
      const slice = slices[i]!;
      const mine = slice === null ? 0 : sliceSize(slice, pv.unitCount);
      const st: State = { pv, slice, mine, dispatched: 0, arrived: new Map(), candidate: null, recorded: null };
      this.byIndex.set(pv.index, st);
      return st;
    });
  }

  /**
   * Executions this shard plans (Infinity when unbounded), less those of the units a
   * variant no longer needs after its first failing unit.
   */
  totalRuns(): number {
    let total = 0;
    for (const st of this.states) {
      if (st.slice === null) continue;
      const last = st.candidate ?? Infinity;
      if (!Number.isFinite(st.mine) && last === Infinity) return Infinity;
      for (let j = 0; j < st.mine; j++) {
        const k = sliceUnit(st.slice, j);
        if (k > last) break;
        total += st.pv.unit(k).runs;
      }
    }
    return total;
  }

  /** Units this shard plans (Infinity when unbounded). */
  totalUnits(): number {
    return this.states.reduce((a, st) => a + st.mine, 0);
  }

  /**
   * The next unit to run: after a unit of a variant with finitely many units, that
   * variant's next one if it still needs work; else round-robin over the variants that
   * still need work. Which unit runs where never changes a result, only the speed.
   */
  next(after?: UnitSpec): UnitSpec | undefined {
    if (after !== undefined && after.task === 'explore') {
      const st = this.state(after);
      if (Number.isFinite(st.mine) && needsWork(st)) return dispatch(st);
    }
    const n = this.states.length;
    for (let i = 0; i < n; i++) {
      const st = this.states[this.cursor]!;
      this.cursor = (this.cursor + 1) % n;
      if (needsWork(st)) return dispatch(st);
    }
    return undefined;
  }

  /** True for a unit after its variant's lowest failing unit. */
  shouldCancel(spec: UnitSpec): boolean {
    const st = this.state(spec);
    return st.candidate !== null && unitNumber(spec.id) > st.candidate;
  }

  /** Takes a unit's outcome; records the variant's violation when it is final. */
  take(o: UnitOutcome): void {
    const st = this.state(o.spec);
    const k = unitNumber(o.spec.id);
    if (st.candidate !== null && k > st.candidate) return; // after the first failure: not needed
    st.arrived.set(k, o);
    if (failed(o) && (st.candidate === null || k < st.candidate)) {
      st.candidate = k;
      st.recorded = null;
      for (const later of [...st.arrived.keys()]) if (later > k) st.arrived.delete(later);
    }
    this.finalize(st, false);
  }

  /** Violations found by the variants (their lowest failing units) so far. */
  violations(): number {
    return this.states.filter((s) => s.candidate !== null).length;
  }

  /** The results, one per variant with work in this shard (records what is still pending). */
  results(): VariantResult[] {
    const out: VariantResult[] = [];
    for (const st of this.states) {
      if (st.slice === null || st.mine === 0) continue;
      this.finalize(st, true);
      out.push(this.merge(st));
    }
    return out;
  }

  private state(spec: UnitSpec): State {
    return this.byIndex.get(Math.floor(spec.id / 2 ** 32))!;
  }

  /** Records the candidate once every unit before it arrived (or at the end, regardless). */
  private finalize(st: State, atEnd: boolean): void {
    const c = st.candidate;
    if (c === null || st.recorded !== null || st.slice === null) return;
    if (!atEnd) {
      for (let j = 0; j < st.mine; j++) {
        const k = sliceUnit(st.slice, j);
        if (k >= c) break;
        if (!st.arrived.has(k)) return;
      }
    }
    st.recorded = this.record(st.pv, st.arrived.get(c)!);
  }

  private merge(st: State): VariantResult {
    const pv = st.pv;
    let executions = 0;
    let steps = 0;
    let elapsedMs = 0;
    let completed = 0;
    let exhausted = st.arrived.size > 0;
    let strategy = pv.unit(0).strategy;
    let bound: SearchBound | null = null;
    for (const o of st.arrived.values()) {
      if (o.type === 'done') {
        executions += o.result.executions;
        steps += o.result.steps;
        elapsedMs += o.result.elapsedMs;
        strategy = o.result.strategy;
        bound = o.result.bound ?? null;
        if (!o.result.stopped) completed++;
        if (!o.result.exhausted) exhausted = false;
      } else {
        executions += o.executions + 1;
        elapsedMs += o.elapsedMs;
        completed++;
        exhausted = false;
      }
    }
    let units = st.mine;
    if (st.candidate !== null) for (units = 0; units < st.mine && sliceUnit(st.slice!, units) <= st.candidate; ) units++;
    const split = pv.split;
    let part: SearchPart | undefined;
    let classes = 0;
    let twins: number | null = null;
    for (const o of st.arrived.values()) {
      if (o.type !== 'done') continue;
      classes += o.result.classes ?? 0;
      if (o.result.twinsSkipped !== undefined) twins = (twins ?? 0) + o.result.twinsSkipped;
    }
    if (split !== undefined) {
      const covered = Array.from({ length: st.mine }, (_, j) => sliceUnit(st.slice!, j));
      const finished = covered.filter((k) => {
        const o = st.arrived.get(k);
        return o !== undefined && o.type === 'done' && o.result.exhausted;
      });
      // Every shard runs the pre-pass; shard 1 counts its executions (so that the shards' add up
      // to one job's), the others report them in part.prepassExecutions only.
      if (this.shardText.startsWith('1/')) {
        executions += split.prepassExecutions;
        steps += split.prepassSteps;
      }
      part = { shard: this.shardText, parts: split.parts.length, covered, finished, split: split.fingerprint, prepassExecutions: split.prepassExecutions, classes, prepassClasses: split.prepassClasses.length };
    }
    const violation = st.recorded;
    const outcome = violation === null ? 'pass' : 'fail';
    return {
      scenario: pv.source.scenario.name,
      scenarioFile: pv.source.file,
      variant: pv.variant.name,
      expect: pv.variant.expect,
      outcome,
      matched: outcome === pv.variant.expect,
      strategy,
      seed: pv.seed,
      executions,
      steps,
      elapsedMs,
      violation,
      violationsFound: violation === null ? 0 : 1,
      unitsCompleted: completed,
      units,
      exhausted: exhausted && violation === null && completed === units,
      bound,
      ...(part !== undefined ? { part } : {}),
      ...(twins !== null ? { symmetry: { twinsSkipped: twins } } : {}),
    };
  }
}
