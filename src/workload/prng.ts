/**
 * A small seeded pseudo-random number generator that yields the same sequence
 * on every machine, so that a scenario with `seed: 42` plans the same layer
 * sizes in CI, on a laptop and on every distributed worker.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, 128
 * bits of state, 32-bit output). Every step uses only 32-bit integer
 * additions, xors and shifts (`| 0`, `>>> 0`), which JavaScript defines
 * exactly, so the integer stream is bit-identical everywhere.
 *
 * Seeding: the seed (a string or a number; `42` and `"42"` are the same seed)
 * is hashed with SHA-256 under the domain string "replbench/prng/v1"; the first
 * 16 bytes of the hash, read as four big-endian uint32, are the initial state.
 * The first 12 outputs are discarded to mix the state further.
 *
 * `uniform()` builds a 53-bit fraction from two outputs, `int()` is unbiased
 * (rejection sampling) for ranges up to 2^32 values, and `normal()` is the
 * Box–Muller transform (it draws two uniforms, returns one normal and keeps the
 * second for the next call). Box–Muller needs Math.log/cos/sin/sqrt; V8
 * implements these with its own fdlibm port rather than the platform libm, so
 * they too agree across machines for a given Node.js release. The sfc32 core
 * is src/random.ts, shared with the lab's and compare's generators.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import { sfc32, type Uint32Stream } from '../random.ts';

/** A seed as written in a scenario: a string or a finite number (stringified, so 42 ≡ "42"). */
export type Seed = string | number;

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

/** Seeds the generator. Throws ConfigError for a non-finite number. */
export function createPrng(seed: Seed): Prng {
  return new Prng(seedText(seed));
}

/** The canonical text of a seed: what every derivation (PRNG, layer keys) hashes. */
export function seedText(seed: Seed): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new ConfigError(`expected a seed that is a string or a finite number, found ${seed}`);
    return String(seed);
  }
  if (typeof seed !== 'string') throw new ConfigError(`expected a seed that is a string or a number, found ${typeof seed}`);
  return seed;
}

export class Prng {
  readonly #next: Uint32Stream;
  #spareNormal: number | undefined;

  constructor(seed: string) {
    const h = createHash('sha256').update('replbench/prng/v1\0').update(seed, 'utf8').digest();
    this.#next = sfc32(h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12));
  }

  /** The next raw output: an integer in [0, 2^32). */
  nextUint32(): number {
    return this.#next();
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 2 ** 26 + lo) / TWO_POW_53;
  }

  /** A standard normal deviate (mean 0, standard deviation 1), by Box–Muller. */
  normal(): number {
    const spare = this.#spareNormal;
    if (spare !== undefined) {
      this.#spareNormal = undefined;
      return spare;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log never sees 0
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.#spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * A uniform integer in [min, max], both ends included. Both bounds must be
   * safe integers with min ≤ max. Exact (unbiased) for ranges of up to 2^32
   * values; wider ranges (sizes beyond 4 GiB) use a 53-bit fraction.
   */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs safe integers with min ≤ max, got ${min}, ${max}`);
    }
    const span = max - min + 1;
    if (span <= TWO_POW_32) {
      // Reject the top sliver that would make some results more likely than others.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return min + (x % span);
    }
    return Math.min(max, min + Math.floor(this.uniform() * span));
  }
}
