/**
 * summary.json's shape, once: this zod schema is the single source of the
 * TypeScript type buildSummary returns (summary.ts imports the type only, so a
 * run never builds the schema) and of summary.schema.json (`npm run schema`,
 * checked against a fresh generation by a test). Every object is strict, so a
 * field the code adds without adding it here fails the schema test of a real
 * run. Units live in the field names (`…Ms`, `…Pct`, `…Bytes`) or, for
 * latency series, in their `unit` field; descriptions say the rest.
 */
import { z } from 'zod';
import { strictTypes } from '../scenario/json-schema.ts';

export const SUMMARY_SCHEMA_FILE = 'summary.schema.json';
export const SUMMARY_SCHEMA_ID = 'https://replbench.dev/summary.schema.json';

const count = z.number().int().min(0);
const ms = z.number();
const byName = <T extends z.ZodType>(value: T, what: string) => z.record(z.string(), value).describe(what);

const percentileBound = z
  .strictObject({
    p50: ms.describe('± ms on p50'),
    p90: ms.describe('± ms on p90'),
    p99: ms.describe('± ms on p99'),
    max: ms.describe('± ms on max'),
  })
  .describe('replication_lag only: a guaranteed ± bound (ms) on each percentile from the per-sample probe brackets, exact-rank arithmetic on the samples');

const latencySeries = z
  .strictObject({
    unit: z.literal('ms').describe('every value of this series (not count) is in milliseconds, rounded to whole µs'),
    count: count.describe('samples recorded'),
    min: ms.describe('the smallest sample, exactly'),
    mean: ms.describe('mean over the HDR buckets'),
    p50: ms.describe('nearest-rank percentile at the histogram precision (0.1 %), never above max'),
    p90: ms,
    p95: ms,
    p99: ms,
    p999: ms.describe('p99.9'),
    max: ms.describe('the largest sample, exactly (load_latency series, merged from encoded interval histograms: their highest bucket)'),
    uncertainty: percentileBound.optional(),
    partial: z.literal(true).optional().describe('a remote worker that fed this series was lost mid-run; what it measured before is kept'),
    lostArrivals: count.optional().describe('pull series of a worker whose paced test dropped arrivals: how many it dropped'),
  });

const replicationOutcome = z.strictObject({
  replicated: count,
  timedOut: count,
  errored: count,
  inconsistent: count,
  inconsistentBy: byName(count, 'inconsistent outcomes by reason (head-lies, size-mismatch, blob-unreadable, manifest-without-blobs, tag-mismatch); present when any').optional(),
  confirm: z
    .strictObject({ artifacts: count, requests: count, ms: ms.describe('total ms spent confirming') })
    .optional()
    .describe('the confirm step (manifest GET + one-byte blob reads) over the replicated artifacts'),
});

const gainComponents = z.strictObject({
  localP50Ms: ms.describe('median pull from the endpoint in the worker\'s own region'),
  remoteEndpoint: z.string().describe('the remote endpoint with the lowest median pull'),
  remoteP50Ms: ms.describe('its median pull'),
});

const signalRegion = z.strictObject({
  received: count,
  missing: count,
  failed: count,
  paired: count.describe('artifacts with both a signal and a probe-measured lag'),
  medianDiffMs: ms.nullable().describe('median of (signal lag − probe lag); null without pairs'),
  p90AbsDiffMs: ms.nullable().describe('p90 of |signal lag − probe lag|; null without pairs'),
});
const signalReport = z.strictObject({
  regions: byName(signalRegion, 'per replica region'),
  stats: byName(z.number(), "the source's own counters (webhook receiver: requests, duplicates, unauthorized, …)").optional(),
});

const storageHost = z.strictObject({
  region: z.string().describe("the host's region, or 'unknown'"),
  downloads: count,
  outOfRegion: z.boolean(),
  storageP50Ms: ms.describe('median time to headers at the storage host'),
});

const direction = z.strictObject({
  replicated: count,
  timedOut: count,
  notSynced: count.describe('of timedOut: outside the region\'s repository subset'),
  errored: count,
  inconsistent: count,
  p50Ms: ms.nullable(),
  p90Ms: ms.nullable(),
  maxMs: ms.nullable(),
});

const processHealth = z.strictObject({
  intervals: count,
  loopDelayP50Ms: ms,
  loopDelayP99Ms: ms,
  loopDelayMaxMs: ms,
  busyMeanPct: z.number().describe('event-loop utilization over the run, %'),
  busyMaxPct: z.number().describe('in the busiest interval, %'),
  cpuMeanPct: z.number().optional().describe('process CPU ÷ wall time, % of one core'),
  cpuMaxPct: z.number().optional(),
  timerLatenessP99Ms: ms.optional().describe("how late the thread's own timed callbacks ran"),
  timerLatenessMaxMs: ms.optional(),
});

const loadStats = z.strictObject({
  requests: count,
  errors: count,
  timeouts: count,
  status: byName(count, 'responses by HTTP status'),
  requestsPerSec: z.number().nullable().describe('over the series\' measured duration; null until its load-end'),
  connections: count.nullable(),
  ratePerSec: z.number().nullable().describe('the planned rate; null = flat out (or no load-end)'),
  complete: z.boolean().describe('a load-end closed the series'),
});

export const summarySchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    runId: z.string(),
    scenario: z.string(),
    complete: z.boolean().describe('true only when the event log holds a run-end that says so'),
    startedAt: z.string().describe('ISO 8601, UTC'),
    finishedAt: z.string().describe('ISO 8601, UTC'),
    origin: z.string().describe('the region pushed into'),
    regions: z.array(z.string()),
    corruptLines: z
      .array(z.number().int().min(1))
      .describe('line numbers (from 1) of events.jsonl lines that could not be read and were skipped; absent when every line was read')
      .optional(),
    metrics: byName(byName(latencySeries, 'series key (`region=westeurope`, `endpoint=westeurope,worker=eastus`) → summary'), 'metric name → its series'),
    outcomes: z.strictObject({
      replication: byName(replicationOutcome, 'per replica region'),
      pull: byName(byName(count, 'outcome (ok, digest-mismatch, error, timeout, throttled) → pulls'), 'series key `endpoint=…,worker=…`'),
      load: byName(byName(count, 'outcome (ok, error, timeout, throttled) → requests'), 'series key `endpoint=…,kind=…,worker=…`').optional(),
    }),
    gains: byName(z.number(), 'per worker region: nearest remote p50 ÷ local p50 (a ratio, 3 decimals); workers without a local and a remote endpoint left out'),
    gainComponents: byName(gainComponents, 'per worker region: the two medians behind its gain').optional(),
    accuracy: byName(
      z.strictObject({ absErrMsP50: ms, absErrMsP99: ms, absErrMsMax: ms, meanProbes: z.number() }),
      "per region, against the lab's ground truth: |measured − true lag| percentiles and probes per replication",
    ).optional(),
    eventSources: z.strictObject({ webhook: signalReport.optional(), 'or-status': signalReport.optional() }).optional(),
    pullRedirects: byName(
      z.strictObject({
        redirected: count,
        outOfRegion: count,
        hosts: byName(storageHost, 'host:port → its region and downloads'),
        flag: z.string().optional().describe('a sentence when any download came from storage outside the region'),
      }),
      'per endpoint',
    ).optional(),
    egress: byName(
      z.strictObject({ localBytes: count, remoteBytes: count, estimatedCost: z.number().describe('at the scenario\'s price table, per 10^9 bytes'), currency: z.string() }),
      'per worker region',
    ).optional(),
    connected: z
      .strictObject({
        directions: byName(direction, '"origin->region"'),
        writeChecks: byName(z.strictObject({ denied: count, accepted: count, errored: count }), 'pushes tried at ReadOnly nodes, per region'),
        sync: byName(
          z.strictObject({ schedule: z.string(), samples: count, scheduledWaitP50Ms: ms, syncP50Ms: ms, syncP90Ms: ms, syncMaxMs: ms }),
          'per region gated by a sync schedule',
        ),
        notSynced: byName(count, 'artifacts outside the region\'s repository subset'),
      })
      .optional(),
    offsets: byName(z.strictObject({ offsetMs: ms, uncertaintyMs: ms, rttMs: ms }), "remote workers' clock offsets, per region").optional(),
    workersLost: byName(z.string(), 'region → why the worker was lost').optional(),
    load: byName(loadStats, 'load phase counts per series key `endpoint=…,kind=…,worker=…`').optional(),
    health: z
      .strictObject({
        processes: byName(processHealth, 'per process or thread (runner, lab, worker:<region>)'),
        probeLateness: byName(z.strictObject({ probes: count, p50Ms: ms, p99Ms: ms, maxMs: ms }), 'per region: how late probes left against their schedule'),
        budget: byName(z.strictObject({ probes: count, heldProbes: count, meanWaitMs: ms }), 'regions whose probe budget held probes back').optional(),
        labClock: z.strictObject({ offsetUs: z.number(), uncertaintyUs: z.number() }).optional().describe("the lab thread's clock against the run clock, µs"),
        saturation: z.array(z.string()).describe('one sentence per lost precision; empty when the harness kept up'),
      })
      .optional(),
    droppedArrivals: byName(count, 'per worker: pulls a paced test never started').optional(),
    thresholds: z.array(
      z.strictObject({
        expr: z.string().describe('as written: `replication_lag{region:westeurope}: p(99)<30s`'),
        series: z.string().describe('the series key it was evaluated on, or `*` for the whole metric'),
        actual: z.number().nullable().describe('ms for durations, a fraction for rates, a number for counts; null without data'),
        ok: z.boolean(),
      }),
    ),
  })
  .describe('replbench summary.json, schemaVersion 1: the machine-readable contract of a run (docs/summary-json.md)');

/** The object summary.json holds. */
export type Summary = z.infer<typeof summarySchema>;

/** The JSON Schema object (draft-07) of summary.json. */
export function summaryJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(summarySchema, { io: 'output', target: 'draft-7' }) as Record<string, unknown>;
  return strictTypes({ $schema, $id: SUMMARY_SCHEMA_ID, ...rest });
}

/** The text committed as summary.schema.json: two-space indent, final newline. */
export function renderSummaryJsonSchema(): string {
  return `${JSON.stringify(summaryJsonSchema(), null, 2)}\n`;
}
