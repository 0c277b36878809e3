/**
 * What a coordinator asks a remote worker to do, and what comes back: the
 * Worker interface's calls (measure/worker.ts) and the load phase's
 * (measure/load-types.ts) as plain data, with a zod schema each, checked on
 * arrival. Times in watch tasks and results are on the worker's clock; the
 * coordinator converts them (remote-worker.ts).
 *
 * Endpoints travel with their auth *reference* (which environment variable,
 * which config file), never a secret: each worker reads its own.
 */
import { z } from 'zod';
import { LOAD_KINDS, type LoadInterval, type LoadTask, type LoadTotals } from '../measure/load-types.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { WatchResult } from '../measure/watch-types.ts';
import type { PullResult, PullTask, WatchTask } from '../measure/worker.ts';
import type { ResolvedAuth, ResolvedRequests } from '../scenario/resolved.ts';

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const nonNeg = num.refine((n) => n >= 0, 'expected a number ≥ 0');
const count = z.number().int().min(0);
const str = z.string();
const name = z.string().min(1).max(200);

export interface EndpointSpec {
  /** Base URL as seen from the worker's region. */
  readonly url: string;
  /** `host[:port]`, as credentials are keyed. */
  readonly host: string;
  /** Plain http allowed. */
  readonly insecure: boolean;
  readonly auth: ResolvedAuth;
}

const authSchema: z.ZodType<ResolvedAuth> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({ kind: z.literal('basic'), username: str, passwordEnv: str }),
  z.object({ kind: z.literal('bearer'), tokenEnv: str }),
  z.object({ kind: z.literal('docker-config'), configPath: str.nullable() }),
  z.object({ kind: z.literal('azure'), tenant: str.nullable(), aadScope: str.nullable() }),
]);

export const endpointSpecSchema: z.ZodType<EndpointSpec> = z.object({ url: z.url(), host: str, insecure: z.boolean(), auth: authSchema });

const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), intervalMs: nonNeg }),
  z.object({
    kind: z.literal('adaptive'),
    floorMs: nonNeg,
    fraction: nonNeg,
    maxIntervalMs: nonNeg,
    prior: z.object({ lowMs: nonNeg, medianMs: nonNeg, highMs: nonNeg, samples: count }).exactOptional(),
  }),
]);

const watchTaskSchema: z.ZodType<WatchTask> = z.object({
  endpoint: name,
  repo: str,
  digest: str,
  tag: str.exactOptional(),
  blobs: z.array(str).exactOptional(),
  commitAtMs: num,
  commitOneWayDelayMs: nonNeg.exactOptional(),
  oneWayDelayMs: nonNeg.exactOptional(),
  schedule: scheduleSchema.exactOptional(),
  timeoutMs: nonNeg,
  probe: z.enum(['manifest', 'manifest+blobs']).exactOptional(),
  maxInFlight: count.exactOptional(),
  errorStreak: count.exactOptional(),
  trace: z.boolean().exactOptional(),
});

const pullTaskSchema: z.ZodType<PullTask> = z.object({
  endpoint: name,
  image: str,
  repo: str,
  reference: str,
  pulls: count.exactOptional(),
  blobConcurrency: count.exactOptional(),
});

const loadTaskSchema: z.ZodType<LoadTask> = z.object({
  endpoint: name,
  kind: z.enum(LOAD_KINDS),
  target: z.object({ repo: str, manifestDigest: str, blobDigest: str }),
  ratePerSec: nonNeg.nullable(),
  connections: z.number().int().min(1),
  durationMs: nonNeg,
  intervalMs: nonNeg.exactOptional(),
});

export type Task =
  | {
      readonly kind: 'setup';
      readonly endpoints: Readonly<Record<string, EndpointSpec>>;
      readonly probeRatePerSecond: number | null;
      /** The scenario's request budget; absent from an older coordinator (the client's defaults then). */
      readonly requests?: ResolvedRequests;
    }
  | { readonly kind: 'rtt'; readonly endpoint: string }
  | { readonly kind: 'watch'; readonly task: WatchTask }
  | { readonly kind: 'pull'; readonly task: PullTask }
  | { readonly kind: 'load'; readonly task: LoadTask };

export const taskSchema: z.ZodType<Task> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('setup'),
    endpoints: z.record(name, endpointSpecSchema),
    probeRatePerSecond: nonNeg.nullable(),
    requests: z.object({ deadlineMs: z.number().positive(), minRateBytesPerSec: nonNeg, stallWindowMs: z.number().positive() }).exactOptional(),
  }),
  z.object({ kind: z.literal('rtt'), endpoint: name }),
  z.object({ kind: z.literal('watch'), task: watchTaskSchema }),
  z.object({ kind: z.literal('pull'), task: pullTaskSchema }),
  z.object({ kind: z.literal('load'), task: loadTaskSchema }),
]);

const traceEntry = z.object({
  component: str,
  plannedAtMs: num,
  launchedAtMs: num,
  releasedAtMs: num,
  sentAtMs: num,
  atMs: num,
  result: z.enum(['present', 'absent', 'throttled', 'error']),
  status: count,
});
/** Trace times stay on the worker's clock. */
const counts = {
  probes: count,
  throttled: count,
  failed: count,
  latenessMs: z.array(nonNeg).exactOptional(),
  budgetHeld: z.object({ probes: count, waitMs: nonNeg }).exactOptional(),
  trace: z.array(traceEntry).exactOptional(),
  abortedAtTimeout: count.exactOptional(),
  noAnswer: z.literal(true).exactOptional(),
  confirm: z.object({ attempts: count, requests: count, elapsedMs: nonNeg }).exactOptional(),
};
const watchResultSchema: z.ZodType<WatchResult> = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('replicated'), lagMs: num, uncertaintyMs: nonNeg, lastMissAtMs: num, firstHitAtMs: num, ...counts }),
  z.object({ outcome: z.literal('timed-out'), waitedMs: nonNeg, ...counts }),
  z.object({ outcome: z.literal('errored'), reason: str, lastStatus: count, ...counts }),
  z.object({ outcome: z.literal('inconsistent'), reason: z.enum(['tag-mismatch', 'manifest-without-blobs', 'head-lies', 'size-mismatch', 'blob-unreadable']), detail: str, waitedMs: nonNeg, ...counts }),
]);

const pullLabels = { worker: name, endpoint: name, image: str, phase: z.enum(['cold', 'warm']), startedAtMs: num };
const pullResultSchema: z.ZodType<PullResult> = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('pulled'),
    ...pullLabels,
    durationMs: nonNeg,
    ttfbMs: nonNeg,
    bytes: count,
    redirects: z.array(z.object({ redirectMs: nonNeg, storageMs: nonNeg, redirects: count, storageHost: str })).exactOptional(),
  }),
  z.object({ outcome: z.literal('failed'), ...pullLabels, code: str, message: str, status: count.exactOptional() }),
]);

const rttSchema: z.ZodType<RttEstimate> = z.object({ minMs: nonNeg, medianMs: nonNeg, samplesMs: z.array(nonNeg) });

const loadCounts = { requests: count, status: z.record(str, count), errors: count, timeouts: count };
export const loadIntervalSchema: z.ZodType<LoadInterval> = z.object({
  startMs: num,
  lengthMs: nonNeg,
  histogram: str,
  uncorrected: str,
  ...loadCounts,
});
const loadTotalsSchema: z.ZodType<LoadTotals> = z.object({
  endpoint: name,
  kind: z.enum(LOAD_KINDS),
  connections: count,
  ratePerSec: nonNeg.nullable(),
  durationMs: nonNeg,
  expectedIntervalUs: nonNeg.nullable(),
  histogram: str,
  uncorrected: str,
  ...loadCounts,
});

export type TaskResult =
  | { readonly kind: 'setup' }
  | { readonly kind: 'rtt'; readonly rtt: RttEstimate }
  | { readonly kind: 'watch'; readonly result: WatchResult }
  | { readonly kind: 'pull'; readonly results: readonly PullResult[] }
  | { readonly kind: 'load'; readonly totals: LoadTotals };

export const taskResultSchema: z.ZodType<TaskResult> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setup') }),
  z.object({ kind: z.literal('rtt'), rtt: rttSchema }),
  z.object({ kind: z.literal('watch'), result: watchResultSchema }),
  z.object({ kind: z.literal('pull'), results: z.array(pullResultSchema) }),
  z.object({ kind: z.literal('load'), totals: loadTotalsSchema }),
]);
