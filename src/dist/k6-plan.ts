/**
 * What `replbench k6 export` puts in the k6 test, decided once from the
 * resolved scenario and the export options: one k6 scenario per (worker,
 * endpoint) pair of the pull matrix, each a constant-arrival-rate executor;
 * the images to pull; auth by environment variable names; thresholds; the k6
 * Cloud distribution. Plain JSON data: the script embeds it, and it is written
 * beside the script (replbench-k6.json) for `replbench k6 ingest --plan`.
 */
import { ConfigError } from '../errors.ts';
import type { LoggedThresholds } from '../run/events.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { toK6Thresholds, type SkippedThreshold } from './k6-thresholds.ts';
import { cloudDistribution, loadZoneFor, type CloudZone } from './k6-zones.ts';

export const K6_PLAN_VERSION = 1;
/** Most images a plan embeds (the script cycles through them). */
export const MAX_K6_IMAGES = 10_000;

export interface K6ExportOptions {
  /** Pulls started per second, per (worker, endpoint) pair. */
  readonly ratePerSec: number;
  readonly durationMs: number;
  /** VUs allocated up front per pair; default max(2, ⌈rate × 1 s⌉). */
  readonly preAllocatedVUs?: number;
  /** VU cap per pair; default max(4 × preAllocatedVUs, pull.concurrency). */
  readonly maxVUs?: number;
  /** Region → k6 load zone, over the built-in table. */
  readonly zones?: Readonly<Record<string, string>>;
  /** Region → registry base URL, over the scenario's (required for a lab without ports.base). */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** k6-operator runner pods per worker region. */
  readonly parallelism?: number;
}

/** One executor's arrival settings, as k6 takes them. */
export interface K6Rate {
  readonly rate: number;
  readonly timeUnit: string;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
}

export interface K6PairPlan {
  /** The k6 scenario name. */
  readonly scenario: string;
  readonly worker: string;
  readonly endpoint: string;
  /** Registry base URL (`scheme://host[:port]`) the worker pulls from. */
  readonly url: string;
  /** Settings for k6 run / k6-operator. */
  readonly local: K6Rate;
  /** Settings for k6 Cloud (scaled by 100 / the worker zone's percent); null = the worker has no zone. */
  readonly cloud: K6Rate | null;
}

/** Secrets by environment variable name only; `replbench-env` = REPLBENCH_USERNAME/PASSWORD or REPLBENCH_TOKEN. */
export type K6Auth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordEnv: string }
  | { readonly kind: 'bearer'; readonly tokenEnv: string }
  | { readonly kind: 'replbench-env' };

export interface K6Plan {
  readonly version: number;
  readonly scenario: {
    readonly name: string;
    readonly source: string;
    readonly origin: string;
    readonly regions: readonly string[];
    readonly thresholds: LoggedThresholds;
  };
  /** k6 duration text ("90s", "1500ms"). */
  readonly duration: string;
  readonly images: readonly { readonly repository: string; readonly tag: string }[];
  readonly auth: K6Auth;
  readonly workers: readonly string[];
  readonly pairs: readonly K6PairPlan[];
  /** k6's batchPerHost: blobs fetched at once per pull (the scenario's pull.concurrency). */
  readonly batchPerHost: number;
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
  readonly skippedThresholds: readonly SkippedThreshold[];
  readonly distribution: Readonly<Record<string, CloudZone>>;
  /** Worker regions without a load zone (left out of the distribution). */
  readonly unzoned: readonly string[];
  readonly parallelism: number;
}

export function buildK6Plan(s: ResolvedScenario, o: K6ExportOptions): K6Plan {
  if (s.target.kind === 'blob') throw new ConfigError(`${s.source}: target: a blob target has no OCI endpoints for k6 to pull from`);
  checkPositive(o.ratePerSec, '--rate', 'a rate above 0 such as "5/s"');
  checkPositive(o.durationMs, '--duration', 'a duration above 0 such as "5m"');
  const parallelism = o.parallelism ?? 1;
  checkWhole(parallelism, '--parallelism');
  const pre = o.preAllocatedVUs ?? Math.max(2, Math.ceil(o.ratePerSec));
  checkWhole(pre, '--pre-allocated-vus');
  const max = o.maxVUs ?? Math.max(4 * pre, s.pull.concurrency);
  checkWhole(max, '--max-vus');
  if (max < pre) throw new ConfigError(`--max-vus: expected at least --pre-allocated-vus (${pre}), found ${max}`);
  if (s.workload.images > MAX_K6_IMAGES) {
    throw new ConfigError(`${s.source}: workload.images: expected at most ${MAX_K6_IMAGES} images for a k6 export, found ${s.workload.images}`);
  }

  const zones = o.zones ?? {};
  const workers = [...s.pull.workers];
  const distribution = cloudDistribution(workers, (w) => loadZoneFor(w, zones));
  const names = new Set<string>();
  const pairs = s.pull.pairs.map((p): K6PairPlan => {
    const local: K6Rate = { ...arrivalRate(o.ratePerSec), preAllocatedVUs: pre, maxVUs: max };
    const zone = distribution[p.worker];
    const factor = zone === undefined ? 0 : 100 / zone.percent;
    const cloud: K6Rate | null =
      zone === undefined
        ? null
        : { ...arrivalRate(o.ratePerSec * factor), preAllocatedVUs: Math.ceil(pre * factor), maxVUs: Math.ceil(max * factor) };
    return { scenario: uniqueName(names, `pull_${safe(p.worker)}_from_${safe(p.endpoint)}`), worker: p.worker, endpoint: p.endpoint, url: endpointUrl(s, p.worker, p.endpoint, o.endpoints ?? {}), local, cloud };
  });
  const th = toK6Thresholds(s.thresholds.parsed);
  return {
    version: K6_PLAN_VERSION,
    scenario: { name: s.name, source: s.source, origin: s.origin, regions: [...s.regions], thresholds: s.thresholds.input },
    duration: k6Duration(o.durationMs),
    images: Array.from({ length: s.workload.images }, (_, i) => ({
      repository: s.workload.repository.replaceAll('{i}', String(i)),
      tag: s.workload.tag.replaceAll('{i}', String(i)),
    })),
    auth: authOf(s),
    workers,
    pairs,
    batchPerHost: s.pull.concurrency,
    thresholds: th.thresholds,
    skippedThresholds: th.skipped,
    distribution,
    unzoned: workers.filter((w) => distribution[w] === undefined),
    parallelism,
  };
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

function endpointUrl(s: ResolvedScenario, worker: string, endpoint: string, overrides: Readonly<Record<string, string>>): string {
  const override = overrides[endpoint];
  if (override !== undefined) return override.replace(/\/+$/, '');
  if (s.target.kind === 'oci') {
    const region = s.target.regions.find((r) => r.name === endpoint);
    if (region !== undefined) return region.endpoint;
  } else if (s.target.kind === 'lab' && s.target.config.basePort !== undefined) {
    // The lab listens once per (server region, client region): base + server × n + client.
    const n = s.regions.length;
    return `http://127.0.0.1:${s.target.config.basePort + s.regions.indexOf(endpoint) * n + s.regions.indexOf(worker)}`;
  }
  throw new ConfigError(
    `${s.source}: target: the lab has no fixed ports (ports.base), so the k6 test cannot know where region ${endpoint} listens; ` +
      `set ports.base in the lab config or pass --endpoint ${endpoint}=URL`,
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
    default:
      // docker-config, azure (AAD sign-in), and kinds added later: k6 can read neither Docker's config.json nor
      // an Azure identity in a pod or the cloud. The variables replbench falls back to instead; for ACR use
      // REPLBENCH_USERNAME=00000000-0000-0000-0000-000000000000 and REPLBENCH_PASSWORD=$(az acr login --expose-token …).
      return { kind: 'replbench-env' };
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
