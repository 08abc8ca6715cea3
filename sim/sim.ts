/**
 * `Sim`: what a scenario's `setup` and its goroutines use. One per execution.
 */
import { Effect, issue, OpKind, type Routine } from './effect';
import { Chan, selectEffect, type SelectResult, type SelectValue } from './primitives/chan';
import { Atomic, Shared } from './primitives/memory';
import { Cond, Mutex, Once, RWMutex, WaitGroup } from './primitives/sync';
import { Ticker, Timer } from './primitives/timer';
import type { Check, GoroutineHandle, Runtime } from './runtime';
import { declareSymmetric } from './strategy/symmetry';

/** Options of `go`. */
export interface GoOptions {
  /** A daemon goroutine may still be blocked when the run ends without that being a deadlock. */
  readonly daemon?: boolean;
  /**
   * A symmetry group: goroutines with the same group key run the same body on equal
   * arguments and nothing tells them apart but their identity, so exhaustive search (`dfs`)
   * explores one of them where they cannot yet be told apart (sim/strategy/symmetry.ts says
   * exactly what this promises). Members must run the same code (checked).
   *
   * @example
   *   for (let i = 0; i < 7; i++) sim.go(`worker${i}`, worker, { symmetric: 'worker' });
   */
  readonly symmetric?: string;
}

/**
 * The simulation, with Go semantics. Constructors, `go`, `afterFunc`, `now`, `assert`,
 * `invariant`, `atEnd` and `.value` are plain calls usable anywhere; every other method
 * returns an effect to `yield*` inside a goroutine.
 */
export interface Sim {
  /** Spawns a goroutine running the generator function `body`; its first step runs it to its first effect. */
  go(name: string, body: () => Routine<unknown>, opts?: GoOptions): GoroutineHandle;
  mutex(name: string): Mutex;
  rwmutex(name: string): RWMutex;
  /**
   * A condition variable named `name` on `locker` (a mutex, or an rwmutex's write lock):
   * `yield* c.wait()` releases the locker and re-acquires it before returning.
   *
   * @example
   *   const m = sim.mutex('m');
   *   const ready = sim.cond('ready', m);
   */
  cond(name: string, locker: Mutex | RWMutex): Cond;
  /**
   * The old argument order, still accepted: it prints a one-time deprecation note.
   *
   * @deprecated Use `cond(name, locker)`, name first like every other constructor.
   */
  cond(locker: Mutex | RWMutex, name: string): Cond;
  /** A WaitGroup whose counter starts at `count` (default 0). */
  waitGroup(name: string, count?: number): WaitGroup;
  once(name: string): Once;
  /** A channel with `cap` buffer slots (0, the default, is unbuffered). */
  chan<T>(name: string, cap?: number): Chan<T>;
  /** A race-checked variable. Creating one turns on data-race detection for the execution. */
  shared<T>(name: string, init: T): Shared<T>;
  atomic<T = number>(name: string, init: T): Atomic<T>;
  /**
   * Race-checked plain state: an object with `init`'s fields (and its type) whose every
   * read and write inside a goroutine is checked for data races, as Go's `-race`
   * instruments every access — a race names the field and both accesses. Not a
   * scheduling point (one with `preemptAtAccesses`). Values stored in it are frozen.
   *
   * @example
   *   const tk = sim.struct('tk', { clocks: 0, monotonicOffset: 0 });
   *   tk.clocks = 5;             // a recorded write
   *   const c = tk.clocks;       // a recorded read
   */
  struct<T extends object>(name: string, init: T): T;
  /**
   * Go's `select`: waits until one case can proceed and runs it; when several can, the
   * strategy picks (a recorded choice). With `{ default: true }` it never blocks and
   * returns index -1 when no case is ready.
   *
   * @example
   *   const r = yield* sim.select([jobs.recv(), quit.recv()]);
   *   if (r.index === 1) return;
   */
  select<C extends readonly Effect<unknown>[]>(cases: C, opts?: { default?: boolean }): Effect<SelectResult<SelectValue<C>>>;
  /** Virtual time in nanoseconds (not a scheduling point). */
  now(): number;
  /** Blocks for `ns` of virtual time (`sleep(0)` is a bare scheduling point). */
  sleep(ns: number): Effect<void>;
  /**
   * Go's `time.AfterFunc`: after `ns`, runs `body` as a new goroutine named `name`. A
   * pending timer keeps the run alive unless it is a daemon (by default: when armed by a
   * daemon goroutine); its body runs as a daemon goroutine when the timer is one.
   */
  afterFunc(ns: number, name: string, body: () => Routine<unknown>, opts?: TimerOptions): Timer;
  /** Go's `time.NewTimer`: after `ns`, sends the time on `timer.C`. */
  newTimer(ns: number, name?: string, opts?: TimerOptions): Timer & { readonly C: Chan<number> };
  /** Go's `time.After`: a channel that receives the time after `ns`. */
  after(ns: number, name?: string): Chan<number>;
  /** Go's `time.NewTicker`: sends the time on `C` every `ns`; never keeps a run alive by itself. */
  newTicker(ns: number, name?: string): Ticker;
  /** A value in `0..n-1`, chosen by the strategy and recorded in the schedule. */
  random(n: number): Effect<number>;
  /** A bare scheduling point (Go's `runtime.Gosched`). */
  yieldNow(): Effect<void>;
  /** Inside a goroutine (or a check): an `assertion` violation if `cond` is falsy. */
  assert(cond: unknown, message: string): void;
  /** Checked after every step: `true` holds; `false` or a message is an `invariant` violation. */
  invariant(name: string, check: Check): void;
  /** Checked when the run ends without another violation (and reported beside a deadlock). */
  atEnd(name: string, check: Check): void;
  /** Adds `text` to the trace of the current step, e.g. what an API returned (not a scheduling point). */
  note(text: string): void;
}

/** Options of `afterFunc` and `newTimer`. */
export interface TimerOptions {
  /** A daemon timer does not keep the run alive (default: whether the goroutine arming it is a daemon). */
  readonly daemon?: boolean;
}

export class SimImpl implements Sim {
  constructor(private readonly rt: Runtime) {}

  go(name: string, body: () => Routine<unknown>, opts?: GoOptions): GoroutineHandle {
    const h = this.rt.spawn(name, body, opts?.daemon === true);
    if (opts?.symmetric !== undefined) declareSymmetric(this, h, name, opts.symmetric, body);
    return h;
  }
  mutex(name: string): Mutex {
    return new Mutex(this.rt.newMutex(name), this.rt);
  }
  rwmutex(name: string): RWMutex {
    return new RWMutex(this.rt.newRWMutex(name), this.rt);
  }
  cond(name: string, locker: Mutex | RWMutex): Cond;
  cond(locker: Mutex | RWMutex, name: string): Cond;
  cond(a: string | Mutex | RWMutex, b: string | Mutex | RWMutex): Cond {
    let name = a;
    let locker = b;
    if (typeof a !== 'string' && typeof b === 'string') {
      [name, locker] = [b, a];
      deprecatedCondOrder();
    }
    if (typeof name !== 'string') throw new TypeError(`cond(name, locker): the name must be a string, got ${describeArg(name)}`);
    if (!(locker instanceof Mutex || locker instanceof RWMutex)) throw new TypeError(`cond("${name}", locker): the locker must be a sim.mutex() or sim.rwmutex(), got ${describeArg(locker)}`);
    return new Cond(this.rt.newCond(locker.ref, name));
  }
  waitGroup(name: string, count = 0): WaitGroup {
    return new WaitGroup(this.rt.newWaitGroup(name, count));
  }
  once(name: string): Once {
    return new Once(this.rt.newOnce(name));
  }
  chan<T>(name: string, cap = 0): Chan<T> {
    return new Chan<T>(this.rt, this.rt.newChan(name, cap));
  }
  shared<T>(name: string, init: T): Shared<T> {
    return new Shared<T>(this.rt, this.rt.newShared(name, init));
  }
  atomic<T = number>(name: string, init: T): Atomic<T> {
    return new Atomic<T>(this.rt, this.rt.newAtomic(name, init));
  }
  struct<T extends object>(name: string, init: T): T {
    return this.rt.newStruct(name, init);
  }
  select<C extends readonly Effect<unknown>[]>(cases: C, opts?: { default?: boolean }): Effect<SelectResult<SelectValue<C>>> {
    return selectEffect(cases, opts);
  }
  now(): number {
    return this.rt.now();
  }
  sleep(ns: number): Effect<void> {
    return issue(new Effect(OpKind.Sleep, null, ns));
  }
  afterFunc(ns: number, name: string, body: () => Routine<unknown>, opts?: TimerOptions): Timer {
    const { timer } = this.rt.newTimer('func', ns, name, body, opts?.daemon);
    return new Timer(this.rt, timer, undefined);
  }
  newTimer(ns: number, name = 'timer', opts?: TimerOptions): Timer & { readonly C: Chan<number> } {
    const { timer, chan } = this.rt.newTimer('chan', ns, name, null, opts?.daemon);
    return new Timer(this.rt, timer, new Chan<number>(this.rt, chan!)) as Timer & { readonly C: Chan<number> };
  }
  after(ns: number, name = 'after'): Chan<number> {
    return this.newTimer(ns, name).C;
  }
  newTicker(ns: number, name = 'ticker'): Ticker {
    const { timer, chan } = this.rt.newTimer('ticker', ns, name, null);
    return new Ticker(timer, new Chan<number>(this.rt, chan!));
  }
  random(n: number): Effect<number> {
    return issue(new Effect(OpKind.Random, null, n));
  }
  yieldNow(): Effect<void> {
    return issue(YIELD);
  }
  assert(cond: unknown, message: string): void {
    this.rt.assert(cond, message);
  }
  invariant(name: string, check: Check): void {
    this.rt.invariant(name, check);
  }
  atEnd(name: string, check: Check): void {
    this.rt.atEnd(name, check);
  }
  note(text: string): void {
    this.rt.note(text);
  }
}

/** The one `yieldNow` effect (effects without arguments carry no state, so one serves all). */
const YIELD: Effect<void> = new Effect(OpKind.Yield, null);

let condOrderNoted = false;

/** The one-time note (per thread) for `sim.cond(locker, name)`. */
function deprecatedCondOrder(): void {
  if (condOrderNoted) return;
  condOrderNoted = true;
  process.emitWarning('sim.cond(locker, name) is deprecated: write sim.cond(name, locker), name first like every other constructor', {
    type: 'DeprecationWarning',
    code: 'INTERLEAVE_COND_ORDER',
  });
}

function describeArg(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null || typeof x !== 'object') return String(x);
  return x.constructor?.name ?? 'an object';
}

/** Durations in virtual nanoseconds, as Go's `time` constants: `sim.sleep(5 * Millisecond)`. */
export const Nanosecond = 1;
/** A microsecond of virtual time: 1,000 ns. */
export const Microsecond = 1e3;
/** A millisecond of virtual time: 1,000,000 ns. */
export const Millisecond = 1e6;
/** A second of virtual time: 1,000,000,000 ns. */
export const Second = 1e9;
