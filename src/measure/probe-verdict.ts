/**
 * What one probe answer means for a replication watch. Only 'hit' and 'miss'
 * say anything about the replica's state and move the bracket; throttling and
 * errors say nothing (the bracket stays open across them) and are counted.
 *
 * - hit: 200 (or a blob redirect), and, for a probe by tag, Docker-Content-Digest
 *   names the expected digest (a registry that sends no digest is taken at its
 *   word here: the watcher's confirm step, src/oci/confirm.ts, then proves the
 *   content is there before a hit counts as replicated);
 * - miss: 404, or a tag that points at another digest;
 * - throttled: 429, with the registry's Retry-After when given;
 * - transient: no HTTP answer (status 0), 408, 5xx, a digest header that
 *   contradicts the digest asked for — worth probing again;
 * - fatal: 401/403 and other 4xx — probing again will not help.
 */
import { describeError } from '../errors.ts';
import type { ProbeResult } from '../oci/probe.ts';

export type ProbeVerdict =
  | { readonly kind: 'hit' }
  | { readonly kind: 'miss'; readonly otherDigest?: string }
  | { readonly kind: 'throttled'; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'transient'; readonly status: number; readonly reason: string }
  | { readonly kind: 'fatal'; readonly status: number; readonly reason: string };

/** `expectedDigest`: for a probe by tag, the digest the tag must point at. */
export function verdictOf(result: ProbeResult, expectedDigest?: string): ProbeVerdict {
  switch (result.kind) {
    case 'present':
      if (expectedDigest !== undefined && result.digest !== undefined && result.digest !== expectedDigest) {
        return { kind: 'miss', otherDigest: result.digest };
      }
      return { kind: 'hit' };
    case 'absent':
      return { kind: 'miss' };
    case 'throttled':
      return { kind: 'throttled', retryAfterMs: result.retryAfterMs };
    case 'error': {
      const reason = describeError(result.error);
      const s = result.status;
      const transient = s === 0 || s === 408 || s >= 500 || (s >= 200 && s < 400);
      return transient ? { kind: 'transient', status: s, reason } : { kind: 'fatal', status: s, reason };
    }
  }
}
