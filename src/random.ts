/**
 * The one seeded generator core every random choice in replbench draws from:
 * sfc32 (a "small fast chaotic" generator: 128 bits of state, 32-bit output,
 * only 32-bit additions, xors and shifts, which JavaScript defines exactly, so
 * a stream is bit-identical on every machine), its first 12 outputs discarded.
 *
 * How the state is seeded is each user's business: the lab and compare's
 * bootstrap draw from seededRandom (sfc32 seeded through splitmix32 from a
 * 32-bit number), the workload hashes its seed text with SHA-256
 * (src/workload/prng.ts). Names are mixed into seeds with FNV-1a. Not for
 * anything secret.
 * A leaf: imports nothing of replbench.
 */

/** A stream of uniform 32-bit unsigned integers. */
export type Uint32Stream = () => number;

/** sfc32 from four 32-bit state words (any integers; taken modulo 2^32), warmed up by 12 discarded outputs. */
export function sfc32(a0: number, b0: number, c0: number, d0: number): Uint32Stream {
  let a = a0 >>> 0;
  let b = b0 >>> 0;
  let c = c0 >>> 0;
  let d = d0 >>> 0;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** splitmix32: a stream that spreads a 32-bit seed over state words. */
export function splitmix32(seed: number): Uint32Stream {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 seeded through splitmix32 from a 32-bit seed. */
export function seededUint32(seed: number): Uint32Stream {
  const init = splitmix32(seed);
  const a = init();
  const b = init();
  const c = init();
  const d = init();
  return sfc32(a, b, c, d);
}

/** FNV-1a over the UTF-16 code units of `text`, from `basis` (FNV's offset basis unless given): a 32-bit unsigned integer. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a over `text` from a basis mixed with `seed`: a per-name 32-bit seed (compare derives one per series, so adding a series never changes another's result). */
export function hashSeed(seed: number, text: string): number {
  return fnv1a(text, (0x811c9dc5 ^ (seed >>> 0)) >>> 0);
}

const TWO_POW_32 = 4294967296;

/** A seeded stream of draws: the lab's lag samples, fault dice and event ids, compare's bootstrap resampling. */
export interface SeededRandom {
  /** Uniform in [0, 1), from one 32-bit output. */
  next(): number;
  /** Uniform integer in [0, n), n ≤ 2^32. */
  int(n: number): number;
  /** Uniform 32-bit unsigned integer: the raw output. */
  uint32(): number;
  /** Standard normal N(0, 1) (Box–Muller; the second deviate of a pair is kept for the next call). */
  normal(): number;
  /** An independent generator derived from this one's seed and a label; does not consume this stream. */
  fork(label: string): SeededRandom;
  /** 32 random hex digits, formatted like a UUID (not RFC 4122 random bits, just unique per stream). */
  uuid(): string;
}

/** sfc32 seeded through splitmix32 from a 32-bit seed, with the draws above. */
export function seededRandom(seed: number): SeededRandom {
  const next32 = seededUint32(seed);
  const next = (): number => next32() / TWO_POW_32;
  let spareNormal: number | undefined;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uint32: next32,
    normal: () => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => seededRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ fnv1a(label)) >>> 0),
    uuid: () => {
      const hex = Array.from({ length: 4 }, () => next32().toString(16).padStart(8, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
