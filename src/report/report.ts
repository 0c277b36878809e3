/**
 * The folded form of one run: what every renderer reads. Built by foldEvents only;
 * plain data plus the µs histograms (and the samples behind them, for the interval
 * logs and the per-sample statistics): the core (core.ts) and each report
 * section's own data (sections/), under the section's key.
 */
import type { ReportCore } from './core.ts';
import type { SectionData } from './sections/index.ts';

export type { Gain, LagUncertaintyMs, OutcomeCounts, ReportCore, Series, ThresholdResult, TimedSample } from './core.ts';
export { corruptLinesText, findSeries, seriesOf } from './core.ts';

export type Report = ReportCore & SectionData;
