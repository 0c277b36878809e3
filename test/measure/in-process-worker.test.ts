import { performance } from 'node:perf_hooks';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { InProcessWorker, type WorkerClient } from '../../src/measure/in-process-worker.ts';
import { fixedLink, SimulatedReplica } from '../../src/measure/simulated-replica.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { sendEmpty } from '../helpers/fake-server.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.ts';
import { testClient } from '../helpers/test-client.ts';

const clientOptions = { insecure: true, env: {}, dockerConfigPath: '/nonexistent/replbench/config.json', timeoutMs: 5_000 };

async function withRegistry(fn: (reg: FakeRegistry, image: ReturnType<typeof fakeImage>) => Promise<void>): Promise<void> {
  const reg = await startFakeRegistry();
  const { client } = testClient(reg.origin);
  const image = fakeImage('worker');
  try {
    await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 2 });
    await fn(reg, image);
  } finally {
    await client.close();
    await reg.close();
  }
}

const pull = suite('InProcessWorker.pull');
pull('first pull of an image from an endpoint is cold, the next warm; samples carry bytes and timings', async () => {
  await withRegistry(async (reg, image) => {
    const worker = new InProcessWorker({ region: 'westeurope', endpoints: { eastus: reg.origin }, client: clientOptions });
    try {
      const results = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: 'v1', pulls: 3 });
      assert.equal(results.map((r) => r.outcome === 'pulled' && r.phase), ['cold', 'warm', 'warm']);
      const first = results[0]!;
      assert.ok(first.outcome === 'pulled');
      if (first.outcome !== 'pulled') return;
      assert.is(first.worker, 'westeurope');
      assert.is(first.endpoint, 'eastus');
      const expectedBytes = image.manifest.bytes.length + image.config.sizeBytes + image.layers.reduce((s, l) => s + l.sizeBytes, 0);
      assert.is(first.bytes, expectedBytes);
      assert.ok(first.ttfbMs >= 0 && first.ttfbMs <= first.durationMs);
      const again = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: image.manifest.digest });
      assert.is(again[0]?.phase, 'cold', 'another reference is another image');
    } finally {
      await worker.close();
    }
  });
});
pull('blobs the registry redirects are listed with their hops timed apart; a pull without redirects lists none', async () => {
  await withRegistry(async (reg, image) => {
    reg.intercept = (req, res) => {
      if (req.method === 'GET' && /\/blobs\/sha256:[0-9a-f]{64}$/.test(req.url)) {
        sendEmpty(res, 307, { location: `${req.url}?sig=secret` });
        return true;
      }
      return false;
    };
    const worker = new InProcessWorker({ region: 'eastus', endpoints: { eastus: reg.origin }, client: clientOptions });
    try {
      const [r] = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: 'v1' });
      assert.ok(r?.outcome === 'pulled');
      const redirects = r?.outcome === 'pulled' ? r.redirects ?? [] : [];
      assert.is(redirects.length, 1 + image.layers.length, 'config and every layer');
      for (const x of redirects) {
        assert.is(x.storageHost, new URL(reg.origin).host);
        assert.is(x.redirects, 1);
        assert.ok(x.redirectMs >= 0 && x.storageMs >= 0);
      }
      reg.intercept = () => false;
      const [plain] = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: 'v1' });
      assert.ok(plain?.outcome === 'pulled' && plain.redirects === undefined);
    } finally {
      await worker.close();
    }
  });
});
pull('a failed pull is a result with the error code, and leaves the next pull cold', async () => {
  await withRegistry(async (reg) => {
    let fail = true;
    reg.intercept = (req, res) => {
      if (fail && req.url.includes('/manifests/')) {
        sendEmpty(res, 500);
        return true;
      }
      return false;
    };
    const worker = new InProcessWorker({ region: 'eastus', endpoints: { eastus: reg.origin }, client: { ...clientOptions, maxRetries: 0 } });
    try {
      const [failed] = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: 'v1' });
      assert.ok(failed?.outcome === 'failed' && failed.code === 'E_REGISTRY' && /500/.test(failed.message) && failed.status === 500, JSON.stringify(failed));
      fail = false;
      const [ok] = await worker.pull({ endpoint: 'eastus', image: 'img0', repo: 'app', reference: 'v1' });
      assert.ok(ok?.outcome === 'pulled' && ok.phase === 'cold');
    } finally {
      await worker.close();
    }
  });
});
pull('an aborted signal returns what was pulled so far (nothing)', async () => {
  await withRegistry(async (reg) => {
    const worker = new InProcessWorker({ region: 'eastus', endpoints: { eastus: reg.origin }, client: clientOptions });
    try {
      assert.equal(await worker.pull({ endpoint: 'eastus', image: 'i', repo: 'app', reference: 'v1', pulls: 2 }, AbortSignal.abort()), []);
    } finally {
      await worker.close();
    }
  });
});
pull('an unknown endpoint is a usage error naming the known ones', async () => {
  const worker = new InProcessWorker({ region: 'eastus', endpoints: { eastus: 'http://127.0.0.1:9' }, client: clientOptions });
  try {
    await worker.pull({ endpoint: 'japaneast', image: 'i', repo: 'app', reference: 'v1' });
    assert.unreachable('should reject');
  } catch (err) {
    assert.ok(err instanceof UsageError && /japaneast/.test(err.message) && /known: eastus/.test(err.message));
  } finally {
    await worker.close();
  }
  assert.throws(() => new InProcessWorker({ region: 'x', endpoints: {} }), /no endpoint/);
});
pull.run();

const watch = suite('InProcessWorker.watch');
watch('on loopback: brackets a manifest that appears 150 ms after the commit point', async () => {
  await withRegistry(async (reg, image) => {
    const commitAtMs = performance.now();
    let arrivedAtMs: number | undefined;
    reg.intercept = (req, res) => {
      if (req.method !== 'HEAD' || !req.url.includes('/manifests/')) return false;
      const t = performance.now();
      if (t < commitAtMs + 150) {
        sendEmpty(res, 404);
        return true;
      }
      arrivedAtMs ??= t;
      return false;
    };
    const worker = new InProcessWorker({ region: 'eastus', endpoints: { eastus: reg.origin }, client: clientOptions });
    try {
      const rtt = await worker.measureRtt('eastus');
      assert.is(rtt.samplesMs.length, 5);
      const before = reg.requests.length;
      const result = await worker.watch({
        endpoint: 'eastus',
        repo: 'app',
        digest: image.manifest.digest,
        blobs: [image.config.digest, ...image.layers.map((l) => l.digest)],
        commitAtMs,
        timeoutMs: 10_000,
      });
      assert.ok(result.outcome === 'replicated', JSON.stringify(result));
      if (result.outcome !== 'replicated') return;
      assert.ok(arrivedAtMs !== undefined);
      assert.ok(result.lastMissAtMs <= commitAtMs + 150 + 5, `bracket starts at ${result.lastMissAtMs - commitAtMs}`);
      assert.ok(result.firstHitAtMs >= commitAtMs + 150 - 5, `bracket ends at ${result.firstHitAtMs - commitAtMs}`);
      assert.is(result.probes, reg.requests.slice(before).filter((r) => r.method === 'HEAD').length);
    } finally {
      await worker.close();
    }
  });
});
watch('measures the RTT on first use, and shares a probe budget per endpoint', async () => {
  const clock = new VirtualClock({ startMs: 1_000 });
  const D = `sha256:${'d'.repeat(64)}`;
  const replica = new SimulatedReplica({ clock, link: fixedLink(5), artifacts: [{ repo: 'app', digest: D, manifestAtMs: 3_000 }] });
  const fake: WorkerClient = {
    probeManifest: (repo, ref, o) => replica.probeManifest(repo, ref, o),
    probeBlob: (repo, d, o) => replica.probeBlob(repo, d, o),
    ping: (o) => replica.ping(o),
    pullImage: async () => {
      throw new Error('not used');
    },
    close: async () => undefined,
  };
  const worker = new InProcessWorker({
    region: 'eastus', endpoints: { eastus: 'sim://eastus' }, createClient: () => fake,
    now: clock.now, sleep: clock.sleep, probeRatePerSecond: 10,
  });
  const result = await clock.run(worker.watch({ endpoint: 'eastus', repo: 'app', digest: D, commitAtMs: 1_000, timeoutMs: 10_000, probe: 'manifest' }));
  assert.ok(result.outcome === 'replicated');
  assert.is(replica.requests.filter((r) => r.kind === 'ping').length, 6);
  const probes = replica.requests.filter((r) => r.kind === 'manifest');
  for (let i = 1; i < probes.length; i++) assert.ok(probes[i]!.sentAtMs - probes[i - 1]!.sentAtMs >= 100 - 1e-9);
  assert.ok(result.outcome === 'replicated' && Math.abs(result.lagMs - 2_000) <= result.uncertaintyMs + 1e-9);
  await worker.close();
});
watch.run();
