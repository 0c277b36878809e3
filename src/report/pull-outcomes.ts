/**
 * Pull outcomes as a series of their own: every pull ends ok, digest-mismatch,
 * error, timeout, stalled (a body slower than the scenario's requests.minRate
 * for a whole stall window) or throttled, counted per worker × endpoint. A failed pull is
 * no latency sample, so without this a replica that serves corrupt blobs only
 * shows up as an error code in a list; with it a threshold (and the default
 * `pull_outcome: rate(ok)==1`) can fail the run.
 *
 * Sources, all already in events.jsonl: `pull` records are ok; `error` records
 * of the pull phase (the runner's workers) and of the k6 phase (`replbench k6
 * ingest`: E_K6_PULL / E_K6_HTTP with a `status` label) are the failures,
 * classified by error code and HTTP status. Load series (workers.ts) fold
 * into the same tally shape: 2xx/3xx ok, 429 throttled, other statuses and
 * connection errors error, timeouts timeout.
 */
import type { ErrorEvent, ReplEvent } from '../events/index.ts';
import { PULL_OUTCOMES, type PullOutcome } from '../metrics.ts';
import { compareText, parseSeriesKey, seriesKey, type Labels } from '../stats/labels.ts';
import type { LoadSeriesStats } from './workers.ts';


/** Outcome → count; every outcome of its metric present (0 when none). */
export type OutcomeTally = Readonly<Record<string, number>>;

export interface OutcomeSeries {
  readonly labels: Labels;
  readonly counts: OutcomeTally;
}

/** Error records that are failed pulls: the run's pull phase and k6's ingested samples. */
const PULL_ERROR_PHASES = new Set(['pull', 'k6']);

/** What a failed pull's error says about how it ended. */
export function pullOutcomeOf(code: string, status: string | undefined): Exclude<PullOutcome, 'ok'> {
  if (code === 'E_DIGEST_MISMATCH') return 'digest-mismatch';
  if (code === 'E_TIMEOUT') return 'timeout';
  if (code === 'E_STALLED') return 'stalled';
  if (status === '429') return 'throttled';
  return 'error';
}

function isPullError(e: ErrorEvent): boolean {
  return PULL_ERROR_PHASES.has(e.phase ?? '') && e.labels?.worker !== undefined && e.labels.endpoint !== undefined;
}

/** Per worker × endpoint (series key `endpoint=…,worker=…`, sorted), every pull outcome counted. */
export function pullOutcomesOf(events: readonly ReplEvent[]): Record<string, OutcomeSeries> {
  const tallies = new Map<string, { labels: Labels; counts: Record<string, number> }>();
  const add = (worker: string, endpoint: string, outcome: PullOutcome): void => {
    const labels = { endpoint, worker };
    const key = seriesKey(labels);
    let t = tallies.get(key);
    if (t === undefined) {
      t = { labels, counts: Object.fromEntries(PULL_OUTCOMES.map((o) => [o, 0])) };
      tallies.set(key, t);
    }
    t.counts[outcome] = (t.counts[outcome] ?? 0) + 1;
  };
  for (const e of events) {
    if (e.type === 'pull') add(e.labels.worker, e.labels.endpoint, 'ok');
    else if (e.type === 'error' && isPullError(e)) add(e.labels?.worker ?? '', e.labels?.endpoint ?? '', pullOutcomeOf(e.code, e.labels?.status));
  }
  const out: Record<string, OutcomeSeries> = {};
  for (const key of [...tallies.keys()].sort(compareText)) out[key] = tallies.get(key) as OutcomeSeries;
  return out;
}

/** A load series' responses as outcomes. */
export function loadOutcomeOf(stats: LoadSeriesStats): OutcomeTally {
  let ok = 0;
  let throttled = 0;
  let error = stats.errors;
  for (const [code, n] of Object.entries(stats.status)) {
    const status = Number(code);
    if (status >= 200 && status < 400) ok += n;
    else if (status === 429) throttled += n;
    else error += n;
  }
  return { ok, error, timeout: stats.timeouts, throttled };
}

/** Every load series (key `endpoint=…,kind=…,worker=…`) with its labels and outcomes. */
export function loadOutcomeTotals(load: Readonly<Record<string, LoadSeriesStats>>): OutcomeSeries[] {
  return Object.entries(load).map(([key, stats]) => ({ labels: parseSeriesKey(key), counts: loadOutcomeOf(stats) }));
}

/** Failures (everything but ok) in a tally. */
export function failuresOf(t: OutcomeTally): number {
  let n = 0;
  for (const [outcome, count] of Object.entries(t)) if (outcome !== 'ok') n += count;
  return n;
}
