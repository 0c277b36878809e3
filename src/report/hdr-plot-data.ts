/**
 * Percentile-distribution curves as the HdrHistogram plotter draws them: x is
 * 1/(1−p) on a log axis (1 = 0%, 2 = 50%, 10 = 90%, 100 = 99%, 1000 = 99.9%), y the
 * value at that percentile. Points step geometrically, `ticksPerHalfDistance` per
 * halving of the remaining distance to 100%, up to the last percentile the sample
 * count resolves (x = n); the maximum is drawn at x = n.
 */
import type { Histogram } from '../stats/histogram-factory.ts';
import { maxUs, percentileUs, usToMs } from '../stats/percentiles.ts';

export interface PercentilePoint {
  /** 1/(1−p), p the percentile as a fraction. */
  readonly x: number;
  readonly valueMs: number;
}

export interface AxisTick {
  readonly x: number;
  /** `0%`, `50%`, `90%`, `99%`, `99.9%`, … */
  readonly label: string;
}

/** The curve of one µs histogram; empty for an empty histogram. */
export function percentileCurve(h: Histogram, ticksPerHalfDistance = 5): PercentilePoint[] {
  const n = h.totalCount;
  if (n === 0) return [];
  const points: PercentilePoint[] = [];
  for (let j = 0; ; j++) {
    const x = roundX(2 ** (j / ticksPerHalfDistance));
    if (x >= n) break;
    points.push({ x, valueMs: usToMs(percentileUs(h, 100 * (1 - 1 / x))) });
  }
  points.push({ x: n, valueMs: usToMs(maxUs(h)) });
  return points;
}

export interface AlignedCurves {
  /** Union of every curve's x, ascending. */
  readonly xs: number[];
  /** One array per curve, aligned with xs; null where the curve has no point. */
  readonly ys: (number | null)[][];
}

/** Puts curves on one shared x array (what a chart with one x axis needs). */
export function alignCurves(curves: readonly (readonly PercentilePoint[])[]): AlignedCurves {
  const xs = [...new Set(curves.flatMap((c) => c.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = curves.map((c) => {
    const row: (number | null)[] = xs.map(() => null);
    for (const p of c) row[index.get(p.x) ?? 0] = p.valueMs;
    return row;
  });
  return { xs, ys };
}

/** Axis ticks at 0%, 50%, 90%, 99%, … up to the first one at or beyond xMax. */
export function percentileTicks(xMax: number): AxisTick[] {
  const ticks: AxisTick[] = [{ x: 1, label: '0%' }, { x: 2, label: '50%' }];
  for (let nines = 1; nines <= 9; nines++) {
    const x = 10 ** nines;
    ticks.push({ x, label: percentLabel(nines) });
    if (x >= xMax) break;
  }
  return ticks;
}

/** 1 → `90%`, 2 → `99%`, 3 → `99.9%`, … */
function percentLabel(nines: number): string {
  return nines <= 2 ? `${'9'.repeat(nines)}${nines === 1 ? '0' : ''}%` : `99.${'9'.repeat(nines - 2)}%`;
}

function roundX(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
