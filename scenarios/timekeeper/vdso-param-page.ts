/**
 * gVisor's VDSO parameter page (`VDSOParamPage`, pkg/sentry/kernel/vdso.go): the page the
 * Timekeeper's updater writes clock calibration to, which the application's vDSO reads.
 * It lives in the sandbox's memory file, so it is saved with the sandbox: a write to it
 * while the sandbox is being saved corrupts the checkpoint.
 */
import type { Routine, Shared, Sim } from '../../sim';

/** gVisor's `vdsoParams`, the fields the model keeps (no cycles or frequency). */
export interface vdsoParams {
  readonly monotonicReady: number;
  readonly monotonicBaseRef: number;
  readonly realtimeReady: number;
  readonly realtimeBaseRef: number;
}

/** The page's contents: the sequence count and the parameters. */
export interface PageContents extends vdsoParams {
  /** Even between writes; advances by 2 per `Write`, as the original's seqcount does. */
  readonly seq: number;
}

/** The parameters meaning "not ready" (the zero `vdsoParams{}`). */
export const notReady: vdsoParams = { monotonicReady: 0, monotonicBaseRef: 0, realtimeReady: 0, realtimeBaseRef: 0 };

/**
 * `VDSOParamPage`: `page` is the memory, a race-checked `sim.shared` so that writes are
 * scheduling points and show in traces as `store(…)` on shared "params" (or "restored params",
 * the page of the restored sandbox).
 */
export class VDSOParamPage {
  /** The page in the memory file. */
  readonly page: Shared<PageContents>;
  /** The writer's copy of the sequence count (the original's `seq`); only `Write` changes it. */
  seq: number;

  /** `name`: the page's name in traces, `params` (the booted sandbox's) or `restored params` (the loaded one's). */
  constructor(sim: Sim, contents: PageContents, name = 'params') {
    this.page = sim.shared(name, contents);
    this.seq = contents.seq;
  }

  /**
   * `Write`: computes the parameters with `f` and writes them with the next sequence
   * count. The original bumps `seq` to odd, copies, and bumps it to even; here the whole
   * write is one store (one scheduling point), so readers never see a torn page.
   */
  *Write(f: () => vdsoParams): Routine<void> {
    const next = this.seq + 2;
    yield* this.page.store({ seq: next, ...f() });
    this.seq = next;
  }
}
