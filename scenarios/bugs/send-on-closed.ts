/**
 * Channel close race (send on a closed channel): producers send results on `out`, and
 * the producer that finishes last closes it. The buggy producers count themselves out
 * (`remaining.Add(-1)`) *before* their send, so the one that reaches zero sends and closes
 * `out` while another has counted itself out but not sent yet: `panic: send on closed
 * channel`. The fix closes only after every send, from `main`, which waits on a `sync.WaitGroup`
 * the producers mark after sending. Depth 2: one preemption between the
 * count and the send.
 */
import { defineScenario } from '../../sim';

export default defineScenario({
  name: 'bug-send-on-closed',
  description: 'producers send on a channel that the last one to finish closes',
  variants: {
    'waitgroup-then-close': 'producers send, then Done; main waits for all, then closes',
    'count-before-send': { description: 'producers count down before sending; the one that reaches zero closes', expect: 'fail' },
  },
  params: { producers: 2 },
  setup(sim, { variant, params }) {
    const out = sim.chan<number>('out', params.producers);
    const remaining = sim.atomic('remaining', params.producers);
    const wg = sim.waitGroup('wg');
    let received = 0;
    const producer = function* (p: number) {
      if (variant === 'waitgroup-then-close') {
        yield* out.send(p);
        yield* wg.done();
      } else {
        const left = yield* remaining.add(-1);
        yield* out.send(p);
        if (left === 0) yield* out.close(); // "everyone else has counted out, so has sent": wrong
      }
    };
    sim.go('main', function* () {
      for (let p = 0; p < params.producers; p++) {
        if (variant === 'waitgroup-then-close') yield* wg.add(1); // before go, as Go requires
        sim.go(`producer${p}`, () => producer(p));
      }
      if (variant === 'waitgroup-then-close') {
        yield* wg.wait();
        yield* out.close();
      }
    });
    sim.go('consumer', function* () {
      for (;;) {
        const [, ok] = yield* out.recvOk();
        if (!ok) return;
        received++;
      }
    });
    sim.atEnd('every result is received', () => received === params.producers || `${received} of ${params.producers} received`);
  },
});
