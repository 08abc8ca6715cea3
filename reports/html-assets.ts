/**
 * The HTML timeline's inline stylesheet and script (plain strings: the page must work
 * from a `file://` URL with no external request). The script reads the page's JSON data
 * element and builds the swimlanes with DOM text nodes only (never `innerHTML`), so
 * names and messages cannot inject markup.
 *
 * Layout: one column (swimlane) per goroutine and per timer, one row per step, virtual
 * time down the left edge wherever it changes. Each step is a chip in its goroutine's
 * lane showing its whole text — the effect, the object, the result (`→ false`) and the
 * note (`woke "producer0"`) — wrapped, never cut, so the story reads without hovering.
 * The page opens at the top, the failing step selected but not scrolled to: a story that
 * fits the window is seen whole.
 */

/** Inline CSS of the timeline page. */
export const TIMELINE_CSS = `
:root { --bg: #fbfbfd; --fg: #1d2330; --dim: #667085; --line: #e3e6ee; --bad: #d92d20; --sel: #111827; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 8px 20px 4px; border-bottom: 1px solid var(--line); background: #fff; }
h1 { font-size: 17px; margin: 0 0 4px; }
h1 .sep { color: var(--dim); font-weight: 400; }
.meta { display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 0 0 6px; color: var(--dim); font-size: 13px; }
.meta b { color: var(--fg); font-weight: 600; }
.verdict { margin: 6px 0; padding: 6px 12px; border-radius: 6px; font-weight: 600; }
.verdict.bad { background: #fef3f2; color: var(--bad); border: 1px solid #fecdca; }
.verdict.ok { background: #ecfdf3; color: #027a48; border: 1px solid #abefc6; }
pre.message { white-space: pre-wrap; word-break: break-word; margin: 4px 0; padding: 6px 12px; background: #f6f7f9; border-radius: 6px; font: 12.5px/1.4 ui-monospace, Menlo, Consolas, monospace; }
.cmd { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.cmd code { font: 12.5px ui-monospace, Menlo, Consolas, monospace; background: #111827; color: #f9fafb; padding: 5px 10px; border-radius: 6px; overflow-x: auto; white-space: nowrap; max-width: calc(100vw - 160px); }
.cmd button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); background: #fff; border-radius: 6px; cursor: pointer; }
details.schedule code { font: 12px ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
main { padding: 10px 20px 24px; }
#timeline { display: grid; border: 1px solid var(--line); border-radius: 8px; background: #fff; overflow-x: auto; font: 11.5px/1.25 ui-monospace, Menlo, Consolas, monospace; }
#timeline > div { border-top: 1px solid var(--line); min-height: 18px; }
.head { position: sticky; top: 0; z-index: 3; background: #fff; font: 600 13px/1.3 system-ui, sans-serif; padding: 6px 8px; border-top: none !important; border-bottom: 2px solid var(--line); overflow-wrap: anywhere; }
.lane-label.timer { color: #6941c6; }
.num { color: var(--dim); text-align: right; padding: 1px 6px; }
.tick { color: var(--dim); padding: 1px 8px 1px 2px; white-space: nowrap; }
.tick.same { border-top-color: transparent !important; }
.cell { padding: 1px 4px; border-left: 1px solid #f0f2f5; }
.step { border-radius: 4px; padding: 1px 6px; background: #eef0f4; border-left: 4px solid #98a2b3; cursor: pointer; white-space: normal; overflow-wrap: break-word; }
.step .eff { font-weight: 700; }
.step .obj { color: #475467; }
.step .res { color: #027a48; font-weight: 700; }
.step .note { color: #6941c6; }
.step.k-start { border-left-color: #d0d5dd; }
.step.k-sync { border-left-color: #2e90fa; }
.step.k-chan { border-left-color: #12b76a; }
.step.k-mem { border-left-color: #f79009; }
.step.k-time { border-left-color: #9e77ed; }
.step.k-wait { border-left-color: #15b79e; }
.step.violation { background: #fef3f2; border-left-color: var(--bad); box-shadow: 0 0 0 2px #fecdca; }
.step.sel { outline: 3px solid var(--sel); outline-offset: 1px; }
.step:hover { filter: brightness(0.95); }
.end { padding: 2px 8px; color: var(--bad); font-weight: 700; }
.end.sel { outline: 3px solid var(--sel); outline-offset: -3px; }
#details { margin-top: 10px; padding: 8px 14px; border: 1px solid var(--line); border-radius: 8px; background: #fff; min-height: 52px; }
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
  var grid = document.getElementById('timeline');
  var details = document.getElementById('details');
  var tooltip = document.getElementById('tooltip');
  var rows = [];
  var selected = -1;
  var failRow = data.violation ? data.violation.failRow : -1;
  var last = trace.length - 1 + (failRow === trace.length ? 1 : 0);

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
    if (s.step === failRow) lines.push('>> ' + data.violation.kind + ' detected here');
    return lines.join('\n');
  }

  grid.style.gridTemplateColumns = 'max-content max-content repeat(' + lanes.length + ', minmax(150px, 1fr))';
  grid.appendChild(el('div', 'head num', '#'));
  grid.appendChild(el('div', 'head', 'time'));
  lanes.forEach(function (lane) {
    var label = el('div', 'head lane-label' + (lane.timer ? ' timer' : ''), lane.name);
    label.setAttribute('data-lane', lane.name);
    grid.appendChild(label);
  });

  trace.forEach(function (s, i) {
    var changed = i === 0 || trace[i - 1].time !== s.time;
    grid.appendChild(el('div', 'num', s.step));
    var tick = el('div', changed ? 'tick' : 'tick same', changed ? 't=' + s.t : null);
    if (changed) tick.setAttribute('data-time', s.t);
    grid.appendChild(tick);
    for (var j = 0; j < lanes.length; j++) {
      var cell = el('div', 'cell');
      if (j === s.lane) {
        var b = el('div', 'step ' + kind(s.effect));
        b.appendChild(el('span', 'eff', s.effect));
        if (s.object !== null) { b.appendChild(document.createTextNode(' ')); b.appendChild(el('span', 'obj', s.object)); }
        if (s.result !== null) { b.appendChild(document.createTextNode(' ')); b.appendChild(el('span', 'res', '→ ' + s.result)); }
        if (s.note !== null) { b.appendChild(document.createTextNode(' ')); b.appendChild(el('span', 'note', s.note)); }
        if (i === failRow) b.classList.add('violation');
        b.setAttribute('data-step', String(i));
        b.addEventListener('click', select.bind(null, i, true));
        b.addEventListener('mouseenter', showTip.bind(null, s));
        b.addEventListener('mousemove', moveTip);
        b.addEventListener('mouseleave', function () { tooltip.hidden = true; });
        cell.appendChild(b);
        rows[i] = b;
      }
      grid.appendChild(cell);
    }
  });
  if (failRow === trace.length) {
    grid.appendChild(el('div', 'num', trace.length));
    grid.appendChild(el('div', 'tick same'));
    var end = el('div', 'end', 'end of the run: ' + data.violation.kind + ' (detected after the last step)');
    end.style.gridColumn = '3 / span ' + lanes.length;
    end.setAttribute('data-end', String(trace.length));
    end.addEventListener('click', select.bind(null, trace.length, true));
    grid.appendChild(end);
    rows[trace.length] = end;
  }

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
  function select(i, scroll) {
    if (last < 0) return;
    i = Math.max(0, Math.min(last, i));
    if (selected >= 0) rows[selected].classList.remove('sel');
    selected = i;
    rows[i].classList.add('sel');
    document.body.setAttribute('data-selected', String(i));
    while (details.firstChild) details.removeChild(details.firstChild);
    var head = el('div', 'row');
    if (i === trace.length) {
      field(head, 'after step', String(trace.length - 1));
      details.appendChild(head);
      details.appendChild(el('div', 'flag', data.violation.kind + ' detected at the end of the run, after the last step'));
    } else {
      var s = trace[i];
      field(head, 'step', s.step + ' (of 0–' + (trace.length - 1) + ')');
      field(head, 'time', 't=' + s.t);
      field(head, s.timer ? 'timer' : 'goroutine', s.goroutine);
      details.appendChild(head);
      var body = el('div', 'row');
      field(body, 'effect', s.effect);
      if (s.object !== null) field(body, 'object', s.object);
      if (s.result !== null) field(body, 'result', s.result);
      if (s.note !== null) field(body, 'note', s.note);
      details.appendChild(body);
      if (i === failRow) details.appendChild(el('div', 'flag', data.violation.kind + ' detected at this step'));
    }
    if (scroll && rows[i].scrollIntoView) rows[i].scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var k = ev.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'j') select(selected + 1, true);
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'k') select(selected - 1, true);
    else if (k === 'Home') select(0, true);
    else if (k === 'End') select(last, true);
    else if (k === 'v' && data.violation) select(failRow, true);
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

  // Select the violation, but open at the top: the whole story shows when it fits.
  if (last >= 0) select(failRow >= 0 ? failRow : 0, false);
  document.body.setAttribute('data-ready', 'true');
})();
`;
