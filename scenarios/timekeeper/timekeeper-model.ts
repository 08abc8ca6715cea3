/**
 * gVisor's Timekeeper, modelled on the simulator's primitives.
 *
 * Original: gVisor pkg/sentry/kernel/timekeeper.go (seeds/gvisor-kernel-timekeeper.go.txt),
 * with `beforeSave`/`afterLoad` from pkg/sentry/kernel/timekeeper_state.go. Names follow
 * the original; every variant's difference is one `this.variant === …` test at the line
 * it changes.
 *
 * What is modelled and how:
 * - `clocks`: an atomic, because `GetTime` reads it unsynchronized (see the field).
 * - `monotonicOffset`, `bootTime`, `saveMonotonic`, `saveRealtime`: plain fields, written
 *   by one goroutine in the same step as (or before) whatever publishes them.
 * - `restored`, `stop`: channels; `mu`: a mutex; `wg`: a WaitGroup; the updater: a
 *   goroutine on a ticker of `updateInterval` (the original's `ApproxUpdateInterval`).
 * - `params`: the VDSO parameter page, whose writes are `sim.shared` stores.
 * - A Go panic is a thrown `GoPanic`, which the engine reports as a `panic` violation.
 */
import type { Atomic, Chan, Mutex, Routine, Sim, WaitGroup } from '../../sim';
import type { ClockID, Clocks } from './clocks';
import { notReady, VDSOParamPage, type PageContents, type vdsoParams } from './vdso-param-page';

/** The scenario's variants: `correct` and the four bugs (see README.md). */
export type TimekeeperVariant = 'correct' | 'negative-gap-applied' | 'restored-never-closed' | 'no-wait-before-setclocks' | 'stop-without-wait';

/** A Go `panic(…)`: thrown through the goroutine, reported by the engine as `panic: …`. */
export class GoPanic extends Error {
  override readonly name = 'panic';
}

/** What the state file holds of a Timekeeper: its savable fields and its page's memory. */
export interface SavedTimekeeper {
  readonly bootTime: number;
  readonly saveMonotonic: number;
  readonly saveRealtime: number;
  readonly params: PageContents;
}

/** A parameter write made by an updater that a `stopUpdater` had already stopped. */
export interface LateWrite {
  readonly updater: string;
  readonly seq: number;
  readonly at: number;
  /** The call that stopped it, and when it returned. */
  readonly stoppedBy: 'PauseUpdates' | 'Destroy';
  readonly stoppedAt: number;
}

/** `Timekeeper`: manages the kernel clocks. */
export class Timekeeper {
  // Saved fields.
  /** The realtime when the system booted (SetClocks of the initial, not restored, run). */
  bootTime = 0;
  /** The (offset) monotonic time at save; valid only if `restored` is non-null. */
  saveMonotonic = 0;
  /** The realtime at save; valid only if `restored` is non-null. */
  saveRealtime = 0;
  /** The parameter page. */
  readonly params: VDSOParamPage;

  // state:"nosave" fields: zero in a freshly loaded Timekeeper.
  /**
   * The clock source; set only once, by SetClocks. Invariant: null until SetClocks. An
   * atomic (`atomic "clocks"`): `GetTime` tests it for nil without synchronization (a
   * racy pointer read in Go), and exhaustive search must see that read and the write in
   * SetClocks as conflicting steps, or it would never order a restored task's GetTime
   * before SetClocks. Reads that synchronization orders (after `<-restored`, in the
   * updater, in the checks) use `.value`.
   */
  readonly clocks: Atomic<Clocks | null>;
  /** Added to the monotonic clock's output; set only once, by SetClocks. */
  monotonicOffset = 0;
  /** Non-null if restored from a state file; the clocks are not set until it is closed. */
  restored: Chan<void> | null = null;
  /** Protects destruction with stop and wg. */
  readonly mu: Mutex;
  /** Tells the update goroutine to exit. Invariant: non-null exactly while an updater is started. */
  stop: Chan<void> | null = null;
  /** Done when the update goroutine has exited. */
  readonly wg: WaitGroup;

  // Checker bookkeeping (not in the original): which updaters were stopped, and when.
  /** Updater goroutines started so far; the n-th has generation n. */
  private updaters = 0;
  /** Updaters of generation ≤ this were stopped by a PauseUpdates or Destroy that returned. */
  private stoppedThrough = 0;
  private stoppedBy: LateWrite['stoppedBy'] = 'PauseUpdates';
  private stoppedAt = 0;
  /** The first parameter write by an already stopped updater, if any. */
  lateWrite: LateWrite | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly variant: TimekeeperVariant,
    private readonly updateInterval: number,
    params: VDSOParamPage,
  ) {
    this.params = params;
    this.clocks = sim.atomic<Clocks | null>('clocks', null);
    this.mu = sim.mutex('mu');
    this.wg = sim.waitGroup('wg');
  }

  /**
   * SetClocks: sets the backing clock source, exactly once, before the Timekeeper is
   * used, and again after load. A fresh sentry's monotonic time starts at 0; a restored
   * one resumes at `saveMonotonic`, moved forward by the realtime that passed since the
   * save, and not moved if realtime went backwards.
   */
  *SetClocks(c: Clocks): Routine<void> {
    // Mark the params "not ready": calibration restarts on this new machine.
    if (this.restored !== null) yield* this.params.Write(() => notReady);
    if (this.clocks.value !== null) throw new GoPanic('SetClocks called on previously-initialized Timekeeper');
    yield* this.clocks.store(c);
    let wantMonotonic = 0;
    const nowMonotonic = c.GetTime('Monotonic');
    const nowRealtime = c.GetTime('Realtime');
    if (this.restored !== null) {
      wantMonotonic = this.saveMonotonic;
      const elapsed = nowRealtime - this.saveRealtime;
      if (elapsed > 0 || this.variant === 'negative-gap-applied') wantMonotonic += elapsed;
    }
    this.monotonicOffset = wantMonotonic - nowMonotonic;
    if (this.restored === null) this.bootTime = nowRealtime; // hold on to the initial "boot" time
    yield* this.mu.lock();
    yield* this.startUpdater();
    if (this.restored !== null && this.variant !== 'restored-never-closed') yield* this.restored.close();
    yield* this.mu.unlock(); // defer t.mu.Unlock()
  }

  /** startUpdater: starts the update goroutine (mu must be held); a no-op if started. */
  *startUpdater(): Routine<void> {
    if (this.stop !== null) return; // Timekeeper already started
    this.stop = this.sim.chan<void>('stop');
    const timer = this.sim.newTicker(this.updateInterval, 'ticker');
    yield* this.wg.add(1);
    const t = this;
    const sim = this.sim;
    const gen = ++this.updaters;
    const g = sim.go('updater', function* () {
      // S/R-SAFE: stopped during save.
      for (;;) {
        // Start with an update immediately, so the clocks are ready ASAP.
        yield* t.params.Write(() => t.update());
        // Checker bookkeeping: a write by an updater that PauseUpdates or Destroy stopped.
        if (gen <= t.stoppedThrough && t.lateWrite === null) {
          t.lateWrite = { updater: g.name, seq: t.params.seq, at: sim.now(), stoppedBy: t.stoppedBy, stoppedAt: t.stoppedAt };
        }
        // `select { case <-timer.C: case <-t.stop: }` reads t.stop afresh on every
        // iteration; a nil channel's case never proceeds.
        const stop = t.stop;
        if (stop === null) {
          yield* timer.C.recv();
          continue;
        }
        const r = yield* sim.select([timer.C.recv(), stop.recv()]);
        if (r.index === 1) {
          yield* t.wg.done();
          // As in the original, the ticker is never stopped: a ticker nobody waits on does
          // not keep a run alive, so a goroutine blocked for good is still a deadlock.
          return;
        }
      }
    });
  }

  /** The update goroutine's parameters: `clocks.Update()`, monotonic shifted by the offset. */
  private update(): vdsoParams {
    const { monotonicParams, monotonicOk, realtimeParams, realtimeOk } = this.clocks.value!.Update();
    return {
      monotonicReady: monotonicOk ? 1 : 0,
      monotonicBaseRef: monotonicOk ? monotonicParams.BaseRef + this.monotonicOffset : 0,
      realtimeReady: realtimeOk ? 1 : 0,
      realtimeBaseRef: realtimeOk ? realtimeParams.BaseRef : 0,
    };
  }

  /** stopUpdater: stops the update goroutine, blocking until it exits (mu must be held). */
  *stopUpdater(): Routine<void> {
    if (this.stop === null) return; // Updater not running.
    yield* this.stop.close();
    if (this.variant === 'stop-without-wait') this.sim.note('stopUpdater: closed stop, returns without waiting for the updater');
    else yield* this.wg.wait();
    this.stop = null;
  }

  /** Destroy: stops the updater and waits for it. */
  *Destroy(): Routine<void> {
    yield* this.mu.lock();
    const gen = this.updaters;
    yield* this.stopUpdater();
    yield* this.mu.unlock();
    this.sim.note('Destroy returns');
    this.stoppedUpdaters(gen, 'Destroy');
  }

  /** PauseUpdates: stops parameter updates (only while tasks are not running). */
  *PauseUpdates(): Routine<void> {
    yield* this.mu.lock();
    const gen = this.updaters;
    yield* this.stopUpdater();
    yield* this.mu.unlock();
    this.sim.note('PauseUpdates returns');
    this.stoppedUpdaters(gen, 'PauseUpdates');
  }

  /** ResumeUpdates: restarts the parameter updates that PauseUpdates stopped. */
  *ResumeUpdates(): Routine<void> {
    yield* this.mu.lock();
    yield* this.startUpdater();
    yield* this.mu.unlock();
  }

  /**
   * GetTime: the clock's current time in nanoseconds. Before SetClocks it panics in a
   * fresh Timekeeper and waits for `restored` in a restored one.
   */
  *GetTime(c: ClockID): Routine<number> {
    let clocks = yield* this.clocks.load();
    if (clocks === null) {
      if (this.restored === null) throw new GoPanic('Timekeeper used before initialized with SetClocks');
      if (this.variant !== 'no-wait-before-setclocks') {
        yield* this.restored.recv();
        clocks = this.clocks.value; // close(restored) came after SetClocks set it
      }
    }
    if (clocks === null) throw new GoPanic('runtime error: invalid memory address or nil pointer dereference (GetTime read t.clocks before SetClocks)');
    let now = clocks.GetTime(c);
    if (c === 'Monotonic') now += this.monotonicOffset;
    return now;
  }

  /** beforeSave (timekeeper_state.go): records the offset monotonic time and the realtime. */
  *beforeSave(): Routine<void> {
    if (this.stop !== null) throw new GoPanic('pauseUpdates must be called before Save');
    this.saveMonotonic = yield* this.GetTime('Monotonic'); // N.B. the *offset* monotonic time
    this.saveRealtime = yield* this.GetTime('Realtime');
  }

  /** afterLoad (timekeeper_state.go): the clocks are unset until SetClocks closes `restored`. */
  afterLoad(): void {
    this.restored = this.sim.chan<void>('restored');
  }

  /** Bookkeeping: updaters up to generation `gen` must not write any more. */
  private stoppedUpdaters(gen: number, by: LateWrite['stoppedBy']): void {
    if (gen > this.stoppedThrough) {
      this.stoppedThrough = gen;
      this.stoppedBy = by;
      this.stoppedAt = this.sim.now();
    }
  }
}

/** NewTimekeeper: a Timekeeper with a fresh parameter page; SetClocks must be called before use. */
export function NewTimekeeper(sim: Sim, variant: TimekeeperVariant, updateInterval: number): Timekeeper {
  return new Timekeeper(sim, variant, updateInterval, new VDSOParamPage(sim, { seq: 0, ...notReady }));
}

/**
 * Saving a Timekeeper (Kernel.SaveTo → state.Save): `beforeSave`, then its savable
 * fields, and the page with the memory file. The page is copied with `.value` (no
 * scheduling point, no race check): the "no parameter write after PauseUpdates
 * returned" invariant, not the race detector, is the oracle for writes during a save.
 */
export function* save(t: Timekeeper): Routine<SavedTimekeeper> {
  yield* t.beforeSave();
  return { bootTime: t.bootTime, saveMonotonic: t.saveMonotonic, saveRealtime: t.saveRealtime, params: t.params.page.value };
}

/** Loading a Timekeeper in the new sandbox: the saved fields, zero nosave fields, then afterLoad. */
export function load(sim: Sim, variant: TimekeeperVariant, updateInterval: number, s: SavedTimekeeper): Timekeeper {
  const t = new Timekeeper(sim, variant, updateInterval, new VDSOParamPage(sim, s.params, 'restored params'));
  t.bootTime = s.bootTime;
  t.saveMonotonic = s.saveMonotonic;
  t.saveRealtime = s.saveRealtime;
  t.afterLoad();
  return t;
}
