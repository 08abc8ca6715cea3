/**
 * The seeded generator behind every random choice: sfc32 (Chris Doty-Humphrey's Small
 * Fast Chaotic PRNG), seeded through seedrandom's `alea` from the user's seed and mixed
 * with the execution number, so execution i of seed s draws the same numbers in every
 * process, worker and shard.
 */
import seedrandom from 'seedrandom';

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private readonly base: readonly [number, number, number, number];

  /** @param seed any integer or string; the same seed gives the same sequence. */
  constructor(seed: number | string) {
    const alea = seedrandom.alea(String(seed));
    this.base = [alea.int32() >>> 0, alea.int32() >>> 0, alea.int32() >>> 0, alea.int32() >>> 0];
    this.reseed(0);
  }

  /** Restart the sequence for sub-stream `k` (the execution number). */
  reseed(k: number): void {
    const m = splitmix32(k >>> 0) ^ splitmix32(Math.floor(k / 4294967296) + 0x51ed27);
    this.a = this.base[0] ^ m;
    this.b = this.base[1] ^ splitmix32(m);
    this.c = this.base[2];
    this.d = this.base[3] | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return t >>> 0;
  }

  /** A uniform integer in `0..n-1` (n ≥ 1). */
  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
