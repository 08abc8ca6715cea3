/**
 * A split exhaustive search from the command line (issue 16, item 1): `explore --strategy
 * dfs --shard I/4` runs a fixed share of the parts of one search; the four shards'
 * `covered` lists partition the parts, each shard says it exhausted its share, and
 * `combine` of the four outputs says "exhausted: every class checked across 4 shards" with
 * as many classes as one sequential search checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explore } from '../sim/internal';
import { findScenario } from '../scenarios/registry';
import type { JsonExploreResult } from '../reports/json';
import { runInProcess } from './in-process';

const SCENARIO = 'bug-two-preemptions';
const VARIANT = 'flag-then-turn';
let dir: string;
const outputs: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-split-'));
  for (let i = 1; i <= 4; i++) {
    const r = await runInProcess(['explore', SCENARIO, '--variant', VARIANT, '--strategy', 'dfs', '--shard', `${i}/4`, '--workers', '1', '--json', '--out', dir]);
    expect(r.code).toBe(0);
    const file = path.join(dir, `shard${i}.json`);
    fs.writeFileSync(file, r.stdout);
    outputs.push(file);
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function resultOf(file: string): JsonExploreResult {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { results: JsonExploreResult[] }).results[0]!;
}

describe('explore --shard with dfs', () => {
  it('should give each shard a fixed share of the parts, exhausted, the shares a partition', () => {
    const rs = outputs.map(resultOf);
    const parts = rs[0]!.part!.parts;
    expect(parts).toBeGreaterThan(4);
    const all = rs.flatMap((r) => r.part!.covered).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: parts }, (_, i) => i));
    for (const r of rs) {
      expect(r.exhausted).toBe(true);
      expect(r.part!.finished).toEqual(r.part!.covered);
      expect(r.part!.split).toBe(rs[0]!.part!.split);
    }
    expect(rs.map((r) => r.part!.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('should combine into one exhausted verdict with the classes of one sequential search', async () => {
    const seq = explore(findScenario(SCENARIO)!, { variant: VARIANT, strategy: 'dfs', runs: 1_000_000, shrink: false });
    expect(seq.exhausted).toBe(true);
    const r = await runInProcess(['combine', ...outputs, '--json']);
    expect(r.code).toBe(0);
    const c = (JSON.parse(r.stdout) as { results: { exhausted: boolean; verdict: string; classes: number; shards: number }[] }).results[0]!;
    expect(c.verdict).toBe('exhausted: every class checked across 4 shards');
    // each part's distinct classes, summed: at least the sequential search's distinct classes
    const rs = outputs.map(resultOf);
    expect([c.exhausted, c.shards, c.classes]).toEqual([true, 4, rs.reduce((a, x) => a + x.part!.classes, 0) + rs[0]!.part!.prepassClasses]);
    expect(c.classes).toBeGreaterThanOrEqual(seq.metrics.classes!);
    const text = await runInProcess(['combine', ...outputs]);
    expect(text.stdout).toMatch(/bug-two-preemptions \/ flag-then-turn: exhausted: every class checked across 4 shards/);
  });

  it('should not call three shards of four exhausted, and say which is missing', async () => {
    const r = await runInProcess(['combine', ...outputs.slice(0, 3), '--json']);
    const c = (JSON.parse(r.stdout) as { results: { exhausted: boolean; verdict: string }[] }).results[0]!;
    expect(c.exhausted).toBe(false);
    expect(c.verdict).toMatch(/shard 4\/4 missing/);
    const twice = (JSON.parse((await runInProcess(['combine', ...outputs, outputs[0]!, '--json'])).stdout) as { results: { exhausted: boolean; verdict: string }[] }).results[0]!;
    expect(twice.exhausted).toBe(false);
    expect(twice.verdict).toMatch(/ran more than once/);
  });

  it('should refuse a file that is not explore --json output', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"x":1}');
    const r = await runInProcess(['combine', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not the output of explore --json/);
  });

  it('should split one job on two workers into the shards\' parts, and still exhaust', async () => {
    const r = await runInProcess(['explore', SCENARIO, '--variant', VARIANT, '--strategy', 'dfs', '--workers', '2', '--json', '--out', dir]);
    const res = (JSON.parse(r.stdout) as { results: JsonExploreResult[] }).results[0]!;
    expect(res.exhausted).toBe(true);
    expect(res.part!.covered.length).toBe(res.part!.parts);
    // the same parts as the four shards ran (the split depends on neither workers nor shards)
    const rs = outputs.map(resultOf);
    expect(res.part!.split).toBe(rs[0]!.part!.split);
    expect(res.part!.classes).toBe(rs.reduce((a, x) => a + x.part!.classes, 0));
    expect(res.executions).toBe(rs.reduce((a, x) => a + x.executions, 0));
    expect(res.part!.classes + res.part!.prepassClasses).toBeGreaterThanOrEqual(explore(findScenario(SCENARIO)!, { variant: VARIANT, strategy: 'dfs', runs: 1_000_000, shrink: false }).metrics.classes!);
  });

  it('should split into at least --split-parts parts, the same in every shard, and refuse fewer than 2', async () => {
    const r = await runInProcess(['explore', SCENARIO, '--variant', VARIANT, '--strategy', 'dfs', '--shard', '1/4', '--workers', '1', '--split-parts', '8', '--json', '--out', dir]);
    expect(r.code).toBe(0);
    const res = (JSON.parse(r.stdout) as { results: JsonExploreResult[] }).results[0]!;
    const dflt = resultOf(outputs[0]!).part!;
    expect(res.part!.parts).toBeGreaterThanOrEqual(8);
    expect(res.part!.parts).toBeLessThan(dflt.parts);
    expect(res.part!.split).not.toBe(dflt.split);
    const bad = await runInProcess(['explore', SCENARIO, '--strategy', 'dfs', '--split-parts', '1']);
    expect([bad.code, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(bad.stderr).toMatch(/--split-parts must be at least 2/);
  });
});
