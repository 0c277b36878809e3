import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { endpointSpecsFor, remoteWorkers, workerTokenFrom } from '../../src/dist/remote-clients.ts';
import { runWorkerAgent, type WorkerAgentResult } from '../../src/dist/worker-agent.ts';
import { readEventLog } from '../../src/events/log.ts';
import { runScenario } from '../../src/run/runner.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenario } from '../run/tiny-scenario.ts';

const TOKEN = 'test-token-0123456789abcdef';

const specs = suite('endpointSpecsFor');

specs('lab: each endpoint through the port for the worker’s region, anonymous; oci: the target’s URL and auth reference', () => {
  const lab = tinyScenario();
  const urlFor = (server: string, client: string): string => `http://127.0.0.1:${server === 'a' ? 1 : 2}${client === 'a' ? '0' : '5'}`;
  assert.equal(endpointSpecsFor(lab, { urlFor }, 'b'), {
    a: { url: 'http://127.0.0.1:15', host: '127.0.0.1:15', insecure: true, auth: { kind: 'anonymous' } },
    b: { url: 'http://127.0.0.1:25', host: '127.0.0.1:25', insecure: true, auth: { kind: 'anonymous' } },
  });
  const oci = resolveScenario({
    name: 'o',
    target: { kind: 'oci', regions: [{ name: 'a', endpoint: 'https://a.example.test' }, { name: 'b', endpoint: 'https://b.example.test' }], auth: { kind: 'basic', username: 'u', passwordEnv: 'PW' } },
    origin: 'a',
  });
  const s = endpointSpecsFor(oci, { urlFor: (server) => `https://${server}.example.test` }, 'a');
  assert.equal(s.b, { url: 'https://b.example.test', host: 'b.example.test', insecure: false, auth: { kind: 'basic', username: 'u', passwordEnv: 'PW' } });
});

specs.run();

const token = suite('workerTokenFrom');

token('given first, else REPLBENCH_WORKER_TOKEN; none is a ConfigError naming the variable', () => {
  assert.is(workerTokenFrom('x', { REPLBENCH_WORKER_TOKEN: 'y' }), 'x');
  assert.is(workerTokenFrom(undefined, { REPLBENCH_WORKER_TOKEN: 'y' }), 'y');
  assert.throws(() => workerTokenFrom(undefined, {}), (e: unknown) => e instanceof ConfigError && /REPLBENCH_WORKER_TOKEN/.test(e.message));
});

token.run();

const remote = suite('remoteWorkers (through runScenario)');

remote('remote workers in this process: offsets and joins logged; a worker lost during the load is reported, its series partial, the run goes on', async () => {
  const reports = await mkdtemp(join(tmpdir(), 'replbench-remote-'));
  const scenario = tinyScenario({
    workers: { mode: 'remote', joinTimeout: '10s' },
    replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '5s', watchFrom: 'worker' },
    load: { kind: 'manifest-head', rate: '40/s', connections: 1, duration: '2s', endpoints: 'all' },
  });
  const agents = new Map<string, { stop: AbortController; done: Promise<WorkerAgentResult> }>();
  const lines: string[] = [];
  try {
    const result = await runScenario(scenario, {
      reportsDir: reports,
      remoteWorkers: remoteWorkers({
        listen: { host: '127.0.0.1', port: 0 },
        token: TOKEN,
        env: {},
        log: (l) => lines.push(l),
        onListening: (url) => {
          for (const region of ['a', 'b']) {
            const stop = new AbortController();
            agents.set(region, { stop, done: runWorkerAgent({ region, coordinator: url, token: TOKEN, env: {}, signal: stop.signal }) });
          }
        },
      }),
      onProgress: (e) => {
        if (e.kind === 'phase-start' && e.phase === 'load') setTimeout(() => agents.get('b')?.stop.abort(), 1300);
      },
    });
    assert.ok(result.complete, result.interrupted);
    assert.is(result.error, undefined);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    assert.equal(events.filter((e) => e.type === 'worker-joined').map((e) => (e.type === 'worker-joined' ? e.region : '')).sort(), ['a', 'b']);
    assert.is(events.filter((e) => e.type === 'clock-offset').length, 2);
    // Each worker measures its own loop and CPU; the records land on the run clock, within the run.
    const end = events.at(-1)?.t ?? 0;
    for (const region of ['a', 'b']) {
      const own = events.filter((e) => e.type === 'health' && e.source === `worker:${region}`);
      assert.ok(own.length >= 1, `health of worker ${region}`);
      for (const h of own) assert.ok(h.type === 'health' && h.cpuUs !== undefined && h.lengthUs > 0 && h.t >= 0 && h.t <= end, JSON.stringify(h));
    }
    assert.equal(events.filter((e) => e.type === 'worker-lost').map((e) => (e.type === 'worker-lost' ? e.region : '')), ['b']);
    assert.ok(events.some((e) => e.type === 'error' && e.phase === 'load' && e.labels?.worker === 'b'), 'b’s load series failed');
    assert.is(events.filter((e) => e.type === 'load-end').length, 2, 'a’s two series finished');
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as {
      offsets: Record<string, { offsetMs: number; uncertaintyMs: number; rttMs: number }>;
      workersLost: Record<string, string>;
      metrics: Record<string, Record<string, { count: number; partial?: true }>>;
      load: Record<string, { requests: number; complete: boolean }>;
    };
    assert.equal(Object.keys(summary.offsets), ['a', 'b']);
    for (const o of Object.values(summary.offsets)) assert.ok(Math.abs(o.offsetMs) <= o.uncertaintyMs + 1, JSON.stringify(o));
    assert.equal(Object.keys(summary.workersLost), ['b']);
    const load = summary.metrics.load_latency ?? {};
    assert.equal(Object.keys(load), ['endpoint=a,kind=manifest-head,worker=a', 'endpoint=a,kind=manifest-head,worker=b', 'endpoint=b,kind=manifest-head,worker=a', 'endpoint=b,kind=manifest-head,worker=b']);
    assert.is(load['endpoint=a,kind=manifest-head,worker=b']?.partial, true);
    assert.is(load['endpoint=a,kind=manifest-head,worker=a']?.partial, undefined);
    assert.is(summary.metrics.pull_duration?.['endpoint=a,worker=b']?.partial, true);
    assert.is(summary.metrics.replication_lag?.['region=b']?.partial, true);
    assert.equal([summary.load['endpoint=b,kind=manifest-head,worker=b']?.complete, summary.load['endpoint=b,kind=manifest-head,worker=a']?.complete], [false, true]);
    assert.ok(lines.some((l) => /worker b lost/.test(l)));
    assert.ok((await agents.get('a')?.done)?.clean);
    assert.not.ok((await agents.get('b')?.done)?.clean);
  } finally {
    for (const a of agents.values()) a.stop.abort();
    await Promise.allSettled([...agents.values()].map((a) => a.done));
    await rm(reports, { recursive: true, force: true });
  }
});

remote.run();
