import { explore } from '../../sim';
import lazy01 from './lazy01';
import stringbuffer from './stringbuffer';

/*
 * `period: true`: the forms both published artifacts ran, PERIOD's copies
 * (wcventure/PERIOD@cb8deb9a176e5bb292d70d46557dd61dc0e98069 evaluation/CS/lazy01/lazy01_bad.c,
 * evaluation/CB/stringbuffer-jdk1.4/main.cpp; see bench/sctbench-caveats.ts).
 */
describe('SCTBench ports in PERIOD form', () => {
  it("should create lazy01's threads in PERIOD's order, thread3 first, and still find the bug", () => {
    for (const [period, order] of [
      [false, ['thread1', 'thread2', 'thread3']],
      [true, ['thread3', 'thread2', 'thread1']],
    ] as const) {
      const r = explore(lazy01, { variant: 'bug', strategy: 'random', seed: 1, runs: 1000, shrink: false, params: { period } });
      expect(r.violation?.message).toContain('thread3: data is 3');
      const spawned = r.violation!.trace.filter((e) => e.goroutine === 'main').flatMap((e) => /spawned "?(\w+)/.exec(e.note ?? '')?.[1] ?? []);
      expect([period, spawned]).toEqual([period, order]);
    }
  });

  it("should run stringbuffer's append in a second thread, main joining both, and still find the bug", () => {
    const r = explore(stringbuffer, { variant: 'bug', strategy: 'random', seed: 1, runs: 1000, shrink: false, params: { period: true } });
    expect(r.violation?.message).toContain('buffer.getChars: srcEnd 3 is past count 0');
    const t = r.violation!.trace;
    expect(t.filter((e) => e.goroutine === 'thread_main2' && e.object === 'mutex "sb.mutex_lock"').length).toBeGreaterThan(0);
    expect(t.filter((e) => e.goroutine === 'main' && e.object !== null && /^shared "sb\./.test(e.object)).length).toBe(0);
  });

  it('should keep the fixed stringbuffer correct in PERIOD form (exhaustive dfs)', () => {
    const r = explore(stringbuffer, { variant: 'fixed', strategy: 'dfs', runs: 200, params: { period: true } });
    expect([r.violation?.message, r.exhausted]).toEqual([undefined, true]);
  });
});
