/**
 * Generated programs over every operation, for differential testing of the exhaustive
 * search (DPOR against plain DFS) and of replay: each program is 2–3 goroutines of a few
 * operations over one shared world, and records what each goroutine observed, so that two
 * searches can be compared by the outcomes they reach.
 *
 * Names are unique by construction (a child is named by its spawner and its count): the
 * kernel numbers repeated names in spawn order, which would make equivalent executions
 * look different.
 */
import fc from 'fast-check';
import { defineScenario, type Scenario, type Sim } from '..';

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

/** The record of the last execution that ran to its end (set by the program's at-end check). */
export const lastRecord = { value: '' };

/** The scenario of a generated program. */
export function programScenario(p: Program): Scenario {
  return defineScenario({
    name: 'generated',
    description: 'a generated program',
    variants: { v: 'generated' },
    timers: p.timers,
    // the ticker may fire between any two steps: without a quantum a search could fire it forever
    quantum: 4,
    setup(sim: Sim) {
      const m = sim.mutex('m');
      const rw = sim.rwmutex('rw');
      const cm = sim.cond('cm', m);
      const cr = sim.cond('cr', rw);
      const a = sim.atomic('a', 0);
      const ch0 = sim.chan<number>('ch0');
      const ch1 = sim.chan<number>('ch1', 1);
      const wg = sim.waitGroup('wg');
      const once = sim.once('once');
      const flags = { m: false, rw: false };
      const st = uses0(p, 'fields', 'fieldsRead', 'fieldsLocked', 'fieldInc') ? sim.struct('st', { x: 0, y: 0 }) : null;
      const logs: string[][] = p.gs.map(() => []);
      // timers only when the program uses them: each pending timer is a choice at every step
      const uses = (...ts: Op['t'][]): boolean => p.gs.some((ops) => ops.some((o) => ts.includes(o.t)));
      const T = uses('stop', 'reset')
        ? sim.afterFunc(2, 'T', function* () {
            yield* a.add(100);
          })
        : null;
      const tc = uses('timerRecv', 'timerStop', 'timerReset') ? sim.newTimer(3, 'tc') : null;
      const ticker = uses('tick') ? sim.newTicker(2, 'tk') : null;
      const groupSize = p.group?.size ?? 0;
      p.gs.forEach((prog, gi) => {
        const log = logs[gi]!;
        // what the goroutine sends: its index, or 0 for every member of the group (identical members)
        const id = gi < groupSize ? 0 : gi;
        let children = 0;
        const child = (body: () => Generator<unknown, void, unknown>): void => {
          sim.go(`g${gi}c${children++}`, body as never);
        };
        const go = gi < groupSize && p.group?.declared === true ? { symmetric: 'g' } : undefined;
        sim.go(`g${gi}`, function* () {
          for (const op of prog) {
            switch (op.t) {
              case 'lock':
                yield* m.lock();
                log.push(`l${yield* a.load()}`);
                yield* m.unlock();
                break;
              case 'tryLock':
                if (yield* m.tryLock()) {
                  log.push(`tl${yield* a.load()}`);
                  yield* m.unlock();
                } else log.push('tl-');
                break;
              case 'rlock':
                yield* rw.rlock();
                log.push(`r${yield* a.load()}`);
                yield* rw.runlock();
                break;
              case 'tryRLock':
                if (yield* rw.tryRLock()) {
                  log.push(`tr${yield* a.load()}`);
                  yield* rw.runlock();
                } else log.push('tr-');
                break;
              case 'wlock':
                yield* rw.lock();
                yield* a.add(1);
                yield* rw.unlock();
                break;
              case 'tryWLock':
                if (yield* rw.tryLock()) {
                  yield* a.add(1);
                  yield* rw.unlock();
                } else log.push('tw-');
                break;
              case 'load':
                log.push(`=${yield* a.load()}`);
                break;
              case 'store':
                yield* a.store(op.v);
                break;
              case 'add':
                log.push(`+${yield* a.add(1)}`);
                break;
              case 'cas':
                log.push(`c${String(yield* a.cas(op.v, op.v + 5))}`);
                break;
              case 'swap':
                log.push(`x${String(yield* a.swap(op.v))}`);
                break;
              case 'send0':
                yield* ch0.send(id);
                break;
              case 'recv0': {
                const [v, ok] = yield* ch0.recvOk();
                log.push(`<${v}${ok ? '' : '!'}`);
                break;
              }
              case 'send1':
                yield* ch1.send(id);
                break;
              case 'recv1': {
                const [v, ok] = yield* ch1.recvOk();
                log.push(`<<${v}${ok ? '' : '!'}`);
                break;
              }
              case 'close0':
                yield* ch0.close();
                break;
              case 'close1':
                yield* ch1.close();
                break;
              case 'select': {
                const cases = op.recv
                  ? op.same
                    ? [ch0.recv(), ch0.recvOk()]
                    : [ch0.recv(), ch1.recv()]
                  : op.same
                    ? [ch0.send(10 + id), ch0.send(20 + id)]
                    : [ch0.send(10 + id), ch1.send(20 + id)];
                const r = yield* sim.select(cases, { default: op.dflt });
                log.push(`s${r.index}:${String(r.value)}:${r.ok}`);
                break;
              }
              case 'waitM':
                yield* m.lock();
                if (!flags.m) yield* cm.wait();
                yield* m.unlock();
                break;
              case 'signalM':
                yield* m.lock();
                flags.m = true;
                yield* (op.all ? cm.broadcast() : cm.signal());
                yield* m.unlock();
                break;
              case 'waitRW':
                yield* rw.lock();
                if (!flags.rw) yield* cr.wait();
                yield* rw.unlock();
                break;
              case 'signalRW':
                yield* rw.lock();
                flags.rw = true;
                yield* (op.all ? cr.broadcast() : cr.signal());
                yield* rw.unlock();
                break;
              case 'wgSpawn':
                yield* wg.add(1);
                child(function* () {
                  yield* a.add(10);
                  yield* wg.done();
                });
                break;
              case 'wgWait':
                yield* wg.wait();
                log.push(`w${yield* a.load()}`);
                break;
              case 'once':
                yield* once.do(function* () {
                  yield* a.add(1000);
                });
                log.push(`o${yield* a.load()}`);
                break;
              case 'sleep':
                yield* sim.sleep(op.d);
                break;
              case 'now':
                log.push(`@${sim.now()}`);
                break;
              case 'random':
                log.push(`?${yield* sim.random(2)}`);
                break;
              case 'spawn':
                child(function* () {
                  yield* a.add(10);
                });
                break;
              case 'after':
                sim.afterFunc(op.d, `f${gi}.${children++}`, function* () {
                  yield* a.add(1000);
                });
                break;
              case 'stop':
                log.push(`S${String(yield* T!.stop())}`);
                break;
              case 'reset':
                log.push(`R${String(yield* T!.reset(op.d))}`);
                break;
              case 'timerRecv':
                if (op.poll) {
                  const r = yield* sim.select([tc!.C.recv()], { default: true });
                  log.push(`tc${r.index}:${String(r.value)}`);
                } else log.push(`tc:${String(yield* tc!.C.recv())}`);
                break;
              case 'timerStop':
                log.push(`TS${String(yield* tc!.stop())}`);
                break;
              case 'timerReset':
                log.push(`TR${String(yield* tc!.reset(op.d))}`);
                break;
              case 'tick': {
                const r = yield* sim.select([ticker!.C.recv()], { default: true });
                log.push(`k${r.index}:${String(r.value)}`);
                break;
              }
              case 'yield':
                yield* sim.yieldNow();
                break;
              case 'peek':
                log.push(`.${String(a.value)}`);
                break;
              case 'fields':
                st!.x = op.v;
                st!.y = op.v;
                break;
              case 'fieldsRead':
                log.push(`f${st!.x}.${st!.y}`);
                break;
              case 'fieldsLocked':
                yield* m.lock();
                st!.x = st!.x + op.v;
                log.push(`F${st!.y}`);
                st!.y = st!.x;
                yield* m.unlock();
                break;
              case 'fieldInc':
                st!.x = st!.x + 1;
                break;
              case 'spin': {
                // a spin-wait on another goroutine, bounded so that every program ends
                let k = 0;
                while ((yield* a.load()) === 0 && k++ < 4) yield* sim.yieldNow();
                log.push(`~${k}`);
                break;
              }
            }
          }
        }, go);
      });
      const inv = p.inv;
      if (inv !== undefined) {
        sim.invariant(`a is never ${inv.v}`, () => {
          if (a.value !== inv.v) return true;
          if (inv.also === 'chan' && ch1.len === 0) return true;
          if (inv.also === 'clock' && sim.now() === 0) return true;
          return `a is ${inv.v}`;
        });
      }
      sim.atEnd('record', () => {
        const texts = logs.map((l) => l.join(','));
        const members = texts.splice(0, groupSize).sort();
        lastRecord.value = `${members.length > 0 ? `${members.join(' | ')} || ` : ''}${texts.join(' | ')} ; a=${a.value} t=${sim.now()}${st !== null ? ` st=${st.x}.${st.y}` : ''}`;
        return true;
      });
    },
  });
}

function uses0(p: Program, ...ts: Op['t'][]): boolean {
  return p.gs.some((ops) => ops.some((o) => ts.includes(o.t)));
}

/** A program as readable text, for failure messages. */
export function programText(p: Program): string {
  const inv = p.inv === undefined ? '' : ` (invariant: a is never ${p.inv.v}${p.inv.also === 'eq' ? '' : p.inv.also === 'chan' ? ' while ch1 holds a value' : ' after t=0'})`;
  return `${p.timers}${inv}: ${p.gs.map((ops, i) => `g${i}: ${ops.map((o) => JSON.stringify(o)).join(' ')}`).join('; ')}`;
}
