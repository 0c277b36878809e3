/**
 * The k6 test `replbench k6 export` writes, as a real k6 TypeScript file
 * (typechecked against @types/k6 by tsconfig.json beside it, not by the
 * project's Node tsconfig). k6-script.ts reads this file at export time, keeps
 * what follows the script-start marker, and replaces the `@replbench-plan`
 * line with the plan as JSON.
 *
 * What it does: one k6 scenario per worker region whose VUs are the worker's
 * pulls in flight; each iteration pulls the next (endpoint, image) of that
 * worker the way replbench's pull does — manifest (and the linux/amd64 child
 * of an index), then config and layers, `blobsPerPull` at a time — and
 * records duration, TTFB and bytes (sub-millisecond, from k6's request
 * timings), or one error sample for a failed pull. Runs on k6 ≥ 1.0 as it is;
 * older k6 (v0.49) runs it transpiled to JavaScript with
 * `--compatibility-mode=base` (test/interop/k6-real.test.ts does).
 */
// @replbench-script-start
import http from 'k6/http';
import type { Params, Response } from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import { Counter, Trend } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';

type Executor =
  | { readonly executor: 'shared-iterations'; readonly vus: number; readonly iterations: number; readonly maxDuration: string }
  | {
      readonly executor: 'constant-arrival-rate';
      readonly rate: number;
      readonly timeUnit: string;
      readonly duration: string;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    };

interface Endpoint {
  readonly endpoint: string;
  readonly url: string;
}

interface WorkerScenario {
  readonly scenario: string;
  readonly worker: string;
  readonly endpoints: readonly Endpoint[];
  readonly local: Executor;
  readonly cloud: Executor | null;
}

type Auth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordEnv: string }
  | { readonly kind: 'bearer'; readonly tokenEnv: string }
  | { readonly kind: 'replbench-env'; readonly instead: string };

interface ScriptPlan {
  readonly scenario: string;
  readonly mode: 'pull-phase' | 'rate';
  readonly images: readonly { readonly repository: string; readonly tag: string }[];
  readonly reportCold: boolean;
  readonly auth: Auth;
  readonly manifestAccept: string;
  readonly lab: boolean;
  readonly workers: readonly string[];
  readonly scenarios: readonly WorkerScenario[];
  readonly blobsPerPull: number;
  readonly thresholds: { [metric: string]: string[] };
  readonly summaryTrendStats: string[];
  readonly distribution: { [label: string]: { loadZone: string; percent: number } };
}

const PLAN = {} as ScriptPlan; // @replbench-plan

/** k6 Cloud: the distribution label of this load generator, which is its worker region. */
const CLOUD_WORKER: string = __ENV.K6_CLOUDRUN_DISTRIBUTION ?? '';
/** k6 run / k6-operator: run only this worker region's scenario (one TestRun per region). */
const ONLY_WORKER: string = __ENV.REPLBENCH_WORKER ?? '';
/** Set with "k6 cloud run -e REPLBENCH_CLOUD=1": every zone runs a share of every scenario, so VUs and rates are scaled. */
const IN_CLOUD: boolean = __ENV.REPLBENCH_CLOUD === '1';
/** Overrides the duration (rate) or the time cap (pull phase). */
const DURATION: string = __ENV.REPLBENCH_DURATION ?? '';

const pullDuration = new Trend('replbench_pull_duration', true);
const pullTtfb = new Trend('replbench_pull_ttfb', true);
const pullBytes = new Counter('replbench_pull_bytes');
const pullErrors = new Counter('replbench_pull_errors');
const pullSkipped = new Counter('replbench_pull_skipped');

function envName(region: string): string {
  return 'REPLBENCH_ENDPOINT_' + region.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** An endpoint's registry URL: REPLBENCH_ENDPOINT_<REGION> overrides the exported one (not for a lab). */
function urlOf(e: Endpoint): string {
  const name = envName(e.endpoint);
  const override = __ENV[name];
  if (override === undefined || override === '') return e.url;
  if (PLAN.lab) {
    throw new Error(name + ': a lab encodes the client region in its port, so one URL per region cannot stand for it; unset it and re-export with ports.base');
  }
  return override.replace(/\/+$/, '');
}

function executorOf(w: WorkerScenario): Executor | null {
  return IN_CLOUD ? w.cloud : w.local;
}

interface Selected {
  readonly worker: string;
  readonly endpoints: readonly Endpoint[];
}

const SELECTED: { [scenario: string]: Selected } = {};
const scenarios: { [name: string]: Scenario } = {};
for (const w of PLAN.scenarios) {
  const x = executorOf(w);
  if ((ONLY_WORKER !== '' && w.worker !== ONLY_WORKER) || x === null) continue;
  SELECTED[w.scenario] = { worker: w.worker, endpoints: w.endpoints.map((e) => ({ endpoint: e.endpoint, url: urlOf(e) })) };
  const tags = { worker: w.worker };
  scenarios[w.scenario] =
    x.executor === 'shared-iterations'
      ? { executor: 'shared-iterations', vus: x.vus, iterations: x.iterations, maxDuration: DURATION !== '' ? DURATION : x.maxDuration, exec: 'pull', tags }
      : {
          executor: 'constant-arrival-rate',
          rate: x.rate,
          timeUnit: x.timeUnit,
          duration: DURATION !== '' ? DURATION : x.duration,
          preAllocatedVUs: x.preAllocatedVUs,
          maxVUs: x.maxVUs,
          exec: 'pull',
          tags,
        };
}
if (Object.keys(scenarios).length === 0) {
  throw new Error(
    ONLY_WORKER !== ''
      ? 'REPLBENCH_WORKER=' + ONLY_WORKER + ' names no worker region of this test (' + PLAN.workers.join(', ') + ')'
      : 'no worker region of this test has a k6 Cloud load zone: re-export with --zone REGION=LOADZONE',
  );
}

export const options: Options = {
  scenarios,
  thresholds: PLAN.thresholds,
  batch: PLAN.blobsPerPull,
  batchPerHost: PLAN.blobsPerPull,
  summaryTrendStats: PLAN.summaryTrendStats,
};
if (Object.keys(PLAN.distribution).length > 0) options.cloud = { name: 'replbench ' + PLAN.scenario, distribution: PLAN.distribution };

// --- registry auth: secrets only from the environment, checked at start ---

interface Basic {
  readonly user: string;
  readonly password: string;
}

function envValue(name: string): string | null {
  const value = __ENV[name];
  return value === undefined || value === '' ? null : value;
}

function requireEnv(name: string): string {
  const value = envValue(name);
  if (value === null) throw new Error('set the environment variable ' + name + ' (k6 run -e ' + name + '=...): the registry needs it');
  return value;
}

function basicCredentials(): Basic | null {
  const a = PLAN.auth;
  if (a.kind === 'basic') return { user: a.username, password: requireEnv(a.passwordEnv) };
  if (a.kind !== 'replbench-env' || envValue('REPLBENCH_TOKEN') !== null) return null;
  const user = envValue('REPLBENCH_USERNAME');
  const password = envValue('REPLBENCH_PASSWORD');
  if (user === null || password === null) {
    throw new Error(
      a.instead + ': set REPLBENCH_USERNAME and REPLBENCH_PASSWORD (for ACR: 00000000-0000-0000-0000-000000000000 and ' +
        'the token of "az acr login --expose-token"), or REPLBENCH_TOKEN, with k6 run -e NAME=...',
    );
  }
  return { user, password };
}

function staticToken(): string | null {
  const a = PLAN.auth;
  if (a.kind === 'bearer') return requireEnv(a.tokenEnv);
  return a.kind === 'replbench-env' ? envValue('REPLBENCH_TOKEN') : null;
}

const BASIC: Basic | null = basicCredentials();
const STATIC_TOKEN: string | null = staticToken();
/** Per VU: Authorization header value per registry and repository, until it expires. */
const grants: { [key: string]: { readonly header: string; readonly expiresAtMs: number } } = {};

function authorization(key: string): string | null {
  if (STATIC_TOKEN !== null) return 'Bearer ' + STATIC_TOKEN;
  const g = grants[key];
  return g !== undefined && g.expiresAtMs > Date.now() ? g.header : null;
}

function challengeParam(challenge: string, name: string): string | null {
  const m = new RegExp(name + '="([^"]*)"', 'i').exec(challenge);
  return m === null || m[1] === undefined ? null : m[1];
}

// --- request time: k6's timings, summed for requests made one after another ---

/** A request from the start of its wait for a connection to its last byte, in ms (sub-millisecond). */
function requestMs(r: Response): number {
  const t = r.timings;
  return t.blocked + t.connecting + t.tls_handshaking + t.sending + t.waiting + t.receiving;
}

/** Wall time of a batch run `slots` at a time in order (k6 hands each request to the first free slot). */
function batchMs(durations: readonly number[], slots: number): number {
  const free: number[] = [];
  for (let i = 0; i < Math.min(Math.max(1, slots), durations.length); i++) free.push(0);
  for (const d of durations) {
    let k = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] as number) < (free[k] as number)) k = i;
    free[k] = (free[k] as number) + d;
  }
  let max = 0;
  for (const f of free) if (f > max) max = f;
  return max;
}

interface Elapsed {
  ms: number;
}

/** Answers a 401's challenge: Basic credentials as they are, or a token from the Bearer realm. */
function grant(key: string, challenge: string, spent: Elapsed, tags: { [name: string]: string }): string | null {
  const basic = BASIC === null ? null : 'Basic ' + encoding.b64encode(BASIC.user + ':' + BASIC.password);
  if (!/^\s*bearer\s/i.test(challenge)) {
    if (basic !== null) grants[key] = { header: basic, expiresAtMs: Number.POSITIVE_INFINITY };
    return basic;
  }
  const realm = challengeParam(challenge, 'realm');
  if (realm === null) return null;
  const service = challengeParam(challenge, 'service');
  const scope = challengeParam(challenge, 'scope');
  let url = realm + (realm.indexOf('?') >= 0 ? '&' : '?') + 'service=' + encodeURIComponent(service ?? '');
  if (scope !== null) url += '&scope=' + encodeURIComponent(scope);
  const headers: { [name: string]: string } = basic === null ? {} : { Authorization: basic };
  const res = http.get(url, { headers, tags: { replbench_request: 'token', worker: tags.worker ?? '', endpoint: tags.endpoint ?? '' } });
  spent.ms += requestMs(res);
  if (res.status !== 200 || typeof res.body !== 'string') return null;
  const body = JSON.parse(res.body) as { token?: string; access_token?: string; expires_in?: number };
  const token = body.token ?? body.access_token;
  if (token === undefined) return null;
  const lifetimeS = Math.max(30, (body.expires_in ?? 60) - 10);
  grants[key] = { header: 'Bearer ' + token, expiresAtMs: Date.now() + lifetimeS * 1000 };
  return 'Bearer ' + token;
}

function paramsFor(auth: string | null, accept: string | null, responseType: 'text' | 'none', what: string, tags: { [name: string]: string }): Params {
  const headers: { [name: string]: string } = {};
  if (accept !== null) headers['Accept'] = accept;
  if (auth !== null) headers['Authorization'] = auth;
  return { headers, responseType, tags: { replbench_request: what, worker: tags.worker ?? '', endpoint: tags.endpoint ?? '' } };
}

/** GET with the cached authorization; on a 401, answer the challenge once and retry. Adds its time to `spent`. */
function send(url: string, key: string, accept: string | null, responseType: 'text' | 'none', what: string, tags: { [name: string]: string }, spent: Elapsed): Response {
  const res: Response = http.get(url, paramsFor(authorization(key), accept, responseType, what, tags));
  spent.ms += requestMs(res);
  if (res.status !== 401 || STATIC_TOKEN !== null) return res;
  const auth = grant(key, res.headers['Www-Authenticate'] ?? '', spent, tags);
  if (auth === null) return res;
  const again = http.get(url, paramsFor(auth, accept, responseType, what, tags));
  spent.ms += requestMs(again);
  return again;
}

// --- the pull ---

interface Descriptor {
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

interface ManifestDoc {
  readonly manifests?: readonly Descriptor[];
  readonly config?: Descriptor;
  readonly layers?: readonly Descriptor[];
}

function parseManifest(res: Response): ManifestDoc | null {
  if (typeof res.body !== 'string') return null;
  try {
    return JSON.parse(res.body) as ManifestDoc;
  } catch (e) {
    return null;
  }
}

/** One failed pull: one error sample, tagged with what failed, its HTTP status (0 = no response) and k6's error code. */
function failed(tags: { [name: string]: string }, what: string, status: string, k6Error: number, report: boolean): void {
  if (!report) return;
  pullErrors.add(1, {
    worker: tags.worker ?? '',
    endpoint: tags.endpoint ?? '',
    image: tags.image ?? '',
    phase: tags.phase ?? '',
    what,
    status,
    k6_error: String(k6Error),
  });
}

function answered(res: Response, what: string, tags: { [name: string]: string }, report: boolean): boolean {
  const good = check(res, { [what + ' answers 200']: (r) => r.status === 200 }, tags);
  if (!good) failed(tags, what, String(res.status), res.error_code, report);
  return good;
}

/** One full pull of this worker's next (endpoint, image): one iteration. */
export function pull(): void {
  const w = SELECTED[exec.scenario.name];
  if (w === undefined) return;
  if (CLOUD_WORKER !== '' && CLOUD_WORKER !== w.worker) {
    pullSkipped.add(1);
    return;
  }
  // The instance's n-th iteration: round n ÷ (endpoints × images), endpoint-major within a round, as replbench queues its pulls.
  const perRound = w.endpoints.length * PLAN.images.length;
  const n = exec.scenario.iterationInInstance;
  const round = Math.floor(n / perRound);
  const j = n % perRound;
  const e = w.endpoints[Math.floor(j / PLAN.images.length)];
  const image = PLAN.images[j % PLAN.images.length];
  if (e === undefined || image === undefined) return;
  const phase = round === 0 ? 'cold' : 'warm';
  // Without the cold phase the first round only warms up, as in replbench run.
  const report = round > 0 || PLAN.reportCold;
  const tags = { worker: w.worker, endpoint: e.endpoint, image: image.repository + ':' + image.tag, phase };
  const base = e.url + '/v2/' + image.repository;
  const key = base;
  const spent: Elapsed = { ms: 0 };

  let res = send(base + '/manifests/' + image.tag, key, PLAN.manifestAccept, 'text', 'manifest', tags, spent);
  const t = res.timings;
  const ttfbMs = t.blocked + t.connecting + t.tls_handshaking + t.sending + t.waiting;
  if (!answered(res, 'manifest', tags, report)) return;
  let doc = parseManifest(res);
  let bytes = typeof res.body === 'string' ? res.body.length : 0;
  if (doc !== null && doc.manifests !== undefined) {
    const children = doc.manifests;
    const child = children.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64') ?? children[0];
    if (child === undefined) {
      failed(tags, 'manifest', 'empty-index', 0, report);
      return;
    }
    res = send(base + '/manifests/' + child.digest, key, PLAN.manifestAccept, 'text', 'manifest', tags, spent);
    if (!answered(res, 'manifest', tags, report)) return;
    doc = parseManifest(res);
    bytes += typeof res.body === 'string' ? res.body.length : 0;
  }
  if (doc === null || doc.config === undefined) {
    failed(tags, 'manifest', 'not-an-image', 0, report);
    return;
  }
  const seen: { [digest: string]: boolean } = {};
  const blobs: Descriptor[] = [];
  for (const d of [doc.config].concat(doc.layers ?? [])) {
    if (seen[d.digest] === true) continue;
    seen[d.digest] = true;
    blobs.push(d);
  }
  const auth = authorization(key);
  const responses = http.batch(
    blobs.map((d) => ({ method: 'GET', url: base + '/blobs/' + d.digest, params: paramsFor(auth, null, 'none', 'blob', tags) })),
  );
  spent.ms += batchMs(responses.map(requestMs), PLAN.blobsPerPull);
  for (let i = 0; i < blobs.length; i++) {
    const blob = blobs[i] as Descriptor;
    let r: Response | undefined = responses[i];
    if (r === undefined || r.status === 401) r = send(base + '/blobs/' + blob.digest, key, null, 'none', 'blob', tags, spent);
    if (!answered(r, 'blob', tags, report)) return;
    bytes += blob.size;
  }
  if (!report) return;
  pullBytes.add(bytes, tags);
  pullTtfb.add(ttfbMs, tags);
  pullDuration.add(Math.max(spent.ms, ttfbMs), tags);
}
