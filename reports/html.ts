/**
 * The self-contained HTML timeline of a run: one swimlane per goroutine (and per timer
 * that fired) on a step axis labelled with virtual time — steps at the same virtual time
 * stay apart, each in its own slot — the failing step highlighted, each step's effect,
 * object and result on hover, keyboard step-through (← / → and j / k, Home / End, v for
 * the violation), the replay command, the seed and the schedule. Inline CSS and JS only,
 * and a Content-Security-Policy that forbids any request, so it works from `file://`
 * offline. Untrusted text is escaped (header) or set as DOM text (timeline).
 */
import { formatTime } from '../sim';
import { escapeHtml, jsonForScript } from './escape';
import { TIMELINE_CSS, TIMELINE_JS } from './html-assets';
import { failingRow, lanesOf } from './terminal';
import { messageBody, type RunReport } from './types';

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
  const laneList = lanesOf(trace);
  const index = new Map(laneList.map((l, i) => [l.key, i]));
  // Timer firings get a lane per timer name (in order of first firing) after the goroutines.
  const timerLanes = new Map<string, number>();
  const lanes: PageData['lanes'] = laneList.filter((l) => l.key !== 'timers').map((l) => ({ name: l.name, timer: false }));
  for (const s of trace) {
    if (s.gid < 0 && !timerLanes.has(s.goroutine)) {
      timerLanes.set(s.goroutine, lanes.length);
      lanes.push({ name: `timer ${s.goroutine}`, timer: true });
    }
  }
  const data: PageData = {
    lanes,
    trace: trace.map((s) => ({
      step: s.step,
      time: s.time,
      t: formatTime(s.time),
      lane: s.gid < 0 ? timerLanes.get(s.goroutine)! : index.get(`g${s.gid}`)!,
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
    ['steps in trace', String(trace.length)],
    ['engine', r.engineVersion],
  ];
  if (r.scenarioFile !== null) meta.push(['file', r.scenarioFile]);
  const replay = v === null ? null : v.message.split('\n').pop()!.replace(/^(replay|reproduce): /, '');
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
    parts.push(`<div class="verdict bad" id="verdict">${e(v.kind)} at step ${v.step} (t=${e(formatTime(v.time))})</div>`);
    parts.push(`<pre class="message" id="message">${e(messageBody(v.message))}</pre>`);
    parts.push(`<div class="cmd"><code id="replay">${e(replay!)}</code><button id="copy" type="button">copy</button></div>`);
    if (v.schedule !== '') parts.push(`<details class="schedule"><summary>schedule</summary><code id="schedule">${e(v.schedule)}</code></details>`);
  }
  parts.push('</header><main>');
  if (trace.length > 0) {
    parts.push('<div id="timeline"><div id="lane-labels"></div><div id="scroller"><div id="plot"></div></div></div>');
    parts.push('<section id="details" aria-live="polite"></section>');
    parts.push('<p class="help"><kbd>←</kbd> <kbd>→</kbd> or <kbd>k</kbd> <kbd>j</kbd>: previous / next step · <kbd>Home</kbd> <kbd>End</kbd> · <kbd>v</kbd>: the violation · hover a step for its effect, object and result</p>');
  }
  parts.push('</main><div id="tooltip" role="tooltip" hidden></div>');
  parts.push(`<script type="application/json" id="interleave-data">${jsonForScript(data)}</script>`);
  if (trace.length > 0) parts.push(`<script>${TIMELINE_JS}</script>`);
  parts.push('</body></html>');
  return parts.join('\n') + '\n';
}
