/**
 * The bound of a bounded exhaustive search (CHESS's preemption and delay bounds; Musuvathi
 * and Qadeer, PLDI 2007; Emmi, Qadeer and Rakamarić, POPL 2011), and how a verdict names
 * it: a search with a bound that finishes has checked every interleaving class *within*
 * that bound, not every class, and says so ("exhausted within 2 preemptions").
 */

/** The limits a bounded search ran under; a field is null when that bound was not set. */
export interface SearchBound {
  /** At most this many preemptions per execution, or null. */
  readonly preemptions: number | null;
  /** At most this many delays (non-default choices) per execution, or null. */
  readonly delays: number | null;
}

/** The bound of `dfs` options, or null when neither bound is set (finite or not). */
export function searchBound(o: { readonly preemptionBound?: number; readonly delayBound?: number }): SearchBound | null {
  const p = o.preemptionBound !== undefined && Number.isFinite(o.preemptionBound) ? o.preemptionBound : null;
  const d = o.delayBound !== undefined && Number.isFinite(o.delayBound) ? o.delayBound : null;
  return p === null && d === null ? null : { preemptions: p, delays: d };
}

/**
 * The bound in words: `2 preemptions`, `1 delay`, `2 preemptions and 3 delays`.
 *
 * @example boundText({ preemptions: 2, delays: null }) === '2 preemptions'
 */
export function boundText(b: SearchBound): string {
  const parts: string[] = [];
  if (b.preemptions !== null) parts.push(`${b.preemptions} preemption${b.preemptions === 1 ? '' : 's'}`);
  if (b.delays !== null) parts.push(`${b.delays} delay${b.delays === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

/**
 * The verdict of a finished exhaustive search: `exhausted: every interleaving class
 * checked`, or with a bound `exhausted within 2 preemptions: every interleaving class with
 * at most 2 preemptions checked`.
 */
export function exhaustedText(b: SearchBound | null): string {
  if (b === null) return 'exhausted: every interleaving class checked';
  const t = boundText(b);
  return `exhausted within ${t}: every interleaving class with at most ${t} checked`;
}
