import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../src/cli/main.ts';
import { Coordinator } from '../../../src/dist/coordinator.ts';
import { wallClockMs } from '../../../src/dist/worker-agent.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { freePort } from '../../helpers/free-port.ts';

const TOKEN = 'test-token-0123456789abcdef';

const worker = suite('replbench worker');

worker('joins the coordinator with the token from the environment and exits 0 on bye', async () => {
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs, regions: ['eastus'] });
  try {
    const io = captureIo({ REPLBENCH_WORKER_TOKEN: TOKEN });
    const exit = main(['worker', '--region', 'eastus', '--coordinator', c.url], io);
    await c.waitFor(['eastus'], 5000);
    await c.close('the run is over');
    assert.is(await exit, 0, io.err());
    assert.match(io.err(), /replbench worker eastus: joined the coordinator/);
    assert.match(io.err(), /done after 0 tasks \(the run is over\)/);
    assert.not.match(io.err(), new RegExp(TOKEN));
  } finally {
    await c.close();
  }
});

worker('no token: exit 2 naming the variable; a refused token: exit 3; an unreachable coordinator: exit 3 after the connect timeout', async () => {
  const noToken = captureIo({});
  assert.is(await main(['worker', '--region', 'a', '--coordinator', 'http://127.0.0.1:1'], noToken), 2);
  assert.match(noToken.err(), /REPLBENCH_WORKER_TOKEN/);
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs });
  try {
    const refused = captureIo({});
    assert.is(await main(['worker', '--region', 'a', '--coordinator', c.url, '--token', 'wrong-token-0123456789abc'], refused), 3);
    assert.match(refused.err(), /refused the worker token/);
  } finally {
    await c.close();
  }
  const port = await freePort();
  const gone = captureIo({ REPLBENCH_WORKER_TOKEN: TOKEN });
  assert.is(await main(['worker', '--region', 'a', '--coordinator', `127.0.0.1:${port}`, '--connect-timeout', '200ms'], gone), 3);
  assert.match(gone.err(), /gave up after/);
  const bad = captureIo({ REPLBENCH_WORKER_TOKEN: TOKEN });
  assert.is(await main(['worker', '--region', 'a', '--coordinator', 'http://x', '--connect-timeout', 'soon'], bad), 2);
});

worker.run();
