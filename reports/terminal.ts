/**
 * The terminal report: the trace as a table with one column per goroutine (timer
 * firings in a `timers` column), the failing step highlighted, then the violation and
 * the replay command last. Fits `width`; when the goroutines do not fit side by side it
 * falls back to one line per step.
 */
import { exhaustedText, formatTime, type TraceStep } from '../sim/internal';
import type { Chalk } from './color';
import { count, displayWidth, duration, fit, plain, wrap } from './text';
import { replayLine, type RunReport, type SymmetryUse } from './types';

export interface TerminalOptions {
  readonly chalk: Chalk;
  /** Columns to fit. */
  readonly width: number;
  /** Trace steps to show at most (the last ones); 0 shows them all. */
  readonly traceSteps: number;
  /** Show the wall-clock time it took (default true; off for reproducible text). */
  readonly timing?: boolean;
}

/** Narrowest goroutine column; below it the trace is one line per step. */
const MIN_COLUMN = 14;
/** Widest goroutine column: a wider step's text wraps onto more lines. */
const MAX_COLUMN = 60;

/**
 * The index of the trace row to highlight for a violation detected at `step`: that
 * step's row, or `trace.length` — the row that marks the end of the run — when it was
 * detected after the last step (a deadlock, an `atEnd` check, a step limit).
 */
export function failingRow(trace: readonly TraceStep[], step: number): number {
  return Math.max(0, Math.min(step, trace.length));
}

/** Lanes in order of first appearance: goroutines by id, then one `timers` lane. */
export function lanesOf(trace: readonly TraceStep[]): { key: string; name: string }[] {
  const seen = new Map<string, string>();
  let timers = false;
  for (const s of trace) {
    if (s.gid < 0) timers = true;
    else if (!seen.has(`g${s.gid}`)) seen.set(`g${s.gid}`, s.goroutine);
  }
  const lanes = [...seen].map(([key, name]) => ({ key, name }));
  if (timers) lanes.push({ key: 'timers', name: 'timers' });
  return lanes;
}

/** What a step did, in one line: `store(1) shared "n" → 0 (woke "b")`. */
export function stepText(s: TraceStep, withGoroutine = false): string {
  let t = withGoroutine ? `${s.gid < 0 ? `timer ${s.goroutine}` : s.goroutine}: ${s.effect}` : s.gid < 0 ? `${s.goroutine}: ${s.effect}` : s.effect;
  if (s.object !== null) t += ` ${s.object}`;
  if (s.result !== null) t += ` → ${s.result}`;
  if (s.note !== null) t += ` (${s.note})`;
  return t;
}

/** The text of the row after the last step, where a violation detected at the end is marked. */
export function endRowText(kind: string | null): string {
  return kind === null ? 'end of the run' : `end of the run: ${kind}`;
}

/**
 * The trace as lines of text. Every step's whole text is shown — effect, object, result
 * and note — wrapped onto as many lines as it needs; nothing is cut. A violation detected
 * after the last step gets its own row, numbered as the headline numbers it.
 */
export function renderTrace(trace: readonly TraceStep[], failStep: number, o: TerminalOptions, kind: string | null = null): string[] {
  const c = o.chalk;
  if (trace.length === 0) return [c.dim('(no steps)')];
  const fail = failingRow(trace, failStep);
  const first = o.traceSteps > 0 && trace.length > o.traceSteps ? trace.length - o.traceSteps : 0;
  const shown = trace.slice(first);
  const endTime = trace[trace.length - 1]!.time;
  const stepW = String(trace.length).length;
  const timeW = Math.max(4, ...shown.map((s) => formatTime(s.time).length));
  // the gutter is the mark, a space, the step, a space, the time; rows leave the last column of the terminal free
  const gutterW = 1 + 1 + stepW + 1 + timeW;
  const rowW = o.width - 1;
  const lanes = lanesOf(trace);
  const colW = Math.min(MAX_COLUMN, Math.floor((rowW - gutterW) / lanes.length) - 2);
  const columns = colW >= MIN_COLUMN;
  const out: string[] = [];
  const gutter = (mark: string, step: string, time: string): string => `${mark} ${fit(step, stepW, 'right')} ${fit(time, timeW)}`;
  const blank = ' '.repeat(gutterW);
  if (columns) {
    out.push(c.bold((gutter(' ', '#', 'time') + lanes.map((l) => ` │${fit(l.name, colW)}`).join('')).trimEnd()));
    out.push(c.dim('─'.repeat(gutterW + lanes.length * (colW + 2))));
  } else {
    out.push(c.bold(`${gutter(' ', '#', 'time')} goroutine: effect`));
  }
  if (first > 0) out.push(c.dim(`  … ${count(first)} earlier steps (the failure file and --report html have them all)`));
  const laneIndex = new Map(lanes.map((l, i) => [l.key, i]));
  const textW = Math.max(10, rowW - gutterW - 1);
  const emit = (hit: boolean, lines: string[]): void => {
    for (const l of lines) out.push(hit ? c.bgRed.white.bold(l.trimEnd()) : l.trimEnd());
  };
  for (const s of shown) {
    const hit = s.step === fail;
    const head = gutter(hit ? '▶' : ' ', String(s.step), formatTime(s.time));
    if (columns) {
      const at = laneIndex.get(s.gid < 0 ? 'timers' : `g${s.gid}`)!;
      const cell = wrap(stepText(s), colW);
      emit(
        hit,
        cell.map((text, k) => (k === 0 ? head : blank) + lanes.map((_, i) => ` │${i === at ? fit(text, colW) : ' '.repeat(colW)}`).join('')),
      );
    } else {
      emit(hit, wrap(stepText(s, true), textW).map((text, k) => `${k === 0 ? head : blank} ${text}`));
    }
  }
  if (fail === trace.length) {
    const head = gutter('▶', String(trace.length), formatTime(endTime));
    emit(true, wrap(endRowText(kind), textW).map((text, k) => `${k === 0 ? head : blank} ${text}`));
  }
  return out;
}

/** The whole report of a `run` / `replay`. */
export function renderRun(r: RunReport, o: TerminalOptions): string {
  const c = o.chalk;
  const out: string[] = [];
  const where = r.scenarioFile !== null ? c.dim(` (${plain(r.scenarioFile)})`) : '';
  out.push(`${c.bold(plain(r.scenario))} / ${c.bold(plain(r.variant))}${where}`);
  const params = plain(Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(' '));
  const meta = [`strategy ${r.strategy}`, `seed ${r.seed === null ? '-' : String(r.seed)}`];
  if (params !== '') meta.push(`params ${params}`);
  meta.push(`${count(r.executions)} execution${r.executions === 1 ? '' : 's'}`, `${count(r.steps)} steps`);
  if (o.timing !== false) meta.push(duration(r.elapsedMs));
  out.push(c.dim(meta.join(' · ')));
  const v = r.violation;
  if (v === null) {
    out.push(c.green(`no violation in ${count(r.executions)} execution${r.executions === 1 ? '' : 's'}`) + (r.exhausted ? c.green(` (${exhaustedText(r.bound ?? null)}${symmetryText(r.symmetry)})`) : ''));
    if (!r.exhausted && r.symmetry !== undefined) out.push(c.dim(`symmetry: ${symmetryText(r.symmetry).slice(2)}`));
    return out.join('\n');
  }
  out.push('');
  if (v.trace.length > 0) {
    out.push(...renderTrace(v.trace, v.step, o, v.kind));
    out.push('');
  }
  const body = plain(`${v.headline}: ${v.detail}`).split('\n');
  out.push(c.red.bold(body[0] ?? ''));
  for (const l of body.slice(1)) out.push(l);
  if (v.schedule !== '') out.push(c.dim(`schedule: ${v.schedule}`));
  out.push(c.cyan(plain(replayLine(v))));
  return out.join('\n');
}

/** Width of the widest line (for tests). */
export function widestLine(text: string): number {
  // eslint-disable-next-line no-control-regex
  return Math.max(0, ...text.split('\n').map((l) => displayWidth(l.replace(/\u001b\[[0-9;]*m/g, ''))));
}

/** `, up to symmetry: …` for a search that used symmetry, else ''. */
export function symmetryText(s: SymmetryUse | undefined): string {
  if (s === undefined) return '';
  return `, up to symmetry: interchangeable goroutines explored as one (${count(s.twinsSkipped)} twin choice${s.twinsSkipped === 1 ? '' : 's'} left to a representative)`;
}
