/**
 * Untrusted text in reports (issue 7, part 6), end to end: a user scenario file whose
 * goroutine and object names, messages, notes and a string parameter carry markup and
 * escape sequences goes through the CLI (`run --html --junit`), and
 *
 * - the HTML timeline, opened in Chromium (Debian's /usr/bin/chromium), shows every
 *   payload as literal text: no dialog, no console error, no element or request from
 *   the payloads, nothing set on `window`;
 * - the JUnit XML parses (the browser's XML parser) and carries the payloads as text;
 * - the terminal report shows control characters as `\uXXXX` instead of sending them;
 * - a scenario named with markup is refused: names are kebab-case;
 * - and should such a name reach the reporters anyway (they are a library API, and a
 *   report is plain data), a report of a scenario named `<img src=x onerror=alert(1)>`
 *   renders it as text in Chromium, in the HTML timeline and in JUnit XML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildCli, runCli, tempDir, type BuiltCli } from '../cli/test-helpers/build';
import { defineScenario, ENGINE_VERSION, explore } from '../sim/internal';
import chalk from 'chalk';
import { htmlTimeline } from './html';
import { openGuarded } from './test-helpers/browser';
import { junitXml } from './junit';
import { renderSummary } from './summary';
import { renderRun } from './terminal';
import { fromEngine, type RunReport, type VariantResult } from './types';

/** Each payload would do something if it were not escaped. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  "'><iframe src=javascript:alert(4)>",
  '</script><script>window.__pwned=5</script>',
  ']]><!-- <![CDATA[ &amp; &lt;',
  '{{constructor.constructor("alert(6)")()}}',
];

const SCENARIO = `
import { defineScenario } from 'interleave';
const P = ${JSON.stringify(PAYLOADS)};
export default defineScenario({
  name: 'hostile-text',
  description: 'names and messages that are markup: ' + P.join(' '),
  variants: { bad: { description: 'a lost update with hostile names', expect: 'fail' } },
  params: { label: 'plain' },
  setup(sim, { params }) {
    const m = sim.mutex('mutex ' + P[0]);
    const n = sim.atomic('atomic ' + P[1], 0);
    P.slice(0, 4).forEach((name, i) => {
      sim.go(name, function* () {
        yield* m.lock();
        yield* m.unlock();
        sim.note('note ' + P[(i + 4) % P.length] + ' \\u2028 \\u0007');
        const v = yield* n.load();
        yield* n.store(v + 1);
      });
    });
    sim.atEnd('at-end ' + P[5], () => n.value === 4 || 'n is ' + n.value + ' ' + P.join(' ') + ' ' + params.label + ' \\u001b[2J\\u0001');
  },
});
`;

let cli: BuiltCli;
let dir: string;
let ctx: BrowserContext;

beforeAll(async () => {
  cli = buildCli();
  dir = tempDir('interleave-untrusted-');
  fs.writeFileSync(path.join(dir, 'hostile.scenario.ts'), SCENARIO);
  ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  cli?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Found {
  violation: { kind: string; message: string; trace: { goroutine: string; object: string | null; note: string | null }[] };
}

describe('untrusted text through the CLI', () => {
  let found: Found;
  beforeAll(() => {
    // --param: a string value from the command line is untrusted too
    const r = runCli(cli, ['run', './hostile.scenario.ts', '--seed', '3', '--runs', '2000', '--param', `label=${PAYLOADS[0]!}`, '--html', 'timeline.html', '--junit', 'junit.xml', '--json'], { cwd: dir });
    expect(r.stderr).toBe('html timeline: timeline.html\njunit: junit.xml\n');
    expect(r.code).toBe(1);
    found = JSON.parse(r.stdout) as Found;
  }, 60_000);

  it('should carry every payload in the trace and the message (the test is not vacuous)', () => {
    const names = new Set(found.violation.trace.map((s) => s.goroutine));
    for (const p of PAYLOADS.slice(0, 4)) expect(names).toContain(p);
    const all = JSON.stringify(found.violation);
    for (const p of PAYLOADS) expect(all).toContain(JSON.stringify(p).slice(1, -1));
  });

  it('should show the payloads as text in the HTML timeline, with no dialog, error, element or request', async () => {
    const { page, errors, requests } = await openGuarded(ctx, path.join(dir, 'timeline.html'));
    await page.waitForSelector('body[data-ready="true"]');

    const lanes = await page.$$eval('[data-lane]', (els) => els.map((e) => e.textContent));
    for (const p of PAYLOADS.slice(0, 4)) expect(lanes).toContain(p);
    const header = (await page.textContent('header'))!;
    expect(header).toContain(`label=${PAYLOADS[0]!}`);
    const message = (await page.textContent('#message'))!;
    for (const p of PAYLOADS) expect(message).toContain(p);
    expect(await page.title()).toContain('hostile-text');

    // Step through every step: the details and the tooltip show the names as text.
    const steps = await page.$$('[data-step]');
    expect(steps.length).toBe(found.violation.trace.length);
    await page.keyboard.press('Home');
    const details: string[] = [];
    for (let i = 0; i < steps.length; i++) {
      details.push((await page.textContent('#details'))!);
      await page.keyboard.press('ArrowRight');
    }
    const shown = details.join('\n');
    expect(shown).toContain(`mutex ${PAYLOADS[0]!}`);
    expect(shown).toContain(`atomic ${PAYLOADS[1]!}`);
    expect(shown).toContain(`note ${PAYLOADS[4]!}`);
    await steps[1]!.hover();
    expect(await page.isVisible('#tooltip')).toBe(true);

    // Nothing the payloads would create exists, and nothing ran.
    for (const tag of ['img', 'svg', 'iframe']) expect(await page.$$(tag)).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(2); // the page's data and its own script
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect([...errors, ...requests]).toEqual([]);
    await page.close();
  }, 60_000);

  it('should write JUnit XML that parses and carries the payloads as text', async () => {
    const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    const page = await ctx.newPage();
    const parsed = await page.evaluate((text) => {
      interface XmlEl {
        getAttribute(name: string): string | null;
        readonly textContent: string | null;
        getElementsByTagName(name: string): ArrayLike<XmlEl>;
      }
      const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): XmlEl } }).DOMParser;
      const doc = new Parser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.getElementsByTagName('parsererror')[0]!.textContent, failure: null, message: null, out: null };
      const failure = doc.getElementsByTagName('failure')[0];
      return { error: null, failure: failure?.textContent ?? null, message: failure?.getAttribute('message') ?? null, out: doc.getElementsByTagName('system-out')[0]!.textContent };
    }, xml);
    await page.close();
    expect(parsed.error).toBeNull();
    // `run` reports a variant expected to fail that failed: a passing case, its facts in system-out
    expect(parsed.failure).toBeNull();
    expect(parsed.out).toContain('outcome: fail (at-end)');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<script');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  }, 30_000);

  it('should show control characters as \\uXXXX in the terminal report', () => {
    const r = runCli(cli, ['run', './hostile.scenario.ts', '--seed', '3', '--runs', '2000', '--out', 'out-text'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('\\u001b[2J\\u0001');
    for (const p of PAYLOADS) expect(r.stdout).toContain(p);
  }, 60_000);

  it('should carry the payloads through a failing explore case in JUnit', async () => {
    // the same scenario with its variant expected to hold: the violation goes in <failure>
    const file = path.join(dir, 'pass-expected.scenario.ts');
    fs.writeFileSync(file, SCENARIO.replace("{ description: 'a lost update with hostile names', expect: 'fail' }", "'claims to hold'"));
    const r = runCli(cli, ['explore', './pass-expected.scenario.ts', '--seed', '3', '--runs', '2000', '--unit-runs', '2000', '--junit', 'explore.xml', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const xml = fs.readFileSync(path.join(dir, 'explore.xml'), 'utf8');
    const page = await ctx.newPage();
    const failure = await page.evaluate((text) => {
      const doc = new (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): { getElementsByTagName(n: string): ArrayLike<{ textContent: string | null; getAttribute(n: string): string | null }> } } }).DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      const f = doc.getElementsByTagName('failure')[0]!;
      return { text: f.textContent, message: f.getAttribute('message'), type: f.getAttribute('type') };
    }, xml);
    await page.close();
    expect(failure).not.toBeNull();
    expect(failure!.type).toBe('at-end');
    for (const p of PAYLOADS) expect(failure!.text).toContain(p);
    expect(failure!.message).toContain(PAYLOADS[0]);
  }, 60_000);

  it('should refuse a scenario named with markup', () => {
    fs.writeFileSync(path.join(dir, 'named.scenario.ts'), SCENARIO.replace("name: 'hostile-text'", `name: ${JSON.stringify(PAYLOADS[0])}`));
    const r = runCli(cli, ['run', './named.scenario.ts'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`error: cannot load scenario file ./named.scenario.ts: scenario name ${JSON.stringify(PAYLOADS[0])} must be kebab-case (like "lost-update")`);
  }, 30_000);
});

describe('a scenario named with markup, given to the reporters directly', () => {
  const NAME = PAYLOADS[0]!;
  const VARIANT = PAYLOADS[1]!;
  const FILE = `/tmp/${PAYLOADS[2]!}.ts`;
  /** A real lost update, its report then carrying hostile names where the CLI would refuse them. */
  function hostileReport(): RunReport {
    const s = defineScenario({
      name: 'named-later',
      description: 'a lost update',
      variants: { bad: { description: 'no lock', expect: 'fail' } },
      setup(sim) {
        const n = sim.shared(`n ${PAYLOADS[3]!}`, 0);
        for (const g of ['a', PAYLOADS[4]!]) {
          sim.go(g, function* () {
            const v = yield* n.load();
            yield* n.store(v + 1);
          });
        }
      },
    });
    const v = explore(s, { variant: 'bad', seed: 1, runs: 100 }).violation!;
    expect(v).toBeDefined();
    const replayFile = `interleave-out/${NAME}.json`;
    return {
      scenario: NAME,
      scenarioFile: FILE,
      variant: VARIANT,
      expect: 'pass',
      params: { [PAYLOADS[5]!]: PAYLOADS[6]! },
      strategy: PAYLOADS[5]!,
      seed: PAYLOADS[6]!,
      executions: 1,
      steps: v.trace.length,
      elapsedMs: 1,
      exhausted: false,
      engineVersion: ENGINE_VERSION,
      violation: fromEngine({ ...v, detail: `${v.detail} in ${NAME} \u001b[2J` }, `interleave replay ${replayFile}`, replayFile, 1),
    };
  }

  it('should show the name as text in the HTML timeline in Chromium: no dialog, no console error, no element from it', async () => {
    const r = hostileReport();
    const file = path.join(dir, 'named.html');
    fs.writeFileSync(file, htmlTimeline(r));
    const { page, errors, requests } = await openGuarded(ctx, file);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.title()).toBe(`interleave: ${NAME} / ${VARIANT} — ${r.violation!.kind}`);
    expect(await page.textContent('h1')).toBe(`${NAME} / ${VARIANT}`);
    const header = (await page.textContent('header'))!;
    for (const p of [FILE, PAYLOADS[5]!, PAYLOADS[6]!]) expect(header).toContain(p);
    expect(await page.textContent('#replay')).toBe(`interleave replay interleave-out/${NAME}.json`);
    expect(await page.textContent('#message')).toContain(`in ${NAME}`);
    const lanes = await page.$$eval('[data-lane]', (els) => els.map((e) => e.textContent));
    expect(lanes).toContain(PAYLOADS[4]);
    for (const tag of ['img', 'svg', 'iframe']) expect(await page.$$(tag)).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(2);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect([...errors, ...requests]).toEqual([]);
    await page.close();
  }, 60_000);

  it('should carry the name as text in JUnit XML, which parses', async () => {
    const r = hostileReport();
    const result: VariantResult = {
      scenario: r.scenario,
      scenarioFile: r.scenarioFile,
      variant: r.variant,
      expect: 'pass',
      outcome: 'fail',
      matched: false,
      strategy: r.strategy,
      seed: r.seed!,
      executions: 1,
      steps: r.steps,
      elapsedMs: 1,
      violation: r.violation,
      violationsFound: 1,
      unitsCompleted: 1,
      units: 1,
      exhausted: false,
    };
    const xml = junitXml([result], { name: NAME, properties: { [NAME]: VARIANT } });
    expect(xml).not.toMatch(/<(img|script|svg|iframe)/);
    const page = await ctx.newPage();
    const parsed = await page.evaluate((text) => {
      interface XmlEl {
        getAttribute(name: string): string | null;
        readonly textContent: string | null;
        getElementsByTagName(name: string): ArrayLike<XmlEl>;
      }
      const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, type: string): XmlEl } }).DOMParser;
      const doc = new Parser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      const one = (tag: string): XmlEl => doc.getElementsByTagName(tag)[0]!;
      return {
        suites: one('testsuites').getAttribute('name'),
        suite: one('testsuite').getAttribute('name'),
        classname: one('testcase').getAttribute('classname'),
        name: one('testcase').getAttribute('name'),
        property: [one('property').getAttribute('name'), one('property').getAttribute('value')],
        failure: one('failure').textContent,
      };
    }, xml);
    await page.close();
    expect(parsed).toEqual({
      suites: NAME,
      suite: NAME,
      classname: `interleave.${NAME}`,
      name: VARIANT,
      property: [NAME, VARIANT],
      failure: expect.stringContaining(`in ${NAME}`),
    });
  }, 30_000);

  it('should keep the terminal reports free of control characters', () => {
    const r = hostileReport();
    const plainChalk = new chalk.Instance({ level: 0 });
    const run = renderRun({ ...r, scenario: `${NAME}\u001b]0;title\u0007`, variant: `${VARIANT}\u009b` }, { chalk: plainChalk, width: 120, traceSteps: 0 });
    expect(run).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run).toContain(NAME);
    const summary = renderSummary(
      [
        {
          scenario: `${NAME}\u001b[2J`,
          scenarioFile: null,
          variant: VARIANT,
          expect: 'pass',
          outcome: 'fail',
          matched: false,
          strategy: 'random',
          seed: 1,
          executions: 1,
          steps: 1,
          elapsedMs: 1,
          violation: r.violation,
          violationsFound: 1,
          unitsCompleted: 1,
          units: 1,
          exhausted: false,
        },
      ],
      { chalk: plainChalk, width: 120, notes: [], elapsedMs: 1 },
    );
    expect(summary).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(summary).toContain(NAME);
  });
});
