/**
 * A caller that schedules a Job which may still be scheduled: IP reassembly's release job
 * (google/gvisor@3c5eee17dc45 pkg/tcpip/network/internal/fragmentation/fragmentation.go).
 *
 * `NewFragmentation` makes `releaseJob = tcpip.NewJob(f.clock, &f.mu,
 * f.releaseReassemblersLocked)` (line 143). `Process` pushes a new reassembler and, when the
 * list was empty, calls `releaseReassemblersLocked` (lines 186–197), which schedules the
 * job for the oldest reassembler's expiry (lines 274–291). A packet completed in time is
 * released (`release`, lines 212–214, 240–268) but the job is never cancelled, so the next
 * packet that finds the list empty calls `Schedule` on a Job that is still scheduled: the
 * old instance stays armed and can no longer be cancelled (timer.go 144–145 asks callers
 * not to). `releaseReassemblersLocked` is idempotent, so the extra run only re-examines the
 * list; the checks are what fragmentation needs, and the ghost counts the armed instances.
 */
import type { Routine, Sim } from '../../sim';
import { SimClock, type MutexLocker } from './clock';
import { letter, Ledger } from './ghost';
import { NewJob, type Job, type JobVariant } from './job';

/** The fragmentation driver's parameters. */
export interface FragmentationParams {
  /** Packets, each arriving after the previous one completed. */
  readonly rounds: number;
  /** `f.timeout`, virtual ns. */
  readonly delay: number;
  /** Virtual ns between a packet's first and last fragment (and between packets). */
  readonly hold: number;
}

/** One `reassembler` (guarded by f.mu): its creation time, and whether `release` took it off the list. */
export interface Reassembler {
  readonly id: number;
  readonly createdAt: number;
  released: boolean;
  timedOut: boolean;
  /** When `release` took it off the list (virtual ns). */
  releasedAt: number;
}

/** Spawns `Process` and the checks; returns the release job's ledger (`maxPending`: the most instances armed at once). */
export function driveFragmentation(sim: Sim, variant: JobVariant, p: FragmentationParams, mu: MutexLocker): Ledger {
  const ghost = new Ledger('release');
  /** `f.rList` (newest first), guarded by f.mu. A field holding a new array on every change. */
  const f = sim.struct('f', { rList: [] as readonly Reassembler[] });
  const all: Reassembler[] = [];
  /** `f.releaseJob` (set by NewFragmentation, read by releaseReassemblersLocked): a race-checked field. */
  const fj = sim.struct<{ releaseJob: Job | null }>('f.releaseJob', { releaseJob: null });

  function release(r: Reassembler, timedOut: boolean): void {
    if (r.released) return; // r.checkDoneOrMark()
    r.released = true;
    r.timedOut = timedOut;
    r.releasedAt = sim.now();
    f.rList = f.rList.filter((x) => x !== r);
  }

  /** `releaseReassemblersLocked`: the job's fn, and called by Process; f.mu held. */
  function* releaseReassemblersLocked(): Routine<void> {
    for (;;) {
      const list = f.rList;
      const r = list[list.length - 1]; // the oldest is at the back
      if (r === undefined) break;
      const elapsed = sim.now() - r.createdAt;
      if (p.delay > elapsed) {
        yield* fj.releaseJob!.Schedule(p.delay - elapsed);
        break;
      }
      release(r, true);
    }
  }

  /** The job's fn: NewJob calls back with f.mu held. */
  function* fn(): Routine<void> {
    const caller = ghost.running?.name ?? 'nobody';
    sim.assert(mu.holder === caller, `fn runs without ${mu.name} held by its caller ${caller} (held by ${mu.holder ?? 'nobody'})`);
    ghost.fnCalled();
    yield* releaseReassemblersLocked();
  }

  sim.go('Process', function* () {
    fj.releaseJob = NewJob({ sim, variant, ghost }, new SimClock(sim, (n) => `release ${letter(n)}`), mu, fn, 'releaseJob');
    for (let i = 0; i < p.rounds; i++) {
      // The first fragment of packet i.
      yield* mu.Lock();
      // Its fields are race-checked (a struct is stored in the list as a reference).
      const r: Reassembler = sim.struct(`reassembler ${i}`, { id: i, createdAt: sim.now(), released: false, timedOut: false, releasedAt: -1 });
      all.push(r);
      const wasEmpty = f.rList.length === 0;
      f.rList = [r, ...f.rList];
      if (wasEmpty) yield* releaseReassemblersLocked();
      yield* mu.Unlock();
      if (p.hold > 0) yield* sim.sleep(p.hold);
      // Its last fragment: done, release it.
      yield* mu.Lock();
      release(r, false);
      yield* mu.Unlock();
      if (p.hold > 0) yield* sim.sleep(p.hold);
    }
  });

  sim.invariant('each release instance runs fn at most once', () => ghost.checkInstances());
  sim.atEnd('every reassembler is released', () => allReleased(all, ghost));
  return ghost;
}

/** The at-end check: every reassembler was released (by its last fragment or by the release job). */
export function allReleased(all: readonly Reassembler[], ghost: Ledger): true | string {
  const left = all.filter((r) => !r.released).map((r) => r.id);
  return left.length === 0 || `reassemblers ${left.join(', ')} were never released; ${ghost.summary()}`;
}
