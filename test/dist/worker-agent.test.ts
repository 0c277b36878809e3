import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { Coordinator } from '../../src/dist/coordinator.ts';
import { runWorkerAgent, wallClockMs, type WorkerAgentResult } from '../../src/dist/worker-agent.ts';
import { RemoteTaskError } from '../../src/dist/worker-session.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { startHostileRegistry } from '../helpers/hostile-registry.ts';
import { testClient } from '../helpers/test-client.ts';

const TOKEN = 'test-token-0123456789abcdef';

const agent = suite('runWorkerAgent');

agent('joins, answers the clock exchange, runs setup, rtt, watch, pull and load tasks, and ends clean on bye', async () => {
  const registry = await startFakeRegistry();
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs, regions: ['westeurope'] });
  let done: Promise<WorkerAgentResult> | undefined;
  try {
    const image = fakeImage('agent', [2000]);
    const { client } = testClient(registry.origin);
    await client.pushImage('r/app', 'v1', image, { mode: 'monolithic', concurrency: 1 });
    await client.close();
    const lines: string[] = [];
    done = runWorkerAgent({ region: 'westeurope', coordinator: c.url, token: TOKEN, env: {}, log: (l) => lines.push(l) });
    const session = (await c.waitFor(['westeurope'], 5000)).get('westeurope');
    if (session === undefined) throw new Error('no session');
    // Same machine, same wall clock: the offset is within its own uncertainty of 0 (plus timer noise).
    const offset = await session.measureOffset(8);
    assert.ok(Math.abs(offset.offsetMs) <= offset.uncertaintyMs + 1, JSON.stringify(offset));
    const host = new URL(registry.origin).host;
    await session.call({ kind: 'setup', endpoints: { eastus: { url: registry.origin, host, insecure: true, auth: { kind: 'anonymous' } } }, probeRatePerSecond: null });
    const rtt = await session.call({ kind: 'rtt', endpoint: 'eastus' });
    assert.ok(rtt.kind === 'rtt' && rtt.rtt.samplesMs.length === 5);
    const blobs = [image.config.digest, ...image.layers.map((l) => l.digest)];
    const watch = await session.call({ kind: 'watch', task: { endpoint: 'eastus', repo: 'r/app', digest: image.manifest.digest, blobs, commitAtMs: wallClockMs(), timeoutMs: 2000 } });
    assert.ok(watch.kind === 'watch' && watch.result.outcome === 'replicated', JSON.stringify(watch));
    const pull = await session.call({ kind: 'pull', task: { endpoint: 'eastus', image: 'r/app:v1', repo: 'r/app', reference: image.manifest.digest } });
    assert.ok(pull.kind === 'pull' && pull.results[0]?.outcome === 'pulled' && pull.results[0].worker === 'westeurope');
    const intervals: number[] = [];
    const load = await session.call(
      { kind: 'load', task: { endpoint: 'eastus', kind: 'manifest-head', target: { repo: 'r/app', manifestDigest: image.manifest.digest, blobDigest: image.config.digest }, ratePerSec: 40, connections: 2, durationMs: 1200 } },
      { onInterval: (i) => intervals.push(i.requests) },
    );
    assert.ok(load.kind === 'load' && load.totals.requests > 0 && (load.totals.status['200'] ?? 0) === load.totals.requests);
    assert.is(intervals.reduce((a, b) => a + b, 0), load.kind === 'load' ? load.totals.requests : -1);
    try {
      await session.call({ kind: 'rtt', endpoint: 'nowhere' });
      assert.unreachable();
    } catch (err) {
      assert.ok(err instanceof RemoteTaskError && /no URL for endpoint "nowhere"/.test(err.message));
    }
    const ac = new AbortController();
    const long = session.call({ kind: 'load', task: { endpoint: 'eastus', kind: 'manifest-head', target: { repo: 'r/app', manifestDigest: image.manifest.digest, blobDigest: image.config.digest }, ratePerSec: null, connections: 1, durationMs: 30_000 } }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    try {
      await long;
      assert.unreachable();
    } catch (err) {
      assert.instance(err, AbortedError);
    }
    await c.close('the run is over');
    const result = await done;
    assert.ok(result.clean);
    assert.is(result.reason, 'the run is over');
    assert.is(result.tasks, 7);
    assert.ok(lines.some((l) => /joined the coordinator .* as westeurope/.test(l)));
  } finally {
    await c.close();
    await done?.catch(() => undefined);
    await registry.close();
  }
});

agent('setup carries the scenario\'s request budget: a trickling registry ends the worker\'s pull as E_STALLED, not a hang', async () => {
  const registry = await startHostileRegistry();
  registry.rules = [{ kind: 'blob', method: 'GET', path: registry.image.layerDigest, fault: { kind: 'slow-body', bytes: 8, everyMs: 100 } }];
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs, regions: ['westeurope'] });
  let done: Promise<WorkerAgentResult> | undefined;
  try {
    done = runWorkerAgent({ region: 'westeurope', coordinator: c.url, token: TOKEN, env: {} });
    const session = (await c.waitFor(['westeurope'], 5000)).get('westeurope');
    if (session === undefined) throw new Error('no session');
    const host = new URL(registry.origin).host;
    const requests = { deadlineMs: 5000, minRateBytesPerSec: 1024, stallWindowMs: 300 };
    await session.call({ kind: 'setup', endpoints: { eastus: { url: registry.origin, host, insecure: true, auth: { kind: 'anonymous' } } }, probeRatePerSecond: null, requests });
    const started = Date.now();
    const pull = await session.call({ kind: 'pull', task: { endpoint: 'eastus', image: 'hostile/app:v1', repo: registry.image.repo, reference: registry.image.manifestDigest } });
    const r = pull.kind === 'pull' ? pull.results[0] : undefined;
    assert.ok(r?.outcome === 'failed' && r.code === 'E_STALLED' && /stalled receiving the response body/.test(r.message), JSON.stringify(r));
    // One stall window (300 ms) and change; 5x the deadline is the hang bound.
    assert.ok(Date.now() - started < 25_000, `took ${Date.now() - started} ms`);
    await c.close('the run is over');
    await done;
  } finally {
    await c.close();
    await done?.catch(() => undefined);
    await registry.close();
  }
});

agent('stopping the agent closes the connection: the coordinator sees the worker lost', async () => {
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs });
  const ac = new AbortController();
  try {
    const done = runWorkerAgent({ region: 'a', coordinator: c.url, token: TOKEN, env: {}, signal: ac.signal });
    const session = (await c.waitFor(['a'], 5000)).get('a');
    const lost = new Promise<string>((r) => session?.onLost(r));
    ac.abort();
    const result = await done;
    assert.not.ok(result.clean);
    assert.match(await lost, /closed/);
  } finally {
    await c.close();
  }
});

agent('a graceful stop refuses new tasks, lets the one in flight send its result, then leaves', async () => {
  const registry = await startFakeRegistry();
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: wallClockMs });
  const stop = new AbortController();
  try {
    const lines: string[] = [];
    const done = runWorkerAgent({ region: 'a', coordinator: c.url, token: TOKEN, env: {}, stopSignal: stop.signal, graceMs: 20_000, log: (l) => lines.push(l) });
    const session = (await c.waitFor(['a'], 5000)).get('a');
    if (session === undefined) throw new Error('no session');
    await session.call({ kind: 'setup', endpoints: { eastus: { url: registry.origin, host: new URL(registry.origin).host, insecure: true, auth: { kind: 'anonymous' } } }, probeRatePerSecond: null });
    // A digest never pushed: the watch runs to its 1.5 s timeout.
    const digest = `sha256:${'1'.repeat(64)}`;
    const watching = session.call({ kind: 'watch', task: { endpoint: 'eastus', repo: 'r/none', digest, blobs: [], commitAtMs: wallClockMs(), timeoutMs: 1500 } });
    await new Promise((r) => setTimeout(r, 100));
    stop.abort('interrupted (SIGTERM)');
    try {
      await session.call({ kind: 'rtt', endpoint: 'eastus' });
      assert.unreachable('a task after the stop is refused');
    } catch (e) {
      assert.instance(e, RemoteTaskError);
      assert.is((e as RemoteTaskError).remoteCode, 'E_ABORTED');
      assert.match((e as Error).message, /worker a is stopping \(interrupted \(SIGTERM\)\): task refused/);
    }
    const watch = await watching;
    assert.ok(watch.kind === 'watch' && watch.result.outcome === 'timed-out', JSON.stringify(watch));
    const result = await done;
    assert.not.ok(result.clean);
    assert.is(result.reason, 'the worker was stopped (interrupted (SIGTERM)) with no task in flight');
    assert.ok(lines.some((l) => /^stopping \(interrupted \(SIGTERM\)\): 1 task\(s\) in flight get 20 s to finish; new tasks are refused$/.test(l)), lines.join('\n'));
  } finally {
    await c.close();
    await registry.close();
  }
});

agent.run();
