/**
 * The reporters in-process: escaping, colour choice, terminal layout within the width,
 * the JSON shapes, the summary table.
 */
import chalk from 'chalk';
import { ENGINE_VERSION, explore, type TraceStep } from '../sim/internal';
import lostUpdate from '../scenarios/demos/lost-update';
import { colorLevel, terminalWidth } from './color';
import { escapeHtml, escapeXml, jsonForScript } from './escape';
import { jsonExplore, jsonReport, jsonSummary } from './json';
import { renderSummary } from './summary';
import { lanesOf, renderRun, renderTrace, widestLine } from './terminal';
import { fit, plain as printable } from './text';
import { fromEngine, messageBody, replayCommand, reportViolation, shellQuote, type RunReport, type VariantResult } from './types';

const plain = new chalk.Instance({ level: 0 });

function report(): RunReport {
  const r = explore(lostUpdate, { variant: 'bad', seed: 1, runs: 100, params: { goroutines: 4 } });
  const v = r.violation!;
  return {
    scenario: 'lost-update',
    scenarioFile: null,
    variant: 'bad',
    expect: 'fail',
    params: r.params,
    strategy: 'random',
    seed: 1,
    executions: r.executions,
    steps: r.steps,
    elapsedMs: 3,
    exhausted: false,
    engineVersion: ENGINE_VERSION,
    violation: fromEngine(v, `interleave replay ${v.schedule}`, null),
  };
}

describe('escape', () => {
  it('should escape markup in HTML and XML, and keep JSON inside a script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeXml(`<&>"'\u0001\n`, true)).toBe('&lt;&amp;&gt;&quot;&apos;\uFFFD&#10;');
    expect(jsonForScript({ s: '</script><!--\u2028' })).not.toMatch(/<|\u2028/);
    expect(JSON.parse(jsonForScript({ s: '</script>&' }))).toEqual({ s: '</script>&' });
  });
});

describe('color', () => {
  it('should turn colour off for --no-color, NO_COLOR and a pipe, and on for --color', () => {
    expect(colorLevel({ flag: false, isTTY: true, env: {} })).toBe(0);
    expect(colorLevel({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(0);
    expect(colorLevel({ isTTY: false, env: {} })).toBe(0);
    expect(colorLevel({ flag: true, isTTY: false, env: {} })).toBeGreaterThan(0);
    expect(colorLevel({ flag: true, isTTY: true, env: { NO_COLOR: '1' } })).toBe(0);
  });

  it('should fit the terminal, else $COLUMNS, else 100', () => {
    expect(terminalWidth({ isTTY: true, columns: 72 }, {})).toBe(72);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '130' })).toBe(130);
    expect(terminalWidth({ isTTY: false }, {})).toBe(100);
  });
});

describe('terminal', () => {
  it('should put each goroutine in its own column and highlight the failing step', () => {
    const r = report();
    const lines = renderTrace(r.violation!.trace, r.violation!.step, { chalk: plain, width: 120, traceSteps: 0 });
    const lanes = lanesOf(r.violation!.trace);
    for (const l of lanes) expect(lines[0]).toContain(l.name);
    expect(lines.filter((l) => l.startsWith('▶'))).toHaveLength(1);
    expect(lines.length).toBe(r.violation!.trace.length + 2);
  });

  it.each([40, 60, 80, 120, 200])('should fit %i columns', (width) => {
    const text = renderRun(report(), { chalk: plain, width, traceSteps: 0 });
    const traceLines = text.split('\n').filter((l) => /^[ ▶] +\d+ /.test(l) || l.includes('│'));
    expect(Math.max(...traceLines.map((l) => widestLine(l)))).toBeLessThanOrEqual(width);
  });

  it('should show only the last steps when asked, and end with the replay line', () => {
    const r = report();
    const text = renderRun(r, { chalk: plain, width: 100, traceSteps: 3 });
    expect(text).toMatch(/… \d+ earlier steps/);
    expect(text.split('\n').pop()).toBe(`replay: interleave replay ${r.violation!.schedule}`);
    expect(text).toContain(`schedule: ${r.violation!.schedule}`);
    expect(text).toContain('seed 1');
  });
});

describe('terminal: whole text, step numbers', () => {
  const step = (i: number, gid: number, goroutine: string, effect: string, extra: Partial<TraceStep> = {}): TraceStep => ({ step: i, time: 0, goroutine, gid, effect, object: null, result: null, note: null, ...extra });
  const longNote = 'woke "producer0", which re-takes mutex "m" before the consumers: the signal that "consumer1" needed is gone';
  const trace: TraceStep[] = [
    step(0, 0, 'producer0', 'start'),
    step(1, 1, 'consumer1', 'start'),
    step(2, 2, 'signaller', 'signal', { object: 'cond "ready" on mutex "m" with a long name to wrap', note: longNote }),
    step(3, 0, 'producer0', 'wait (re-lock)', { object: 'mutex "m"' }),
    step(4, -1, 'watchdog', 'fire', { object: 'timer "watchdog"', result: 'false' }),
  ];

  it.each([80, 120, 220])('should wrap a step’s text instead of cutting it, notes included, at %i columns', (width) => {
    const lines = renderTrace(trace, 2, { chalk: plain, width, traceSteps: 0 });
    expect(Math.max(...lines.map((l) => widestLine(l)))).toBeLessThanOrEqual(width);
    // every word of the signal step, its object and its note, is on the screen, in order
    const shown = lines.join(' ').replace(/[│▶─]/g, ' ').replace(/\s+/g, ' ');
    expect(shown).toContain(`signal cond "ready" on mutex "m" with a long name to wrap (${longNote})`.replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' '));
    for (const word of longNote.split(' ')) expect(shown).toContain(word);
    expect(lines.some((l) => l.includes('…'))).toBe(false);
    expect(shown).toContain('watchdog: fire timer "watchdog" → false');
  });

  it('should keep each wrapped word whole and in order inside its column', () => {
    const lines = renderTrace(trace, 2, { chalk: plain, width: 100, traceSteps: 0 });
    const at = lines.findIndex((l) => l.startsWith('▶ 2'));
    const next = lines.findIndex((l, i) => i > at && /^[ ▶] +\d+ /.test(l));
    const cells = lines.slice(at, next).map((l) => (l.split('│')[3] ?? '').trim()).filter((c) => c !== '');
    expect(cells.length).toBeGreaterThan(2);
    expect(cells.join(' ')).toBe(`signal cond "ready" on mutex "m" with a long name to wrap (${longNote})`);
  });

  it.each([80, 100, 120])('should put a wrapped step’s continuation lines in its column, under the header’s separators, at %i columns', (width) => {
    // 12 steps: a two-digit step column, as in a trace of more than ten steps
    const long = [...trace, ...Array.from({ length: 7 }, (_, i) => step(5 + i, 1, 'consumer1', 'yield'))];
    const lines = renderTrace(long, 2, { chalk: plain, width, traceSteps: 0 });
    const bars = (l: string): number[] => [...l].flatMap((ch, i) => (ch === '│' ? [i] : []));
    const header = bars(lines[0]!);
    expect(header).toHaveLength(4); // producer0, consumer1, signaller, timers
    const rows = lines.slice(2).filter((l) => l.includes('│'));
    expect(rows.filter((l) => /^ +│/.test(l)).length).toBeGreaterThan(1); // continuation lines were drawn
    for (const l of rows) expect({ line: l, bars: bars(l) }).toEqual({ line: l, bars: header });
    expect(Math.max(...lines.map((l) => widestLine(l)))).toBeLessThan(width);
  });

  it('should number the end row as the headline numbers a violation detected after the last step', () => {
    const v = reportViolation({ kind: 'deadlock', headline: 'deadlock at step 5 (t=0)', detail: '"producer0" blocked', replayCommand: 'interleave replay x.json', execution: 1, schedule: 'il1:x', replayFile: 'x.json', trace, step: 5, time: 0 });
    const text = renderRun({ ...report(), violation: v }, { chalk: plain, width: 120, traceSteps: 0 });
    const rows = text.split('\n');
    const marked = rows.filter((l) => l.startsWith('▶'));
    expect(marked).toEqual(['▶ 5 0    end of the run: deadlock']);
    expect(rows).toContain('deadlock at step 5 (t=0): "producer0" blocked');
    expect(rows.pop()).toBe('replay: interleave replay x.json');
    // detected at a step: that step's row is marked, and there is no end row
    const at3 = renderTrace(trace, 3, { chalk: plain, width: 120, traceSteps: 0 }, 'data-race');
    expect(at3.filter((l) => l.startsWith('▶')).map((l) => l.slice(0, 4))).toEqual(['▶ 3 ']);
    expect(at3.join('\n')).not.toContain('end of the run');
  });
});

describe('types', () => {
  it('should rewrite the replay line and quote paths for the shell', () => {
    expect(reportViolation({ kind: 'deadlock', headline: 'deadlock at step 3 (t=0)', detail: 'a\nb', replayCommand: 'interleave replay f.json', execution: 1, schedule: 'il1:x', replayFile: 'f.json', trace: [], step: 3, time: 0 }).message).toBe(
      'deadlock at step 3 (t=0): a\nb\nreplay: interleave replay f.json',
    );
    expect(messageBody('a\nb\nreplay: x')).toBe('a\nb');
    expect(shellQuote("it's here.json")).toBe(`'it'\\''s here.json'`);
    expect(replayCommand({ schedule: 'il1:s', replayFile: null }, '/a b/c.ts')).toBe("interleave replay il1:s --scenario '/a b/c.ts'");
  });
});

describe('json', () => {
  it('should give the contract shapes exactly, and the full report a schema version', () => {
    const r = report();
    expect(Object.keys(jsonSummary(r))).toEqual(['scenario', 'variant', 'strategy', 'seed', 'executions', 'steps', 'elapsedMs', 'exhausted', 'bound', 'violation']);
    expect(Object.keys(jsonSummary(r).violation!)).toEqual(['kind', 'message', 'execution', 'schedule', 'replayFile', 'trace']);
    expect(jsonSummary({ ...r, violation: null }).violation).toBeNull();
    expect(jsonReport(r)).toMatchObject({ schema: 'interleave-report', version: 1, engineVersion: ENGINE_VERSION, violation: { step: r.violation!.step } });
    const full = jsonReport(r)['violation'] as { message: string; headline: string; detail: string; replayCommand: string };
    expect(full.message).toBe(`${full.headline}: ${full.detail}\nreplay: ${full.replayCommand}`);
    expect(full.headline).toMatch(/^data-race at step \d+ \(t=0\)$/);
    const vr: VariantResult = { scenario: 's', scenarioFile: null, variant: 'v', expect: 'pass', outcome: 'pass', matched: true, strategy: 'random', seed: 0, executions: 5, steps: 9, elapsedMs: 1, violation: null, violationsFound: 0, unitsCompleted: 1, units: 1, exhausted: false };
    expect(jsonExplore([vr])).toEqual({ results: [{ scenario: 's', variant: 'v', expect: 'pass', outcome: 'pass', executions: 5, exhausted: false, bound: null, violation: null }] });
    const bounded = jsonExplore([{ ...vr, exhausted: true, bound: { preemptions: 2, delays: null } }]).results[0]!;
    expect([bounded.exhausted, bounded.bound]).toEqual([true, { preemptions: 2, delays: null }]);
  });
});

describe('summary', () => {
  it('should list each variant with its expectation and outcome, and mark contradictions', () => {
    const base = { scenarioFile: null, strategy: 'random', seed: 0, steps: 9, elapsedMs: 100, violationsFound: 0, unitsCompleted: 1, units: 1, exhausted: false } as const;
    const text = renderSummary(
      [
        { ...base, scenario: 'a', variant: 'ok', expect: 'pass', outcome: 'pass', matched: true, executions: 2000, violation: null },
        { ...base, scenario: 'a', variant: 'bug', expect: 'fail', outcome: 'pass', matched: false, executions: 2000, violation: null },
      ],
      { chalk: plain, width: 100, elapsedMs: 1000 },
    );
    expect(text).toMatch(/scenario\s+variant\s+expected\s+outcome\s+executions\s+rate/);
    expect(text).toMatch(/^✗ a\s+bug\s+fail\s+pass\s+2,000\s+20\.0k\/s$/m);
    expect(text).toMatch(/1 of 2 variants contradict their expectation/);
  });

  it('should show no rate for a variant its violation stopped', () => {
    const r = report();
    const base = { scenarioFile: null, strategy: 'random', seed: 0, steps: 9, elapsedMs: 1000, violationsFound: 1, unitsCompleted: 1, units: 1, exhausted: false } as const;
    const text = renderSummary(
      [
        { ...base, scenario: 'a', variant: 'bug', expect: 'fail', outcome: 'fail', matched: true, executions: 5, violation: r.violation },
        { ...base, scenario: 'a', variant: 'ok', expect: 'pass', outcome: 'pass', matched: true, executions: 5000, violation: null, violationsFound: 0 },
      ],
      { chalk: plain, width: 100, elapsedMs: 1000 },
    );
    expect(text).toMatch(/^  a\s+bug\s+fail\s+fail \(data-race\)\s+5\s+-$/m);
    expect(text).toMatch(/^  a\s+ok\s+pass\s+pass\s+5,000\s+5000\/s$/m);
    expect(text).not.toMatch(/\b5\/s\b/);
  });
});

describe('text.plain', () => {
  it('should show control characters as \\uXXXX in terminal text, and keep newlines and tabs', () => {
    expect(printable('a\u001b[2Jb\u0007\u009b\tc\nd')).toBe('a\\u001b[2Jb\\u0007\\u009b\tc\nd');
    expect(fit('x\u001by', 12)).toBe('x\\u001by    ');
  });
});
