/**
 * JUnit XML for CI: one `<testcase>` per scenario × variant, failing when the outcome
 * contradicts the variant's expectation. A failure carries the violation's message and
 * the replay command; every case's `<system-out>` carries the strategy, seed and
 * schedule, so any case replays.
 */
import { escapeXml } from './escape';
import { replayLine, type VariantResult } from './types';

/** Suite-level facts written as `<properties>`. */
export interface JUnitOptions {
  /** The `<testsuites name>` (default `interleave`). */
  readonly name?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

/** The JUnit XML document for `results`, grouped into one `<testsuite>` per scenario. */
export function junitXml(results: readonly VariantResult[], o: JUnitOptions = {}): string {
  const bySuite = new Map<string, VariantResult[]>();
  for (const r of results) {
    const list = bySuite.get(r.scenario);
    if (list === undefined) bySuite.set(r.scenario, [r]);
    else list.push(r);
  }
  const secs = (ms: number): string => (ms / 1000).toFixed(3);
  const failures = results.filter((r) => !r.matched).length;
  const totalMs = results.reduce((a, r) => a + r.elapsedMs, 0);
  const a = (s: string): string => escapeXml(s, true);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${a(o.name ?? 'interleave')}" tests="${results.length}" failures="${failures}" errors="0" time="${secs(totalMs)}">`);
  for (const [scenario, cases] of bySuite) {
    const f = cases.filter((r) => !r.matched).length;
    const ms = cases.reduce((x, r) => x + r.elapsedMs, 0);
    out.push(`  <testsuite name="${a(scenario)}" tests="${cases.length}" failures="${f}" errors="0" skipped="0" time="${secs(ms)}">`);
    const props = o.properties ?? {};
    if (Object.keys(props).length > 0) {
      out.push('    <properties>');
      for (const [k, v] of Object.entries(props)) out.push(`      <property name="${a(k)}" value="${a(v)}"/>`);
      out.push('    </properties>');
    }
    for (const r of cases) {
      out.push(`    <testcase classname="${a(`interleave.${r.scenario}`)}" name="${a(r.variant)}" time="${secs(r.elapsedMs)}">`);
      if (!r.matched) {
        const v = r.violation;
        if (v === null) {
          const msg = `expected a violation (variant expects "fail"), none found in ${r.executions} executions`;
          const body = `${msg}\nstrategy ${r.strategy}, seed ${String(r.seed)}\nrerun: interleave run ${r.scenarioFile ?? r.scenario} --variant ${r.variant} --strategy ${r.strategy} --seed ${String(r.seed)}`;
          out.push(`      <failure type="not-caught" message="${a(msg)}">${escapeXml(body)}</failure>`);
        } else {
          const first = `${v.headline}: ${v.detail.split("\n")[0] ?? ""}`;
          out.push(`      <failure type="${a(v.kind)}" message="${a(first)}">${escapeXml(v.message)}</failure>`);
        }
      }
      const facts = [
        `expected: ${r.expect}`,
        `outcome: ${r.outcome}${r.violation !== null ? ` (${r.violation.kind})` : ''}`,
        `executions: ${r.executions}`,
        `strategy: ${r.strategy}`,
        `seed: ${String(r.seed)}`,
        `schedule: ${r.violation !== null && r.violation.schedule !== '' ? r.violation.schedule : '-'}`,
      ];
      if (r.violation !== null) facts.push(replayLine(r.violation));
      out.push(`      <system-out>${escapeXml(facts.join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
