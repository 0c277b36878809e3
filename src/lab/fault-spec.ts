/**
 * The faults the lab can inject, as data: the same shapes appear in a lab
 * config's `faults:` list (active from the start) and in the JSON body of
 * POST /faults on the control endpoint.
 *
 * - down:          the region refuses connections (and drops open ones).
 * - stall:         replication into the region stops; queued copies land once cleared.
 * - error-rate:    a fraction of requests to the region answer 5xx.
 * - throttle:      a fraction of requests answer 429 with Retry-After.
 * - slow-link:     extra RTT on connections to the region (from one client region or all).
 * - blob-unknown:  replicas get the manifest before its blobs (blobs late, or never).
 * - stale-tag:     tags in the region stop moving (keep the old digest) while active.
 * - wrong-storage: with dataEndpoints on, the region's blob downloads are redirected to
 *                  another region's storage host (a replica served from far away).
 */
import { z } from 'zod';
import { durationMs, fraction, regionName } from '../config/fields.ts';

const scope = z.enum(['all', 'reads', 'writes']).default('all');

const faultInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('down'), region: regionName }),
  z.strictObject({ kind: z.literal('stall'), region: regionName }),
  z.strictObject({
    kind: z.literal('error-rate'),
    region: regionName,
    rate: fraction.default(1),
    status: z.number().int().min(500).max(599).default(503),
    scope,
  }),
  z.strictObject({
    kind: z.literal('throttle'),
    region: regionName,
    rate: fraction.default(1),
    retryAfter: durationMs.default(1000),
    scope,
  }),
  z.strictObject({
    kind: z.literal('slow-link'),
    region: regionName,
    from: regionName.optional(),
    extraRtt: durationMs,
  }),
  z.strictObject({
    kind: z.literal('blob-unknown'),
    region: regionName,
    /** How long after the manifest its blobs land; omitted = never (while the fault is active). */
    blobDelay: durationMs.optional(),
    repository: z.string().min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal('stale-tag'),
    region: regionName,
    repository: z.string().min(1).exactOptional(),
    tag: z.string().min(1).exactOptional(),
  }),
  z.strictObject({
    kind: z.literal('wrong-storage'),
    region: regionName,
    /** The region whose storage host the blob redirects point at. */
    storage: regionName,
  }),
]);

export type FaultScope = 'all' | 'reads' | 'writes';

/** A fault with units resolved into named fields. */
export type FaultSpec =
  | { readonly kind: 'down'; readonly region: string }
  | { readonly kind: 'stall'; readonly region: string }
  | { readonly kind: 'error-rate'; readonly region: string; readonly rate: number; readonly status: number; readonly scope: FaultScope }
  | { readonly kind: 'throttle'; readonly region: string; readonly rate: number; readonly retryAfterMs: number; readonly scope: FaultScope }
  | { readonly kind: 'slow-link'; readonly region: string; readonly from?: string; readonly extraRttMs: number }
  | { readonly kind: 'blob-unknown'; readonly region: string; readonly blobDelayMs?: number; readonly repository?: string }
  | { readonly kind: 'stale-tag'; readonly region: string; readonly repository?: string; readonly tag?: string }
  | { readonly kind: 'wrong-storage'; readonly region: string; readonly storage: string };

export type FaultKind = FaultSpec['kind'];

/** Parses a fault as written (units as text) into a FaultSpec. */
export const faultSpecSchema = faultInputSchema.transform((f): FaultSpec => {
  switch (f.kind) {
    case 'throttle':
      return { kind: f.kind, region: f.region, rate: f.rate, retryAfterMs: f.retryAfter, scope: f.scope };
    case 'slow-link':
      return { kind: f.kind, region: f.region, extraRttMs: f.extraRtt, ...(f.from !== undefined ? { from: f.from } : {}) };
    case 'blob-unknown':
      return {
        kind: f.kind,
        region: f.region,
        ...(f.blobDelay !== undefined ? { blobDelayMs: f.blobDelay } : {}),
        ...(f.repository !== undefined ? { repository: f.repository } : {}),
      };
    default:
      return f;
  }
});

/** A fault as written: units as text ("2s") or numbers (ms). */
export type FaultSpecInput = z.input<typeof faultSpecSchema>;
