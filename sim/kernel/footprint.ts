/**
 * What one step touched: the objects (and `sim.struct` fields) it read or wrote, and
 * whether it read or advanced the clock. Recorded only when the strategy asks for it
 * (exhaustive search needs it to decide which steps commute); exploration leaves it off and
 * pays nothing. What each operation touches is its op module's to say (`ops/*.ts`).
 */
import type { OpKind } from '../effect';
import type { Access, StepInfo } from '../strategy/strategy';
import type { AccessTarget } from './rt';

export class Footprint implements StepInfo {
  gid = -1;
  key = '';
  accesses: Access[] = [];
  clockRead = false;
  clockWrite = false;
  completedAt = -1;

  /** Starts the footprint of another step (a new array: snapshots keep the old one). */
  reset(gid: number, key: string): void {
    this.gid = gid;
    this.key = key;
    this.accesses = [];
    this.clockRead = false;
    this.clockWrite = false;
    this.completedAt = -1;
  }

  /** Empties it for reuse as a scratch footprint (nobody keeps its array). */
  clear(): void {
    this.accesses.length = 0;
    this.clockRead = false;
    this.clockWrite = false;
    this.completedAt = -1;
  }

  /** Records an access to `t` (a write supersedes a read of the same target). */
  add(t: AccessTarget, write: boolean, op: OpKind | -1): void {
    const as = this.accesses;
    for (let i = 0; i < as.length; i++) {
      const a = as[i]!;
      if (a.key === t.key && a.id === t.id) {
        if (write && !a.write) as[i] = { id: t.id, key: t.key, kind: t.kind, write, op };
        return;
      }
    }
    as.push({ id: t.id, key: t.key, kind: t.kind, write, op });
  }

  /** A frozen copy for the strategy to keep. */
  snapshot(): StepInfo {
    return { gid: this.gid, key: this.key, accesses: this.accesses, clockRead: this.clockRead, clockWrite: this.clockWrite, completedAt: this.completedAt };
  }
}
