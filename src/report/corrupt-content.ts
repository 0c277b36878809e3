/**
 * A lag of content that does not verify is no lag. The watcher's confirm step
 * proves a replica has every blob at its size (one byte each, src/oci/confirm.ts);
 * a replica that serves the right sizes with the wrong bytes passes it, and is
 * caught when a pull from it hashes a blob (E_DIGEST_MISMATCH). Before the fold,
 * every `replicated` record of an (image, region) that a pull from that region's
 * endpoint found corrupt becomes `inconsistent` (blob-unreadable), so the
 * corrupt replica yields no lag figure, its artifacts count against
 * replication_outcome, and the timeline shows why. Pure; order of events does not matter.
 */
import type { ReplEvent } from '../events/index.ts';

/** `${endpoint}\u0000${image}` → the first worker whose pull of it failed its digest check. */
function corruptPulls(events: readonly ReplEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'error' || e.code !== 'E_DIGEST_MISMATCH' || e.phase !== 'pull') continue;
    const endpoint = e.labels?.endpoint;
    const image = e.labels?.image;
    if (endpoint === undefined || image === undefined) continue;
    const key = `${endpoint}\u0000${image}`;
    const worker = e.labels?.worker ?? '?';
    const seen = out.get(key);
    if (seen === undefined || worker < seen) out.set(key, worker);
  }
  return out;
}

export function demoteCorruptReplications(events: readonly ReplEvent[]): readonly ReplEvent[] {
  const corrupt = corruptPulls(events);
  if (corrupt.size === 0) return events;
  return events.map((e) => {
    if (e.type !== 'replication' || e.outcome !== 'replicated') return e;
    const worker = corrupt.get(`${e.labels.region}\u0000${e.labels.image}`);
    if (worker === undefined) return e;
    return {
      type: 'replication',
      t: e.t,
      labels: e.labels,
      outcome: 'inconsistent',
      reason: `blob-unreadable: the probes and the confirm said present, but a pull by ${worker} from ${e.labels.region} failed its digest check (E_DIGEST_MISMATCH)`,
      probes: e.probes,
      ...(e.commitUs !== undefined ? { commitUs: e.commitUs } : {}),
      ...(e.budgetHeld !== undefined ? { budgetHeld: e.budgetHeld } : {}),
      ...(e.confirm !== undefined ? { confirm: e.confirm } : {}),
    };
  });
}
