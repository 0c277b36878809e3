/**
 * A small seeded pseudo-random generator for the lab (lag samples, fault
 * dice, event ids), so a lab run with the same seed makes the same choices.
 * sfc32 seeded through splitmix32: fast, 32-bit state words, good enough for
 * simulation (not for anything secret). The core is src/random.ts.
 */
import { fnv1a, seededUint32 } from '../random.ts';

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** An independent generator derived from this one's seed and a label; does not consume this stream. */
  fork(label: string): Prng;
  /** 32 random hex digits, formatted like a UUID (not RFC 4122 random bits, just unique per stream). */
  uuid(): string;
}

export function createPrng(seed: number): Prng {
  const nextU32 = seededUint32(seed);
  let spareNormal: number | undefined;
  const prng: Prng = {
    next: () => nextU32() / 4294967296,
    normal: () => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      let u = 0;
      while (u === 0) u = prng.next();
      const v = prng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label: string) => createPrng((Math.imul(seed >>> 0, 0x9e3779b1) ^ fnv1a(label)) >>> 0),
    uuid: () => {
      const hex = Array.from({ length: 4 }, () => nextU32().toString(16).padStart(8, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
  };
  return prng;
}
