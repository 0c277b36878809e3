import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { measureRtt, pingLatencyOf, rttOf } from '../../src/measure/rtt.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { testClient } from '../helpers/test-client.ts';

const measure = suite('measureRtt');
measure('drops the warm-up ping, keeps the rest, reports min and median', async () => {
  const latencies = [50, 12, 10, 14, 11, 13];
  let calls = 0;
  const rtt = await measureRtt(async () => latencies[calls++] as number);
  assert.is(calls, 6);
  assert.equal(rtt.samplesMs, [12, 10, 14, 11, 13]);
  assert.is(rtt.minMs, 10);
  assert.is(rtt.medianMs, 12);
});
measure('options: samples, warmups; invalid counts are usage errors', async () => {
  let calls = 0;
  const rtt = await measureRtt(async () => ++calls, { samples: 2, warmups: 0 });
  assert.equal(rtt.samplesMs, [1, 2]);
  try {
    await measureRtt(async () => 1, { samples: 0 });
    assert.unreachable('should reject');
  } catch (err) {
    assert.match((err as Error).message, /samples must be an integer ≥ 1/);
  }
});
measure('stops on abort', async () => {
  const ctl = new AbortController();
  let calls = 0;
  try {
    await measureRtt(async () => {
      if (++calls === 2) ctl.abort();
      return 1;
    }, { signal: ctl.signal });
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
  assert.is(calls, 2);
});
measure.run();

const of = suite('rttOf');
of('even sample counts average the middle two; empty is an error', () => {
  assert.is(rttOf([4, 1, 3, 2]).medianMs, 2.5);
  assert.is(rttOf([7]).minMs, 7);
  assert.throws(() => rttOf([]), /at least one sample/);
});
of.run();

const ping = suite('pingLatencyOf');
ping('pings a real registry on loopback (GET /v2/)', async () => {
  const reg = await startFakeRegistry();
  const { client } = testClient(reg.origin);
  try {
    const rtt = await measureRtt(pingLatencyOf(client), { samples: 3 });
    assert.is(rtt.samplesMs.length, 3);
    assert.ok(rtt.minMs >= 0 && rtt.minMs <= rtt.medianMs);
    assert.is(reg.requests.filter((r) => r.url === '/v2/').length, 4);
  } finally {
    await client.close();
    await reg.close();
  }
});
ping.run();
