import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import { ConfigError } from '../../src/errors.ts';
import { startControlServer } from '../../src/lab/control-server.ts';
import { FaultSet } from '../../src/lab/faults.ts';
import { GroundTruth } from '../../src/lab/ground-truth.ts';
import { seededRandom } from '../../src/random.ts';

async function call(url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<{ status: number; json: any }> {
  const res = await request(url, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  return { status: res.statusCode, json: await res.body.json() };
}

async function withControl(fn: (url: string, faults: FaultSet, gt: GroundTruth) => Promise<void>, crash?: () => void): Promise<void> {
  const faults = new FaultSet({ prng: seededRandom(1), now: () => 5 });
  const gt = new GroundTruth();
  const control = await startControlServer({
    regions: () => ({ regions: [{ name: 'a' }, { name: 'b' }] }),
    status: () => ({ pendingReplicationWork: 0 }),
    faults: () => faults.list(),
    addFault: (spec) => {
      if (!['a', 'b'].includes(spec.region)) throw new ConfigError(`fault: unknown region "${spec.region}"`);
      return faults.add(spec);
    },
    removeFault: (id) => faults.remove(id),
    clearFaults: (region) => faults.clear(region),
    groundTruth: (filter) => gt.list(filter),
    toEpochMs: (t) => 1_000_000 + t,
    now: () => 10,
    ...(crash !== undefined ? { crash } : {}),
  });
  try {
    await fn(control.url, faults, gt);
  } finally {
    await control.close();
  }
}

const control = suite('startControlServer');

control('POST /faults adds a fault (units as text), GET lists, DELETE clears one or all', async () => {
  await withControl(async (url, faults) => {
    const added = await call(`${url}/faults`, 'POST', { kind: 'throttle', region: 'b', retryAfter: '2s' });
    assert.is(added.status, 201);
    assert.equal(added.json.spec, { kind: 'throttle', region: 'b', rate: 1, retryAfterMs: 2000, scope: 'all' });
    await call(`${url}/faults`, 'POST', { kind: 'down', region: 'a' });
    assert.ok(faults.isDown('a'));
    assert.is((await call(`${url}/faults`, 'GET')).json.faults.length, 2);
    assert.is((await call(`${url}/faults/${added.json.id}`, 'DELETE')).status, 200);
    assert.is((await call(`${url}/faults/nope`, 'DELETE')).status, 404);
    assert.equal((await call(`${url}/faults?region=a`, 'DELETE')).json, { removed: 1 });
    assert.is(faults.list().length, 0);
  });
});

control('bad fault bodies answer 400 with the reason', async () => {
  await withControl(async (url) => {
    const notJson = await call(`${url}/faults`, 'POST', '{');
    assert.is(notJson.status, 400);
    const badKind = await call(`${url}/faults`, 'POST', { kind: 'meteor', region: 'a' });
    assert.is(badKind.status, 400);
    assert.match(badKind.json.error, /^fault: kind/);
    const unknownRegion = await call(`${url}/faults`, 'POST', { kind: 'down', region: 'zz' });
    assert.is(unknownRegion.status, 400);
    assert.match(unknownRegion.json.error, /unknown region "zz"/);
  });
});

control('GET /ground-truth serves entries with epoch µs, filtered by query', async () => {
  await withControl(async (url, _faults, gt) => {
    const base = { repo: 'app', digest: 'sha256:d', origin: 'a', mediaType: 'm', sizeBytes: 1, committedAtMs: 1 };
    gt.begin({ ...base, region: 'a', state: { status: 'pullable', atMs: 1 } });
    gt.begin({ ...base, region: 'b', state: { status: 'pullable', atMs: 2.5 } });
    const all = await call(`${url}/ground-truth`, 'GET');
    assert.is(all.json.entries.length, 2);
    assert.is(all.json.nowEpochUs, 1_000_010_000);
    const b = await call(`${url}/ground-truth?region=b&repo=app`, 'GET');
    assert.is(b.json.entries.length, 1);
    assert.is(b.json.entries[0].state.atEpochUs, 1_000_002_500);
  });
});

control('GET /regions and /status; unknown routes answer 404', async () => {
  await withControl(async (url) => {
    assert.is((await call(`${url}/regions`, 'GET')).json.regions.length, 2);
    assert.is((await call(`${url}/status`, 'GET')).status, 200);
    assert.is((await call(`${url}/nothing`, 'GET')).status, 404);
  });
});

control('POST /crash: 202 and then the crash, once the answer is out; 409 where the lab shares the harness\'s process', async () => {
  let crashed = 0;
  await withControl(async (url) => {
    const res = await call(`${url}/crash`, 'POST');
    assert.equal(res, { status: 202, json: { crashing: true } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(crashed, 1);
  }, () => crashed++);
  await withControl(async (url) => {
    const res = await call(`${url}/crash`, 'POST');
    assert.is(res.status, 409);
    assert.match(res.json.error, /own process/);
  });
});

control.run();
