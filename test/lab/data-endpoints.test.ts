import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import type { LabConfigInput } from '../../src/lab/lab-config.ts';
import { parseLabConfig } from '../../src/lab/lab-config.ts';
import { storageLocation, storagePath } from '../../src/lab/data-endpoints.ts';
import { pushImage, sha256 } from './lab-test-helpers.ts';

const config: LabConfigInput = {
  regions: [{ name: 'east' }, { name: 'west' }],
  links: [{ from: 'east', to: 'west', rtt: '20ms' }],
  dataEndpoints: true,
};

async function withLab(input: LabConfigInput, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startLab(input);
  try {
    await fn(lab);
  } finally {
    await lab.close();
  }
}

async function get(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<{ status: number; location: string | undefined; body: Buffer }> {
  const res = await request(url, { method });
  const body = Buffer.from(await res.body.arrayBuffer());
  const location = res.headers.location;
  return { status: res.statusCode, location: typeof location === 'string' ? location : undefined, body };
}

const layer = new TextEncoder().encode('a layer served from storage');
const digest = sha256(layer);

const paths = suite('storageLocation');
paths('names the blob under the storage host and signs it', () => {
  const url = new URL(storageLocation('http://127.0.0.1:9', 'app', digest, Date.UTC(2026, 0, 1)));
  assert.is(url.pathname, storagePath('app', digest));
  assert.is(url.searchParams.get('se'), '2026-01-01T00:20:00.000Z');
  assert.match(url.searchParams.get('sig') ?? '', /^[A-Za-z0-9_-]{16}$/);
});
paths.run();

const lab = suite('lab with dataEndpoints');
lab('a blob GET answers 307 to the region\'s own storage host, on its own port, which serves the bytes', () =>
  withLab(config, async (l) => {
    await pushImage(l.endpointFor('east'), 'app', { tag: 'v1', layers: [layer] });
    const east = l.regions.find((r) => r.name === 'east');
    const storage = east?.storageEndpoints;
    if (storage === undefined) throw new Error('expected storage endpoints for east');
    assert.equal(Object.keys(storage).sort(), ['east', 'west']);
    const registryPorts = new Set(l.regions.flatMap((r) => Object.values(r.ports)));
    for (const url of Object.values(storage)) assert.not.ok(registryPorts.has(Number(new URL(url).port)), 'storage has ports of its own');

    const redirect = await get(`${l.endpointFor('east', 'west')}/v2/app/blobs/${digest}`);
    assert.is(redirect.status, 307);
    const location = new URL(redirect.location ?? '');
    assert.is(location.origin, storage.west, 'a west client is sent to the storage port for west clients');
    const blob = await get(location.href);
    assert.is(blob.status, 200);
    assert.equal(new Uint8Array(blob.body), layer);

    assert.is((await get(`${l.endpointFor('east')}/v2/app/blobs/${digest}`, 'HEAD')).status, 200, 'HEAD is answered by the registry');
    assert.is((await get(`${storage.east}${storagePath('app', digest)}`)).status, 403, 'no signature, no blob');
    const unknown = `sha256:${'0'.repeat(64)}`;
    assert.is((await get(`${l.endpointFor('east')}/v2/app/blobs/${unknown}`)).status, 404, 'an unknown blob is still 404, not a redirect');
  }));
lab('a wrong-storage fault points the region\'s redirects at another region\'s storage host', () =>
  withLab({ ...config, replication: { lag: '0ms' } }, async (l) => {
    await pushImage(l.endpointFor('east'), 'app', { tag: 'v1', layers: [layer] });
    const storageOf = (region: string): Readonly<Record<string, string>> => l.regions.find((r) => r.name === region)?.storageEndpoints ?? {};
    const fault = l.setFault({ kind: 'wrong-storage', region: 'east', storage: 'west' });
    const redirect = await get(`${l.endpointFor('east')}/v2/app/blobs/${digest}`);
    assert.is(new URL(redirect.location ?? '').origin, storageOf('west').east);
    l.clearFault(fault.id);
    const back = await get(`${l.endpointFor('east')}/v2/app/blobs/${digest}`);
    assert.is(new URL(back.location ?? '').origin, storageOf('east').east);
  }));
lab('without dataEndpoints the registry serves blobs itself and has no storage hosts', () =>
  withLab({ regions: [{ name: 'east' }] }, async (l) => {
    await pushImage(l.endpointFor('east'), 'app', { tag: 'v1', layers: [layer] });
    assert.is((await get(`${l.endpointFor('east')}/v2/app/blobs/${digest}`)).status, 200);
    assert.is(l.regions[0]?.storageEndpoints, undefined);
    assert.throws(() => l.setFault({ kind: 'wrong-storage', region: 'east', storage: 'east' }), /dataEndpoints/);
  }));
lab.run();

const check = suite('wrong-storage in a lab config');
check('needs dataEndpoints and a known storage region', () => {
  assert.throws(() => parseLabConfig({ regions: [{ name: 'east' }], faults: [{ kind: 'wrong-storage', region: 'east', storage: 'east' }] }), /faults\[0\]\.kind: .*dataEndpoints/);
  assert.throws(() => parseLabConfig({ ...config, faults: [{ kind: 'wrong-storage', region: 'east', storage: 'north' }] }), /faults\[0\]\.storage: unknown region "north"/);
  assert.is(parseLabConfig({ ...config, faults: [{ kind: 'wrong-storage', region: 'east', storage: 'west' }] }).dataEndpoints, true);
});
check.run();
