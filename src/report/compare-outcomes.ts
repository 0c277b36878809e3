/**
 * The replicated share per replica region, baseline vs candidate: a drop beyond
 * `outcomeTolerance` (a fraction) that a one-sided two-proportion z-test finds
 * significant at the comparison's confidence is a regression; the mirror image an
 * improvement. Regions missing from either run are left out.
 *
 * The same test on the ok share of pulls per worker × endpoint
 * (comparePullOutcomes): a rise in failed pulls beyond the tolerance is a
 * regression.
 */
import { compareText } from '../stats/labels.ts';
import { normalQuantile } from '../stats/normal-quantile.ts';
import type { CompareOptions } from './compare-options.ts';
import type { Report } from './report.ts';
import { proportionDropZ } from './significance.ts';

export interface OutcomeComparison {
  readonly region: string;
  readonly baseline: { readonly replicated: number; readonly total: number };
  readonly candidate: { readonly replicated: number; readonly total: number };
  /** Candidate share − baseline share of replicated artifacts. */
  readonly delta: number;
  readonly z: number;
  readonly verdict: Verdict;
}

/** Replicated share per replica region present in both runs, with a verdict. */
export function compareOutcomes(baseline: Report, candidate: Report, options: CompareOptions): OutcomeComparison[] {
  const regions = [...new Set([...Object.keys(baseline.outcomes), ...Object.keys(candidate.outcomes)])].sort(compareText);
  const zCritical = normalQuantile(options.confidence);
  const out: OutcomeComparison[] = [];
  for (const region of regions) {
    const a = share(baseline, region);
    const b = share(candidate, region);
    if (a.total === 0 || b.total === 0) continue;
    out.push({ region, baseline: a, candidate: b, ...shareChange(a.replicated, a.total, b.replicated, b.total, options.outcomeTolerance, zCritical) });
  }
  return out;
}

export interface PullOutcomeComparison {
  /** `endpoint=…,worker=…`. */
  readonly series: string;
  readonly baseline: { readonly ok: number; readonly total: number };
  readonly candidate: { readonly ok: number; readonly total: number };
  /** Candidate ok share − baseline ok share. */
  readonly delta: number;
  readonly z: number;
  readonly verdict: Verdict;
}

/** Ok share of pulls per worker × endpoint present in both runs, with a verdict. */
export function comparePullOutcomes(baseline: Report, candidate: Report, options: CompareOptions): PullOutcomeComparison[] {
  const zCritical = normalQuantile(options.confidence);
  const out: PullOutcomeComparison[] = [];
  for (const key of Object.keys(baseline.pullOutcomes).filter((k) => k in candidate.pullOutcomes).sort(compareText)) {
    const a = okShare(baseline, key);
    const b = okShare(candidate, key);
    if (a.total === 0 || b.total === 0) continue;
    out.push({ series: key, baseline: a, candidate: b, ...shareChange(a.ok, a.total, b.ok, b.total, options.outcomeTolerance, zCritical) });
  }
  return out;
}

type Verdict = 'regression' | 'improvement' | 'unchanged';

/**
 * The change of a share from baseline (hitsA of totalA) to candidate: a drop beyond `tolerance` that the
 * one-sided z-test finds significant is a regression, the mirror image an improvement. delta to 6 places, z to 3.
 */
function shareChange(hitsA: number, totalA: number, hitsB: number, totalB: number, tolerance: number, zCritical: number): { delta: number; z: number; verdict: Verdict } {
  const delta = hitsB / totalB - hitsA / totalA;
  const z = proportionDropZ(hitsA, totalA, hitsB, totalB);
  const verdict: Verdict = -delta > tolerance && z > zCritical ? 'regression' : delta > tolerance && -z > zCritical ? 'improvement' : 'unchanged';
  return { delta: Math.round(delta * 1e6) / 1e6, z: Math.round(z * 1000) / 1000, verdict };
}

function okShare(report: Report, key: string): { ok: number; total: number } {
  const counts = report.pullOutcomes[key]?.counts ?? {};
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  return { ok: counts.ok ?? 0, total };
}

function share(report: Report, region: string): { replicated: number; total: number } {
  const c = report.outcomes[region];
  if (c === undefined) return { replicated: 0, total: 0 };
  return { replicated: c.replicated, total: c.replicated + c.timedOut + c.errored + c.inconsistent };
}

