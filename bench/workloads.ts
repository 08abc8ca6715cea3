/**
 * Benchmark workloads: each engine workload beside a bare generator loop doing the same
 * number of generator resumptions with a seeded pick per step (the "physical limit" of a
 * generator-based scheduler in this process).
 */
import { defineScenario, Millisecond, Rng } from '../sim/internal';

/** (a) `goroutines` × `rounds` mutex lock/unlock. */
export const mutexWorkload = defineScenario({
  name: 'bench-mutex',
  description: 'goroutines contend for one mutex',
  variants: { default: 'lock/unlock in a loop' },
  params: { goroutines: 8, rounds: 10_000 },
  maxSteps: 100_000_000,
  setup(sim, { params }) {
    const m = sim.mutex('m');
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(`w${i}`, function* () {
        for (let j = 0; j < params.rounds; j++) {
          yield* m.lock();
          yield* m.unlock();
        }
      });
    }
  },
});

/** (b) two goroutines bounce a value over two unbuffered channels. */
export const pingPongWorkload = defineScenario({
  name: 'bench-ping-pong',
  description: 'a channel ping-pong',
  variants: { default: 'unbuffered ping-pong' },
  params: { rounds: 50_000 },
  maxSteps: 100_000_000,
  setup(sim, { params }) {
    const ping = sim.chan<number>('ping');
    const pong = sim.chan<number>('pong');
    sim.go('pinger', function* () {
      for (let i = 0; i < params.rounds; i++) {
        yield* ping.send(i);
        yield* pong.recv();
      }
    });
    sim.go('ponger', function* () {
      for (let i = 0; i < params.rounds; i++) {
        const v = yield* ping.recv();
        yield* pong.send(v! + 1);
      }
    });
  },
});

/** (c) many goroutines sleeping on timers with distinct deadlines, plus afterFunc timers. */
export const timersWorkload = defineScenario({
  name: 'bench-timers',
  description: 'many timers',
  variants: { default: 'sleepers and afterFunc timers' },
  params: { goroutines: 100, rounds: 500 },
  maxSteps: 100_000_000,
  setup(sim, { params }) {
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(`s${i}`, function* () {
        for (let j = 0; j < params.rounds; j++) yield* sim.sleep(((i * 7919 + j * 104729) % 1000) + 1);
      });
    }
    for (let i = 0; i < params.goroutines; i++) sim.afterFunc((i + 1) * Millisecond, `f${i}`, function* () {});
  },
});

/** (d) the tiny, setup-dominated scenario: two goroutines increment under a lock. */
export const tinyWorkload = defineScenario({
  name: 'bench-tiny',
  description: 'two goroutines, one lock',
  variants: { default: 'increments under a lock' },
  setup(sim) {
    const m = sim.mutex('m');
    let n = 0;
    for (const name of ['a', 'b']) {
      sim.go(name, function* () {
        yield* m.lock();
        n++;
        yield* m.unlock();
      });
    }
    sim.atEnd('both increments land', () => n === 2);
  },
});

/**
 * The bare loop: `goroutines` generators each yielding `yields` times, resumed in a
 * seeded random order drawn from the same generator the random strategy uses (sfc32).
 * Nothing else: no effects, no kernel. Returns the steps taken.
 */
export function bareLoop(goroutines: number, yields: number, seed: number): number {
  const rng = new Rng(seed);
  function* body(n: number): Generator<number, void, unknown> {
    for (let i = 0; i < n; i++) yield i;
  }
  const live: Generator<number, void, unknown>[] = [];
  for (let i = 0; i < goroutines; i++) live.push(body(yields));
  let steps = 0;
  while (live.length > 0) {
    const i = rng.int(live.length);
    const g = live[i]!;
    steps++;
    if (g.next().done === true) {
      live[i] = live[live.length - 1]!;
      live.pop();
    }
  }
  return steps;
}
