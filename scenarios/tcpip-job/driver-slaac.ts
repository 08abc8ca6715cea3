/**
 * Two Jobs sharing one lock, as upstream's own consumer has them: a SLAAC prefix's
 * `deprecationJob` and `invalidationJob`, both created with `&ndp.ep.mu`
 * (google/gvisor@3c5eee17dc45 pkg/tcpip/network/ipv6/ndp.go, `doSLAAC`, lines 1081–1157).
 *
 * The invalidation job's fn (`invalidateSLAACPrefix` → `cleanupSLAACPrefixResources`,
 * ndp.go 1678–1737) cancels *both* jobs and deletes the prefix, under the lock its own
 * callback holds. The deprecation job's fn panics if the prefix is gone ("ndp: must have a
 * slaacPrefixes entry for the deprecated SLAAC prefix", ndp.go 1097–1101). So when both
 * timers fire together, the deprecation instance that fired and waits for the lock must
 * return early once the invalidation ran: exactly what `earlyReturn` is for, across two
 * Jobs. The RA handler (`T1` here) refreshes both lifetimes `rounds` times with
 * Cancel + Schedule under the lock (ndp.go 1022–1027 and 1528–1533).
 */
import type { Routine, Sim } from '../../sim';
import { SimClock, type MutexLocker } from './clock';
import { letter, Ledger } from './ghost';
import { NewJob, type Job, type JobVariant } from './job';

/** The SLAAC driver's parameters. */
export interface SlaacParams {
  /** Lifetime refreshes (Cancel + Schedule of both jobs under the lock) after the prefix is set up. */
  readonly rounds: number;
  /** The preferred and valid lifetimes, virtual ns (equal: both jobs fire at the same instant). */
  readonly delay: number;
}

/** Spawns the RA handler and the checks. */
export function driveSlaac(sim: Sim, variant: JobVariant, p: SlaacParams, mu: MutexLocker): void {
  const depGhost = new Ledger('deprecation');
  const invGhost = new Ledger('invalidation');
  /** `ndp.slaacPrefixes[prefix]`, guarded by ndp.ep.mu. */
  const prefix = sim.struct('slaacPrefixes[prefix]', { present: false, deprecated: false, invalidated: false });
  /** The prefix state's two jobs (set by T1, read by the fns): race-checked fields. */
  const jobs = sim.struct<{ deprecationJob: Job | null; invalidationJob: Job | null }>('slaacPrefixState', { deprecationJob: null, invalidationJob: null });

  /** Asserts that the instance calling fn holds ndp.ep.mu (NewJob calls back with it held). */
  function holdsMu(ghost: Ledger): void {
    const caller = ghost.running?.name ?? 'nobody';
    sim.assert(mu.holder === caller, `fn runs without ${mu.name} held by its caller ${caller} (held by ${mu.holder ?? 'nobody'})`);
    ghost.fnCalled();
  }

  function* deprecate(): Routine<void> {
    holdsMu(depGhost);
    sim.assert(prefix.present, 'panic: ndp: must have a slaacPrefixes entry for the deprecated SLAAC prefix (the invalidation job deleted it and cancelled this job, which ran anyway)');
    prefix.deprecated = true; // deprecateSLAACAddress
  }

  function* invalidate(): Routine<void> {
    holdsMu(invGhost);
    sim.assert(prefix.present, 'panic: ndp: must have a slaacPrefixes entry for the invalidated SLAAC prefix');
    // invalidateSLAACPrefix → cleanupSLAACPrefixResources
    yield* jobs.deprecationJob!.Cancel();
    yield* jobs.invalidationJob!.Cancel();
    prefix.present = false; // delete(ndp.slaacPrefixes, prefix)
    prefix.invalidated = true;
  }

  sim.go('T1', function* () {
    yield* mu.Lock();
    // doSLAAC: the prefix's state and its two jobs, both on ndp.ep.mu.
    const depClock = new SimClock(sim, (n) => `deprecation ${letter(n)}`);
    const invClock = new SimClock(sim, (n) => `invalidation ${letter(n)}`);
    const deprecationJob = NewJob({ sim, variant, ghost: depGhost }, depClock, mu, deprecate, 'deprecationJob');
    const invalidationJob = NewJob({ sim, variant, ghost: invGhost }, invClock, mu, invalidate, 'invalidationJob');
    jobs.deprecationJob = deprecationJob;
    jobs.invalidationJob = invalidationJob;
    prefix.present = true;
    yield* deprecationJob.Schedule(p.delay);
    yield* invalidationJob.Schedule(p.delay);
    yield* mu.Unlock();
    // Router Advertisements refresh the lifetimes while the jobs may be firing.
    for (let r = 1; r <= p.rounds; r++) {
      yield* mu.Lock();
      if (prefix.present) {
        for (const j of [deprecationJob, invalidationJob]) {
          if (variant !== 'schedule-without-cancel') yield* j.Cancel();
          yield* j.Schedule(p.delay);
        }
      }
      yield* mu.Unlock();
    }
  });

  sim.invariant('each job runs fn at most once per instance, never after it was cancelled', () => {
    const d = depGhost.checkInstances();
    return d === true ? invGhost.checkInstances() : d;
  });
  sim.atEnd('the prefix is invalidated once its valid lifetime ran out', () =>
    prefix.invalidated || `the prefix was never invalidated; ${depGhost.summary()}; ${invGhost.summary()}`,
  );
}
