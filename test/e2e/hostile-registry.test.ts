/**
 * `replbench pull|probe|push` (and two runs) against a hostile registry
 * (test/helpers/hostile-registry.ts), one scripted fault per case. Each case
 * asserts the exit code of the one contract (src/cli/exit-codes.ts), the one
 * line that names the request and what went wrong, and that the command
 * ended within 5× its budget: no registry can hold a command past its
 * deadline, its stall window or its retry budget. Commands run through the
 * CLI entry in-process, as the other e2e tests do.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { HOSTILE_PASSWORD, HOSTILE_USER, requestKind, startHostileRegistry, type HostileRegistry, type Rule } from '../helpers/hostile-registry.ts';
import { startHostileReplica } from '../helpers/hostile-replica.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';
import { readRun, withReportsDir } from './e2e-helpers.ts';

/** Every case's budget unless it says otherwise: 2 s inactivity, 3 s per request, 1 KiB/s over 500 ms windows. */
const BUDGET = ['--timeout', '2s', '--deadline', '3s', '--min-rate', '1KiB/s', '--stall-window', '500ms'];
const CREDENTIALS = ['--username', HOSTILE_USER, '--password', HOSTILE_PASSWORD];

interface Case {
  readonly name: string;
  readonly command?: 'pull' | 'probe' | 'push';
  readonly auth?: boolean;
  readonly rules: (reg: HostileRegistry, storage: HostileRegistry) => Rule[];
  /** The image argument (pull/probe); default REPO:TAG. */
  readonly ref?: (reg: HostileRegistry) => string;
  /** Replaces the flags of BUDGET with the same name. */
  readonly flags?: readonly string[];
  readonly exit: number;
  /** Matched against everything the command printed (stderr, then stdout). */
  readonly message: RegExp;
  /** The budget the elapsed time is bounded by (5×); default the 3 s deadline. */
  readonly budgetMs?: number;
  /** Assertions on what the servers saw. */
  readonly servers?: (reg: HostileRegistry, storage: HostileRegistry) => void;
}

/** The image's one layer (its config is a blob too). */
const layer = (reg: HostileRegistry): Pick<Rule, 'kind' | 'method' | 'path'> => ({ kind: 'blob', method: 'GET', path: reg.image.layerDigest });
const tag = (reg: HostileRegistry): string => `${reg.image.repo}:${reg.image.tag}`;
const byDigest = (reg: HostileRegistry): string => `${reg.image.repo}@${reg.image.manifestDigest}`;
const tampered = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'x', digest: `sha256:${'1'.repeat(64)}`, size: 1 }, layers: [] }));
const OTHER_DIGEST = `sha256:${'e'.repeat(64)}`;
const flipped = (reg: HostileRegistry): Buffer => {
  const b = Buffer.alloc(reg.image.layerBytes);
  for (let i = 0; i < b.length; i++) b[i] = ((i * 31 + 7) & 0xff) ^ (i === 0 ? 0xff : 0);
  return b;
};
const challenge = (reg: HostileRegistry): Record<string, string> => ({ 'www-authenticate': `Bearer realm="${reg.origin}/token",service="hostile"` });
const noAuthorization = (s: HostileRegistry): void => assert.ok(s.requests.every((r) => r.headers.authorization === undefined), JSON.stringify(s.requests.map((r) => r.headers.authorization)));

function withFlags(extra: readonly string[]): string[] {
  const out = [...BUDGET];
  for (let i = 0; i < extra.length; i += 2) {
    const at = out.indexOf(extra[i] ?? '');
    if (at >= 0) out.splice(at, 2, extra[i] ?? '', extra[i + 1] ?? '');
    else out.push(extra[i] ?? '', extra[i + 1] ?? '');
  }
  return out;
}

const CASES: Case[] = [
  // digests: manifest, blob, header forms
  { name: 'manifest by tag, tampered body under the honest Docker-Content-Digest', rules: () => [{ kind: 'manifest', fault: { kind: 'body', body: tampered } }], exit: 1, message: /manifest hostile\/app:v1 \(Docker-Content-Digest vs body\): expected sha256:[0-9a-f]{64}, got sha256:/ },
  { name: 'manifest by digest, tampered body', ref: byDigest, rules: () => [{ kind: 'manifest', fault: { kind: 'body', body: tampered } }], exit: 1, message: /expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}/ },
  { name: 'manifest with Docker-Content-Digest md5:abc (tampered)', rules: () => [{ kind: 'manifest', fault: { kind: 'headers', headers: { 'docker-content-digest': 'md5:abc' } } }], exit: 1, message: /GET \/v2\/hostile\/app\/manifests\/v1: expected a Docker-Content-Digest of sha256 or sha512, got "md5:abc"/ },
  { name: 'manifest whose Docker-Content-Digest is another sha256', rules: () => [{ kind: 'manifest', fault: { kind: 'headers', headers: { 'docker-content-digest': OTHER_DIGEST } } }], exit: 1, message: new RegExp(`Docker-Content-Digest vs body\\): expected ${OTHER_DIGEST}`) },
  { name: 'blob with one byte flipped (same size)', rules: (reg) => [{ ...layer(reg), fault: { kind: 'body', body: flipped(reg) } }], exit: 1, message: /blob sha256:[0-9a-f]{64} of hostile\/app: expected sha256:[0-9a-f]{64}, got sha256:/ },
  { name: 'blob whose Docker-Content-Digest names another blob', rules: (reg) => [{ ...layer(reg), fault: { kind: 'headers', headers: { 'docker-content-digest': OTHER_DIGEST } } }], exit: 1, message: /GET \/v2\/hostile\/app\/blobs\/sha256:[0-9a-f]{64} \(Docker-Content-Digest\): expected sha256:[0-9a-f]{64}, got sha256:e{64}/ },
  { name: 'blob with a malformed Docker-Content-Digest', rules: (reg) => [{ ...layer(reg), fault: { kind: 'headers', headers: { 'docker-content-digest': 'not a digest' } } }], exit: 1, message: /expected a Docker-Content-Digest of sha256:[0-9a-f]{64}, got the malformed "not a digest"/ },
  // bodies: short, long, truncated, reset
  { name: 'short blob body (honest Content-Length, too few bytes)', rules: (reg) => [{ ...layer(reg), fault: { kind: 'body', body: Buffer.alloc(1000) } }], exit: 1, message: /expected 65536 bytes \(the descriptor's size\), got 1000/ },
  { name: 'long blob body (more than the descriptor says)', rules: (reg) => [{ ...layer(reg), fault: { kind: 'body', body: Buffer.alloc(65536 + 4096) } }], exit: 1, message: /expected 65536 bytes \(the descriptor's size\), got more than that/ },
  { name: 'blob body cut mid-way (FIN)', rules: (reg) => [{ ...layer(reg), fault: { kind: 'cut-body', after: 32768, how: 'close' } }], exit: 1, message: /GET \/v2\/hostile\/app\/blobs\/sha256:[0-9a-f]{64}: expected 65536 bytes \(Content-Length\) from http:\/\/127\.0\.0\.1:\d+, got \d+ bytes before the connection broke/ },
  { name: 'blob body reset mid-way (RST)', rules: (reg) => [{ ...layer(reg), fault: { kind: 'cut-body', after: 32768, how: 'reset' } }], exit: 1, message: /expected 65536 bytes \(Content-Length\) from .*, got \d+ bytes before the connection broke \((ECONNRESET|UND_ERR_SOCKET)\)/ },
  { name: 'manifest body cut after 10 bytes', rules: () => [{ kind: 'manifest', fault: { kind: 'cut-body', after: 10, how: 'close' } }], exit: 1, message: /GET \/v2\/hostile\/app\/manifests\/v1: expected \d+ bytes \(Content-Length\) from .*, got \d+ bytes before the connection broke/ },
  { name: 'connection closed without an answer', rules: () => [{ kind: 'manifest', fault: { kind: 'hang-up' } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: http:\/\/127\.0\.0\.1:\d+ closed the connection without answering/ },
  // slow bodies, stalls, deadlines
  { name: 'blob trickled at 160 B/s: stalled', rules: (reg) => [{ ...layer(reg), fault: { kind: 'slow-body', bytes: 16, everyMs: 100 } }], exit: 3, message: /stalled receiving the response body from http:\/\/127\.0\.0\.1:\d+: \d+ bytes in 500 ms, below the minimum rate of 1 KiB\/s \(\d+ of 65536 bytes received\)/, budgetMs: 1000 },
  { name: 'blob that stops after 1000 bytes, long inactivity limit: stalled', flags: ['--timeout', '30s'], rules: (reg) => [{ ...layer(reg), fault: { kind: 'stall-body', after: 1000 } }], exit: 3, message: /stalled receiving the response body/, budgetMs: 1000 },
  { name: 'blob that stops after 1000 bytes, no rate check: inactivity timeout', flags: ['--timeout', '1s', '--min-rate', '0'], rules: (reg) => [{ ...layer(reg), fault: { kind: 'stall-body', after: 1000 } }], exit: 3, message: /no progress from http:\/\/127\.0\.0\.1:\d+ for 1000 ms \(UND_ERR_BODY_TIMEOUT\)/, budgetMs: 1000 },
  { name: 'blob at 20 KiB/s (above the minimum rate) past the deadline', flags: ['--deadline', '1500ms'], rules: (reg) => [{ ...layer(reg), fault: { kind: 'slow-body', bytes: 2048, everyMs: 100 } }], exit: 3, message: /within the 1\.5 s request deadline \(\d+ of 65536 bytes received\)/, budgetMs: 1500 },
  { name: 'manifest trickled at 10 B/s: stalled', rules: () => [{ kind: 'manifest', fault: { kind: 'slow-body', bytes: 1, everyMs: 100 } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: stalled receiving the response body/, budgetMs: 1000 },
  // black holes
  { name: 'pull: black hole, headers timeout', flags: ['--timeout', '1s'], rules: () => [{ kind: 'manifest', fault: { kind: 'black-hole' } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: no progress from .* for 1000 ms \(UND_ERR_HEADERS_TIMEOUT\)/, budgetMs: 1000 },
  { name: 'probe: the same black hole exits 3 too', command: 'probe', flags: ['--timeout', '1s'], rules: () => [{ kind: 'manifest', fault: { kind: 'black-hole' } }], exit: 3, message: /UND_ERR_HEADERS_TIMEOUT/, budgetMs: 1000 },
  { name: 'pull: black hole, long inactivity limit: the deadline', flags: ['--timeout', '30s', '--deadline', '1500ms'], rules: () => [{ kind: 'manifest', fault: { kind: 'black-hole' } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: no complete answer from http:\/\/127\.0\.0\.1:\d+ within the 1\.5 s request deadline \(waiting for the response headers\)/, budgetMs: 1500 },
  { name: 'probe: black hole past the deadline', command: 'probe', flags: ['--timeout', '30s', '--deadline', '1500ms'], rules: () => [{ kind: 'manifest', fault: { kind: 'black-hole' } }], exit: 3, message: /within the 1\.5 s request deadline/, budgetMs: 1500 },
  { name: 'black-hole token realm: the deadline', auth: true, flags: ['--timeout', '30s', '--deadline', '1500ms'], rules: () => [{ kind: 'token', fault: { kind: 'black-hole' } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: no complete answer .* within the 1\.5 s request deadline \(authenticating, or waiting to retry\)/, budgetMs: 1500 },
  // redirects
  { name: 'blob redirect loop', rules: (reg) => [{ ...layer(reg), fault: { kind: 'redirect', location: (self, path) => `${self}${path}` } }], exit: 1, message: /blob sha256:[0-9a-f]{64} of hostile\/app: more than 5 redirects/ },
  {
    name: 'cross-host redirect to storage: pulled, Authorization never forwarded (server side)',
    auth: true,
    rules: (reg, storage) => [{ ...layer(reg), fault: { kind: 'redirect', location: (_self, path) => `${storage.origin}${path}` } }],
    exit: 0,
    message: /pulled (127\.0\.0\.1:\d+\/)?hostile\/app@sha256:[0-9a-f]{64}: 66\d+ bytes verified/,
    servers: (reg, storage) => {
      assert.ok(storage.requests.some((r) => requestKind(r.method, r.url) === 'blob' && r.url.endsWith(reg.image.layerDigest)), 'the storage host served the layer');
      noAuthorization(storage);
      assert.ok(reg.requests.some((r) => r.headers.authorization === 'Bearer tok-hostile'), 'the registry itself got the token');
    },
  },
  {
    name: 'cross-scheme redirect (https: to a plain-http host): TLS fails, nothing forwarded',
    auth: true,
    rules: (reg, storage) => [{ ...layer(reg), fault: { kind: 'redirect', location: (_self, path) => `https://127.0.0.1:${storage.port}${path}` } }],
    exit: 3,
    message: /GET \/v2\/hostile\/app\/blobs\/sha256:[0-9a-f]{64}: cannot reach https:\/\/127\.0\.0\.1:\d+: the TLS handshake failed/,
    servers: (_reg, storage) => noAuthorization(storage),
  },
  ...(['ftp://127.0.0.1/blob', 'file:///etc/passwd', 'data:text/plain,hello'] as const).map(
    (location): Case => ({
      name: `redirect to ${location.slice(0, location.indexOf(':') + 1)}`,
      rules: (reg) => [{ ...layer(reg), fault: { kind: 'redirect', location } }],
      exit: 1,
      message: new RegExp(`GET /v2/hostile/app/blobs/sha256:[0-9a-f]{64} → 307: expected a Location with an http: or https: URL, got a ${location.slice(0, location.indexOf(':') + 1)} URL \\((ftp://127\\.0\\.0\\.1/|file:|data:)…\\)`),
    }),
  ),
  { name: 'redirect to an unparsable Location', rules: (reg) => [{ ...layer(reg), fault: { kind: 'redirect', location: 'http://[' } }], exit: 1, message: /GET \/v2\/hostile\/app\/blobs\/sha256:[0-9a-f]{64} → 307 with an unparsable Location header/ },
  // oversized answers
  { name: 'a 5 MiB manifest (the limit is 4 MiB)', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, size: 5 * 1024 * 1024 } }], exit: 1, message: /GET \/v2\/hostile\/app\/manifests\/v1: expected a manifest of at most 4194304 bytes, got more than that/ },
  { name: 'an 8 MiB error body', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 500, size: 8 * 1024 * 1024 } }], exit: 1, message: /GET \/v2\/hostile\/app\/manifests\/v1 → 500: HTTP 500/ },
  { name: 'a 2 MiB token response', auth: true, rules: () => [{ kind: 'token', fault: { kind: 'status', status: 200, size: 2 * 1024 * 1024 } }], exit: 1, message: /GET \/token: expected the token response within 1048576 bytes, got more than that/ },
  // auth loops and malformed challenges
  { name: 'auth loop: 401 again with a fresh token', auth: true, rules: (reg) => [{ kind: 'manifest', fault: { kind: 'status', status: 401, headers: challenge(reg) } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: the registry refused the credentials \(401/ },
  { name: 'probe: refused credentials exit 3', command: 'probe', auth: true, rules: (reg) => [{ kind: 'manifest', fault: { kind: 'status', status: 401, headers: challenge(reg) } }], exit: 3, message: /refused the credentials/ },
  { name: 'push: refused credentials exit 3', command: 'push', auth: true, rules: (reg) => [{ kind: 'upload', fault: { kind: 'status', status: 401, headers: challenge(reg) } }, { kind: 'blob', fault: { kind: 'status', status: 401, headers: challenge(reg) } }], exit: 3, message: /refused the credentials/ },
  { name: 'the token realm refuses the password', auth: true, flags: ['--password', 'wrong'], rules: () => [], exit: 3, message: /token endpoint http:\/\/127\.0\.0\.1:\d+\/token refused the credentials \(401\)/ },
  { name: 'malformed challenge (Bearer without a realm)', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 401, headers: { 'www-authenticate': 'Bearer realm=,,,"' } } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: the registry answered 401 without a usable WWW-Authenticate challenge/ },
  { name: 'challenge with an ftp: token realm', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 401, headers: { 'www-authenticate': 'Bearer realm="ftp://127.0.0.1/token"' } } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1: unsupported token realm scheme ftp:/ },
  // throttling storms
  { name: '429 storm with Retry-After: 3600', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 429, headers: { 'retry-after': '3600' } } }], exit: 3, message: /GET \/v2\/hostile\/app\/manifests\/v1 → 429: HTTP 429 \(Retry-After asked for 3600 s, beyond this request's retry budget\)/ },
  { name: '503 storm with Retry-After: 1 until the deadline', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 503, headers: { 'retry-after': '1' } } }], exit: 3, message: /→ 503: HTTP 503 \(Retry-After asked for 1 s/ },
  { name: 'probe: 429 with Retry-After: 3600', command: 'probe', rules: () => [{ kind: 'manifest', fault: { kind: 'status', status: 429, headers: { 'retry-after': '3600' } } }], exit: 3, message: /throttled\s+429 .*retry after 3600000 ms/ },
  // push
  { name: 'push: a registry that reads the upload at 640 B/s: stalled sending', command: 'push', flags: ['--timeout', '30s'], rules: () => [{ kind: 'upload', method: 'PUT', fault: { kind: 'slow-read', bytes: 64, everyMs: 100 } }], exit: 3, message: /PUT \/v2\/hostile\/app\/blobs\/uploads\/[0-9a-f-]{36}: stalled sending the request body to http:\/\/127\.0\.0\.1:\d+/, budgetMs: 3000 },
  { name: 'push: manifest PUT into a black hole: the deadline', command: 'push', flags: ['--timeout', '30s', '--deadline', '1500ms'], rules: () => [{ kind: 'upload', method: 'PUT', fault: { kind: 'black-hole' } }], exit: 3, message: /PUT \/v2\/hostile\/app\/(blobs\/uploads\/[0-9a-f-]{36}|manifests\/v1): no complete answer .* within the 1\.5 s request deadline/, budgetMs: 1500 },
];

async function runCase(c: Case): Promise<void> {
  const reg = await startHostileRegistry({ auth: c.auth === true });
  const storage = await startHostileRegistry();
  try {
    reg.rules = c.rules(reg, storage);
    const command = c.command ?? 'pull';
    const target = command === 'push' ? ['--repo', reg.image.repo, '--tag', reg.image.tag, '--layer-size', '32MiB'] : [(c.ref ?? tag)(reg)];
    const auth = c.auth === true ? CREDENTIALS : [];
    const flags = withFlags([...auth, ...(c.flags ?? [])]);
    const io = captureIo({ DOCKER_CONFIG: '/nonexistent/replbench' });
    const started = Date.now();
    const code = await main([command, ...target, '--endpoint', reg.origin, '--insecure', ...flags], io);
    const elapsedMs = Date.now() - started;
    const printed = `${io.err()}${io.out()}`;
    assert.is(code, c.exit, printed);
    assert.match(printed, c.message, printed);
    assert.not.match(printed, /^replbench: (UND_ERR_\w+|Invalid URL)$/m, 'a bare library code');
    const budget = c.budgetMs ?? 3000;
    assert.ok(elapsedMs < 5 * budget, `took ${elapsedMs} ms, budget ${budget} ms`);
    c.servers?.(reg, storage);
  } finally {
    await storage.close();
    await reg.close();
  }
}

const hostile = suite('e2e: a hostile registry, one scripted fault per case');
for (const c of CASES) hostile(`${c.name} → exit ${c.exit}`, () => runCase(c));
hostile('the table holds at least 30 cases', () => assert.ok(CASES.length >= 30, `${CASES.length} cases`));
hostile.run();

const runs = suite('e2e: a hostile replica inside a run');

async function runWith(rules: Rule[], extra: Record<string, unknown>): Promise<{ code: number; err: string; elapsedMs: number; summary?: Record<string, unknown> }> {
  const origin = await startFakeRegistry();
  const replica = await startHostileReplica(origin, 'honest');
  replica.rules = rules;
  try {
    return await withReportsDir(async (reports) => {
      const doc = tinyScenarioDoc({
        target: { kind: 'oci', regions: [{ name: 'a', endpoint: origin.origin, insecure: true }, { name: 'b', endpoint: replica.origin, insecure: true }] },
        replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '3s' },
        thresholds: { replication_outcome: ['rate(replicated)==1'] },
        ...extra,
      });
      const file = join(reports, 'scenario.json');
      await writeFile(file, JSON.stringify(doc));
      const io = captureIo();
      const started = Date.now();
      const code = await main(['run', file, '--reports-dir', reports], io);
      const elapsedMs = Date.now() - started;
      const written = await readFile(join(reports, 'latest', 'summary.json'), 'utf8').then(() => true, () => false);
      if (!written) return { code, err: io.err(), elapsedMs };
      const { summary } = await readRun(reports);
      return { code, err: io.err(), elapsedMs, summary: summary as unknown as Record<string, unknown> };
    });
  } finally {
    await replica.close();
    await origin.close();
  }
}

runs('a replica whose full blob GETs trickle: every pull from it is stalled (a pull outcome), the run ends, exit 99', async () => {
  const o = await runWith([{ kind: 'blob', method: 'GET', range: false, fault: { kind: 'slow-body', bytes: 8, everyMs: 100 } }], {
    requests: { deadline: '5s', minRate: '1KiB/s', stallWindow: '300ms' },
  });
  assert.is(o.code, 99, o.err);
  const pulls = (o.summary?.outcomes as { pull: Record<string, Record<string, number>> }).pull;
  assert.ok((pulls['endpoint=b,worker=a']?.stalled ?? 0) > 0, JSON.stringify(pulls));
  assert.is(pulls['endpoint=b,worker=a']?.ok, 0);
  assert.ok((pulls['endpoint=a,worker=a']?.ok ?? 0) > 0);
  assert.match(o.err, /pull_outcome: rate\(ok\)==1 \(default\)/);
  // 12 stalled pulls from b, 2 at a time per worker, each ending within about 2 stall windows.
  assert.ok(o.elapsedMs < 60_000, `took ${o.elapsedMs} ms`);
});

runs('a replica that answers 200 to every HEAD: inconsistent (head-lies) by the HEAD canary (src/run/head-canary.ts), exit 99', async () => {
  const o = await runWith(
    [
      { kind: 'manifest', method: 'HEAD', fault: { kind: 'status', status: 200, headers: { 'content-length': '0' } } },
      { kind: 'blob', method: 'HEAD', fault: { kind: 'status', status: 200, headers: { 'content-length': '0' } } },
    ],
    {},
  );
  assert.is(o.code, 99, o.err);
  const b = (o.summary?.outcomes as { replication: Record<string, { inconsistentBy?: Record<string, number> }> }).replication.b;
  assert.ok((b?.inconsistentBy?.['head-lies'] ?? 0) > 0, JSON.stringify(b));
  assert.match(o.err, /replication_outcome: rate\(replicated\)==1/);
  assert.ok(o.elapsedMs < 5 * 3000 + 30_000, `took ${o.elapsedMs} ms`);
});
runs.run();
