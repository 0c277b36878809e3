/**
 * Where a number stops making sense. A scenario or a flag past one of these is
 * refused at once with a line naming the limit, instead of being accepted and
 * then burning the machine (a trillion images, a terabyte layer hashed before
 * the first byte is sent, a timer Node cannot hold). The README's "Limits"
 * section is this table; test/limits.test.ts keeps them equal.
 */
import { formatBytes } from './units.ts';

const GiB = 1024 ** 3;

export const LIMITS = {
  /** Images one run plans and pushes (every pushed image is watched in every replica and kept in memory as a record). */
  images: 1_000_000,
  /** Layers of one image, base layers included (docker refuses images past 127 layers; OCI sets no bound). */
  layers: 1000,
  /** Distinct layers of a run: images × own layers + base layers (each is a digest every watch and record carries). */
  layersPerRun: 5_000_000,
  /** One layer, and one upload chunk: above the largest layer registries accept (ECR ≈ 52 GB, Docker Hub 10 GB). */
  layerSizeBytes: 64 * GiB,
  /** Any rate (pushes, probes, load requests per second): more than one harness process can send. */
  ratePerSec: 100_000,
  /** Any duration: Node's timers hold at most 2^31 − 1 ms (24.8 days); a week is past any sensible run. */
  durationMs: 7 * 24 * 3600 * 1000,
  /** Images, pulls, blobs or connections in flight at once. */
  concurrency: 10_000,
  /** Repetitions (pull iterations) and other plain counts. */
  count: 1_000_000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** The limit as people read it: "64GiB", "7 days", "100000/s", "1000000". */
export function limitText(name: LimitName): string {
  const n = LIMITS[name];
  switch (name) {
    case 'layerSizeBytes':
      return formatBytes(n);
    case 'durationMs':
      return '7 days';
    case 'ratePerSec':
      return `${n}/s`;
    default:
      return String(n);
  }
}
