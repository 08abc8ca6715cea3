/**
 * Channel and `select` cases ported from Go's runtime tests. Loop counts are cut to what
 * exhaustive search can enumerate (Go runs them thousands of times on real threads to hit
 * a window; we enumerate every window once).
 */
import { Millisecond } from '..';
import type { ConformanceCase } from './harness';

const CHAN_TEST = 'golang/go@6e9546e4a8b1eadba621fe49e42cbd0730fbcd46 src/runtime/chan_test.go';
const CHAN_GO = 'golang/go@7a524a103647d0b839ff133be1b1b866c92d11fb src/runtime/chan.go';

/** The cases of `go-chan.test.ts`. */
export const goChanCases: readonly ConformanceCase[] = [
  ...[0, 1].map(
    (cap): ConformanceCase => ({
      name: `TestChan/recv-from-empty-blocks/cap=${cap}`,
      source: `${CHAN_TEST}, TestChan ("Ensure that receive from empty chan blocks")`,
      expect: { holds: true },
      setup(sim) {
        const c = sim.chan<number>('c', cap);
        let recv1 = false;
        let recv2 = false;
        sim.go('main', function* () {
          sim.go('r1', function* () {
            yield* c.recv();
            recv1 = true;
          });
          sim.go('r2', function* () {
            yield* c.recvOk();
            recv2 = true;
          });
          yield* sim.sleep(Millisecond);
          sim.assert(!recv1 && !recv2, 'receive from empty chan');
          const a = yield* sim.select([c.recv()], { default: true });
          sim.assert(a.index === -1, 'non-blocking receive from empty chan did not take default');
          const b = yield* sim.select([c.recvOk()], { default: true });
          sim.assert(b.index === -1, 'non-blocking receive (v, ok) from empty chan did not take default');
          yield* c.send(0);
          yield* c.send(0);
        });
      },
    }),
  ),
  ...[0, 1, 2].map(
    (cap): ConformanceCase => ({
      name: `TestChan/send-to-full-blocks/cap=${cap}`,
      source: `${CHAN_TEST}, TestChan ("Ensure that send to full chan blocks")`,
      expect: { holds: true },
      setup(sim) {
        const c = sim.chan<number>('c', cap);
        const sent = sim.atomic('sent', 0);
        sim.go('main', function* () {
          for (let i = 0; i < cap; i++) yield* c.send(i);
          sim.go('sender', function* () {
            yield* c.send(0);
            yield* sent.store(1);
          });
          yield* sim.sleep(Millisecond);
          sim.assert((yield* sent.load()) === 0, 'send to full chan');
          const r = yield* sim.select([c.send(0)], { default: true });
          sim.assert(r.index === -1, 'non-blocking send to full chan did not take default');
          yield* c.recv();
        });
      },
    }),
  ),
  {
    name: 'TestChan/recv-from-closed/cap=2',
    source: `${CHAN_TEST}, TestChan ("Ensure that we receive 0 from closed chan")`,
    expect: { holds: true },
    outcomes: ['0 1 undefined undefined/false'],
    setup(sim, record) {
      const c = sim.chan<number>('c', 2);
      sim.go('main', function* () {
        yield* c.send(0);
        yield* c.send(1);
        yield* c.close();
        record(String(yield* c.recv()));
        record(String(yield* c.recv()));
        record(String(yield* c.recv()));
        const [v, ok] = yield* c.recvOk();
        record(`${String(v)}/${String(ok)}`);
      });
    },
  },
  ...[0, 1].map(
    (cap): ConformanceCase => ({
      name: `TestChan/close-unblocks-recv/cap=${cap}`,
      source: `${CHAN_TEST}, TestChan ("Ensure that close unblocks receive")`,
      expect: { holds: true },
      setup(sim) {
        const c = sim.chan<number>('c', cap);
        const done = sim.chan<boolean>('done');
        sim.go('main', function* () {
          sim.go('receiver', function* () {
            const [v, ok] = yield* c.recvOk();
            yield* done.send(v === undefined && !ok);
          });
          yield* sim.sleep(Millisecond);
          yield* c.close();
          sim.assert(yield* done.recv(), 'received non zero from closed chan');
        });
      },
    }),
  ),
  ...[0, 1, 3].map(
    (cap): ConformanceCase => ({
      name: `TestChan/fifo/cap=${cap}`,
      source: `${CHAN_TEST}, TestChan ("ensure that we receive them non-corrupted in FIFO order")`,
      expect: { holds: true },
      setup(sim) {
        const c = sim.chan<number>('c', cap);
        sim.go('main', function* () {
          sim.go('sender', function* () {
            for (let i = 0; i < 4; i++) yield* c.send(i);
          });
          for (let i = 0; i < 4; i++) {
            const v = yield* c.recv();
            sim.assert(v === i, `received ${String(v)}, expected ${i}`);
          }
        });
      },
    }),
  ),
  {
    name: 'TestChan/len-cap/cap=3',
    source: `${CHAN_TEST}, TestChan ("Test len/cap")`,
    expect: { holds: true },
    setup(sim) {
      const c = sim.chan<number>('c', 3);
      sim.go('main', function* () {
        sim.assert(c.len === 0 && c.cap === 3, `bad len/cap ${c.len}/${c.cap}`);
        for (let i = 0; i < 3; i++) yield* c.send(i);
        sim.assert(c.len === 3 && c.cap === 3, `bad len/cap ${c.len}/${c.cap}`);
      });
    },
  },
  {
    name: 'TestNonblockRecvRace',
    source: `${CHAN_TEST}, TestNonblockRecvRace`,
    expect: { holds: true },
    setup(sim) {
      const c = sim.chan<number>('c', 1);
      sim.go('main', function* () {
        yield* c.send(1);
        sim.go('g', function* () {
          const r = yield* sim.select([c.recv()], { default: true });
          sim.assert(r.index === 0, 'chan is not ready');
        });
        yield* c.close();
        yield* c.recv();
      });
    },
  },
  {
    name: 'TestNonblockSelectRace',
    source: `${CHAN_TEST}, TestNonblockSelectRace`,
    expect: { holds: true },
    setup(sim) {
      const done = sim.chan<boolean>('done', 1);
      const c1 = sim.chan<number>('c1', 1);
      const c2 = sim.chan<number>('c2', 1);
      sim.go('main', function* () {
        yield* c1.send(1);
        sim.go('g', function* () {
          const r = yield* sim.select([c1.recv(), c2.recv()], { default: true });
          yield* done.send(r.index !== -1);
        });
        yield* c2.send(1);
        yield* sim.select([c1.recv()], { default: true });
        sim.assert(yield* done.recv(), 'no chan is ready');
      });
    },
  },
  {
    name: 'TestNonblockSelectRace2',
    source: `${CHAN_TEST}, TestNonblockSelectRace2`,
    expect: { holds: true },
    setup(sim) {
      const done = sim.chan<boolean>('done', 1);
      const c1 = sim.chan<number>('c1', 1);
      const c2 = sim.chan<number>('c2');
      sim.go('main', function* () {
        yield* c1.send(1);
        sim.go('g', function* () {
          const r = yield* sim.select([c1.recv(), c2.recv()], { default: true });
          yield* done.send(r.index !== -1);
        });
        yield* c2.close();
        yield* sim.select([c1.recv()], { default: true });
        sim.assert(yield* done.recv(), 'no chan is ready');
      });
    },
  },
  ...[0, 3].map(
    (cap): ConformanceCase => ({
      name: `TestSelfSelect/cap=${cap}`,
      source: `${CHAN_TEST}, TestSelfSelect (2 iterations per goroutine instead of 1000)`,
      expect: { holds: true },
      setup(sim) {
        const wg = sim.waitGroup('wg', 2);
        const c = sim.chan<number>('c', cap);
        for (const p of [0, 1]) {
          sim.go(`p${p}`, function* () {
            for (let i = 0; i < 2; i++) {
              const sendFirst = p === 0 || i % 2 === 0;
              const r = yield* sim.select(sendFirst ? [c.send(p), c.recv()] : [c.recv(), c.send(p)]);
              const received = r.index === (sendFirst ? 1 : 0);
              sim.assert(!(cap === 0 && received && r.value === p), 'self receive');
            }
            yield* wg.done();
          });
        }
        sim.go('main', function* () {
          yield* wg.wait();
        });
      },
    }),
  ),
  {
    name: 'TestSelectDuplicateChannel',
    source: `${CHAN_TEST}, TestSelectDuplicateChannel`,
    expect: { holds: true },
    setup(sim) {
      const c = sim.chan<number>('c');
      const d = sim.chan<number>('d');
      const e = sim.chan<number>('e');
      sim.go('main', function* () {
        sim.go('A', function* () {
          yield* sim.select([c.recv(), c.recv(), d.recv()]);
          yield* e.send(9);
        });
        yield* sim.sleep(Millisecond);
        sim.go('B', function* () {
          yield* c.recv();
        });
        yield* sim.sleep(Millisecond);
        yield* d.send(7);
        yield* e.recv();
        yield* c.send(8);
      });
    },
  },
  {
    name: 'TestChanSendInterface',
    source: `${CHAN_TEST}, TestChanSendInterface`,
    expect: { holds: true },
    outcomes: ['-1 -1'],
    setup(sim, record) {
      const c = sim.chan<object>('c', 1);
      const m = {};
      sim.go('main', function* () {
        yield* c.send(m);
        record(String((yield* sim.select([c.send(m)], { default: true })).index));
        record(String((yield* sim.select([c.send(m), c.send({})], { default: true })).index));
      });
    },
  },
  {
    name: 'TestSelectFairness/both-ready',
    source: `${CHAN_TEST}, TestSelectFairness (Go picks uniformly among ready cases: both must be reachable)`,
    expect: { holds: true },
    outcomes: ['1', '2'],
    setup(sim, record) {
      const c1 = sim.chan<number>('c1', 1);
      const c2 = sim.chan<number>('c2', 1);
      sim.go('main', function* () {
        yield* c1.send(1);
        yield* c2.send(2);
        const r = yield* sim.select([c1.recv(), c2.recv()]);
        record(String(r.value));
      });
    },
  },
  {
    name: 'TestPseudoRandomSend/receiver-parked',
    source: `${CHAN_TEST}, TestPseudoRandomSend (both send cases of a blocking select reach a receiver already waiting)`,
    expect: { holds: true },
    outcomes: ['0', '1'],
    setup(sim, record) {
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('g', function* () {
          record(String(yield* c.recv()));
        });
        yield* sim.select([c.send(1), c.send(0)]);
      });
    },
  },
  {
    name: 'TestPseudoRandomSend/assert-first-case',
    source: `${CHAN_TEST}, TestPseudoRandomSend (a program that assumes the first case wins is wrong; issue 11, reproduction 1)`,
    expect: { fails: 'assertion', message: /received 0/ },
    setup(sim) {
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('g', function* () {
          const v = yield* c.recv();
          sim.assert(v === 1, `received ${String(v)}`);
        });
        yield* sim.select([c.send(1), c.send(0)]);
      });
    },
  },
  {
    name: 'TestPseudoRandomSend/two-channels-two-receivers',
    source: `${CHAN_TEST}, TestPseudoRandomSend (issue 11, reproduction 1 with two channels)`,
    expect: { fails: 'assertion', message: /second case/ },
    setup(sim) {
      const a = sim.chan<number>('a');
      const b = sim.chan<number>('b');
      sim.go('main', function* () {
        sim.go('ga', function* () {
          yield* a.recv();
        });
        sim.go('gb', function* () {
          yield* b.recv();
        });
        const r = yield* sim.select([a.send(1), b.send(2)]);
        sim.assert(r.index === 0, 'the select took its second case');
        yield* (r.index === 0 ? b.send(2) : a.send(1));
      });
    },
  },
  {
    name: 'closechan/close-of-closed-channel',
    source: `${CHAN_GO}, closechan (panic(plainError("close of closed channel")))`,
    expect: { fails: 'panic', message: /close of closed channel/ },
    setup(sim) {
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        yield* c.close();
        yield* c.close();
      });
    },
  },
  {
    name: 'chansend/send-on-closed-channel',
    source: `${CHAN_GO}, chansend (panic(plainError("send on closed channel")))`,
    expect: { fails: 'panic', message: /send on closed channel/ },
    setup(sim) {
      const c = sim.chan<number>('c', 1);
      sim.go('main', function* () {
        yield* c.close();
        yield* c.send(1);
      });
    },
  },
  {
    name: 'closechan/close-wakes-blocked-sender',
    source: `${CHAN_GO}, closechan ("release all writers (they will panic)")`,
    expect: { fails: 'panic', message: /send on closed channel/ },
    setup(sim) {
      const c = sim.chan<number>('c');
      sim.go('main', function* () {
        sim.go('sender', function* () {
          yield* c.send(1);
        });
        yield* sim.sleep(Millisecond);
        yield* c.close();
      });
    },
  },
];
