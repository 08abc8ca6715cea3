/**
 * Cases from shuttle's `tests/basic/mpsc.rs`, mapped onto Go channels: `sync_channel(n)` is
 * a channel of capacity n (0: rendezvous), the unbounded `channel()` a channel with room
 * for every message the case sends, dropping the last `Sender` is `close`, and `recv()`
 * returning `Err(RecvError)` is a receive that reports the channel closed.
 *
 * Not ported: dropping the `Receiver` (a later `send` returns an error in Rust; Go has no
 * receiver side to drop, a send just blocks or buffers) and shuttle's vector-clock probes
 * (`check_clock`), whose Go counterpart is the race detector the `go-race.ts` cases test.
 */
import type { Routine } from '..';
import type { ConformanceCase } from './harness';
import { shuttleSource, spawn } from './shuttle-thread';

const mpscRs = (test: string, note?: string): string => shuttleSource('mpsc', test, note);

/** The cases of `mpsc.rs`. */
export const shuttleMpscCases: readonly ConformanceCase[] = [
  {
    name: 'mpsc/mpsc_loom_basic_sequential_usage',
    source: mpscRs('mpsc_loom_basic_sequential_usage'),
    expect: { holds: true },
    outcomes: ['5'],
    setup(sim, record) {
      const ch = sim.chan<number>('channel', 1);
      sim.go('main', function* () {
        yield* ch.send(5);
        const val = yield* ch.recv();
        sim.assert(val === 5, `received ${String(val)}`);
        record(String(val));
      });
    },
  },
  {
    name: 'mpsc/mpsc_loom_basic_parallel_usage',
    source: mpscRs('mpsc_loom_basic_parallel_usage'),
    expect: { holds: true },
    outcomes: ['5'],
    setup(sim, record) {
      const ch = sim.chan<number>('channel', 1);
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* ch.send(5);
        });
        const val = yield* ch.recv();
        sim.assert(val === 5, `received ${String(val)}`);
        record(String(val));
      });
    },
  },
  ...(['mpsc_loom_commutative_senders', 'mpsc_loom_non_commutative_senders1', 'mpsc_loom_non_commutative_senders2'] as const).map(
    (test): ConformanceCase => ({
      name: `mpsc/${test}`,
      source: mpscRs(test, test === 'mpsc_loom_commutative_senders' ? 'the sum of both messages is 11 in either order' : '#[should_panic(expected = "expected panic: sends can happen in any order")]'),
      expect: test === 'mpsc_loom_commutative_senders' ? { holds: true } : { fails: 'assertion', message: /sends can happen in any order/ },
      ...(test === 'mpsc_loom_commutative_senders' ? { outcomes: ['5 6', '6 5'] } : {}),
      setup(sim, record) {
        const ch = sim.chan<number>('channel', 2);
        sim.go('main', function* () {
          sim.go('sender1', function* () {
            yield* ch.send(5);
          });
          sim.go('sender2', function* () {
            yield* ch.send(6);
          });
          const first = (yield* ch.recv())!;
          if (test === 'mpsc_loom_non_commutative_senders1') sim.assert(first === 5, 'expected panic: sends can happen in any order');
          if (test === 'mpsc_loom_non_commutative_senders2') sim.assert(first === 6, 'expected panic: sends can happen in any order');
          const second = (yield* ch.recv())!;
          sim.assert(first + second === 11, `sum is ${first + second}`);
          record(`${first} ${second}`);
        });
      },
    }),
  ),
  ...([['mpsc_drop_sender_unbounded', 1], ['mpsc_drop_sender_bounded', 10], ['mpsc_drop_sender_rendezvous', 0]] as const).map(
    ([test, cap]): ConformanceCase => ({
      name: `mpsc/${test}`,
      source: mpscRs(test, 'dropping the only sender is close: the receive reports it'),
      expect: { holds: true },
      outcomes: ['ok=false'],
      setup(sim, record) {
        const ch = sim.chan<number>('channel', cap);
        function* receive(): Routine<void> {
          const [, ok] = yield* ch.recvOk();
          sim.assert(!ok, 'recv on a closed, empty channel returned a value');
          record(`ok=${String(ok)}`);
        }
        sim.go('main', function* () {
          switch (test) {
            case 'mpsc_drop_sender_unbounded': // a thread drops the sender, main receives
              sim.go('thread', function* () {
                yield* ch.close();
              });
              yield* receive();
              break;
            case 'mpsc_drop_sender_bounded': // a thread receives, main drops the sender
              sim.go('thread', receive);
              yield* ch.close();
              break;
            case 'mpsc_drop_sender_rendezvous': // one thread: drop, then receive
              yield* ch.close();
              yield* receive();
              break;
          }
        });
      },
    }),
  ),
  {
    name: 'mpsc/mpsc_buffering_behavior',
    source: mpscRs('mpsc_buffering_behavior', 'std::sync::mpsc::Receiver doc example: values sent before the sender disconnects are still received'),
    expect: { holds: true },
    outcomes: ['1 2 3 closed'],
    setup(sim, record) {
      const ch = sim.chan<number>('channel', 3);
      sim.go('main', function* () {
        const handle = spawn(sim, 'thread', function* (): Routine<void> {
          yield* ch.send(1);
          yield* ch.send(2);
          yield* ch.send(3);
          yield* ch.close();
        });
        yield* handle.join();
        for (let want = 1; want <= 3; want++) {
          const [v, ok] = yield* ch.recvOk();
          sim.assert(ok && v === want, `received ${String(v)} (ok ${String(ok)}), want ${want}`);
          record(String(v));
        }
        const [, ok] = yield* ch.recvOk();
        sim.assert(!ok, 'a fourth value after close');
        record(ok ? 'open' : 'closed');
      });
    },
  },
  {
    name: 'mpsc/mpsc_bounded_sum',
    source: mpscRs('mpsc_bounded_sum', 'five sends on a channel of capacity 5, summed by a receiver thread'),
    expect: { holds: true },
    outcomes: ['5'],
    setup(sim, record) {
      const ch = sim.chan<number>('sync_channel', 5);
      sim.go('main', function* () {
        sim.go('sender', function* () {
          for (let i = 0; i < 5; i++) yield* ch.send(1);
        });
        const handle = spawn(sim, 'receiver', function* (): Routine<number> {
          let sum = 0;
          for (let i = 0; i < 5; i++) sum += (yield* ch.recv())!;
          return sum;
        });
        const r = yield* handle.join();
        sim.assert(r === 5, `sum is ${r}`);
        record(String(r));
      });
    },
  },
  ...([['mpsc_bounded_sender_buffered', 10], ['mpsc_bounded_sender_blocked', 11]] as const).map(([test, sends]): ConformanceCase => ({
    name: `mpsc/${test}`,
    source: mpscRs(test, sends === 10 ? 'ten sends fill a channel of capacity 10 without blocking' : '#[should_panic(expected = "deadlock")]: the eleventh send blocks, nobody receives'),
    expect: sends === 10 ? { holds: true } : { fails: 'deadlock' },
    setup(sim) {
      const ch = sim.chan<number>('sync_channel', 10);
      sim.go('main', function* () {
        const handle = spawn(sim, 'thread', function* (): Routine<number> {
          for (let i = 0; i < sends; i++) yield* ch.send(1);
          return 42;
        });
        const r = yield* handle.join();
        sim.assert(r === 42, `join gave ${r}`);
      });
    },
  })),
  {
    name: 'mpsc/mpsc_rendezvous_channel',
    source: mpscRs('mpsc_rendezvous_channel'),
    expect: { holds: true },
    outcomes: ['53'],
    setup(sim, record) {
      const ch = sim.chan<number>('sync_channel', 0);
      sim.go('main', function* () {
        sim.go('thread', function* () {
          yield* ch.send(53);
        });
        const v = yield* ch.recv();
        sim.assert(v === 53, `received ${String(v)}`);
        record(String(v));
      });
    },
  },
  {
    name: 'mpsc/mpsc_rendezvous_sender_block',
    source: mpscRs('mpsc_rendezvous_sender_block', '#[should_panic(expected = "deadlock")]: a send on a rendezvous channel with no receiver blocks forever'),
    expect: { fails: 'deadlock' },
    setup(sim) {
      const ch = sim.chan<number>('sync_channel', 0);
      sim.go('main', function* () {
        yield* ch.send(53);
        yield* ch.recv();
        yield* ch.recv();
      });
    },
  },
  {
    name: 'mpsc/mpsc_rendezvous_two_threads',
    source: mpscRs('mpsc_rendezvous_two_threads'),
    expect: { holds: true },
    outcomes: ['10 20', '20 10'],
    setup(sim, record) {
      const ch = sim.chan<number>('sync_channel', 0);
      sim.go('main', function* () {
        sim.go('sender1', function* () {
          yield* ch.send(10);
        });
        sim.go('sender2', function* () {
          yield* ch.send(20);
        });
        const v1 = (yield* ch.recv())!;
        const v2 = (yield* ch.recv())!;
        sim.assert(v1 + v2 === 30, `sum is ${v1 + v2}`);
        record(`${v1} ${v2}`);
      });
    },
  },
  {
    name: 'mpsc/mpsc_rendezvous_transfer_receiver',
    source: mpscRs('mpsc_rendezvous_transfer_receiver', 'the receiving end of a rendezvous channel is handed to another thread over a second channel'),
    expect: { holds: true },
    setup(sim) {
      const rx2 = sim.chan<number>('rendezvous', 0);
      const tx1 = sim.chan<typeof rx2>('transfer', 1);
      sim.go('main', function* () {
        sim.go('first', function* () {
          const p = yield* rx2.recv();
          sim.assert(p === 10, `first received ${String(p)}`);
          yield* tx1.send(rx2);
        });
        const handle = spawn(sim, 'second', function* (): Routine<void> {
          const rx = (yield* tx1.recv())!;
          const q = yield* rx.recv();
          sim.assert(q === 20, `second received ${String(q)}`);
        });
        yield* rx2.send(10);
        yield* rx2.send(20);
        yield* handle.join();
      });
    },
  },
];
