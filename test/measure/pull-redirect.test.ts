import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blobRedirectOf, classifyRedirect, classifyStorageHost, pullRedirectSample } from '../../src/measure/pull-redirect.ts';
import type { BlobHop } from '../../src/oci/pull-blob.ts';

const ctx = { region: 'eastus', regions: ['eastus', 'westeurope'] };
const hop = (status: number, host: string, latencyMs: number): BlobHop => ({ status, host, latencyMs });

const classify = suite('classifyStorageHost');
classify('dedicated data endpoints decide first', () => {
  const dataHosts = { eastus: 'contoso.eastus.data.azurecr.io', westeurope: 'contoso.westeurope.data.azurecr.io' };
  assert.equal(classifyStorageHost('contoso.eastus.data.azurecr.io', { ...ctx, dataHosts }), { locality: 'in-region', storageRegion: 'eastus', rule: 'data-endpoint' });
  assert.equal(classifyStorageHost('CONTOSO.westeurope.data.azurecr.io:443', { ...ctx, dataHosts }), {
    locality: 'out-of-region',
    storageRegion: 'westeurope',
    rule: 'data-endpoint',
  });
});
classify('ACR regional and data host names carry their region', () => {
  assert.equal(classifyStorageHost('other.japaneast.data.azurecr.io', ctx), { locality: 'out-of-region', storageRegion: 'japaneast', rule: 'acr-host' });
  assert.is(classifyStorageHost('contoso.eastus.geo.azurecr.io', ctx).locality, 'in-region');
});
classify('a host label naming a region; the longest name wins', () => {
  assert.equal(classifyStorageHost('eastus2store.blob.core.windows.net', ctx), { locality: 'out-of-region', storageRegion: 'eastus2', rule: 'host-label' });
  assert.is(classifyStorageHost('cdn-eastus.example.net', ctx).locality, 'in-region');
  assert.is(classifyStorageHost('westeuropeacr.blob.core.windows.net', ctx).storageRegion, 'westeurope');
  assert.is(classifyStorageHost('replica-lab9.example', { region: 'lab9', regions: ['lab9', 'lab10'] }).locality, 'in-region');
});
classify('anything else is unknown, never flagged', () => {
  for (const h of ['abcd1234.blob.core.windows.net', '127.0.0.1:9000', 'contoso.azurecr.io', 'storage.example']) {
    assert.equal(classifyStorageHost(h, ctx), { locality: 'unknown', storageRegion: undefined, rule: 'none' }, h);
  }
});
classify.run();

const sample = suite('pullRedirectSample');
sample('redirect hops become their own timing; the final hop is the storage', () => {
  const s = pullRedirectSample([hop(307, 'contoso.eastus.geo.azurecr.io', 12), hop(302, 'x.westeurope.data.azurecr.io', 3), hop(200, 'contoso.westeurope.data.azurecr.io', 40)], ctx);
  assert.equal(s, {
    redirectMs: 15,
    storageMs: 40,
    redirects: 2,
    storageHost: 'contoso.westeurope.data.azurecr.io',
    location: { locality: 'out-of-region', storageRegion: 'westeurope', rule: 'acr-host' },
    outOfRegion: true,
  });
});
sample('no redirect, or no final answer: no sample', () => {
  assert.is(pullRedirectSample([hop(200, 'r', 5)], ctx), undefined);
  assert.is(pullRedirectSample([], ctx), undefined);
  assert.is(pullRedirectSample([hop(307, 'r', 5), hop(307, 's', 5)], ctx), undefined);
});
sample.run();

const worker = suite('blobRedirectOf');
worker('the hops without any region context: redirect time, storage time, storage host:port', () => {
  assert.equal(blobRedirectOf([hop(307, '127.0.0.1:5000', 1.25), hop(200, '127.0.0.1:5007', 2)]), { redirectMs: 1.25, storageMs: 2, redirects: 1, storageHost: '127.0.0.1:5007' });
  assert.is(blobRedirectOf([hop(200, 'r', 5)]), undefined);
});
worker.run();

const placed = suite('classifyRedirect');
placed('the target\'s own storage hosts match with their port, before any name rule', () => {
  const storageHosts = { '127.0.0.1:5007': 'eastus', '127.0.0.1:5010': 'westeurope' };
  const redirect = { redirectMs: 1, storageMs: 2, redirects: 1, storageHost: '127.0.0.1:5010' };
  const s = classifyRedirect(redirect, { ...ctx, storageHosts });
  assert.equal(s.location, { locality: 'out-of-region', storageRegion: 'westeurope', rule: 'data-endpoint' });
  assert.is(s.outOfRegion, true);
  assert.is(classifyRedirect({ ...redirect, storageHost: '127.0.0.1:5007' }, { ...ctx, storageHosts }).outOfRegion, false);
  assert.is(classifyRedirect({ ...redirect, storageHost: '127.0.0.1:5008' }, { ...ctx, storageHosts }).location.locality, 'unknown', 'another port is another host');
});
placed.run();
