/**
 * The HTML timeline in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
 * opened from a file:// URL: no console errors and no request, a lane per goroutine and
 * timer, keyboard step-through, hover details, escaped names, a non-blank screenshot;
 * and the JUnit XML parses as XML.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { defineScenario, ENGINE_VERSION, explore, formatTime, replay } from '../sim/internal';
import { htmlTimeline } from './html';
import { junitXml } from './junit';
import { openGuarded, type GuardedPage } from './test-helpers/browser';
import { colourStats, decodePng } from './test-helpers/png';
import { fromEngine, type RunReport, type VariantResult } from './types';

const EVIL = '<img src=x onerror="window.__pwned=1">&"\'';

/** Hostile names, a timer, several goroutines, steps at the same virtual time. */
const hostile = defineScenario({
  name: 'hostile-names',
  description: `names with markup ${EVIL}`,
  variants: { bad: { description: 'lost update', expect: 'fail' } },
  setup(sim) {
    const m = sim.mutex(`m ${EVIL}`);
    const n = sim.shared(`n ${EVIL}`, 0);
    sim.afterFunc(5_000_000, `tick ${EVIL}`, function* () {
      yield* m.lock();
      yield* m.unlock();
    });
    for (const g of [`<script>alert(1)</script>`, `b & "c"`, 'plain']) {
      sim.go(g, function* () {
        yield* sim.sleep(1_000_000);
        const v = yield* n.load();
        yield* sim.yieldNow();
        yield* n.store(v + 1);
      });
    }
    sim.atEnd('all land', () => n.value === 3 || `n is ${n.value} ${EVIL}`);
  },
});

function reportOf(): RunReport {
  const r = explore(hostile, { variant: 'bad', seed: 2, runs: 2000, strategy: 'random' });
  const v = r.violation!;
  expect(v).toBeDefined();
  return {
    scenario: hostile.name,
    scenarioFile: null,
    variant: 'bad',
    expect: 'fail',
    params: {},
    strategy: 'random',
    seed: 2,
    executions: r.executions,
    steps: r.steps,
    elapsedMs: 5,
    exhausted: false,
    engineVersion: ENGINE_VERSION,
    violation: fromEngine(v, 'interleave replay interleave-out/hostile-names-00000000.json', 'interleave-out/hostile-names-00000000.json'),
  };
}

let ctx: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-html-'));
  ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `html` to `name` in the test directory and opens it (see openGuarded). */
async function open(html: string, name: string): Promise<GuardedPage> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, html);
  return openGuarded(ctx, file);
}

describe('htmlTimeline', () => {
  it('should load offline with every lane, step through by keyboard, and show a non-blank page', async () => {
    const report = reportOf();
    const trace = report.violation!.trace;
    const { page, errors, requests } = await open(htmlTimeline(report), 'timeline.html');
    await page.waitForSelector('body[data-ready="true"]');

    // a lane per goroutine and per timer, names as literal text
    const lanes = await page.$$eval('[data-lane]', (els) => els.map((e) => e.textContent));
    const goroutines = [...new Set(trace.filter((s) => s.gid >= 0).map((s) => s.goroutine))];
    expect(trace.some((s) => s.gid < 0)).toBe(true);
    expect(lanes).toEqual([...goroutines, 'timers']);
    expect(goroutines).toContain('<script>alert(1)</script>');
    expect(await page.$$('.step[data-step]')).toHaveLength(trace.length);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);

    // the violation step is highlighted and selected first; the replay command is shown
    const fail = report.violation!.step;
    expect(fail).toBeLessThan(trace.length); // a data race: detected at a step, not at the end
    expect(await page.getAttribute('body', 'data-selected')).toBe(String(fail));
    expect(await page.getAttribute(`[data-step="${fail}"]`, 'class')).toMatch(/violation/);
    expect(await page.textContent('#replay')).toBe('interleave replay interleave-out/hostile-names-00000000.json');
    expect(await page.textContent('#schedule')).toBe(report.violation!.schedule);
    expect(await page.textContent('header')).toContain('seed 2');

    // keyboard: ← and k go back, → and j go forward
    await page.keyboard.press('ArrowLeft');
    expect(await page.getAttribute('body', 'data-selected')).toBe(String(fail - 1));
    await page.keyboard.press('k');
    expect(await page.getAttribute('body', 'data-selected')).toBe(String(fail - 2));
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('body', 'data-selected')).toBe(String(fail));
    await page.keyboard.press('Home');
    expect(await page.getAttribute('body', 'data-selected')).toBe('0');
    expect(await page.textContent('#details')).toContain(trace[0]!.effect);

    // hover shows the step's effect, object and result
    const storeStep = trace.find((s) => s.effect.startsWith('store'))!;
    await page.hover(`[data-step="${storeStep.step}"]`);
    const tip = await page.textContent('#tooltip');
    expect(await page.isVisible('#tooltip')).toBe(true);
    expect(tip).toContain(storeStep.effect);
    expect(tip).toContain(storeStep.object!);

    // steps at the same virtual time stay apart: a row of its own for every step, in order
    const ys = await page.$$eval('.step[data-step]', (els) => els.map((e) => (e as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top));
    expect(new Set(ys).size).toBe(trace.length);
    expect(ys.slice().sort((a, b) => a - b)).toEqual(ys);
    const ticks = await page.$$eval('.tick[data-time]', (els) => els.map((e) => e.getAttribute('data-time')));
    expect(ticks).toEqual([...new Set(trace.map((s) => s.time))].map((t) => (t === 0 ? '0' : `${t / 1e6}ms`)));

    const shot = await page.screenshot();
    if (process.env['INTERLEAVE_SCREENSHOT'] !== undefined) fs.writeFileSync(process.env['INTERLEAVE_SCREENSHOT'], shot);
    const stats = colourStats(decodePng(shot));
    expect(stats.colours).toBeGreaterThan(20);
    expect(stats.nonBackground).toBeGreaterThan(0.05);

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('should show a run without a violation', async () => {
    const report: RunReport = { ...reportOf(), violation: null, executions: 100 };
    const { page, errors } = await open(htmlTimeline(report), 'clean.html');
    expect(await page.textContent('#verdict')).toContain('no violation in 100 executions');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});

/** A lost wakeup with a timer: `stop` returns false, a signal wakes a waiter, the run ends in a deadlock. */
const storyScenario = defineScenario({
  name: 'chip-story',
  description: 'a stop that comes too late, a signal that wakes the wrong waiter',
  variants: { bad: { description: 'deadlocks', expect: 'fail' } },
  setup(sim) {
    const m = sim.mutex('m');
    const c = sim.cond('ready', m);
    const t = sim.afterFunc(1, 'watchdog', function* () {
      yield* sim.yieldNow();
    });
    sim.go('stopper', function* () {
      yield* sim.sleep(5);
      yield* t.stop();
    });
    sim.go('producer0', function* () {
      yield* m.lock();
      yield* c.wait();
      yield* m.unlock();
    });
    sim.go('signaller', function* () {
      yield* sim.sleep(10);
      yield* m.lock();
      yield* c.signal();
      yield* m.unlock();
    });
    sim.go('consumer', function* () {
      yield* m.lock();
      yield* c.wait();
      yield* m.unlock();
    });
  },
});

describe('htmlTimeline chips', () => {
  it('should show every chip whole, with its result and whom it woke, the whole story on one screen, without interaction', async () => {
    const r = explore(storyScenario, { variant: 'bad', strategy: 'dfs', runs: 1000 });
    const v = r.violation!;
    expect(v.kind).toBe('deadlock');
    const stop = v.trace.find((s) => s.effect === 'stop')!;
    expect(stop.result).toBe('false');
    const signal = v.trace.find((s) => s.effect === 'signal')!;
    expect(signal.note).toMatch(/woke "(producer0|consumer)"/);
    const report: RunReport = { ...reportOf(), scenario: storyScenario.name, variant: 'bad', violation: fromEngine(v, 'interleave replay x.json', 'x.json') };
    const { page, errors } = await open(htmlTimeline(report), 'chips.html');
    await page.setViewportSize({ width: 1440, height: 900 }); // a laptop's screen
    await page.waitForSelector('body[data-ready="true"]');
    if (process.env['INTERLEAVE_SCREENSHOT_CHIPS'] !== undefined) fs.writeFileSync(process.env['INTERLEAVE_SCREENSHOT_CHIPS'], await page.screenshot({ fullPage: true }));
    type Box = { text: string; clipped: boolean; top: number; bottom: number; left: number; right: number; visible: boolean };
    const chips = await page.$$eval('.step[data-step]', (els) =>
      els.map((e) => {
        const el = e as unknown as { textContent: string; scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number; getBoundingClientRect(): { top: number; bottom: number; left: number; right: number } };
        const r = el.getBoundingClientRect();
        const w = globalThis as unknown as { innerWidth: number; innerHeight: number };
        return { text: el.textContent, clipped: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight, top: r.top, bottom: r.bottom, left: r.left, right: r.right, visible: r.top >= 0 && r.bottom <= w.innerHeight && r.left >= 0 && r.right <= w.innerWidth };
      }),
    ) as Box[];
    expect(chips).toHaveLength(v.trace.length);
    // no label is cut, and every chip is on the first screen (the page opens at the top)
    expect(chips.filter((c) => c.clipped)).toEqual([]);
    expect(chips.filter((c) => !c.visible)).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
    // the stop chip says what it returned; the signal chip says whom it woke
    expect(chips[stop.step]!.text).toContain('stop');
    expect(chips[stop.step]!.text).toContain('→ false');
    expect(chips[signal.step]!.text).toContain(signal.note!);
    // the deadlock is detected after the last step: an end row numbered as the headline numbers it
    expect(v.step).toBe(v.trace.length);
    expect(await page.textContent('#verdict')).toBe(`deadlock at step ${v.step} (t=${formatTime(v.time)})`);
    expect(await page.textContent(`[data-end="${v.step}"]`)).toContain('end of the run: deadlock');
    expect(await page.getAttribute('body', 'data-selected')).toBe(String(v.step));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('junitXml', () => {
  it('should parse as XML, with hostile text escaped', async () => {
    const report = reportOf();
    const v = report.violation!;
    const results: VariantResult[] = [
      { scenario: hostile.name, scenarioFile: null, variant: 'bad', expect: 'pass', outcome: 'fail', matched: false, strategy: 'random', seed: 2, executions: 3, steps: 30, elapsedMs: 12, violation: v, violationsFound: 1, unitsCompleted: 1, units: 1, exhausted: false },
      { scenario: `x ${EVIL}`, scenarioFile: null, variant: 'ok', expect: 'pass', outcome: 'pass', matched: true, strategy: 'random', seed: 'a/1', executions: 3, steps: 30, elapsedMs: 12, violation: null, violationsFound: 0, unitsCompleted: 1, units: 1, exhausted: false },
      { scenario: `x ${EVIL}`, scenarioFile: null, variant: 'bug', expect: 'fail', outcome: 'pass', matched: false, strategy: 'random', seed: 0, executions: 3, steps: 30, elapsedMs: 12, violation: null, violationsFound: 0, unitsCompleted: 1, units: 1, exhausted: false },
    ];
    const xml = junitXml(results, { properties: { seed: '2' } });
    const page = await ctx.newPage();
    const parsed = await page.evaluate((text) => {
      // The browser's XML parser (the test program has no DOM types: describe what is used).
      interface XmlEl {
        getAttribute(name: string): string | null;
        readonly textContent: string | null;
        getElementsByTagName(name: string): ArrayLike<XmlEl>;
      }
      const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): XmlEl & { documentElement: XmlEl } } }).DOMParser;
      const doc = new Parser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.getElementsByTagName('parsererror')[0]!.textContent };
      const cases = Array.from(doc.getElementsByTagName('testcase')).map((c) => ({
        classname: c.getAttribute('classname'),
        name: c.getAttribute('name'),
        failure: c.getElementsByTagName('failure')[0]?.textContent ?? null,
        out: c.getElementsByTagName('system-out')[0]?.textContent ?? '',
      }));
      return { error: null, root: doc.documentElement.getAttribute('failures'), cases };
    }, xml);
    await page.close();
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('2');
    expect(parsed.cases).toHaveLength(3);
    expect(parsed.cases![0]!.failure).toContain('replay: interleave replay interleave-out/hostile-names-00000000.json');
    expect(parsed.cases![0]!.out).toContain(`schedule: ${v.schedule}`);
    expect(parsed.cases![1]!.classname).toBe(`interleave.x ${EVIL}`);
    expect(parsed.cases![2]!.failure).toMatch(/expected a violation/);
    // the replayed schedule is the reported one
    expect(replay(hostile, v.schedule).violation!.kind).toBe(v.kind);
  }, 30_000);
});
