/**
 * Reading a shrunk trace as a story in tests: patterns of trace steps, found in order.
 */
import type { TraceStep } from '../../sim';

/** A partial trace step: every given field equals (or, for a RegExp, matches) the step's. */
export type StepPattern = { readonly [K in 'goroutine' | 'effect' | 'object' | 'result']?: string | RegExp };

export function matches(s: TraceStep, p: StepPattern): boolean {
  return (Object.keys(p) as (keyof StepPattern)[]).every((k) => {
    const want = p[k]!;
    const got = s[k];
    return typeof want === 'string' ? got === want : want.test(got ?? '');
  });
}

/** The trace one step a line, for failure messages. */
export function show(trace: readonly TraceStep[]): string {
  return trace.map((s) => `${s.step} ${s.goroutine}: ${s.effect} ${s.object ?? ''} → ${s.result ?? ''} ${s.note ?? ''}`).join('\n');
}

/**
 * The indices in `trace` of `patterns` found in that order from `from` (a subsequence,
 * each after the one before); throws naming the first pattern that is missing.
 */
export function inOrder(trace: readonly TraceStep[], patterns: readonly StepPattern[], from = 0): number[] {
  const at: number[] = [];
  let i = from;
  for (const p of patterns) {
    while (i < trace.length && !matches(trace[i]!, p)) i++;
    if (i === trace.length) throw new Error(`no step ${String(JSON.stringify(p))} after step ${at[at.length - 1] ?? from - 1} in\n${show(trace)}`);
    at.push(i++);
  }
  return at;
}

/** The index of the first step matching `p`; throws when there is none. */
export function indexOf(trace: readonly TraceStep[], p: StepPattern): number {
  const i = trace.findIndex((s) => matches(s, p));
  if (i < 0) throw new Error(`no step ${String(JSON.stringify(p))} in\n${show(trace)}`);
  return i;
}
