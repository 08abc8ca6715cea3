/**
 * The reporters in-process: escaping, colour choice, terminal layout within the width,
 * the JSON shapes, the summary table.
 */
import chalk from 'chalk';
import { ENGINE_VERSION, explore } from '../sim/internal';
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
    expect(Object.keys(jsonSummary(r))).toEqual(['scenario', 'variant', 'strategy', 'seed', 'executions', 'steps', 'elapsedMs', 'violation']);
    expect(Object.keys(jsonSummary(r).violation!)).toEqual(['kind', 'message', 'execution', 'schedule', 'replayFile', 'trace']);
    expect(jsonSummary({ ...r, violation: null }).violation).toBeNull();
    expect(jsonReport(r)).toMatchObject({ schema: 'interleave-report', version: 1, engineVersion: ENGINE_VERSION, violation: { step: r.violation!.step } });
    const vr: VariantResult = { scenario: 's', scenarioFile: null, variant: 'v', expect: 'pass', outcome: 'pass', matched: true, strategy: 'random', seed: 0, executions: 5, steps: 9, elapsedMs: 1, violation: null, violationsFound: 0, unitsCompleted: 1, units: 1, exhausted: false };
    expect(jsonExplore([vr])).toEqual({ results: [{ scenario: 's', variant: 'v', expect: 'pass', outcome: 'pass', executions: 5, violation: null }] });
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
});

describe('text.plain', () => {
  it('should show control characters as \\uXXXX in terminal text, and keep newlines and tabs', () => {
    expect(printable('a\u001b[2Jb\u0007\u009b\tc\nd')).toBe('a\\u001b[2Jb\\u0007\\u009b\tc\nd');
    expect(fit('x\u001by', 12)).toBe('x\\u001by    ');
  });
});
