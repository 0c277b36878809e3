import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InProcessWorker } from '../../../src/measure/in-process-worker.ts';
import type { RegistryClient } from '../../../src/oci/client.ts';
import { pingRefusal, registryParts } from '../../../src/run/drivers/registry.ts';
import { tinyScenario } from '../tiny-scenario.ts';

const endpoints = {
  urlFor: (server: string, client: string) => `http://127.0.0.1:${1000 + (server === 'a' ? 0 : 10) + (client === 'a' ? 0 : 1)}`,
  clientOptions: () => ({ insecure: true, env: {} }),
};

const parts = suite('registryParts');

parts('a worker in a client region reaches each endpoint through that region; the pusher talks to the origin from the origin', async () => {
  const p = registryParts(tinyScenario(), endpoints, () => 0);
  const b = p.workerIn('b');
  const watcher = p.workerIn('a', 'coordinator');
  try {
    assert.ok(b instanceof InProcessWorker);
    assert.is(b.region, 'b');
    const origin = (w: InProcessWorker, e: string): string => (w.client(e) as unknown as { endpoint: { origin: string } }).endpoint.origin;
    assert.is(origin(b as InProcessWorker, 'a'), 'http://127.0.0.1:1001');
    assert.is(origin(b as InProcessWorker, 'b'), 'http://127.0.0.1:1011');
    // Named apart from its region (the coordinator's watcher), reaching the endpoints from the origin's region.
    assert.is(watcher.region, 'coordinator');
    assert.is(origin(watcher as InProcessWorker, 'b'), 'http://127.0.0.1:1010');
    assert.is((p.pusher as RegistryClient).endpoint.origin, 'http://127.0.0.1:1000');
    assert.is(p.registry, endpoints);
  } finally {
    await Promise.all([b.close(), watcher.close(), p.close()]);
  }
});

parts.run();

const refusal = suite('pingRefusal');

refusal('throttled and unavailable name their Retry-After; other answers are not a registry', () => {
  assert.is(pingRefusal(429, 1500), 'is throttling (HTTP 429 to GET /v2/, Retry-After 1.5 s): try again later or lower the request rate');
  assert.is(pingRefusal(503, undefined), 'is unavailable (HTTP 503 to GET /v2/, no Retry-After)');
  assert.match(pingRefusal(502, undefined), /server error/);
  assert.match(pingRefusal(404, undefined), /not an OCI registry endpoint/);
});

refusal.run();
