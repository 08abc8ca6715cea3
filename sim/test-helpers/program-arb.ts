/**
 * The language of the generated programs (see `programs.ts`, which runs them): the
 * operations a goroutine may do, a program's shape, and the fast-check arbitraries that
 * generate them, with a program's text for failure messages.
 */
import fc from 'fast-check';

/** One operation of a generated goroutine. */
export type Op =
  | { t: 'lock' }
  | { t: 'tryLock' }
  | { t: 'rlock' }
  | { t: 'tryRLock' }
  | { t: 'wlock' }
  | { t: 'tryWLock' }
  | { t: 'load' }
  | { t: 'store'; v: number }
  | { t: 'add' }
  | { t: 'cas'; v: number }
  | { t: 'swap'; v: number }
  | { t: 'send0' }
  | { t: 'recv0' }
  | { t: 'send1' }
  | { t: 'recv1' }
  | { t: 'close0' }
  | { t: 'close1' }
  | { t: 'select'; recv: boolean; dflt: boolean; same: boolean }
  | { t: 'waitM' }
  | { t: 'signalM'; all: boolean }
  | { t: 'waitRW' }
  | { t: 'signalRW'; all: boolean }
  | { t: 'wgSpawn' }
  | { t: 'wgWait' }
  | { t: 'once' }
  | { t: 'sleep'; d: number }
  | { t: 'now' }
  | { t: 'random' }
  | { t: 'spawn' }
  | { t: 'after'; d: number }
  | { t: 'stop' }
  | { t: 'reset'; d: number }
  | { t: 'timerRecv'; poll: boolean }
  | { t: 'timerStop' }
  | { t: 'timerReset'; d: number }
  | { t: 'tick' }
  | { t: 'yield' }
  | { t: 'spin' }
  // a plain read of the atomic's `.value` inside the goroutine (no scheduling point)
  | { t: 'peek' }
  // sim.struct fields (see `structProgramArb`): two writes in one step, a read of both,
  // the same under the mutex, a read-modify-write
  | { t: 'fields'; v: number }
  | { t: 'fieldsRead' }
  | { t: 'fieldsLocked'; v: number }
  | { t: 'fieldInc' };

const c = <T extends Op['t']>(t: T): fc.Arbitrary<Op> => fc.constant({ t } as Op);
const small = fc.integer({ min: 1, max: 3 });

/** Any operation (weights favour the ones that interact). */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  c('lock'),
  c('tryLock'),
  c('rlock'),
  c('tryRLock'),
  c('wlock'),
  c('tryWLock'),
  c('load'),
  fc.record({ t: fc.constant('store' as const), v: small }),
  c('add'),
  fc.record({ t: fc.constant('cas' as const), v: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ t: fc.constant('swap' as const), v: small }),
  c('send0'),
  c('recv0'),
  c('send1'),
  c('recv1'),
  c('close0'),
  c('close1'),
  fc.record({ t: fc.constant('select' as const), recv: fc.boolean(), dflt: fc.boolean(), same: fc.boolean() }),
  c('waitM'),
  fc.record({ t: fc.constant('signalM' as const), all: fc.boolean() }),
  c('waitRW'),
  fc.record({ t: fc.constant('signalRW' as const), all: fc.boolean() }),
  c('wgSpawn'),
  c('wgWait'),
  c('once'),
  fc.record({ t: fc.constant('sleep' as const), d: fc.integer({ min: 0, max: 3 }) }),
  c('now'),
  c('random'),
  c('spawn'),
  fc.record({ t: fc.constant('after' as const), d: fc.integer({ min: 0, max: 3 }) }),
  c('stop'),
  fc.record({ t: fc.constant('reset' as const), d: small }),
  fc.record({ t: fc.constant('timerRecv' as const), poll: fc.boolean() }),
  c('timerStop'),
  fc.record({ t: fc.constant('timerReset' as const), d: small }),
  c('tick'),
  c('yield'),
  c('spin'),
  c('peek'),
);

/** A program: its goroutines' operations, and which Go timer semantics it runs under. */
export interface Program {
  readonly gs: readonly (readonly Op[])[];
  readonly timers: 'go1.23' | 'go1.22';
  /**
   * The first `size` goroutines are a group of identical members (for symmetry.ts): their
   * operations must be the same, they send the same values (as goroutine 0), and the record
   * lists their logs sorted, so outcomes are compared up to renaming them. `declared`: they
   * are started as one symmetric group (`{ symmetric: 'g' }`).
   */
  readonly group?: { readonly size: number; readonly declared: boolean };
  /**
   * An invariant checked after every step: the atomic never holds `v` — alone (`eq`), or
   * while the buffered channel holds a value (`chan`: read only when the atomic is `v`),
   * or once time has passed (`clock`).
   */
  readonly inv?: Inv | undefined;
}

/** See `Program.inv`. */
export interface Inv {
  readonly v: number;
  readonly also: 'eq' | 'chan' | 'clock';
}

/**
 * Operations for programs over `sim.struct` fields (for `preemptAtAccesses`): the field
 * operations, with the operations that order them (the mutex, atomics, spawns and timers,
 * which publish a step's writes early) and bare scheduling points.
 */
export const structOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ t: fc.constant('fields' as const), v: small }) },
  { weight: 2, arbitrary: c('fieldsRead') },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('fieldsLocked' as const), v: small }) },
  { weight: 1, arbitrary: c('fieldInc') },
  { weight: 1, arbitrary: c('lock') },
  { weight: 1, arbitrary: c('add') },
  { weight: 1, arbitrary: c('load') },
  { weight: 1, arbitrary: c('spawn') },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('after' as const), d: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: c('send1') },
  { weight: 1, arbitrary: c('recv1') },
  { weight: 1, arbitrary: c('yield') },
);

/** Programs over `sim.struct` fields: two goroutines of up to three operations, or three of up to two. */
export const structProgramArb: fc.Arbitrary<Program> = fc.record({
  gs: fc.oneof(
    fc.array(fc.array(structOpArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(structOpArb, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
  ),
  timers: fc.constant('go1.23' as const),
});

/** Two goroutines of up to three operations, or three of up to two (plain DFS must finish). */
export const programArb: fc.Arbitrary<Program> = fc.record({
  gs: fc.oneof(
    fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(opArb, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
  ),
  timers: fc.constantFrom('go1.23' as const, 'go1.22' as const),
  inv: fc.option(fc.record({ v: fc.constantFrom(1, 2, 11, 101), also: fc.constantFrom('eq' as const, 'chan' as const, 'clock' as const) }), { nil: undefined, freq: 3 }),
});

/** Some goroutine of `p` does one of the operations `ts`. */
export function uses0(p: Program, ...ts: Op['t'][]): boolean {
  return p.gs.some((ops) => ops.some((o) => ts.includes(o.t)));
}

/** A program as readable text, for failure messages. */
export function programText(p: Program): string {
  const inv = p.inv === undefined ? '' : ` (invariant: a is never ${p.inv.v}${p.inv.also === 'eq' ? '' : p.inv.also === 'chan' ? ' while ch1 holds a value' : ' after t=0'})`;
  return `${p.timers}${inv}: ${p.gs.map((ops, i) => `g${i}: ${ops.map((o) => JSON.stringify(o)).join(' ')}`).join('; ')}`;
}
