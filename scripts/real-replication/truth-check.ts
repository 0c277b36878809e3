/**
 * Checks a run's replication lags against what the real registries said
 * (skopeo-replicator.ts): each replicated sample's bracket, lag ± uncertainty
 * from the commit point, must overlap the true interval [replica's own
 * manifest-push event, end of the copy] on the same time line. The run's
 * commit point is aligned through run-start's epochMs and each record's
 * commitUs.
 *
 * The error of a sample is the distance from its lag to the true interval
 * (0 inside it); the true interval's width is reported beside it, since the
 * registries pin the arrival no tighter than that.
 */
import type { ReplEvent } from '../../src/events/index.ts';
import { quantileOfSorted, sortedCopy } from '../../src/stats/exact-quantile.ts';
import type { TruthInterval } from './skopeo-replicator.ts';

export interface SampleCheck {
  readonly region: string;
  readonly image: string;
  readonly lagMs: number;
  readonly uncertaintyMs: number;
  readonly trueFromMs: number;
  readonly trueToMs: number;
  /** Distance from the lag to the true interval. */
  readonly errorMs: number;
  /** The bracket overlaps the true interval. */
  readonly overlaps: boolean;
  readonly probes: number;
}

export interface RegionCheck {
  readonly region: string;
  readonly samples: number;
  /** Replicated samples with no truth to compare (no replica event, or the copy failed). */
  readonly unmatched: number;
  readonly misses: number;
  readonly lagP50Ms: number;
  readonly errorP50Ms: number;
  readonly errorP99Ms: number;
  readonly errorMaxMs: number;
  readonly uncertaintyP50Ms: number;
  readonly truthWidthP50Ms: number;
  readonly probesP50: number;
  /** Samples within 10 ms + 2 % of the lag (the goal of record). */
  readonly withinGoal: number;
}

export interface TruthCheck {
  readonly samples: readonly SampleCheck[];
  readonly regions: readonly RegionCheck[];
  readonly misses: number;
}

export function checkAgainstTruth(events: readonly ReplEvent[], truth: readonly TruthInterval[]): TruthCheck {
  const start = events.find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start' || start.epochMs === undefined) throw new Error('the event log has no run-start epochMs: it cannot be aligned with the registries\' clocks');
  const epochAtT0 = start.epochMs;
  const byKey = new Map(truth.map((t) => [`${t.region} ${t.digest}`, t]));
  const samples: SampleCheck[] = [];
  const unmatched = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'replication' || e.outcome !== 'replicated' || e.commitUs === undefined) continue;
    const t = byKey.get(`${e.labels.region} ${e.labels.digest}`);
    if (t === undefined) {
      unmatched.set(e.labels.region, (unmatched.get(e.labels.region) ?? 0) + 1);
      continue;
    }
    const commitEpochMs = epochAtT0 + e.commitUs / 1000;
    const lagMs = e.valueUs / 1000;
    const uncertaintyMs = e.uncertaintyUs / 1000;
    const trueFromMs = t.fromEpochMs - commitEpochMs;
    const trueToMs = t.toEpochMs - commitEpochMs;
    const errorMs = lagMs < trueFromMs ? trueFromMs - lagMs : lagMs > trueToMs ? lagMs - trueToMs : 0;
    const overlaps = lagMs + uncertaintyMs >= trueFromMs && lagMs - uncertaintyMs <= trueToMs;
    samples.push({ region: e.labels.region, image: e.labels.image, lagMs, uncertaintyMs, trueFromMs, trueToMs, errorMs, overlaps, probes: e.probes });
  }
  const regions = [...new Set([...samples.map((s) => s.region), ...unmatched.keys()])].sort().map((region): RegionCheck => {
    const mine = samples.filter((s) => s.region === region);
    const q = (values: number[], p: number): number => quantileOfSorted(sortedCopy(values), p) ?? Number.NaN;
    return {
      region,
      samples: mine.length,
      unmatched: unmatched.get(region) ?? 0,
      misses: mine.filter((s) => !s.overlaps).length,
      lagP50Ms: q(mine.map((s) => s.lagMs), 50),
      errorP50Ms: q(mine.map((s) => s.errorMs), 50),
      errorP99Ms: q(mine.map((s) => s.errorMs), 99),
      errorMaxMs: q(mine.map((s) => s.errorMs), 100),
      uncertaintyP50Ms: q(mine.map((s) => s.uncertaintyMs), 50),
      truthWidthP50Ms: q(mine.map((s) => s.trueToMs - s.trueFromMs), 50),
      probesP50: q(mine.map((s) => s.probes), 50),
      withinGoal: mine.filter((s) => s.errorMs <= 10 + 0.02 * s.lagMs).length,
    };
  });
  return { samples, regions, misses: samples.filter((s) => !s.overlaps).length };
}
