/**
 * The fixed part of the exported k6 test (TypeScript for k6 ≥ 1.0, typed with
 * @types/k6): options built from the embedded PLAN, registry auth (Basic, a
 * static bearer token, or the token dance a 401 asks for), and the pull
 * itself — manifest (and the linux/amd64 child of an index), then config and
 * layers in one http.batch. k6-script.ts puts the PLAN constant above it.
 *
 * Kept as text (String.raw, no backticks or template holes inside) because it
 * is k6 code, typechecked against @types/k6 by the export's test, not by the
 * project's Node tsconfig.
 */
export const K6_SCRIPT_RUNTIME = String.raw`
/** k6 Cloud: the distribution label of this load generator, which is its worker region. */
const CLOUD_WORKER: string = __ENV.K6_CLOUDRUN_DISTRIBUTION ?? '';
/** k6 run / k6-operator: run only this worker region's scenarios (one TestRun per region). */
const ONLY_WORKER: string = __ENV.REPLBENCH_WORKER ?? '';
/** Set with "k6 cloud run -e REPLBENCH_CLOUD=1": every zone runs a share of every scenario, so rates are scaled. */
const IN_CLOUD: boolean = __ENV.REPLBENCH_CLOUD === '1';
const DURATION: string = __ENV.REPLBENCH_DURATION ?? PLAN.duration;

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const pullDuration = new Trend('replbench_pull_duration', true);
const pullTtfb = new Trend('replbench_pull_ttfb', true);
const pullBytes = new Counter('replbench_pull_bytes');
const pullErrors = new Counter('replbench_pull_errors');
const pullSkipped = new Counter('replbench_pull_skipped');

function envName(region: string): string {
  return 'REPLBENCH_ENDPOINT_' + region.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** A pair's registry URL: REPLBENCH_ENDPOINT_<REGION> overrides the exported one. */
function urlOf(pair: Pair): string {
  const override = __ENV[envName(pair.endpoint)];
  return override !== undefined && override !== '' ? override.replace(/\/+$/, '') : pair.url;
}

function arrival(pair: Pair): Rate | null {
  return IN_CLOUD ? pair.cloud : pair.local;
}

const PAIRS: Pair[] = PLAN.pairs.filter((p) => (ONLY_WORKER === '' || p.worker === ONLY_WORKER) && arrival(p) !== null);
if (PAIRS.length === 0) {
  throw new Error(
    ONLY_WORKER !== ''
      ? 'REPLBENCH_WORKER=' + ONLY_WORKER + ' names no worker region of this test (' + PLAN.workers.join(', ') + ')'
      : 'no worker region of this test has a k6 Cloud load zone: re-export with --zone REGION=LOADZONE',
  );
}
const PAIR_BY_SCENARIO: { [name: string]: Pair } = {};
const scenarios: { [name: string]: Scenario } = {};
for (const p of PAIRS) {
  const r = arrival(p) as Rate;
  PAIR_BY_SCENARIO[p.scenario] = p;
  scenarios[p.scenario] = {
    executor: 'constant-arrival-rate',
    rate: r.rate,
    timeUnit: r.timeUnit,
    duration: DURATION,
    preAllocatedVUs: r.preAllocatedVUs,
    maxVUs: r.maxVUs,
    exec: 'pull',
    tags: { worker: p.worker, endpoint: p.endpoint },
  };
}

export const options: Options = {
  scenarios,
  thresholds: PLAN.thresholds,
  batchPerHost: PLAN.batchPerHost,
  summaryTrendStats: ['min', 'med', 'avg', 'p(90)', 'p(99)', 'max', 'count'],
  ...(Object.keys(PLAN.distribution).length > 0
    ? { cloud: { name: 'replbench ' + PLAN.scenario, distribution: PLAN.distribution } }
    : {}),
};

// --- registry auth: secrets only from the environment ---

interface Basic {
  readonly user: string;
  readonly password: string;
}

function requireEnv(name: string): string {
  const value = __ENV[name];
  if (value === undefined || value === '') throw new Error('set the environment variable ' + name + ' (k6 run -e ' + name + '=...)');
  return value;
}

function basicCredentials(): Basic | null {
  const a = PLAN.auth;
  if (a.kind === 'basic') return { user: a.username, password: requireEnv(a.passwordEnv) };
  const user = __ENV.REPLBENCH_USERNAME;
  if (a.kind === 'replbench-env' && user !== undefined && user !== '') return { user, password: requireEnv('REPLBENCH_PASSWORD') };
  return null;
}

function staticToken(): string | null {
  const a = PLAN.auth;
  if (a.kind === 'bearer') return requireEnv(a.tokenEnv);
  const token = __ENV.REPLBENCH_TOKEN;
  return a.kind === 'replbench-env' && token !== undefined && token !== '' ? token : null;
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

/** Answers a 401's challenge: Basic credentials as they are, or a token from the Bearer realm. */
function grant(key: string, challenge: string): string | null {
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
  const res = http.get(url, { headers, tags: { replbench_request: 'token' } });
  if (res.status !== 200 || typeof res.body !== 'string') return null;
  const body = JSON.parse(res.body) as { token?: string; access_token?: string; expires_in?: number };
  const token = body.token ?? body.access_token;
  if (token === undefined) return null;
  const lifetimeS = Math.max(30, (body.expires_in ?? 60) - 10);
  grants[key] = { header: 'Bearer ' + token, expiresAtMs: Date.now() + lifetimeS * 1000 };
  return 'Bearer ' + token;
}

function paramsFor(auth: string | null, accept: string | null, responseType: 'text' | 'none', what: string): Params {
  const headers: { [name: string]: string } = {};
  if (accept !== null) headers['Accept'] = accept;
  if (auth !== null) headers['Authorization'] = auth;
  return { headers, responseType, tags: { replbench_request: what } };
}

/** GET with the cached authorization; on a 401, answer the challenge once and retry. */
function send(url: string, key: string, accept: string | null, responseType: 'text' | 'none', what: string): Response {
  const res: Response = http.get(url, paramsFor(authorization(key), accept, responseType, what));
  if (res.status !== 401 || STATIC_TOKEN !== null) return res;
  const auth = grant(key, res.headers['Www-Authenticate'] ?? '');
  return auth === null ? res : http.get(url, paramsFor(auth, accept, responseType, what));
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

function answered(res: Response, what: string, tags: { [name: string]: string }): boolean {
  const good = check(res, { [what + ' answers 200']: (r) => r.status === 200 }, tags);
  if (!good) pullErrors.add(1, { ...tags, status: String(res.status), what });
  return good;
}

/** One full pull of the next image from the scenario's endpoint: one iteration. */
export function pull(): void {
  const pair = PAIR_BY_SCENARIO[exec.scenario.name];
  if (pair === undefined) return;
  if (CLOUD_WORKER !== '' && CLOUD_WORKER !== pair.worker) {
    pullSkipped.add(1);
    return;
  }
  const image = PLAN.images[exec.scenario.iterationInTest % PLAN.images.length];
  if (image === undefined) return;
  const tags = { worker: pair.worker, endpoint: pair.endpoint, image: image.repository + ':' + image.tag };
  const base = urlOf(pair) + '/v2/' + image.repository;
  const key = base;
  const startedMs = Date.now();

  let res = send(base + '/manifests/' + image.tag, key, MANIFEST_ACCEPT, 'text', 'manifest');
  const t = res.timings;
  const ttfbMs = t.blocked + t.connecting + t.tls_handshaking + t.sending + t.waiting;
  if (!answered(res, 'manifest', tags)) return;
  let doc = parseManifest(res);
  let bytes = typeof res.body === 'string' ? res.body.length : 0;
  if (doc !== null && doc.manifests !== undefined) {
    const children = doc.manifests;
    const child = children.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64') ?? children[0];
    if (child === undefined) return;
    res = send(base + '/manifests/' + child.digest, key, MANIFEST_ACCEPT, 'text', 'manifest');
    if (!answered(res, 'manifest', tags)) return;
    doc = parseManifest(res);
    bytes += typeof res.body === 'string' ? res.body.length : 0;
  }
  if (doc === null || doc.config === undefined) {
    pullErrors.add(1, { ...tags, status: 'not-an-image', what: 'manifest' });
    return;
  }
  const seen: { [digest: string]: boolean } = {};
  const blobs: Descriptor[] = [];
  for (const d of [doc.config, ...(doc.layers ?? [])]) {
    if (seen[d.digest] === true) continue;
    seen[d.digest] = true;
    blobs.push(d);
  }
  const auth = authorization(key);
  const responses = http.batch(
    blobs.map((d) => ({ method: 'GET', url: base + '/blobs/' + d.digest, params: paramsFor(auth, null, 'none', 'blob') })),
  );
  for (let i = 0; i < blobs.length; i++) {
    const blob = blobs[i] as Descriptor;
    let r: Response | undefined = responses[i];
    if (r === undefined || r.status === 401) r = send(base + '/blobs/' + blob.digest, key, null, 'none', 'blob');
    if (!answered(r, 'blob', tags)) return;
    bytes += blob.size;
  }
  const durationMs = Math.max(Date.now() - startedMs, ttfbMs);
  pullBytes.add(bytes, tags);
  pullTtfb.add(ttfbMs, tags);
  pullDuration.add(durationMs, tags);
}
`;
