/**
 * `--preempt-at-accesses` end to end: `run` and `explore` take it, the JSON says which mode
 * ran, the failure file's schedule records it, and `replay` and `shrink` use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCli, runCli, tempDir, type BuiltCli } from './test-helpers/build';

let cli: BuiltCli;
let work: string;
let file: string;

/** SetClocks writes clocks, then monotonicOffset, in one step; an invariant reads both. */
const SCENARIO = `import { defineScenario } from 'interleave';
export default defineScenario({
  name: 'tk-example',
  description: 'SetClocks writes clocks, then monotonicOffset, in one step',
  variants: { restore: 'SetClocks on a restored Timekeeper' },
  setup(sim) {
    const tk = sim.struct('tk', { clocks: 4, monotonicOffset: 3 });
    sim.go('SetClocks', function* () {
      tk.clocks = 60;
      tk.monotonicOffset = -53;
      yield* sim.yieldNow();
    });
    sim.invariant('monotonic time is continuous', () => tk.clocks + tk.monotonicOffset === 7 || \`monotonic \${tk.clocks + tk.monotonicOffset}s, want 7s\`);
  },
});
`;

beforeAll(() => {
  cli = buildCli();
  work = tempDir();
  file = path.join(work, 'tk.scenario.ts');
  fs.writeFileSync(file, SCENARIO);
});
afterAll(() => {
  cli.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('--preempt-at-accesses', () => {
  it('should leave run --json as the contract has it without the option (the model holds)', () => {
    const r = runCli(cli, ['run', file, '--strategy', 'dfs', '--json', '--no-typecheck'], { cwd: work });
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    expect([r.code, o['violation'], 'preemptAtAccesses' in o]).toEqual([0, null, false]);
  });

  it('should find the torn state with it, say so in the JSON, and replay and shrink the failure file in that mode', () => {
    const r = runCli(cli, ['run', file, '--strategy', 'dfs', '--json', '--no-typecheck', '--preempt-at-accesses'], { cwd: work });
    const o = JSON.parse(r.stdout) as { preemptAtAccesses: boolean; violation: { kind: string; message: string; replayFile: string; schedule: string } };
    expect([r.code, o.preemptAtAccesses, o.violation.kind]).toEqual([1, true, 'invariant']);
    expect(o.violation.message).toMatch(/monotonic 63s, want 7s/);
    const failure = JSON.parse(fs.readFileSync(path.join(work, o.violation.replayFile), 'utf8')) as { schedule: string };
    const header = JSON.parse(Buffer.from(failure.schedule.split(':')[3]!, 'base64url').toString('utf8')) as { o: Record<string, unknown> };
    expect(header.o['preemptAtAccesses']).toBe(true);
    const again = runCli(cli, ['replay', o.violation.replayFile, '--json', '--scenario', file, '--no-typecheck'], { cwd: work });
    const a = JSON.parse(again.stdout) as { preemptAtAccesses: boolean; violation: { message: string } };
    expect([again.code, a.preemptAtAccesses, a.violation.message.split('\n')[0]]).toEqual([1, true, o.violation.message.split('\n')[0]]);
    const sh = runCli(cli, ['shrink', o.violation.replayFile, '--scenario', file, '--no-typecheck'], { cwd: work });
    expect([sh.code, sh.stdout]).toEqual([1, expect.stringMatching(/monotonic 63s, want 7s/)]);
  });

  it('should mark explore --json results with the mode', () => {
    const r = runCli(cli, ['explore', file, '--strategy', 'random', '--runs', '50', '--json', '--no-typecheck', '--preempt-at-accesses', '--workers', '1'], { cwd: work });
    const res = (JSON.parse(r.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(res.map((x) => [x['preemptAtAccesses'], x['outcome']])).toEqual([[true, 'fail']]);
  });
});
