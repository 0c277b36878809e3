import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InProcessWorker } from '../../src/measure/in-process-worker.ts';
import type { RunTarget } from '../../src/run/target.ts';
import { createRunClients } from '../../src/run/workers.ts';
import { tinyScenario } from './tiny-scenario.ts';

const clients = suite('createRunClients');

const target: RunTarget = {
  kind: 'lab',
  urlFor: (server, client) => `http://127.0.0.1:${1000 + (server === 'a' ? 0 : 10) + (client === 'a' ? 0 : 1)}`,
  clientOptions: () => ({ insecure: true, env: {} }),
  close: async () => undefined,
};

clients('a worker per region reaches each endpoint through its own client region; the pusher talks to the origin from the origin', async () => {
  const c = createRunClients(tinyScenario(), target, () => 0);
  try {
    assert.equal([...c.workers.keys()], ['a', 'b']);
    const b = c.workerFor('b');
    assert.ok(b instanceof InProcessWorker);
    const client = (b as InProcessWorker).client('a') as unknown as { endpoint: { origin: string } };
    assert.is(client.endpoint.origin, 'http://127.0.0.1:1001');
    assert.is(((b as InProcessWorker).client('b') as unknown as { endpoint: { origin: string } }).endpoint.origin, 'http://127.0.0.1:1011');
    assert.is(c.pusher.endpoint.origin, 'http://127.0.0.1:1000');
    assert.throws(() => c.workerFor('zz'), /no worker/);
  } finally {
    await c.close();
  }
});

clients.run();
