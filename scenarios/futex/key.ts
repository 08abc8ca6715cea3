/**
 * `KeyKind`, `Key`, `getKey` and `bucketIndexForAddr`: what a futex waiter waits on and
 * which bucket it hashes to.
 *
 * Original: google/gvisor@1864d9d091cc pkg/sentry/kernel/futex/futex.go, lines 28–93
 * (`KeyKind`, `Key`, `release`, `clone`, `addr`, `matches`) and 329–368 (`getKey`,
 * `bucketIndexForAddr`).
 *
 * Modelling choices:
 * - A `Key` is an immutable value. Go's `release` clears the key in place
 *   (`k.Mappable = nil; k.MappingIdentity = nil`); here it returns the cleared key, and a
 *   caller holding the key in a `Waiter` field stores it back (`w.key = w.key.release()`),
 *   which is the same read and write of the field.
 * - `Mappable` is the name of the mapped object; `MappingIdentity` carries the reference
 *   count `clone` takes and `release` drops (a ghost counter the checks read: see
 *   `memory.ts`).
 * - `getKey` untags the address (`hostarch.UntaggedUserAddr`, since 1864d9d): the model's
 *   addresses carry no tag, so that is the identity.
 */
import type { MappingIdentity } from './memory';
import type { Target } from './target';

/** Errors the futex calls return (gVisor's `linuxerr` values), or null for success. */
export type Errno = 'EAGAIN' | 'EINVAL' | 'ETIMEDOUT' | 'ENOSYS' | 'EFAULT';
export const EAGAIN: Errno = 'EAGAIN';
export const EINVAL: Errno = 'EINVAL';
export const ETIMEDOUT: Errno = 'ETIMEDOUT';
export const ENOSYS: Errno = 'ENOSYS';
export const EFAULT: Errno = 'EFAULT';

/** `KeyKind`: the type of a Key. */
export type KeyKind =
  /** A private futex (a futex syscall with FUTEX_PRIVATE_FLAG set). */
  | 'KindPrivate'
  /** A shared futex on a private memory mapping (does not interoperate with KindPrivate). */
  | 'KindSharedPrivate'
  /** A shared futex on a memory mapping other than a private anonymous one. */
  | 'KindSharedMappable';

/** `Key`: something a futex waiter may wait on. Trace text: `0x1000`, `shared 0x1000`, `shm+0x4`. */
export class Key {
  constructor(
    readonly Kind: KeyKind,
    /** The memory-mapped object; null unless Kind is KindSharedMappable. */
    readonly Mappable: string | null,
    /** The MappingIdentity of Mappable (reference counted); null if Mappable is. */
    readonly MappingIdentity: MappingIdentity | null,
    /** The address (private kinds) or the offset into Mappable. */
    readonly Offset: number,
  ) {}

  /** `release`: drops the MappingIdentity reference and returns the cleared key. */
  release(): Key {
    this.MappingIdentity?.DecRef();
    if (this.Mappable === null && this.MappingIdentity === null) return this;
    return new Key(this.Kind, null, null, this.Offset);
  }

  /** `clone`: takes a MappingIdentity reference and returns the key. */
  clone(): Key {
    this.MappingIdentity?.IncRef();
    return this;
  }

  /** Precondition: Kind is KindPrivate or KindSharedPrivate. */
  addr(): number {
    return this.Offset;
  }

  /** Whether a wakeup on k2 should wake a waiter waiting on this key (MappingIdentity is ignored). */
  matches(k2: Key): boolean {
    return this.Kind === k2.Kind && this.Mappable === k2.Mappable && this.Offset === k2.Offset;
  }

  toString(): string {
    const off = `0x${this.Offset.toString(16)}`;
    switch (this.Kind) {
      case 'KindPrivate':
        return off;
      case 'KindSharedPrivate':
        return `shared ${off}`;
      case 'KindSharedMappable':
        return `${this.Mappable ?? '(released)'}+${off}`;
    }
  }
}

/** `Key{}`: what a fresh Waiter holds and what getKey returns with an error. */
export const ZERO_KEY = new Key('KindPrivate', null, null, 0);

/** `getKey`: the Key representing address addr in t; EINVAL if addr is not 4-aligned. */
export function getKey(t: Target, addr: number, priv: boolean): [Key, Errno | null] {
  // Ensure the address is aligned. It must be a DWORD boundary.
  if ((addr & 0x3) !== 0) return [ZERO_KEY, EINVAL];
  if (priv) return [new Key('KindPrivate', null, null, addr), null];
  return t.GetSharedKey(addr);
}

/**
 * `bucketIndexForAddr`: the original's hash, `(h1 + h2) % bucketCount`, with the bucket
 * count a parameter instead of 1 << 10. Adjacent words land in adjacent buckets, so with
 * 2 buckets 0x1000 and 0x1004 differ and 0x1000 and 0x1008 collide. Exact for addresses
 * below 2^53 (shifts are divisions, as JavaScript's `>>` is 32-bit).
 */
export function bucketIndexForAddr(addr: number, bucketCount: number): number {
  const shr = (n: number): number => Math.floor(addr / 2 ** n);
  const h1 = shr(2) + shr(12) + shr(22);
  const h2 = shr(32) + shr(42);
  return (h1 + h2) % bucketCount;
}
