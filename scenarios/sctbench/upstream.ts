/**
 * Where the SCTBench programs come from: the public SCTBench repository at the commit
 * the ports were read from. Each port cites its file by this commit and path.
 */

/** The repository of SCTBench (Thomson, Donaldson, Betts, TOPC 2016). */
export const SCTBENCH_REPO = 'mc-imperial/sctbench';

/** The commit every port was read from (2021-12-16, "Add MIT license."). */
export const SCTBENCH_COMMIT = 'd59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2';

/** The folder of the CS programs (ESBMC's "concurrent software benchmarks"). */
export const CS_DIR = 'benchmarks/concurrent-software-benchmarks';

/** The folder of the CB programs (Yu and Narayanasamy's concurrency bugs). */
export const CB_DIR = 'benchmarks/conc-bugs';

/** `repo@commit path`, the form a port's description cites its original by. */
export function upstream(path: string): string {
  return `${SCTBENCH_REPO}@${SCTBENCH_COMMIT} ${path}`;
}
