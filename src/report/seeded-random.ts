/**
 * A small seeded PRNG for the statistics in compare (bootstrap resampling): the same
 * seed gives the same stream on every machine, so a comparison is reproducible.
 * sfc32 (a well-tested 128-bit-state generator), seeded through splitmix32 from a
 * 32-bit seed; streams for different series are derived by hashing their names
 * (FNV-1a), so adding a series never changes another one's result. The core is
 * src/random.ts, the same stream as the lab's generator for the same seed.
 */
import { fnv1a, seededUint32 } from '../random.ts';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n), n ≤ 2^32. */
  int(n: number): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
}

/** FNV-1a over the UTF-16 code units of `text`, mixed with `seed`: a 32-bit unsigned integer. */
export function hashSeed(seed: number, text: string): number {
  return fnv1a(text, (0x811c9dc5 ^ (seed >>> 0)) >>> 0);
}

export function seededRandom(seed: number): SeededRandom {
  const next32 = seededUint32(seed);
  return {
    next: () => next32() / 4294967296,
    int: (n) => Math.floor((next32() / 4294967296) * n),
    uint32: next32,
  };
}
