/**
 * Records of moving images: pushes to the origin, pulls by workers from
 * endpoints, redirected blob downloads, arrivals a paced generator dropped,
 * and push attempts at read-only nodes.
 */
import { z } from 'zod';
import { count, nonNeg, str, type Frozen } from './fields.ts';

/** One image pushed to the origin; valueUs = first blob upload to the manifest PUT's 201. */
export const pushSchema = z.object({
  type: z.literal('push'),
  t: nonNeg,
  /** region defaults to the run's origin. */
  labels: z.object({ image: str, repo: str, region: str.optional() }),
  valueUs: nonNeg,
  digest: str.optional(),
  bytes: nonNeg.optional(),
});
export type PushEvent = Frozen<z.infer<typeof pushSchema>>;

/** One full pull (manifest and every blob) by a worker from an endpoint. */
export const pullSchema = z.object({
  type: z.literal('pull'),
  t: nonNeg,
  labels: z.object({ worker: str, endpoint: str, image: str, phase: z.enum(['cold', 'warm']) }),
  durationUs: nonNeg,
  ttfbUs: nonNeg,
  bytes: nonNeg,
});
export type PullEvent = Frozen<z.infer<typeof pullSchema>>;

/**
 * One blob download the registry redirected (ACR: 307 to its storage or data
 * endpoint), logged after its pull: valueUs = the redirect answer(s) from the
 * registry, storageUs = the storage host's time to headers. `storage` is the
 * region the storage host was placed in (src/measure/pull-redirect.ts), or
 * 'unknown'; outOfRegion = placed in another region than the endpoint.
 */
export const pullRedirectSchema = z.object({
  type: z.literal('pull-redirect'),
  t: nonNeg,
  labels: z.object({ worker: str, endpoint: str, storage: str }),
  valueUs: nonNeg,
  storageUs: nonNeg,
  /** host[:port] of the storage host (never its query). */
  host: str,
  outOfRegion: z.boolean(),
  image: str,
});
export type PullRedirectEvent = Frozen<z.infer<typeof pullRedirectSchema>>;

/**
 * Pulls a paced load generator was due to start and never did, per worker
 * region (k6's dropped_iterations: every VU was busy, or the time cap ran
 * out): that worker's pull series lost arrivals. t = when the count was taken.
 */
export const droppedArrivalsSchema = z.object({
  type: z.literal('dropped-arrivals'),
  t: nonNeg,
  labels: z.object({ worker: str }),
  count,
  /** Which generator dropped them ("k6"). */
  source: str,
});
export type DroppedArrivalsEvent = Frozen<z.infer<typeof droppedArrivalsSchema>>;

/** A push attempted at a ReadOnly node: `denied` (403 DENIED) is the expected outcome, `accepted` a violation. */
export const writeCheckSchema = z.object({
  type: z.literal('write-check'),
  t: nonNeg,
  labels: z.object({ region: str, image: str }),
  outcome: z.enum(['denied', 'accepted', 'errored']),
  /** HTTP status of the refusal (0: no answer). */
  status: nonNeg,
  message: str.optional(),
});
export type WriteCheckEvent = Frozen<z.infer<typeof writeCheckSchema>>;
