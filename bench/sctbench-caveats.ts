/**
 * What some published figures of `sctbench-published.ts` count besides the program's bug,
 * and which programs the artifacts ran in another form than SCTBench's: read from the
 * artifacts' code and data, each with its evidence. Section 7 prints them under its
 * table (`sctbench-bench.ts`); the target (`sctbench-targets.ts`) still compares with
 * every published mean, and says so.
 *
 * - **SURW's tool crashed on programs with one shared variable.** SURW's runner
 *   (zhaohuanqdcn/SURW@2a4c5de1570bde225ca37021cacf405f0ba4db2c
 *   `scripts/period/bench_runner.py`) picks a target address and writes `estimate.in` (each
 *   thread's expected accesses to it) in `choose_target_addr`, which it calls only `if
 *   'addr' in method and len(mem_list) > 1`; `mem_list` is every address two threads use
 *   and one writes (`scripts/get_var_count.py`: a lock's log lines are `acq`/`rel`, never
 *   `w`, so locks are not in it). With `ALG1=urw` the scheduler's `init` calls `urw_init`,
 *   which opens `estimate.in` and otherwise panics (`src/main.zig`: `urw_init() catch
 *   @panic("Error initializing URW")`); the runner counts any run that dies of a signal as
 *   the bug (`if result.returncode < 0`), and every trial starts in a fresh container
 *   (`scripts/eval/run_period.py`). So where one variable is shared, every scheduled run
 *   of SURW aborts at its first scheduling point (`init` runs at the first intercepted
 *   call), before any thread is created, and the trial counts 2 (its dry run and the
 *   first scheduled run). The same configuration with `ALG1=rw` (`configs/rp-rw.json`,
 *   the paper's N-U: no `urw_init`) on the same trials shows what was left to find.
 * - **The artifacts ran PERIOD's copies of the programs**, and five of them differ from
 *   SCTBench's: both artifacts' `dockerfiles/Dockerfile.period` clone wcventure/PERIOD
 *   and build `evaluation/<suite>/<program>` (SURW's `scripts/period/build.py`).
 */
import type { PublishedTool } from './sctbench-published';

/** PERIOD's benchmark copies, as both artifacts cloned them (the files below are the same since its first commit, 44ea4ff, 2022-01-15). */
export const PERIOD_REPO = 'wcventure/PERIOD@cb8deb9a176e5bb292d70d46557dd61dc0e98069';

/** One caveat on the published figures of a program. */
export interface PublishedCaveat {
  readonly program: string;
  /** The published figures it concerns. */
  readonly tools: readonly PublishedTool[];
  readonly what: string;
  /** The same artifact's trials of another configuration that show what the figure leaves out (copied, counted as the figure is: iterations + 1). */
  readonly comparable?: { readonly config: string; readonly file: string; readonly trials: readonly (number | null)[] };
}

const ALL: readonly PublishedTool[] = ['RW', 'PCT-3', 'PCT-10', 'POS', 'SURW', 'RFF'];

/** A SURW cell whose scheduled runs died in `urw_init`: `variable` is the program's one shared, written variable. */
function urwInitCrash(program: string, variable: string, rpRw: readonly number[]): PublishedCaveat {
  const dry = rpRw.filter((x) => x === 1).length;
  return {
    program,
    tools: ['SURW'],
    what:
      `counts a crash of SURW's tool, not the bug: \`${variable}\` is the program's one variable that two threads use and one writes, so the runner never writes \`estimate.in\` and every scheduled run aborts in \`urw_init\`; ` +
      `its trials count 1 where the dry run found the bug and 2 elsewhere. The same trials with ALG1=rw (N-U, no urw_init) need ${mean(rpRw).toFixed(1)} (${dry} of 20 in the dry run)`,
    comparable: { config: 'rp-rw', file: `stats/period/${program}/rp-rw-<trial>.json`, trials: rpRw },
  };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Every caveat, by program. */
export const CAVEATS: readonly PublishedCaveat[] = [
  // stats/period/CS/deadlock01/rp-rw-<trial>.json, iterations + 1
  urwInitCrash('CS/deadlock01', 'counter', [3, 1, 8, 2, 6, 2, 1, 1, 7, 1, 4, 6, 3, 2, 5, 13, 2, 5, 2, 4]),
  // stats/period/CS/lazy01/rp-rw-<trial>.json, iterations + 1
  urwInitCrash('CS/lazy01', 'data', [2, 6, 4, 2, 9, 3, 8, 11, 4, 9, 14, 9, 2, 6, 3, 2, 7, 4, 6, 3]),
  {
    program: 'CB/stringbuffer-jdk1.4',
    tools: ALL,
    what: `measured on PERIOD's main.cpp (${PERIOD_REPO} evaluation/CB/stringbuffer-jdk1.4/main.cpp): main creates thread_main1 (erase, append) and thread_main2 (the new StringBuffer and its append(buffer)) and joins both, where SCTBench's main does the append itself after one pthread_create (the port's \`period\` parameter runs PERIOD's form)`,
  },
  {
    program: 'CS/lazy01',
    tools: ALL,
    what: `measured on PERIOD's lazy01_bad.c (${PERIOD_REPO} evaluation/CS/lazy01/lazy01_bad.c): main creates thread3 (the checker), thread2, thread1 in that order, where SCTBench's creates thread1, thread2, thread3 (the port's \`period\` parameter runs PERIOD's order)`,
  },
  {
    program: 'CS/bluetooth_driver',
    tools: ALL,
    what: `measured on PERIOD's bluetooth_driver_bad.c (${PERIOD_REPO} evaluation/CS/bluetooth_driver/bluetooth_driver_bad.c): BCSP_PnpAdd runs in a second thread and main joins both, where SCTBench's main calls BCSP_PnpAdd itself`,
  },
  {
    program: 'CS/account',
    tools: ALL,
    what: `measured on PERIOD's account_bad.c (${PERIOD_REPO} evaluation/CS/account/account_bad.c): main joins its three threads, where SCTBench's joins none`,
  },
  {
    program: 'CS/token_ring',
    tools: ALL,
    what: `measured on PERIOD's token_ring_bad.c (${PERIOD_REPO} evaluation/CS/token_ring/token_ring_bad.c): main joins its four threads, where SCTBench's joins none`,
  },
];

/** The caveats on `tool`'s published figure for `program`. */
export function caveatsOf(program: string, tool: PublishedTool): PublishedCaveat[] {
  return CAVEATS.filter((c) => c.program === program && c.tools.includes(tool));
}
