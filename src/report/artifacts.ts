/**
 * Per-artifact replication records: one per (artifact, replica region), every outcome,
 * placed on the run clock. The lag timeline in report.html is drawn from these.
 *
 * The commit point of an artifact is the run-clock time of its push record (logged at
 * the origin's 201 to the manifest PUT). When the log has no push record for the image
 * (a log cut short, a watcher fed from elsewhere), a replicated artifact's commit is
 * estimated as its record time minus its lag, and any other as its record time.
 */
import type { ReplEvent, ReplicationEvent, ReplicationOutcome } from '../events/index.ts';
import { compareText } from '../stats/labels.ts';

export interface ArtifactRecord {
  readonly region: string;
  readonly image: string;
  readonly digest: string;
  readonly outcome: ReplicationOutcome;
  /** Commit point, µs on the run clock. */
  readonly committedUs: number;
  /** When the verdict was logged, µs on the run clock. */
  readonly verdictUs: number;
  /** Replicated only: the measured lag and its ± bound. */
  readonly lagUs?: number;
  readonly uncertaintyUs?: number;
  readonly probes: number;
  /** Not replicated: why (as logged). */
  readonly reason?: string;
}

/** Records sorted by region, commit time, image, digest: the same events give the same list. */
export function artifactsOf(events: readonly ReplEvent[]): ArtifactRecord[] {
  const pushedAt = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'push' && !pushedAt.has(e.labels.image)) pushedAt.set(e.labels.image, e.t);
  }
  const out: ArtifactRecord[] = [];
  for (const e of events) if (e.type === 'replication') out.push(recordOf(e, pushedAt.get(e.labels.image)));
  return out.sort(
    (a, b) =>
      compareText(a.region, b.region) ||
      a.committedUs - b.committedUs ||
      compareText(a.image, b.image) ||
      compareText(a.digest, b.digest) ||
      a.verdictUs - b.verdictUs,
  );
}

function recordOf(e: ReplicationEvent, pushedUs: number | undefined): ArtifactRecord {
  const base = { region: e.labels.region, image: e.labels.image, digest: e.labels.digest, verdictUs: e.t, probes: e.probes };
  if (e.outcome === 'replicated') {
    const committedUs = pushedUs ?? Math.max(0, e.t - e.valueUs);
    return { ...base, outcome: e.outcome, committedUs, lagUs: e.valueUs, uncertaintyUs: e.uncertaintyUs };
  }
  return { ...base, outcome: e.outcome, committedUs: pushedUs ?? e.t, reason: e.reason };
}
