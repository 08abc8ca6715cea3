/**
 * The base of the kernel's object store: what every simulated object has. Each
 * primitive's own state is a subclass in its op module (`ops/mutex.ts`, `ops/chan.ts`…);
 * primitives (facades) hold these only as opaque `ObjectRef`s.
 */
import type { ObjectKind, ObjectRef } from '../effect';
import type { ObjectId } from '../ids';
import type { G } from './goroutine';

export abstract class Obj implements ObjectRef {
  abstract readonly kind: ObjectKind;
  /** Goroutines whose pending operation is enabled or not according to this object's state. */
  readonly waiters: G[] = [];
  /** Set while the object is queued for a recheck of its waiters at the end of the step. */
  dirty = false;
  /**
   * True for an unbuffered channel: there, who waits decides what is enabled (a send is
   * enabled iff another goroutine waits to receive), so registering changes it too.
   */
  rendezvous = false;
  /**
   * An interleaving-independent name (`<creator key>o<n>`), set only when footprints are
   * recorded: ids count creations globally, so they depend on the order; keys do not.
   */
  key = '';
  constructor(
    readonly id: ObjectId,
    readonly name: string,
  ) {}
}

/** One access remembered for race detection. */
export interface Access {
  gid: number;
  /** The accessor's own epoch at the access. */
  clock: number;
  step: number;
  op: string;
}
