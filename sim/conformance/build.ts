/**
 * Builders for the conformance tables, so a case reads as what it tests: `port` names a
 * case and cites its upstream test in one line, and a few helpers spell the idioms Go's
 * tests repeat (`for i < n { go f(i) }`, `for i < n { <-c }`, a `select` with a `default`
 * that must not find a value, a call under a lock). The helpers only group effects a
 * goroutine yields anyway: a program written with them takes the same steps, in the same
 * order, on the same objects as the same program written out.
 *
 * @example
 *   const mutexTest = portsFrom('golang/go@0556e26… src/sync/mutex_test.go');
 *   mutexTest('TestMutexMisuse/Mutex.Unlock', 'the process dies').fails('panic', (sim) => { … }, /unlocked/i);
 */
import type { Chan, Effect, Mutex, Routine, RWMutex, Sim, ViolationKind } from '..';
import type { ConformanceCase, Expect } from './harness';

/** A case's program (see `ConformanceCase.setup`). */
export type Setup = ConformanceCase['setup'];

/** What a case may add to its name, citation and verdict; `test` overrides the cited test's name. */
export type PortOptions = Omit<ConformanceCase, 'name' | 'source' | 'expect' | 'setup'> & { readonly test?: string };

/** A case whose name and citation are known: its verdict and program complete it. */
export interface Port {
  /** Every interleaving is fine: `dfs` must exhaust `setup` with no violation. */
  holds(setup: Setup): ConformanceCase;
  /** Some interleaving of `setup` fails with `kind` (and a message matching `message`, if given). */
  fails(kind: ViolationKind, setup: Setup, message?: RegExp): ConformanceCase;
  /** The verdict as a value, for tables whose verdict varies with a parameter. */
  expects(expect: Expect, setup: Setup): ConformanceCase;
}

/**
 * The cases ported from one upstream file. `port(name, note, options)` cites
 * `file, Test (note)`, where `Test` is `name` up to its first `/` (a variant suffix) unless
 * `options.test` names it.
 *
 * @example
 *   const chanTest = portsFrom(`${GO}2bd616b… src/runtime/race/testdata/chan_test.go`);
 *   chanTest('TestNoRaceChanSync').holds((sim) => { … });
 *   // source: "golang/go@2bd616b… src/runtime/race/testdata/chan_test.go, TestNoRaceChanSync"
 */
export function portsFrom(file: string): (name: string, note?: string, options?: PortOptions) => Port {
  return (name, note, options = {}) => {
    const { test = name.split('/')[0]!, ...rest } = options;
    const head = { name, source: `${file}, ${test}${note === undefined ? '' : ` (${note})`}` };
    const make = (expect: Expect, setup: Setup): ConformanceCase => ({ ...head, expect, ...rest, setup });
    return {
      holds: (setup) => make({ holds: true }, setup),
      fails: (kind, setup, message) => make(message === undefined ? { fails: kind } : { fails: kind, message }, setup),
      expects: make,
    };
  };
}

/** `for i := 0; i < n; i++ { go body(i) }`: goroutines named `${prefix}${i}`, started in order. */
export function goEach(sim: Sim, prefix: string, n: number, body: (i: number) => Routine<void>): void {
  for (let i = 0; i < n; i++) sim.go(`${prefix}${i}`, () => body(i));
}

/** `for i := 0; i < n; i++ { <-c }`. */
export function* recvN<T>(c: Chan<T>, n: number): Routine<void> {
  for (let i = 0; i < n; i++) yield* c.recv();
}

/**
 * `select { case <-c: t.Fatal(message); default: }`: an assertion violation if `c` has a
 * value (or a sender) ready.
 */
export function* notReady<T>(sim: Sim, c: Chan<T>, message: string): Routine<void> {
  const r = yield* sim.select([c.recv()], { default: true });
  sim.assert(r.index === -1, message);
}

/** `m.Lock(); body(); m.Unlock()`: `body` runs its effects with `m` held. */
export function* locked<T>(m: Mutex | RWMutex, body: () => Iterable<Effect, T, unknown>): Routine<T> {
  yield* m.lock();
  const v = yield* body();
  yield* m.unlock();
  return v;
}

/**
 * Go's `go f(); go g(); …; <-done; <-done`: starts each body as a goroutine (named by its
 * key, in order) that ends with `done <- true`; `wait` then receives once per body.
 */
export function signalling(sim: Sim, done: Chan<boolean>, bodies: Readonly<Record<string, () => Routine<void>>>): { wait(): Routine<void> } {
  const names = Object.keys(bodies);
  for (const name of names) {
    const body = bodies[name]!;
    sim.go(name, function* () {
      yield* body();
      yield* done.send(true);
    });
  }
  return { wait: () => recvN(done, names.length) };
}
