/**
 * SCTBench CS/fsbench: NUM_THREADS threads each allocate a block for their inode, under
 * the inode's lock `locki[i]` and the candidate blocks' locks `lockb[b]`. With 27
 * threads, thread 26 computes `i = 26`, one past the 26 locks, and fails the bound
 * assertion before using `locki[i]` (the original's comment: "array locki upper bound").
 * It fails in every schedule.
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/concurrent-software-benchmarks/fsbench_bad.c (the `ok` variant:
 * fsbench_ok.c, with NUM_THREADS 26; 14 here by default, the fewest threads where two
 * of them compete for a block — threads 0 and 13 both start at block 0 — to keep
 * `explore --all` fast).
 *
 * `busy[b]` is only touched under `lockb[b]` and `inode[i]` under `locki[i]`:
 * race-checked `shared` cells; `arg[i]`, main's array of ids, is read by each thread
 * through its pointer.
 */
import { defineScenario } from '../../sim';
import { Pthreads, type PthreadT } from './pthread';

const NUMBLOCKS = 26;
const NUMINODE = 32;

export default defineScenario({
  name: 'sctbench-fsbench',
  description: 'SCTBench CS/fsbench: the 27th thread indexes one past the 26 inode locks',
  variants: {
    bug: { description: 'fsbench_bad.c: NUM_THREADS 27 > NUMBLOCKS 26', expect: 'fail' },
    ok: { description: 'fsbench_ok.c: NUM_THREADS <= NUMBLOCKS (14 by default, 26 there: --param NUM_THREADS=26)', params: { NUM_THREADS: 14 } },
  },
  params: { spawnYield: true, NUM_THREADS: 27 },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const NUM_THREADS = params.NUM_THREADS;
    const locki = Array.from({ length: NUMBLOCKS }, (_, k) => sim.mutex(`locki[${k}]`));
    const lockb = Array.from({ length: NUMBLOCKS }, (_, k) => sim.mutex(`lockb[${k}]`));
    const busy = Array.from({ length: NUMBLOCKS }, (_, k) => sim.shared(`busy[${k}]`, 0));
    const inode = Array.from({ length: NUMINODE }, (_, k) => sim.shared(`inode[${k}]`, 0));
    const arg = Array.from({ length: NUM_THREADS }, (_, k) => sim.shared(`arg[${k}]`, 0));

    const thread_routine = (k: number) =>
      function* () {
        const tid = yield* arg[k]!.load();
        if (variant === 'bug') sim.assert(tid >= 0 && tid < NUM_THREADS, `thread ${tid}: tid out of range`);
        const i = tid % NUMINODE;
        sim.assert(i >= 0 && i < NUMBLOCKS, `thread ${tid}: i = ${i} is past the ${NUMBLOCKS} inode locks`);
        if (!(i >= 0 && i < NUMBLOCKS)) return;
        yield* locki[i]!.lock();
        if ((yield* inode[i]!.load()) === 0) {
          let b = (i * 2) % NUMBLOCKS;
          for (let j = 0; j < NUMBLOCKS / 2; j++) {
            yield* lockb[b]!.lock();
            if (!(yield* busy[b]!.load())) {
              yield* busy[b]!.store(1);
              yield* inode[i]!.store(b + 1);
              yield* lockb[b]!.unlock();
              break;
            }
            yield* lockb[b]!.unlock();
            b = (b + 1) % NUMBLOCKS;
          }
        }
        sim.assert(i >= 0 && i < NUMBLOCKS, `thread ${tid}: i = ${i} is past the ${NUMBLOCKS} inode locks`);
        yield* locki[i]!.unlock();
      };

    sim.go('main', function* () {
      const tids: PthreadT[] = [];
      for (let i = 0; i < NUM_THREADS; i++) {
        yield* arg[i]!.store(i);
        tids.push(yield* pt.create(`thread_routine_${i}`, thread_routine(i)));
      }
      for (const t of tids) yield* pt.join(t);
    });
  },
});
