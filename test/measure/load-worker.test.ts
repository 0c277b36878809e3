import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { InProcessLoadWorker, loadEndpointOf } from '../../src/measure/load-worker.ts';
import { startServer } from '../helpers/fake-server.ts';

const TARGET = { repo: 'r/app', manifestDigest: `sha256:${'a'.repeat(64)}`, blobDigest: `sha256:${'b'.repeat(64)}` };

const worker = suite('InProcessLoadWorker');

worker('loads the endpoint through the URL it has for it; an unknown endpoint is a UsageError', async () => {
  const server = await startServer((_req, res) => void res.writeHead(200, { 'content-length': '0' }).end());
  try {
    const w = new InProcessLoadWorker({ region: 'a', endpoints: { b: loadEndpointOf(server.origin, { insecure: true }) } });
    const totals = await w.load({ endpoint: 'b', kind: 'manifest-head', target: TARGET, ratePerSec: 20, connections: 1, durationMs: 300 });
    assert.ok(totals.requests > 0);
    assert.ok(server.requests.some((r) => r.method === 'HEAD' && r.url === `/v2/r/app/manifests/${TARGET.manifestDigest}`));
    try {
      await w.load({ endpoint: 'zz', kind: 'manifest-head', target: TARGET, ratePerSec: null, connections: 1, durationMs: 10 });
      assert.unreachable('unknown endpoint');
    } catch (err) {
      assert.ok(err instanceof UsageError && /no URL for endpoint "zz"/.test(err.message));
    }
  } finally {
    await server.close();
  }
});

worker.run();

const endpoint = suite('loadEndpointOf');

endpoint('client options → credentials resolved once (anonymous when none)', () => {
  assert.equal(loadEndpointOf('http://h:1', {}), { url: 'http://h:1', credentials: { kind: 'anonymous' }, insecure: false });
  assert.equal(loadEndpointOf('https://h', { credentials: { username: 'u', password: 'p' } }).credentials, { kind: 'basic', username: 'u', password: 'p' });
});

endpoint.run();
