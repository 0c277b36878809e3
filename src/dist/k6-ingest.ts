/**
 * `replbench k6 ingest`: k6 JSON outputs (one per runner, any number) → a
 * replbench run directory: events.jsonl (run-start, a "k6" phase, one pull
 * record per pull, error records, run-end) and every report file, folded the
 * same way as a `replbench run` (src/report/files.ts rerender). Because every
 * sample lands in an HDR histogram, the outputs of many k6 instances merge
 * exactly — what k6 and k6-operator themselves do not do.
 *
 * Two streaming passes keep memory flat for multi-GB inputs: read and stage
 * (k6-read.ts), then write the event log with times relative to the earliest
 * sample.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AbortedError, ConfigError } from '../errors.ts';
import { openEventLog, EVENT_LOG_FILE } from '../events/log.ts';
import { EVENT_LOG_VERSION, type LoggedThresholds, type ReplEvent } from '../events/index.ts';
import { runEnvironment } from '../run/environment.ts';
import { runIdFor } from '../run/run-id.ts';
import { pullErrorEvent } from '../measure/records.ts';
import { rerender } from '../report/files.ts';
import type { Report } from '../report/report.ts';
import { compareText } from '../stats/labels.ts';
import { readK6Outputs, type K6ReadStats } from './k6-read.ts';
import { readStaged, StagingFile } from './k6-staging.ts';

/** What the run is: from the export's replbench-k6.json or the scenario (see k6-ingest-meta.ts). */
export interface K6RunMeta {
  readonly scenario: string;
  readonly origin: string;
  /** Empty: the regions seen in the k6 output. */
  readonly regions: readonly string[];
  readonly thresholds: LoggedThresholds;
  /** Threshold keys left out because a k6 run does not measure their metric. */
  readonly droppedThresholds?: readonly string[];
}

export interface K6IngestOptions {
  readonly inputs: readonly string[];
  readonly runDir: string;
  readonly meta?: K6RunMeta;
  /** Default: `<UTC start>-<scenario>` like replbench run. */
  readonly runId?: string;
  /** Replace an existing events.jsonl in runDir. */
  readonly overwrite?: boolean;
  readonly maxPending?: number;
  /** Fires (the first SIGTERM or SIGINT): read no further; what was read is logged, run-end says complete: false. */
  readonly signal?: AbortSignal;
  /** Fires (the second): stop writing records too; run-end and the reports cover what was logged. */
  readonly abortSignal?: AbortSignal;
}

export interface K6IngestResult {
  readonly runId: string;
  readonly runDir: string;
  /** Which samples the pulls came from. */
  readonly source: 'replbench' | 'http';
  readonly pulls: number;
  /** Failed pulls (logged as phase "pull" error records, as replbench run logs them). */
  readonly errors: number;
  /** k6's dropped_iterations, per worker region. */
  readonly dropped: Readonly<Record<string, number>>;
  readonly unpaired: number;
  readonly stats: K6ReadStats;
  readonly report: Report;
  /** Report files written (events.jsonl besides). */
  readonly files: readonly string[];
}

export async function ingestK6(options: K6IngestOptions): Promise<K6IngestResult> {
  if (options.inputs.length === 0) throw new ConfigError('k6 ingest: expected at least one k6 JSON output file');
  const runDir = options.runDir;
  await mkdir(runDir, { recursive: true });
  const logPath = join(runDir, EVENT_LOG_FILE);
  if (options.overwrite !== true && (await exists(logPath))) {
    throw new ConfigError(`${runDir}: already holds ${EVENT_LOG_FILE}; choose another --run-dir (or --overwrite)`);
  }
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const ours = new StagingFile(join(runDir, `.k6-ingest-${tag}-replbench.tmp`));
  const http = new StagingFile(join(runDir, `.k6-ingest-${tag}-http.tmp`));
  try {
    let stats: K6ReadStats;
    try {
      stats = await readK6Outputs(options.inputs, { replbench: ours, http }, { ...opt('maxPending', options.maxPending), ...opt('signal', options.signal) });
    } finally {
      ours.close();
      http.close();
    }
    const source = ours.records > 0 ? 'replbench' : 'http';
    const chosen = source === 'replbench' ? ours : http;
    if (chosen.records === 0) {
      if (stats.stopped !== undefined) throw new AbortedError(`k6 ingest ${stats.stopped} before any pull sample was read: nothing written`);
      throw new ConfigError(noDataMessage(options.inputs, stats));
    }
    const pairing = source === 'replbench' ? stats.replbench : stats.http;
    const unpaired = pairing.unpairedDurations + pairing.unpairedTtfbs;
    const runId = await writeEventLog(logPath, chosen, options, stats, source, options.overwrite === true);
    const rendered = await rerender(runDir);
    return { runId, runDir, source, pulls: chosen.pulls, errors: chosen.errors, dropped: stats.dropped, unpaired, stats, report: rendered.report, files: rendered.files };
  } finally {
    await rm(ours.path, { force: true });
    await rm(http.path, { force: true });
  }
}

async function writeEventLog(
  logPath: string,
  staged: StagingFile,
  options: K6IngestOptions,
  stats: K6ReadStats,
  source: 'replbench' | 'http',
  overwrite: boolean,
): Promise<string> {
  // Whole milliseconds, so startedAt (ISO, ms) and t = 0 name the same instant and every t ≥ 0.
  const startUs = Math.floor(staged.minTimeUs / 1000) * 1000;
  const startedAt = new Date(startUs / 1000);
  const scenario = options.meta?.scenario ?? 'k6';
  const runId = options.runId ?? runIdFor(scenario, startedAt);
  const regions = options.meta !== undefined && options.meta.regions.length > 0 ? [...options.meta.regions] : await regionsSeen(staged.path);
  if (overwrite) await rm(logPath, { force: true });
  const log = openEventLog(logPath);
  const endT = staged.maxTimeUs - startUs;
  try {
    const append = (e: ReplEvent): void => log.append(e);
    append({
      type: 'run-start',
      t: 0,
      logVersion: EVENT_LOG_VERSION,
      runId,
      scenario,
      origin: options.meta?.origin ?? '',
      regions,
      startedAt: startedAt.toISOString(),
      thresholds: options.meta?.thresholds ?? {},
      snapshot: { ingestedFrom: 'k6', source, inputs: [...options.inputs], lines: stats.lines, points: stats.points },
      environment: runEnvironment(),
    });
    append({ type: 'phase', t: 0, phase: 'k6', state: 'start' });
    let cut: string | undefined = stats.stopped !== undefined ? `k6 ingest ${stats.stopped}: the k6 output was read in part` : undefined;
    for await (const r of readStaged(staged.path)) {
      if (options.abortSignal?.aborted === true) {
        cut = `k6 ingest ${reasonOf(options.abortSignal)}: the samples read were logged in part`;
        break;
      }
      const t = r.timeUs - startUs;
      if (r.k === 'pull') {
        append({
          type: 'pull',
          t,
          labels: { worker: r.worker, endpoint: r.endpoint, image: r.image, phase: r.phase },
          durationUs: Math.max(0, r.durationUs),
          ttfbUs: Math.max(0, r.ttfbUs),
          bytes: Math.max(0, r.bytes),
        });
      } else {
        // The hook for a generic pull-outcome fold: the very record replbench run writes for a failed pull.
        append(pullErrorEvent({ outcome: 'failed', ...r.labels, startedAtMs: r.timeUs / 1000, code: r.code, message: r.message }, t));
      }
    }
    for (const [worker, count] of Object.entries(stats.dropped)) append({ type: 'dropped-arrivals', t: endT, labels: { worker }, count, source: 'k6' });
    append({ type: 'phase', t: endT, phase: 'k6', state: 'end' });
    if (stats.truncated.length > 0) cut = [cut, `k6 output cut short: ${stats.truncated.join(', ')}`].filter((x) => x !== undefined).join('; ');
    append({ type: 'run-end', t: endT, finishedAt: new Date(Math.ceil(staged.maxTimeUs / 1000)).toISOString(), complete: cut === undefined, ...(cut !== undefined ? { interrupted: cut } : {}) });
  } finally {
    await log.close();
  }
  return runId;
}

async function regionsSeen(path: string): Promise<string[]> {
  const seen = new Set<string>();
  for await (const r of readStaged(path)) {
    if (r.k === 'pull') {
      seen.add(r.worker);
      seen.add(r.endpoint);
    }
  }
  return [...seen].sort(compareText);
}

function noDataMessage(inputs: readonly string[], stats: K6ReadStats): string {
  const what = inputs.length === 1 ? inputs[0] : `${inputs.length} files`;
  if (stats.lines === 0) return `${what}: empty, expected k6 JSON output (k6 run --out json=FILE)`;
  if (stats.invalid === stats.lines) return `${what}: not k6 JSON output (${stats.invalidExamples[0] ?? 'no JSON records'})`;
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  const hint =
    (stats.untagged > 0 ? `; ${stats.untagged} points had no worker/endpoint tags` : '') +
    (dropped > 0 ? `; k6 dropped ${dropped} iterations (dropped_iterations): no VU was free to start a pull` : '');
  return `${what}: expected replbench_pull_* or http_req_duration points tagged worker and endpoint, found none${hint}`;
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return typeof r === 'string' && r !== '' ? r : 'aborted';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
