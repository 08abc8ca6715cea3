/**
 * What the shuttle ports share: the upstream commit they cite, and Rust's `thread::spawn` +
 * `JoinHandle::join` as a goroutine that hands its result over a channel of capacity 1.
 */
import type { Routine, Sim } from '..';

/** awslabs/shuttle at the commit every shuttle case cites (release 0.9.3). */
export const SHUTTLE = 'awslabs/shuttle@91e3cae8f73c2be3934960c46f8494a7ca981867';

/** `SHUTTLE shuttle/tests/basic/FILE.rs, test` with an optional note. */
export function shuttleSource(file: string, test: string, note?: string): string {
  return `${SHUTTLE} shuttle/tests/basic/${file}.rs, ${test}${note === undefined ? '' : ` (${note})`}`;
}

/** A spawned thread: `join` waits for its body to return and gives its result. */
export interface JoinHandle<T> {
  join(): Routine<T>;
}

/**
 * Rust's `thread::spawn(body)`: `body` runs as goroutine `name`; its result is sent on a
 * channel of capacity 1 (one extra step at its end), which `join` receives — so `join`
 * orders the thread's writes before the joiner's later reads, as Rust's `join` does.
 */
export function spawn<T>(sim: Sim, name: string, body: () => Routine<T>): JoinHandle<T> {
  const done = sim.chan<T>(`${name}.join`, 1);
  sim.go(name, function* () {
    yield* done.send(yield* body());
  });
  return {
    *join(): Routine<T> {
      return (yield* done.recv()) as T;
    },
  };
}
