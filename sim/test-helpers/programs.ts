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
import { defineScenario, type Scenario, type Sim } from '..';
import { uses0, type Op, type Program } from './program-arb';

export * from './program-arb';

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
