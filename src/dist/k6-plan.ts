/**
 * What `replbench k6 export` puts in the k6 test, decided once from the
 * resolved scenario and the export options. Plain JSON data: the script
 * embeds it, and it is written beside the script (replbench-k6.json) for
 * `replbench k6 ingest --plan`.
 *
 * The k6 test is the scenario's pull phase, with replbench's semantics: one
 * k6 scenario per worker region whose VUs are the worker's pulls in flight
 * (`pull.concurrency`), each iteration one full pull of the next (endpoint,
 * image) of that worker — endpoint-major, images in order, as replbench's
 * pull pool queues them — fetching at most `blobsPerPull` blobs at once (k6's
 * batchPerHost, replbench's blob concurrency). The first round of an instance
 * is its cold pulls, later rounds warm. Two ways to pace it:
 *
 *   pull-phase  (default) shared-iterations: exactly the pulls `replbench run`
 *               makes (images × endpoints × (cold + warm iterations)), back to
 *               back; --duration caps the time (k6's maxDuration).
 *   rate        (--rate) constant-arrival-rate, the rate per (worker,
 *               endpoint) pair, still at most pull.concurrency in flight per
 *               worker: arrivals that find every VU busy are k6's
 *               dropped_iterations, which the ingest reports.
 */
import { ConfigError } from '../errors.ts';
import { DEFAULT_BLOB_CONCURRENCY } from '../measure/in-process-worker.ts';
import { MANIFEST_ACCEPT } from '../oci-spec/media-types.ts';
import type { LoggedThresholds } from '../events/index.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { K6_PULL_ERRORS } from './k6-metrics.ts';
import { toK6Thresholds, type SkippedThreshold } from './k6-thresholds.ts';
import { cloudDistribution, loadZoneFor, type CloudZone } from './k6-zones.ts';

export const K6_PLAN_VERSION = 2;
/** Most images a plan embeds (the script cycles through them). */
export const MAX_K6_IMAGES = 10_000;
/** How long a pull-phase test may run when --duration is not given. */
export const DEFAULT_PULL_PHASE_MAX_MS = 600_000;

export interface K6ExportOptions {
  /** Pulls started per second per (worker, endpoint) pair; absent = the scenario's pull phase, back to back. */
  readonly ratePerSec?: number;
  /** rate: how long it runs; pull-phase: the most it may take (default 10 min). */
  readonly durationMs?: number;
  /** Region → k6 load zone, over the built-in table. */
  readonly zones?: Readonly<Record<string, string>>;
  /** Region → registry base URL, over the scenario's (oci targets; a lab's ports come from ports.base). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** k6-operator runner pods per worker region. */
  readonly parallelism?: number;
  /** A lab target: the port its matrix starts at (`replbench lab --base-port`), over the config's ports.base. */
  readonly labBasePort?: number;
}

/** One k6 scenario's executor settings, as k6 takes them. */
export type K6Executor =
  | { readonly executor: 'shared-iterations'; readonly vus: number; readonly iterations: number; readonly maxDuration: string }
  | {
      readonly executor: 'constant-arrival-rate';
      readonly rate: number;
      readonly timeUnit: string;
      readonly duration: string;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    };

export interface K6Endpoint {
  readonly endpoint: string;
  /** Registry base URL (`scheme://host[:port]`) as seen from the worker's region. */
  readonly url: string;
}

/** One k6 scenario: a worker region's pulls. */
export interface K6WorkerPlan {
  /** The k6 scenario name. */
  readonly scenario: string;
  readonly worker: string;
  /** In the scenario's pull-matrix order. */
  readonly endpoints: readonly K6Endpoint[];
  /** Settings for k6 run / k6-operator. */
  readonly local: K6Executor;
  /** Settings for k6 Cloud (scaled by 100 / the worker zone's percent); null = the worker has no zone. */
  readonly cloud: K6Executor | null;
}

/**
 * Secrets by environment variable name only. `replbench-env`: the scenario's
 * auth (docker-config, azure) is one k6 cannot do, so the test needs
 * REPLBENCH_USERNAME/PASSWORD or REPLBENCH_TOKEN and stops at start without them.
 */
export type K6Auth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordEnv: string }
  | { readonly kind: 'bearer'; readonly tokenEnv: string }
  | { readonly kind: 'replbench-env'; readonly instead: string };

export interface K6Plan {
  readonly version: number;
  readonly scenario: {
    readonly name: string;
    readonly source: string;
    readonly origin: string;
    readonly regions: readonly string[];
    readonly thresholds: LoggedThresholds;
  };
  readonly mode: 'pull-phase' | 'rate';
  /** k6 duration text ("90s", "1500ms"): rate = the test's duration, pull-phase = its maxDuration. */
  readonly duration: string;
  /** The images pulled (the first pull.images of the workload). */
  readonly images: readonly { readonly repository: string; readonly tag: string }[];
  /** The first round's pulls are reported as cold (false: they warm up and are not reported). */
  readonly reportCold: boolean;
  /** Rounds over (endpoint, image) per worker in pull-phase mode: 1 cold + pull.iterations warm (cold only: 1). */
  readonly rounds: number;
  readonly auth: K6Auth;
  /** Accept header of manifest GETs (replbench's own list). */
  readonly manifestAccept: string;
  /** A lab target: REPLBENCH_ENDPOINT_* cannot override (the port encodes the client region). */
  readonly lab: boolean;
  /** A lab target: where its port matrix starts (start it with `replbench lab --config … --base-port` this); else null. */
  readonly labBasePort: number | null;
  readonly workers: readonly string[];
  readonly scenarios: readonly K6WorkerPlan[];
  /** Pulls in flight per worker: the scenario's pull.concurrency (the VUs of each worker's scenario). */
  readonly concurrency: number;
  /** Blobs fetched at once within one pull (k6's batch and batchPerHost), as replbench does. */
  readonly blobsPerPull: number;
  readonly skippedThresholds: readonly SkippedThreshold[];
  /** k6 thresholds: the scenario's, translated, and replbench_pull_errors count==0 (a failed pull fails the test). */
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
  /** k6's end-of-test statistics: every percentile the thresholds use among them. */
  readonly summaryTrendStats: readonly string[];
  readonly distribution: Readonly<Record<string, CloudZone>>;
  /** Worker regions without a load zone (left out of the distribution). */
  readonly unzoned: readonly string[];
  readonly parallelism: number;
}

export function buildK6Plan(s: ResolvedScenario, o: K6ExportOptions): K6Plan {
  if (s.target.kind === 'blob') throw new ConfigError(`${s.source}: target: a blob target has no OCI endpoints for k6 to pull from`);
  if (o.ratePerSec !== undefined) checkPositive(o.ratePerSec, '--rate', 'a rate above 0 such as "5/s"');
  if (o.durationMs !== undefined) checkPositive(o.durationMs, '--duration', 'a duration above 0 such as "5m"');
  const parallelism = o.parallelism ?? 1;
  checkWhole(parallelism, '--parallelism');
  const concurrency = s.pull.concurrency;
  if (parallelism > concurrency) {
    throw new ConfigError(
      `--parallelism: expected at most pull.concurrency (${concurrency}) runners per region, found ${parallelism}: ` +
        `each runner needs at least one of the worker's ${concurrency} pulls in flight`,
    );
  }
  if (o.labBasePort !== undefined) {
    if (s.target.kind !== 'lab') throw new ConfigError(`--base-port: only a lab target has a port matrix; ${s.source} targets ${s.target.kind}`);
    const top = 65_535 - s.regions.length * s.regions.length;
    if (!Number.isInteger(o.labBasePort) || o.labBasePort < 1 || o.labBasePort > top) {
      throw new ConfigError(`--base-port: expected a port number between 1 and ${top} (the lab needs ${s.regions.length * s.regions.length + 1} ports from it), found ${o.labBasePort}`);
    }
  }
  if (s.target.kind === 'lab' && Object.keys(o.endpoints ?? {}).length > 0) {
    throw new ConfigError(
      `--endpoint: a lab target encodes the client region in the port (base + server × n + client), so one URL per region would send every worker through one row; set ports.base in the lab config instead`,
    );
  }
  const imageCount = Math.min(s.workload.images, s.pull.images ?? s.workload.images);
  if (imageCount > MAX_K6_IMAGES) {
    throw new ConfigError(`${s.source}: pull.images: expected at most ${MAX_K6_IMAGES} images for a k6 export, found ${imageCount}`);
  }
  const mode = o.ratePerSec === undefined ? 'pull-phase' : 'rate';
  const durationMs = o.durationMs ?? (mode === 'rate' ? 60_000 : DEFAULT_PULL_PHASE_MAX_MS);
  const duration = k6Duration(durationMs);
  const reportCold = s.pull.phases.includes('cold');
  const rounds = 1 + (s.pull.phases.includes('warm') ? s.pull.iterations : 0);

  const zones = o.zones ?? {};
  const workers = [...s.pull.workers];
  const distribution = cloudDistribution(workers, (w) => loadZoneFor(w, zones));
  const names = new Set<string>();
  const scenarios = workers.flatMap((worker): K6WorkerPlan[] => {
    const endpoints = s.pull.pairs
      .filter((p) => p.worker === worker)
      .map((p) => ({ endpoint: p.endpoint, url: endpointUrl(s, worker, p.endpoint, o.endpoints ?? {}, o.labBasePort) }));
    if (endpoints.length === 0) return [];
    const executor = (factor: number): K6Executor => {
      const vus = Math.ceil(concurrency * factor);
      if (o.ratePerSec === undefined) {
        return { executor: 'shared-iterations', vus, iterations: Math.ceil(imageCount * endpoints.length * rounds * factor), maxDuration: duration };
      }
      return { executor: 'constant-arrival-rate', ...arrivalRate(o.ratePerSec * endpoints.length * factor), duration, preAllocatedVUs: vus, maxVUs: vus };
    };
    const zone = distribution[worker];
    return [
      {
        scenario: uniqueName(names, `pull_${safe(worker)}`),
        worker,
        endpoints,
        local: executor(1),
        cloud: zone === undefined ? null : executor(100 / zone.percent),
      },
    ];
  });
  const th = toK6Thresholds(s.thresholds.parsed);
  return {
    version: K6_PLAN_VERSION,
    scenario: { name: s.name, source: s.source, origin: s.origin, regions: [...s.regions], thresholds: s.thresholds.input },
    mode,
    duration,
    images: Array.from({ length: imageCount }, (_, i) => ({
      repository: s.workload.repository.replaceAll('{i}', String(i)),
      tag: s.workload.tag.replaceAll('{i}', String(i)),
    })),
    reportCold,
    rounds,
    auth: authOf(s),
    manifestAccept: MANIFEST_ACCEPT.join(', '),
    lab: s.target.kind === 'lab',
    labBasePort: s.target.kind === 'lab' ? (o.labBasePort ?? s.target.config.basePort ?? null) : null,
    workers,
    scenarios,
    concurrency,
    blobsPerPull: DEFAULT_BLOB_CONCURRENCY,
    // k6 itself fails (exit 99) when a pull failed, as a replbench run's verdict does.
    thresholds: { ...th.thresholds, [K6_PULL_ERRORS]: ['count==0'] },
    skippedThresholds: th.skipped,
    summaryTrendStats: trendStats(th.thresholds),
    distribution,
    unzoned: workers.filter((w) => distribution[w] === undefined),
    parallelism,
  };
}

/** k6's default statistics plus p(95), p(99), count and every p(N) a threshold names, in k6's order. */
export function trendStats(thresholds: Readonly<Record<string, readonly string[]>>): string[] {
  const percentiles = new Set([90, 95, 99]);
  for (const exprs of Object.values(thresholds)) {
    for (const e of exprs) for (const m of e.matchAll(/p\((\d+(?:\.\d+)?)\)/g)) percentiles.add(Number(m[1]));
  }
  return ['min', 'med', 'avg', ...[...percentiles].sort((a, b) => a - b).map((p) => `p(${p})`), 'max', 'count'];
}

/**
 * A rate per second as k6's whole `rate` per `timeUnit`: per second when whole,
 * else per minute when whole, else per hour rounded (at least 1).
 */
export function arrivalRate(ratePerSec: number): { rate: number; timeUnit: string } {
  for (const [unit, seconds] of [['1s', 1], ['1m', 60]] as const) {
    const n = ratePerSec * seconds;
    if (Math.abs(n - Math.round(n)) < 1e-9 && Math.round(n) >= 1) return { rate: Math.round(n), timeUnit: unit };
  }
  return { rate: Math.max(1, Math.round(ratePerSec * 3600)), timeUnit: '1h' };
}

/** ms → a Go duration k6 reads: whole seconds as "90s", else "1500ms". */
export function k6Duration(ms: number): string {
  const whole = Math.round(ms);
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

function endpointUrl(s: ResolvedScenario, worker: string, endpoint: string, overrides: Readonly<Record<string, string>>, labBasePort: number | undefined): string {
  const override = overrides[endpoint];
  if (override !== undefined) return override.replace(/\/+$/, '');
  if (s.target.kind === 'oci') {
    const region = s.target.regions.find((r) => r.name === endpoint);
    if (region !== undefined) return region.endpoint;
  } else if (s.target.kind === 'lab' && (labBasePort ?? s.target.config.basePort) !== undefined) {
    // The lab listens once per (server region, client region): base + server × n + client.
    const n = s.regions.length;
    return `http://127.0.0.1:${(labBasePort ?? s.target.config.basePort ?? 0) + s.regions.indexOf(endpoint) * n + s.regions.indexOf(worker)}`;
  }
  throw new ConfigError(
    `${s.source}: target.ports.base: a lab without fixed ports listens on ports picked at start, which the k6 test cannot know; ` +
      'set ports.base, or pass --base-port N and start the lab with "replbench lab --config FILE --base-port N" (it then listens on base + server × n + client, one port per client region)',
  );
}

function authOf(s: ResolvedScenario): K6Auth {
  if (s.target.kind === 'lab' || s.target.kind === 'blob') return { kind: 'anonymous' };
  const a = s.target.auth;
  switch (a.kind) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'basic':
      return { kind: 'basic', username: a.username, passwordEnv: a.passwordEnv };
    case 'bearer':
      return { kind: 'bearer', tokenEnv: a.tokenEnv };
    case 'docker-config':
      return { kind: 'replbench-env', instead: "k6 cannot read Docker's config.json" };
    case 'azure':
      // For ACR: REPLBENCH_USERNAME=00000000-0000-0000-0000-000000000000, REPLBENCH_PASSWORD=$(az acr login --expose-token …).
      return { kind: 'replbench-env', instead: 'k6 cannot sign in to Microsoft Entra ID' };
  }
}

function safe(region: string): string {
  return region.replace(/[^A-Za-z0-9_]/g, '_');
}

function uniqueName(taken: Set<string>, stem: string): string {
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
  taken.add(name);
  return name;
}

function checkPositive(value: number, flag: string, expected: string): void {
  if (!(Number.isFinite(value) && value > 0)) throw new ConfigError(`${flag}: expected ${expected}, found ${value}`);
}

function checkWhole(value: number, flag: string): void {
  if (!(Number.isInteger(value) && value >= 1)) throw new ConfigError(`${flag}: expected a whole number ≥ 1, found ${value}`);
}
