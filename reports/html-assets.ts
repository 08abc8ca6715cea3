/**
 * The HTML timeline's inline stylesheet and script (plain strings: the page must work
 * from a `file://` URL with no external request). The script reads the page's JSON data
 * element and builds the swimlanes with DOM text nodes only (never `innerHTML`), so
 * names and messages cannot inject markup.
 */

/** Inline CSS of the timeline page. */
export const TIMELINE_CSS = `
:root { --step-w: 18px; --lane-h: 28px; --axis-h: 40px; --bg: #fbfbfd; --fg: #1d2330; --dim: #667085; --line: #e3e6ee; --bad: #d92d20; --sel: #111827; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 20px 8px; border-bottom: 1px solid var(--line); background: #fff; }
h1 { font-size: 18px; margin: 0 0 6px; }
h1 .sep { color: var(--dim); font-weight: 400; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 8px; color: var(--dim); }
.meta b { color: var(--fg); font-weight: 600; }
.verdict { margin: 8px 0; padding: 8px 12px; border-radius: 6px; font-weight: 600; }
.verdict.bad { background: #fef3f2; color: var(--bad); border: 1px solid #fecdca; }
.verdict.ok { background: #ecfdf3; color: #027a48; border: 1px solid #abefc6; }
pre.message { white-space: pre-wrap; word-break: break-word; margin: 6px 0; padding: 8px 12px; background: #f6f7f9; border-radius: 6px; font: 12.5px/1.45 ui-monospace, Menlo, Consolas, monospace; }
.cmd { display: flex; align-items: center; gap: 8px; margin: 6px 0; }
.cmd code { font: 12.5px ui-monospace, Menlo, Consolas, monospace; background: #111827; color: #f9fafb; padding: 6px 10px; border-radius: 6px; overflow-x: auto; white-space: nowrap; max-width: calc(100vw - 160px); }
.cmd button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); background: #fff; border-radius: 6px; cursor: pointer; }
details.schedule code { font: 12px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
main { padding: 12px 20px 28px; }
#timeline { display: grid; grid-template-columns: max-content minmax(0, 1fr); border: 1px solid var(--line); border-radius: 8px; background: #fff; }
#lane-labels { padding-top: var(--axis-h); border-right: 1px solid var(--line); background: #fff; }
.lane-label { height: var(--lane-h); padding: 0 12px; display: flex; align-items: center; font-weight: 600; white-space: nowrap; max-width: 260px; overflow: hidden; text-overflow: ellipsis; border-top: 1px solid var(--line); }
.lane-label.timer { color: #6941c6; }
#scroller { overflow-x: auto; overflow-y: hidden; position: relative; }
#plot { position: relative; }
.axis-title { position: absolute; left: 6px; top: 2px; font-size: 11px; color: var(--dim); }
.tick { position: absolute; top: 18px; bottom: 0; border-left: 1px dashed #d0d5dd; pointer-events: none; }
.tick span { position: absolute; top: -2px; left: 3px; font-size: 11px; color: var(--dim); white-space: nowrap; background: #fff; }
.lane { position: absolute; left: 0; height: var(--lane-h); border-top: 1px solid var(--line); }
.lane:nth-child(even) { background: #fafbfc; }
.step { position: absolute; width: calc(var(--step-w) - 4px); height: calc(var(--lane-h) - 10px); border-radius: 3px; background: #98a2b3; cursor: pointer; overflow: hidden; white-space: nowrap; text-overflow: clip; color: #fff; font: 600 9.5px/18px ui-monospace, Menlo, Consolas, monospace; text-align: center; }
.step.k-start { color: #344054; }
.step.k-start { background: #d0d5dd; }
.step.k-sync { background: #2e90fa; }
.step.k-chan { background: #12b76a; }
.step.k-mem { background: #f79009; }
.step.k-time { background: #9e77ed; }
.step.k-wait { background: #15b79e; }
.step.violation { background: var(--bad); box-shadow: 0 0 0 2px #fecdca; }
.step.sel { outline: 3px solid var(--sel); outline-offset: 1px; z-index: 2; }
.step:hover { filter: brightness(0.85); }
.stepnums { position: absolute; left: 0; height: 16px; font-size: 10px; color: var(--dim); }
.stepnums span { position: absolute; }
#details { margin-top: 12px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 8px; background: #fff; min-height: 64px; }
#details .row { display: flex; gap: 18px; flex-wrap: wrap; }
#details .k { color: var(--dim); margin-right: 4px; }
#details .flag { color: var(--bad); font-weight: 700; }
.help { color: var(--dim); font-size: 12.5px; margin: 8px 0 0; }
kbd { font: 11px ui-monospace, monospace; border: 1px solid #d0d5dd; border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; }
#tooltip { position: fixed; z-index: 10; pointer-events: none; max-width: 420px; padding: 8px 10px; background: #111827; color: #f9fafb; border-radius: 6px; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
`;

/** Inline script of the timeline page. */
export const TIMELINE_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('interleave-data').textContent);
  var trace = data.trace, lanes = data.lanes;
  var css = getComputedStyle(document.documentElement);
  // Steps share the width when there are few; past that the timeline scrolls.
  var avail = document.getElementById('scroller').clientWidth - 40;
  var STEP_W = Math.max(18, Math.min(56, Math.floor(avail / Math.max(1, trace.length))));
  document.documentElement.style.setProperty('--step-w', STEP_W + 'px');
  var LANE_H = parseInt(css.getPropertyValue('--lane-h'), 10) || 28;
  var AXIS_H = parseInt(css.getPropertyValue('--axis-h'), 10) || 40;
  var labels = document.getElementById('lane-labels');
  var plot = document.getElementById('plot');
  var details = document.getElementById('details');
  var tooltip = document.getElementById('tooltip');
  var boxes = [];
  var selected = -1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function kind(effect) {
    var name = String(effect).replace(/\(.*$/, '');
    if (name === 'start' || name === 'exit') return 'k-start';
    if (/^(lock|unlock|rlock|runlock|tryLock|tryRLock|do)$/.test(name)) return 'k-sync';
    if (/^(send|recv|recvOk|close|select)$/.test(name)) return 'k-chan';
    if (/^(load|store|add|cas|swap|free)$/.test(name)) return 'k-mem';
    if (/^(sleep|fire|stop|reset|after|tick)$/.test(name)) return 'k-time';
    if (/^(wait|signal|broadcast|done)$/.test(name)) return 'k-wait';
    return '';
  }
  function describe(s) {
    var lines = ['step ' + s.step + ' · t=' + s.t, (s.timer ? 'timer ' : 'goroutine ') + s.goroutine, 'effect ' + s.effect];
    if (s.object !== null) lines.push('object ' + s.object);
    if (s.result !== null) lines.push('result ' + s.result);
    if (s.note !== null) lines.push('note   ' + s.note);
    if (data.violation && s.step === data.violation.failRow) lines.push('>> ' + data.violation.kind + ' detected here');
    return lines.join('\n');
  }

  var width = Math.max(trace.length * STEP_W + 40, 200);
  plot.style.width = width + 'px';
  plot.style.height = (AXIS_H + lanes.length * LANE_H + 18) + 'px';
  plot.appendChild(el('div', 'axis-title', 'virtual time →'));

  lanes.forEach(function (lane, i) {
    var label = el('div', 'lane-label' + (lane.timer ? ' timer' : ''), lane.name);
    label.setAttribute('data-lane', lane.name);
    label.title = lane.name;
    labels.appendChild(label);
    var row = el('div', 'lane');
    row.style.top = (AXIS_H + i * LANE_H) + 'px';
    row.style.width = width + 'px';
    row.setAttribute('data-lane-row', lane.name);
    plot.appendChild(row);
  });

  // The time axis: a tick wherever virtual time changes (steps at the same time share it).
  var lastLabelX = -1e9;
  trace.forEach(function (s, i) {
    if (i > 0 && trace[i - 1].time === s.time) return;
    var tick = el('div', 'tick');
    tick.style.left = (i * STEP_W) + 'px';
    tick.style.height = (lanes.length * LANE_H + AXIS_H - 18) + 'px';
    if (i * STEP_W - lastLabelX >= 64) {
      tick.appendChild(el('span', '', 't=' + s.t));
      lastLabelX = i * STEP_W;
    }
    tick.setAttribute('data-time', s.t);
    plot.appendChild(tick);
  });

  var nums = el('div', 'stepnums');
  nums.style.top = (AXIS_H + lanes.length * LANE_H + 2) + 'px';
  for (var n = 0; n < trace.length; n += 10) {
    var sp = el('span', '', n);
    sp.style.left = (n * STEP_W + 2) + 'px';
    nums.appendChild(sp);
  }
  plot.appendChild(nums);

  trace.forEach(function (s, i) {
    var b = el('div', 'step ' + kind(s.effect), STEP_W >= 34 ? String(s.effect).replace(/\(.*$/, '') : null);
    if (data.violation && i === data.violation.failRow) b.classList.add('violation');
    b.style.left = (i * STEP_W + 2) + 'px';
    b.style.top = (AXIS_H + s.lane * LANE_H + 5) + 'px';
    b.setAttribute('data-step', String(i));
    b.setAttribute('aria-label', describe(s));
    b.addEventListener('click', function () { select(i); });
    b.addEventListener('mouseenter', function (ev) { showTip(s, ev); });
    b.addEventListener('mousemove', function (ev) { moveTip(ev); });
    b.addEventListener('mouseleave', function () { tooltip.hidden = true; });
    plot.appendChild(b);
    boxes.push(b);
  });

  function showTip(s, ev) {
    tooltip.textContent = describe(s);
    tooltip.hidden = false;
    moveTip(ev);
  }
  function moveTip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var r = tooltip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 8) x = Math.max(8, ev.clientX - r.width - 14);
    if (y + r.height > window.innerHeight - 8) y = Math.max(8, ev.clientY - r.height - 14);
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }

  function field(row, k, v) {
    var span = el('span');
    span.appendChild(el('span', 'k', k));
    span.appendChild(document.createTextNode(v));
    row.appendChild(span);
  }
  function select(i) {
    if (trace.length === 0) return;
    i = Math.max(0, Math.min(trace.length - 1, i));
    if (selected >= 0) boxes[selected].classList.remove('sel');
    selected = i;
    var b = boxes[i], s = trace[i];
    b.classList.add('sel');
    document.body.setAttribute('data-selected', String(i));
    while (details.firstChild) details.removeChild(details.firstChild);
    var head = el('div', 'row');
    field(head, 'step', s.step + ' of ' + (trace.length - 1));
    field(head, 'time', 't=' + s.t);
    field(head, s.timer ? 'timer' : 'goroutine', s.goroutine);
    details.appendChild(head);
    var body = el('div', 'row');
    field(body, 'effect', s.effect);
    if (s.object !== null) field(body, 'object', s.object);
    if (s.result !== null) field(body, 'result', s.result);
    if (s.note !== null) field(body, 'note', s.note);
    details.appendChild(body);
    if (data.violation && i === data.violation.failRow) details.appendChild(el('div', 'flag', data.violation.kind + ' detected at this step'));
    var sc = document.getElementById('scroller');
    var left = b.offsetLeft, right = left + b.offsetWidth;
    if (left < sc.scrollLeft + 40) sc.scrollLeft = Math.max(0, left - 80);
    else if (right > sc.scrollLeft + sc.clientWidth - 40) sc.scrollLeft = right - sc.clientWidth + 80;
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var k = ev.key;
    if (k === 'ArrowRight' || k === 'j') select(selected + 1);
    else if (k === 'ArrowLeft' || k === 'k') select(selected - 1);
    else if (k === 'Home') select(0);
    else if (k === 'End') select(trace.length - 1);
    else if (k === 'v' && data.violation) select(data.violation.failRow);
    else return;
    ev.preventDefault();
  });

  var copy = document.getElementById('copy');
  if (copy) copy.addEventListener('click', function () {
    var text = document.getElementById('replay').textContent;
    var done = function () { copy.textContent = 'copied'; };
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { copy.textContent = 'select and copy'; });
    } catch (e) { copy.textContent = 'select and copy'; }
  });

  if (trace.length > 0) select(data.violation ? data.violation.failRow : 0);
  document.body.setAttribute('data-ready', 'true');
})();
`;
