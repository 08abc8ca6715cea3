/**
 * gVisor's VDSO parameter page: the page the Timekeeper writes clock calibration to under a
 * sequence count, and the application's vDSO reads with a seqlock loop.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/vdso.go` lines 27–170 (`vdsoParams`,
 * `VDSOParamPage`, `incrementSeq`, `Write`), and the reader side `vdso/vdso_time.cc` lines
 * 32–167 (`struct params`, `ClockRealtime`, `ClockMonotonic`) with `vdso/seqlock.h` lines
 * 26–35 (`read_seqcount_begin`, `read_seqcount_retry`).
 *
 * The page is memory of the sandbox (saved with it). Its words are `sim.atomic`s: the
 * writer swaps the count (`safemem.SwapUint64`) and copies the parameters word by word;
 * the C reader loads them between barriers. A seqlock's data words race by design, which
 * is why they are atomics (C11's relaxed atomics) and not race-checked fields. The
 * MonotonicRaw words are left out (`monotonicRawAlias` is always 1 here); each clock keeps
 * `ready`, `base_cycles` and `base_ref` (the frequency is always 1 cycle/ns).
 */
import type { Atomic, Routine, Sim } from '../../sim';
import { GoPanic } from './model';

/** gVisor's `vdsoParams`, the words the model keeps. */
export interface vdsoParams {
  readonly monotonicReady: number;
  readonly monotonicBaseCycles: number;
  readonly monotonicBaseRef: number;
  readonly realtimeReady: number;
  readonly realtimeBaseCycles: number;
  readonly realtimeBaseRef: number;
}

/** `vdsoParams{}`: the parameters meaning "not ready". */
export const notReady: vdsoParams = Object.freeze({ monotonicReady: 0, monotonicBaseCycles: 0, monotonicBaseRef: 0, realtimeReady: 0, realtimeBaseCycles: 0, realtimeBaseRef: 0 });

/** What the state file holds of the page: its memory, and the writer's `seq`. */
export interface SavedPage extends vdsoParams {
  readonly seq_count: number;
  readonly seq: number;
}

/** The page's memory: `struct params` of vdso_time.cc, one atomic word each. */
export class PageMemory {
  readonly seq_count: Atomic<number>;
  readonly monotonic_ready: Atomic<number>;
  readonly monotonic_base_cycles: Atomic<number>;
  readonly monotonic_base_ref: Atomic<number>;
  readonly realtime_ready: Atomic<number>;
  readonly realtime_base_cycles: Atomic<number>;
  readonly realtime_base_ref: Atomic<number>;

  constructor(sim: Sim, name: string, init: SavedPage) {
    this.seq_count = sim.atomic(`${name}.seq_count`, init.seq_count);
    this.monotonic_ready = sim.atomic(`${name}.monotonic_ready`, init.monotonicReady);
    this.monotonic_base_cycles = sim.atomic(`${name}.monotonic_base_cycles`, init.monotonicBaseCycles);
    this.monotonic_base_ref = sim.atomic(`${name}.monotonic_base_ref`, init.monotonicBaseRef);
    this.realtime_ready = sim.atomic(`${name}.realtime_ready`, init.realtimeReady);
    this.realtime_base_cycles = sim.atomic(`${name}.realtime_base_cycles`, init.realtimeBaseCycles);
    this.realtime_base_ref = sim.atomic(`${name}.realtime_base_ref`, init.realtimeBaseRef);
  }
}

/** `VDSOParamPage`: the page's memory and the writer's copy of the count. */
export class VDSOParamPage {
  readonly mem: PageMemory;
  /** The writer's fields, race-checked (`struct "params"`): `seq`, saved with the kernel. */
  private readonly f: { seq: number };

  /** `name`: `params` (the booted sandbox's page) or `restored params`. */
  constructor(
    sim: Sim,
    readonly name: string,
    init: SavedPage,
  ) {
    this.mem = new PageMemory(sim, name, init);
    this.f = sim.struct(name, { seq: init.seq });
  }

  /** The current sequence count written to the page; a write is in progress while it is odd. */
  get seq(): number {
    return this.f.seq;
  }

  /** `incrementSeq`: swaps in `seq + 1`; an error if the page held another count. */
  private *incrementSeq(): Routine<string | null> {
    const next = this.f.seq + 1;
    const old = yield* this.mem.seq_count.swap(next);
    if (old !== this.f.seq) {
      return `unexpected VDSOParamPage seq value: got ${old} expected ${this.f.seq}; application may hang or get incorrect time from the VDSO`;
    }
    this.f.seq = next;
    return null;
  }

  /**
   * `Write`: starts a write block (odd count), calls `f` for the parameters, writes them word
   * by word in `vdsoParams` order, and ends the block (even count). Returns an error or null.
   */
  *Write(f: () => vdsoParams): Routine<string | null> {
    if ((this.f.seq + 1) % 2 !== 1) throw new GoPanic('Out-of-order sequence count');
    const begin = yield* this.incrementSeq();
    if (begin !== null) return begin;
    const p = f();
    const m = this.mem;
    yield* m.monotonic_ready.store(p.monotonicReady);
    yield* m.monotonic_base_cycles.store(p.monotonicBaseCycles);
    yield* m.monotonic_base_ref.store(p.monotonicBaseRef);
    yield* m.realtime_ready.store(p.realtimeReady);
    yield* m.realtime_base_cycles.store(p.realtimeBaseCycles);
    yield* m.realtime_base_ref.store(p.realtimeBaseRef);
    return yield* this.incrementSeq();
  }

  /**
   * What `state.Save` copies: the memory file's words (read directly, as the memory file
   * save does, outside the race detector) and `seq` (a race-checked read: a write by an
   * updater still running during the save is a data race, as Go's race detector sees it).
   */
  save(): SavedPage {
    const m = this.mem;
    return {
      seq_count: m.seq_count.value,
      monotonicReady: m.monotonic_ready.value,
      monotonicBaseCycles: m.monotonic_base_cycles.value,
      monotonicBaseRef: m.monotonic_base_ref.value,
      realtimeReady: m.realtime_ready.value,
      realtimeBaseCycles: m.realtime_base_cycles.value,
      realtimeBaseRef: m.realtime_base_ref.value,
      seq: this.f.seq,
    };
  }
}

/** A fresh page: zero count, not ready. */
export function NewVDSOParamPage(sim: Sim, name = 'params'): VDSOParamPage {
  return new VDSOParamPage(sim, name, { ...notReady, seq_count: 0, seq: 0 });
}
