/**
 * HdrHistogram interval logs (`.hlog`, log format 1.3): comment header lines, a
 * `#[StartTime: …]` line, the legend, then one line per interval:
 * `Tag=<labels>,<start s>,<length s>,<max ms>,<compressed base64 histogram>`.
 * Timestamps are seconds since StartTime; histograms hold µs; Interval_Max is in ms.
 * Output depends only on the input (no clock, no locale): same input, same bytes.
 */
import * as hdr from 'hdr-histogram-js';
import { createHistogram, encodeHistogram, US_PER_MS, type Histogram } from './histogram-factory.ts';
import { maxUs } from './percentiles.ts';
import { seriesToken } from './labels.ts';

export const HLOG_FORMAT_VERSION = '1.3';
export const HLOG_LEGEND = '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"';

export interface HlogInterval {
  /** Series key (`region=westeurope`); its tag is seriesToken's spelling (`endpoint=a+worker=b`). */
  readonly series: string;
  /** Interval start, µs since the log's start time. */
  readonly startUs: number;
  readonly lengthUs: number;
  readonly histogram: Histogram;
}

export interface HlogInput {
  /** Absolute start of the log (the run's startedAt), ms since the epoch. */
  readonly startEpochMs: number;
  /** Extra `#…` comment lines after the format version (e.g. the metric name). */
  readonly comments?: readonly string[];
  /**
   * In log order (by start time, then series), consumed one at a time: a lazy
   * iterable keeps only one interval histogram alive while rendering a long run.
   */
  readonly intervals: Iterable<HlogInterval>;
}

/** The .hlog text, intervals in the order given. */
export function renderHlog(input: HlogInput): string {
  const lines: string[] = [`#[Histogram log format version ${HLOG_FORMAT_VERSION}]`];
  for (const comment of input.comments ?? []) lines.push(`#${comment}`);
  const startSec = (input.startEpochMs / 1000).toFixed(3);
  lines.push(`#[StartTime: ${startSec} (seconds since epoch), ${new Date(input.startEpochMs).toISOString()}]`);
  lines.push(HLOG_LEGEND);
  for (const interval of input.intervals) lines.push(intervalLine(interval));
  return `${lines.join('\n')}\n`;
}

function intervalLine(interval: HlogInterval): string {
  const fields = [
    seconds(interval.startUs),
    seconds(interval.lengthUs),
    (maxUs(interval.histogram) / US_PER_MS).toFixed(3),
    encodeHistogram(interval.histogram),
  ].join(',');
  return interval.series === '' ? fields : `Tag=${seriesToken(interval.series)},${fields}`;
}

function seconds(us: number): string {
  return (us / 1e6).toFixed(3);
}

export interface ReadInterval {
  /** The tag as written (`region=westeurope`, `endpoint=a+worker=b`), '' when untagged. */
  readonly tag: string;
  readonly startSec: number;
  readonly lengthSec: number;
  readonly histogram: Histogram;
}

/** Reads an .hlog back (with the reference reader) into µs histograms; for tests and tools. */
export function readHlog(text: string): ReadInterval[] {
  const reader = new hdr.HistogramLogReader(text);
  const out: ReadInterval[] = [];
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    const start = h.startTimeStampMsec / 1000 - (reader.baseTimeSec ?? 0);
    const length = (h.endTimeStampMsec - h.startTimeStampMsec) / 1000;
    const histogram = createHistogram();
    histogram.add(h);
    out.push({
      tag: h.tag === 'NO TAG' ? '' : h.tag,
      startSec: Math.round(start * 1000) / 1000,
      lengthSec: Math.round(length * 1000) / 1000,
      histogram,
    });
    h.destroy();
  }
  return out;
}
