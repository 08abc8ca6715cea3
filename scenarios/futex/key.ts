/**
 * `Key`, `getKey` and `bucketIndexForAddr`: what a futex waiter waits on and which bucket
 * it hashes to.
 *
 * Original: gVisor `pkg/sentry/kernel/futex/futex.go` (Copyright 2018 Google LLC,
 * Apache 2.0); copy at /work/shared/seeds/gvisor-futex.go.txt.
 *
 * Modelling choices: a `Key` is immutable plain data (it is only read under the bucket
 * lock), so `clone` returns it and `release` does nothing: the reference counting of
 * `MappingIdentity` is not modelled. `Mappable` is the name of the shared mapping.
 */
import type { Checker } from './checker';

/** Errors the futex calls return (gVisor's `syserror`/`linuxerr` values), or null for success. */
export type Errno = 'EAGAIN' | 'EINVAL' | 'ETIMEDOUT';
export const EAGAIN: Errno = 'EAGAIN';
export const EINVAL: Errno = 'EINVAL';
export const ETIMEDOUT: Errno = 'ETIMEDOUT';

/** `KeyKind`: the type of a Key. */
export type KeyKind =
  /** A private futex (FUTEX_PRIVATE_FLAG set). */
  | 'KindPrivate'
  /** A shared futex on a private memory mapping (interoperates with neither of the others). */
  | 'KindSharedPrivate'
  /** A shared futex on a memory mapping other than a private anonymous one. */
  | 'KindSharedMappable';

/** `Key`: something a futex waiter may wait on. */
export class Key {
  constructor(
    readonly Kind: KeyKind,
    /** The memory-mapped object; null unless Kind is KindSharedMappable. */
    readonly Mappable: string | null,
    /** The address (private kinds) or the offset into Mappable. */
    readonly Offset: number,
  ) {}

  /** Drops the MappingIdentity reference: not modelled. */
  release(): void {}

  /** Takes a MappingIdentity reference: not modelled; keys are immutable. */
  clone(): Key {
    return this;
  }

  /** Precondition: Kind is KindPrivate or KindSharedPrivate. */
  addr(): number {
    return this.Offset;
  }

  /** Whether a wakeup on k2 should wake a waiter waiting on this key. */
  matches(k2: Key): boolean {
    return this.Kind === k2.Kind && this.Mappable === k2.Mappable && this.Offset === k2.Offset;
  }

  /** `0x1000` or `shm+0x1000`. */
  toString(): string {
    return `${this.Mappable === null ? '' : `${this.Mappable}+`}0x${this.Offset.toString(16)}`;
  }
}

/** The zero Key a fresh Waiter holds. */
export const ZERO_KEY = new Key('KindPrivate', null, 0);

/** `getKey`: the Key representing address addr in c; EINVAL if addr is not 4-aligned. */
export function getKey(c: Checker, addr: number, priv: boolean): [Key, Errno | null] {
  // Ensure the address is aligned. It must be a DWORD boundary.
  if ((addr & 0x3) !== 0) return [ZERO_KEY, EINVAL];
  if (priv) return [new Key('KindPrivate', null, addr), null];
  return c.GetSharedKey(addr);
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
