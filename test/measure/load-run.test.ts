import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, UsageError } from '../../src/errors.ts';
import { checkLoadTask, runLoad } from '../../src/measure/load-run.ts';
import type { LoadInterval, LoadTask } from '../../src/measure/load-types.ts';
import { decodeHistogram, mergeHistograms } from '../../src/stats/histogram-factory.ts';

const TARGET = { repo: 'r/app', manifestDigest: `sha256:${'a'.repeat(64)}`, blobDigest: `sha256:${'b'.repeat(64)}` };
const task = (t: Partial<LoadTask> = {}): LoadTask => ({ endpoint: 'a', kind: 'manifest-head', target: TARGET, ratePerSec: null, connections: 1, durationMs: 500, ...t });

async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, fn: (origin: string) => Promise<void>): Promise<void> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const check = suite('checkLoadTask');

check('rejects contradictory or empty tasks with a named message', () => {
  assert.throws(() => checkLoadTask(task({ connections: 0 })), (e: unknown) => e instanceof UsageError && /connections/.test(e.message));
  assert.throws(() => checkLoadTask(task({ durationMs: 0 })), (e: unknown) => e instanceof UsageError && /duration/.test(e.message));
  assert.throws(() => checkLoadTask(task({ ratePerSec: 2, connections: 4 })), (e: unknown) => e instanceof UsageError && /per connection \(4\)/.test(e.message));
  assert.is(checkLoadTask(task({ ratePerSec: 4, connections: 4 })).connections, 4);
});

check.run();

const run = suite('runLoad');

run('a server that stalls once for 1 s at a fixed rate: the corrected p99 shows the stall, the uncorrected does not', async () => {
  let n = 0;
  await withServer(
    (_req, res) => {
      n++;
      const answer = (): void => void res.writeHead(200, { 'content-length': '2' }).end('ok');
      if (n === 50) setTimeout(answer, 1000);
      else answer();
    },
    async (origin) => {
      const totals = await runLoad(task({ kind: 'blob-get', ratePerSec: 200, connections: 1, durationMs: 3000 }), { baseUrl: origin, insecure: true });
      const corrected = decodeHistogram(totals.histogram);
      const uncorrected = decodeHistogram(totals.uncorrected);
      assert.is(totals.expectedIntervalUs, 5000);
      assert.is(uncorrected.totalCount, totals.requests);
      // ≥ the stall less a host timer's granularity (setTimeout may fire a fraction of a ms before its time).
      assert.ok(uncorrected.maxValue >= 990_000, `the stalled response was measured: max ${uncorrected.maxValue} µs`);
      // The stall holds back ~200 planned requests: the correction adds them (1 s − 5 ms, 1 s − 10 ms, …).
      assert.ok(corrected.totalCount >= totals.requests + 150, `${corrected.totalCount} corrected vs ${totals.requests} measured`);
      assert.ok(corrected.getValueAtPercentile(99) >= 900_000, `corrected p99 ${corrected.getValueAtPercentile(99)} µs`);
      assert.ok(uncorrected.getValueAtPercentile(99) < 200_000, `uncorrected p99 ${uncorrected.getValueAtPercentile(99)} µs`);
    },
  );
});

run('HEAD: a Content-Length without a body is a complete response; statuses counted; intervals add up to the totals', async () => {
  let i = 0;
  await withServer(
    (req, res) => {
      if (req.url === '/v2/') return void res.writeHead(200, { 'content-length': '0' }).end();
      assert.is(req.method, 'HEAD');
      assert.match(String(req.headers.accept), /application\/vnd\.oci\.image\.manifest\.v1\+json/);
      res.writeHead(i++ % 10 === 9 ? 404 : 200, { 'content-length': '1234' }).end();
    },
    async (origin) => {
      const intervals: LoadInterval[] = [];
      const totals = await runLoad(task({ durationMs: 1500, connections: 2 }), { baseUrl: origin, insecure: true, onInterval: (x) => intervals.push(x) });
      assert.ok(totals.requests > 20, `${totals.requests} responses`);
      assert.is((totals.status['200'] ?? 0) + (totals.status['404'] ?? 0), totals.requests);
      assert.ok((totals.status['404'] ?? 0) > 0);
      assert.is(totals.errors + totals.timeouts, 0);
      assert.is(totals.expectedIntervalUs, null);
      assert.ok(intervals.length >= 2);
      assert.is(intervals.reduce((s, x) => s + x.requests, 0), totals.requests);
      const merged = mergeHistograms(intervals.map((x) => decodeHistogram(x.uncorrected)));
      assert.is(merged.totalCount, decodeHistogram(totals.uncorrected).totalCount);
      assert.is(merged.getValueAtPercentile(99), decodeHistogram(totals.uncorrected).getValueAtPercentile(99));
      // Flat out: nothing to correct.
      assert.is(decodeHistogram(totals.histogram).totalCount, totals.requests);
    },
  );
});

run('a Bearer token is fetched before the load and again when it nears expiry', async () => {
  let issued = 0;
  const seen = new Set<string>();
  await withServer(
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        issued++;
        assert.is(url.searchParams.get('scope'), 'repository:r/app:pull');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t${issued}`, expires_in: 1 }));
        return;
      }
      const auth = req.headers.authorization;
      const challenge = `Bearer realm="http://${req.headers.host}/token",service="fake"`;
      if (auth === undefined || !/^Bearer t\d+$/.test(auth)) return void res.writeHead(401, { 'www-authenticate': challenge, 'content-length': '0' }).end();
      seen.add(auth);
      res.writeHead(200, { 'content-length': '2' }).end('{}');
    },
    async (origin) => {
      const totals = await runLoad(task({ kind: 'manifest-get', durationMs: 2500, ratePerSec: 50 }), { baseUrl: origin, insecure: true, authCheckMs: 100 });
      assert.ok(issued >= 2, `${issued} tokens issued`);
      assert.ok(seen.size >= 2, `tokens used: ${[...seen].join(', ')}`);
      assert.ok((totals.status['200'] ?? 0) > 0);
    },
  );
});

run('token-get drives the realm with the challenge’s service and the repository scope', async () => {
  const paths: string[] = [];
  await withServer(
    (req, res) => {
      paths.push(req.url ?? '');
      if ((req.url ?? '').startsWith('/token')) return void res.writeHead(200, { 'content-length': '13' }).end('{"token":"x"}');
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="reg"`, 'content-length': '0' }).end();
    },
    async (origin) => {
      const totals = await runLoad(task({ kind: 'token-get', durationMs: 300 }), { baseUrl: origin, insecure: true });
      assert.ok((totals.status['200'] ?? 0) > 0);
      assert.ok(paths.slice(1).every((p) => p === '/token?service=reg&scope=repository%3Ar%2Fapp%3Apull'), paths.slice(1, 3).join(' '));
    },
  );
});

run('an abort stops the load and rejects with AbortedError', async () => {
  await withServer(
    (_req, res) => void res.writeHead(200, { 'content-length': '0' }).end(),
    async (origin) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      try {
        await runLoad(task({ durationMs: 10_000 }), { baseUrl: origin, insecure: true, signal: ac.signal });
        assert.unreachable('should have been aborted');
      } catch (err) {
        assert.instance(err, AbortedError);
      }
    },
  );
});

run.run();
