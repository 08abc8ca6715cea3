/**
 * gVisor's Timekeeper: the sandbox's monotonic and realtime clocks, served from the host's
 * clocks, kept in the VDSO parameter page by an updater goroutine that parks when idle, and
 * carried across a save/restore.
 *
 * Original: google/gvisor@3c5eee17 `pkg/sentry/kernel/timekeeper.go`: the struct 47–130,
 * `NewTimekeeper` 136–141, `SetClocks` 150–220, `Destroy` 393–398, `PauseUpdates` 403–407,
 * `ResumeUpdates` 410–414, `GetTime` 417–453, `BootTime` 456–458;
 * `timekeeper_state.go` lines 24–48 (`beforeSave`, `afterLoad`). The updater, `addRef`
 * and `release` are in updater.ts. Every variant's difference is one `variant === …` test.
 *
 * Fields: `clocks` is an atomic (see its comment); the other fields two goroutines touch
 * are `sim.struct` fields (`struct "Timekeeper"`), race-checked as Go's `-race` would;
 * `monotonicLowerBound`, `updaterState` and `refs` are atomics as upstream has them.
 */
import type { Atomic, Chan, Mutex, Routine, Sim, Timer, WaitGroup } from '../../sim';
import type { ClockID, Clocks } from './clocks';
import { GoPanic, type TimekeeperVariant } from './model';
import { addRef, release, startUpdater, stopUpdater, type UpdaterState } from './updater';
import { notReady, type VDSOParamPage } from './vdso-param-page';

/** What the state file holds of a Timekeeper (its savable fields). */
export interface SavedTimekeeper {
  readonly bootTime: number;
  readonly saveMonotonic: number;
  readonly saveRealtime: number;
}

/** The Timekeeper's race-checked fields (upstream's names and comments, timekeeper.go 47–130). */
export interface TimekeeperFields {
  /** The realtime when the system "booted": SetClocks of the initial (not restored) run. Saved. */
  bootTime: number;
  /** Offset applied to the monotonic clock's output; set only once, by SetClocks. nosave. */
  monotonicOffset: number;
  /** Non-null if restored from a state file; the clocks are not set until it is closed. nosave. */
  restored: Chan<void> | null;
  /** The (offset) monotonic time at save; valid only if `restored` is non-null. Saved. */
  saveMonotonic: number;
  /** The realtime at save; valid only if `restored` is non-null. Saved. */
  saveRealtime: number;
  /** Tells the update goroutine to exit; non-null exactly while it is started. nosave. */
  stop: Chan<void> | null;
  /** The timer that paces the updates. nosave. */
  timer: (Timer & { readonly C: Chan<number> }) | null;
  /** The vDSO parameter page kept updated. nosave. */
  params: VDSOParamPage | null;
}

export class Timekeeper {
  /**
   * The clock source, set only once, by SetClocks. Departure: a plain pointer field in Go,
   * read by `GetTime`'s nil check without synchronization (a data race for Go's race
   * detector whenever a `GetTime` overlaps `SetClocks`; FINDINGS.md); modelled as an atomic
   * pointer, which is what the nil check is on amd64, so that what follows the check can be
   * explored (`monotonicOffset`, written after it, is a race-checked field).
   */
  readonly clocks: Atomic<Clocks | null>;
  readonly f: TimekeeperFields;
  /** The lower bound for monotonic time. nosave. */
  readonly monotonicLowerBound: Atomic<number>;
  /** The updater's state (updater.ts); changed under `updateMu` but for addRef's idle→active CAS. nosave. */
  readonly updaterState: Atomic<UpdaterState>;
  /** (runningTasks > 0 ? 1 : 0) + GetTime calls in flight. nosave. */
  readonly refs: Atomic<number>;
  /** Protects destruction with stop and wg. */
  readonly mu: Mutex;
  /** Guards the parameter page's updates and `updaterState`, but for addRef's raise to active. */
  readonly updateMu: Mutex;
  /** Done when the update goroutine has exited. */
  readonly wg: WaitGroup;

  /** Checker bookkeeping (not upstream): updater generations, and which were stopped when. */
  readonly gens = { started: 0, stoppedThrough: 0, stoppedBy: 'PauseUpdates' as 'PauseUpdates' | 'Destroy', stoppedAt: 0 };
  /** The first page write by an updater that a returned PauseUpdates or Destroy had stopped (checker bookkeeping). */
  lateWrite: { readonly updater: string; readonly seq: number; readonly at: number; readonly stoppedBy: string; readonly stoppedAt: number } | null = null;

  /** `name` prefixes the objects: `Timekeeper` (the booted sandbox's) or `restored Timekeeper`. */
  constructor(
    readonly sim: Sim,
    readonly variant: TimekeeperVariant,
    /** `sentrytime.ApproxUpdateInterval`. */
    readonly updateInterval: number,
    readonly name: string,
    saved: SavedTimekeeper | null,
  ) {
    this.clocks = sim.atomic<Clocks | null>(`${name}.clocks`, null);
    this.f = sim.struct<TimekeeperFields>(name, {
      bootTime: saved?.bootTime ?? 0,
      monotonicOffset: 0,
      restored: null,
      saveMonotonic: saved?.saveMonotonic ?? 0,
      saveRealtime: saved?.saveRealtime ?? 0,
      stop: null,
      timer: null,
      params: null,
    });
    this.monotonicLowerBound = sim.atomic(`${name}.monotonicLowerBound`, 0);
    this.updaterState = sim.atomic<UpdaterState>(`${name}.updaterState`, 'updaterStopped');
    this.refs = sim.atomic(`${name}.refs`, 0);
    this.mu = sim.mutex(`${name}.mu`);
    this.updateMu = sim.mutex(`${name}.updateMu`);
    this.wg = sim.waitGroup(`${name}.wg`);
  }

  /**
   * SetClocks: sets the clock source, once, before use and again after load. A fresh
   * sentry's monotonic time starts at 0; a restored one resumes at `saveMonotonic`, moved
   * forward by the realtime that passed since the save, and not moved if it went backwards.
   */
  *SetClocks(c: Clocks, params: VDSOParamPage): Routine<void> {
    const f = this.f;
    // Update the params, marking them "not ready", as we may need to restart calibration on this new machine.
    if (f.restored !== null) {
      const err = yield* params.Write(() => notReady);
      if (err !== null) throw new GoPanic(`unable to reset VDSO params: ${err}`);
    }
    if ((yield* this.clocks.load()) !== null) throw new GoPanic('SetClocks called on previously-initialized Timekeeper');
    yield* this.clocks.store(c);
    // (c.MonotonicRawEnabled() is false: monotonicRawClock stays nil.)
    let wantMonotonic = 0;
    const nowMonotonic = c.GetTime('Monotonic');
    const nowRealtime = c.GetTime('Realtime');
    if (f.restored !== null) {
      wantMonotonic = f.saveMonotonic;
      const elapsed = nowRealtime - f.saveRealtime;
      if (elapsed > 0 || this.variant === 'negative-gap-applied') wantMonotonic += elapsed;
    }
    f.monotonicOffset = wantMonotonic - nowMonotonic;
    if (f.restored === null) f.bootTime = nowRealtime; // Hold on to the initial "boot" time.
    yield* this.mu.lock();
    yield* startUpdater(this, params);
    const restored = f.restored;
    if (restored !== null && this.variant !== 'restored-never-closed') yield* restored.close();
    yield* this.mu.unlock(); // defer t.mu.Unlock()
  }

  /** Destroy: stops the updater and waits for it. */
  *Destroy(): Routine<void> {
    yield* this.mu.lock();
    const gen = this.gens.started;
    yield* stopUpdater(this);
    yield* this.mu.unlock();
    this.stopped(gen, 'Destroy');
  }

  /** PauseUpdates: stops parameter updates (only while tasks are not running and GetTime is not called internally). */
  *PauseUpdates(): Routine<void> {
    yield* this.mu.lock();
    const gen = this.gens.started;
    yield* stopUpdater(this);
    yield* this.mu.unlock();
    this.stopped(gen, 'PauseUpdates');
  }

  /** ResumeUpdates: restarts the parameter updates that PauseUpdates stopped. */
  *ResumeUpdates(params: VDSOParamPage): Routine<void> {
    yield* this.mu.lock();
    yield* startUpdater(this, params);
    yield* this.mu.unlock();
  }

  /**
   * GetTime: the clock's current time. Before SetClocks it panics in a fresh Timekeeper and
   * waits for `restored` in a restored one. The read holds a reference (`addRef`), so the
   * updater stays active during it; monotonic time never goes below the last value read.
   */
  *GetTime(c: ClockID): Routine<number> {
    if ((yield* this.clocks.load()) === null) {
      const restored = this.f.restored;
      // Before google/gvisor@1cd46c8dd (2018-07-12) a restored Timekeeper panicked too.
      if (restored === null || this.variant === 'no-wait-before-setclocks') throw new GoPanic('Timekeeper used before initialized with SetClocks');
      yield* restored.recv();
    }
    // Update the calibration if needed and keep the timekeeper calibrated during the read.
    yield* addRef(this);
    const clocks = (yield* this.clocks.load())!;
    let now = clocks.GetTime(c);
    if (c === 'Monotonic') {
      now += this.f.monotonicOffset;
      for (;;) {
        // It's possible that the clock is shaky … ensure that the monotonic time is always
        // bounded by the last time read.
        const oldLowerBound = yield* this.monotonicLowerBound.load();
        if (now < oldLowerBound) {
          now = oldLowerBound;
          break;
        }
        if (yield* this.monotonicLowerBound.cas(oldLowerBound, now)) break;
      }
    }
    yield* release(this); // defer t.release()
    return now;
  }

  /** BootTime: the system boot real time (a saved field, set by the first SetClocks). */
  BootTime(): number {
    return this.f.bootTime;
  }

  /** beforeSave: the offset monotonic time and the realtime at save. */
  *beforeSave(): Routine<void> {
    if (this.f.stop !== null) throw new GoPanic('pauseUpdates must be called before Save');
    if ((yield* this.clocks.load()) === null) {
      this.f.restored = null;
      return;
    }
    this.f.saveMonotonic = yield* this.GetTime('Monotonic'); // N.B. we want the *offset* monotonic time.
    this.f.saveRealtime = yield* this.GetTime('Realtime');
  }

  /** afterLoad: the clocks are unset until SetClocks closes `restored`. */
  afterLoad(): void {
    this.f.restored = this.sim.chan<void>(`${this.name}.restored`);
  }

  /** Checker bookkeeping: updaters up to generation `gen` must not write any more. */
  private stopped(gen: number, by: 'PauseUpdates' | 'Destroy'): void {
    this.sim.note(`${by} returns`);
    if (gen > this.gens.stoppedThrough) Object.assign(this.gens, { stoppedThrough: gen, stoppedBy: by, stoppedAt: this.sim.now() });
  }
}

/** NewTimekeeper: SetClocks must be called on it before it is usable. */
export function NewTimekeeper(sim: Sim, variant: TimekeeperVariant, updateInterval: number, name = 'Timekeeper'): Timekeeper {
  return new Timekeeper(sim, variant, updateInterval, name, null);
}

/** `state.Save` of a Timekeeper: `beforeSave`, then its savable fields. */
export function* save(t: Timekeeper): Routine<SavedTimekeeper> {
  yield* t.beforeSave();
  return { bootTime: t.f.bootTime, saveMonotonic: t.f.saveMonotonic, saveRealtime: t.f.saveRealtime };
}

/** `state.Load` of a Timekeeper in the new sandbox: the saved fields, zero nosave fields, then `afterLoad`. */
export function load(sim: Sim, variant: TimekeeperVariant, updateInterval: number, s: SavedTimekeeper, name = 'restored Timekeeper'): Timekeeper {
  const t = new Timekeeper(sim, variant, updateInterval, name, s);
  t.afterLoad();
  return t;
}
