/**
 * A narrow window among many goroutines: one checker racing nine writers. Each writer
 * first does its work (`work` steps on its own progress counter), then publishes its
 * result in its own slot — the data, then the `ready` flag — and a scanner reads every
 * slot once: the flag, then (if set) the data. The buggy writer sets the flag before the
 * data, so a scanner can see a ready slot without its data — but only if both of its
 * reads of that slot fall inside the writer's one-step window between its two stores.
 *
 * This is the shape that defeats a uniform random walk, which runs the scanner (few
 * steps) long before the writers (many steps) publish: within 10,000 executions it
 * misses in most seeds. PCT serializes the writers and needs a change point inside one
 * of the nine one-step windows; POS needs the scanner's pending reads to keep losing
 * to the writers' work. SURW interleaves the *shared* accesses uniformly whatever the
 * private work does and finds it in about three executions, ahead of PCT and POS (see
 * `bench/strategy-bench.ts`).
 *
 * The writers share nothing with each other, so the correct variant has only 2^writers
 * interleaving classes (which side of each writer the scanner reads its slot) and can be
 * searched exhaustively.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-narrow-window',
  description: 'a scanner reads nine result slots while their writers publish them',
  variants: {
    'data-then-ready': 'store the data, then set the ready flag',
    'ready-then-data': { description: 'set the ready flag, then store the data: a scan can see a ready slot without data', expect: 'fail' },
  },
  params: { writers: 9, work: 30 },
  setup(sim, { variant, params }) {
    const slots = Array.from({ length: params.writers }, (_, i) => ({
      progress: sim.atomic(`writer${i}.progress`, 0),
      ready: sim.atomic(`slot${i}.ready`, false),
      data: sim.atomic(`slot${i}.data`, 0),
    }));
    for (let i = 0; i < params.writers; i++) {
      const slot = slots[i]!;
      sim.go(`writer${i}`, function* () {
        for (let w = 0; w < params.work; w++) yield* slot.progress.add(1); // its own work
        const result = 100 + i;
        if (variant === 'data-then-ready') {
          yield* slot.data.store(result);
          yield* slot.ready.store(true);
        } else {
          yield* slot.ready.store(true);
          yield* slot.data.store(result);
        }
      });
    }
    sim.go('scanner', function* () {
      for (let i = 0; i < params.writers; i++) {
        const slot = slots[i]!;
        if (!(yield* slot.ready.load())) continue;
        const data = yield* slot.data.load();
        sim.assert(data !== 0, `the scanner found slot ${i} ready but without its data`);
      }
    });
  },
});
