/**
 * Bounded verdicts said plainly (issue 16, item 5): a preemption- or delay-bounded `dfs`
 * that finishes reads "exhausted within 2 preemptions", and `run --json` / `explore --json`
 * carry `exhausted` and the bound.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInProcess } from './in-process';

let out: string;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'il-bound-'));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('bounded verdicts', () => {
  it('should say "exhausted within 1 preemption" in text, and carry the bound in run --json', async () => {
    const text = await runInProcess(['run', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--preemption-bound', '1', '--out', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/exhausted within 1 preemption: every interleaving class with at most 1 preemption checked/);
    const json = await runInProcess(['run', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--preemption-bound', '1', '--delay-bound', '3', '--json', '--out', out]);
    const r = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(['scenario', 'variant', 'strategy', 'seed', 'executions', 'steps', 'elapsedMs', 'exhausted', 'bound', 'violation']);
    expect([r['exhausted'], r['bound']]).toEqual([true, { preemptions: 1, delays: 3 }]);
  });

  it('should say plain "exhausted" with no bound, and bound null in JSON', async () => {
    const text = await runInProcess(['run', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--out', out]);
    expect(text.stdout).toMatch(/\(exhausted: every interleaving class checked\)/);
    const json = JSON.parse((await runInProcess(['run', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--json', '--out', out])).stdout) as Record<string, unknown>;
    expect([json['exhausted'], json['bound']]).toEqual([true, null]);
  });

  it('should not call a stopped search exhausted', async () => {
    const json = JSON.parse((await runInProcess(['run', 'dining-philosophers', '--strategy', 'dfs', '--runs', '3', '--json', '--out', out])).stdout) as Record<string, unknown>;
    expect([json['executions'], json['exhausted']]).toEqual([3, false]);
  });

  it('should carry exhausted and the bound per result in explore --json, and in the summary table', async () => {
    const json = await runInProcess(['explore', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--delay-bound', '2', '--workers', '1', '--json', '--out', out]);
    const res = (JSON.parse(json.stdout) as { results: Record<string, unknown>[] }).results;
    expect(res.map((x) => [x['exhausted'], x['bound']])).toEqual([[true, { preemptions: null, delays: 2 }]]);
    const text = await runInProcess(['explore', 'lost-update', '--variant', 'fixed', '--strategy', 'dfs', '--delay-bound', '2', '--workers', '1', '--out', out]);
    expect(text.stdout).toMatch(/pass \(exhausted within 2 delays\)/);
  });
});
