/**
 * The self-contained HTML timeline of a run: one swimlane (column) per goroutine (and one
 * for the timers that fired), one row per step — steps at the same virtual time stay apart, each
 * in its own row — with virtual time down the left edge wherever it changes. Each step
 * shows its whole text (effect, object, result, note: whom it woke) without interaction;
 * the failing step is highlighted (a violation detected after the last step gets an end
 * row numbered as the headline numbers it); keyboard step-through (↑/↓, ←/→, j/k,
 * Home/End, v for the violation), the replay command, the seed and the schedule. Inline CSS and JS only,
 * and a Content-Security-Policy that forbids any request, so it works from `file://`
 * offline. Untrusted text is escaped (header) or set as DOM text (timeline).
 */
import { formatTime } from '../sim/internal';
import { escapeHtml, jsonForScript } from './escape';
import { TIMELINE_CSS, TIMELINE_JS } from './html-assets';
import { failingRow, lanesOf } from './terminal';
import { replayLine, type RunReport } from './types';

/** The data the page's script reads (embedded as JSON). */
interface PageData {
  readonly lanes: { name: string; timer: boolean }[];
  readonly trace: {
    step: number;
    time: number;
    t: string;
    lane: number;
    goroutine: string;
    timer: boolean;
    effect: string;
    object: string | null;
    result: string | null;
    note: string | null;
  }[];
  readonly violation: { kind: string; failRow: number } | null;
}

/** The HTML document for a run (with or without a violation). */
export function htmlTimeline(r: RunReport): string {
  const v = r.violation;
  const trace = v?.trace ?? [];
  // One lane per goroutine in order of first appearance, then one `timers` lane for every
  // firing (each chip names its timer), as the terminal trace has.
  const laneList = lanesOf(trace);
  const index = new Map(laneList.map((l, i) => [l.key, i]));
  const lanes: PageData['lanes'] = laneList.map((l) => ({ name: l.name, timer: l.key === 'timers' }));
  const data: PageData = {
    lanes,
    trace: trace.map((s) => ({
      step: s.step,
      time: s.time,
      t: formatTime(s.time),
      lane: index.get(s.gid < 0 ? 'timers' : `g${s.gid}`)!,
      goroutine: s.goroutine,
      timer: s.gid < 0,
      effect: s.effect,
      object: s.object,
      result: s.result,
      note: s.note,
    })),
    violation: v === null ? null : { kind: v.kind, failRow: failingRow(trace, v.step) },
  };
  const e = escapeHtml;
  const params = Object.entries(r.params).map(([k, x]) => `${k}=${String(x)}`).join(' ');
  const meta: [string, string][] = [
    ['strategy', r.strategy],
    ['seed', r.seed === null ? '-' : String(r.seed)],
    ['params', params === '' ? '-' : params],
    ['executions', String(r.executions)],
    ['steps', trace.length === 0 ? '0' : `${trace.length} (0–${trace.length - 1})`],
    ['engine', r.engineVersion],
  ];
  if (r.scenarioFile !== null) meta.push(['file', r.scenarioFile]);
  const parts: string[] = [];
  parts.push('<!doctype html>');
  parts.push('<html lang="en"><head><meta charset="utf-8">');
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
  parts.push('<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">');
  parts.push(`<title>interleave: ${e(r.scenario)} / ${e(r.variant)}${v !== null ? ` — ${e(v.kind)}` : ''}</title>`);
  parts.push(`<style>${TIMELINE_CSS}</style></head><body>`);
  parts.push('<header>');
  parts.push(`<h1>${e(r.scenario)} <span class="sep">/</span> ${e(r.variant)}</h1>`);
  parts.push(`<div class="meta">${meta.map(([k, x]) => `<span>${e(k)} <b>${e(x)}</b></span>`).join('')}</div>`);
  if (v === null) {
    parts.push(`<div class="verdict ok" id="verdict">no violation in ${r.executions} execution${r.executions === 1 ? '' : 's'}${r.exhausted ? ' (exhausted: every interleaving class checked)' : ''}</div>`);
  } else {
    parts.push(`<div class="verdict bad" id="verdict">${e(v.headline)}</div>`);
    parts.push(`<pre class="message" id="message">${e(v.detail)}</pre>`);
    parts.push(`<div class="cmd" title="${e(replayLine(v))}"><code id="replay">${e(v.replayCommand)}</code><button id="copy" type="button">copy</button></div>`);
    if (v.schedule !== '') parts.push(`<details class="schedule"><summary>schedule</summary><code id="schedule">${e(v.schedule)}</code></details>`);
  }
  parts.push('</header><main>');
  if (trace.length > 0) {
    parts.push('<div id="timeline"></div>');
    parts.push('<section id="details" aria-live="polite"></section>');
    parts.push('<p class="help"><kbd>↑</kbd> <kbd>↓</kbd>, <kbd>←</kbd> <kbd>→</kbd> or <kbd>k</kbd> <kbd>j</kbd>: previous / next step · <kbd>Home</kbd> <kbd>End</kbd> · <kbd>v</kbd>: the violation · click a step for its details</p>');
  }
  parts.push('</main><div id="tooltip" role="tooltip" hidden></div>');
  parts.push(`<script type="application/json" id="interleave-data">${jsonForScript(data)}</script>`);
  if (trace.length > 0) parts.push(`<script>${TIMELINE_JS}</script>`);
  parts.push('</body></html>');
  return parts.join('\n') + '\n';
}
