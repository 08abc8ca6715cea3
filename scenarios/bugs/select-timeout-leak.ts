/**
 * A goroutine leak on timeout: the caller starts a worker and selects on its result
 * channel and a timer (`time.After`). When the timeout wins, the caller returns — and the
 * worker blocks forever sending on the *unbuffered* result channel nobody will read. The
 * fix gives the channel a buffer of one, so the late send completes and the worker
 * exits. The timer firing is a scheduling choice, so the race needs no real time; the
 * leaked worker shows up as a deadlock at the end of the run.
 */
import { defineScenario, Millisecond } from '../../sim';

export default defineScenario({
  name: 'bug-select-timeout-leak',
  description: 'a caller waits for a worker result with a timeout',
  variants: {
    'buffered-result': 'the result channel has one buffer slot: a late worker still exits',
    'unbuffered-result': { description: 'the result channel is unbuffered: after a timeout the worker blocks forever', expect: 'fail' },
  },
  params: { timeoutMs: 5 },
  setup(sim, { variant, params }) {
    const result = sim.chan<number>('result', variant === 'buffered-result' ? 1 : 0);
    let outcome = '';
    sim.go('caller', function* () {
      sim.go('worker', function* () {
        yield* result.send(42);
      });
      const timeout = sim.after(params.timeoutMs * Millisecond, 'timeout');
      const r = yield* sim.select([result.recv(), timeout.recv()]);
      outcome = r.index === 0 ? 'result' : 'timeout';
    });
    sim.atEnd('the caller got an outcome', () => outcome !== '' || 'no outcome');
  },
});
