/**
 * The coordinator and three workers as separate OS processes on this machine
 * (`replbench run --listen` and `replbench worker`), each worker bound to its
 * lab region's ports: the report has the same shape as an in-process run of
 * the same scenario, and every merged histogram equals the sum of the
 * workers' own (counts and percentiles). Every process is killed by PID in
 * after() if it is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { readEventLog } from '../../src/events/log.ts';
import type { LoadEndEvent, PullEvent, ReplEvent } from '../../src/events/index.ts';
import { runScenario } from '../../src/run/runner.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { decodeHistogram, mergeHistograms, type Histogram } from '../../src/stats/histogram-factory.ts';
import { freePort } from '../helpers/free-port.ts';

const TOKEN = 'e2e-worker-token-0123456789';
const REGIONS = ['eastus', 'westeurope', 'japaneast'];
const PERCENTILES = [50, 90, 99, 100];

const scenario = (mode: 'remote' | 'in-process'): Record<string, unknown> => ({
  name: 'multi-process',
  target: {
    kind: 'lab',
    seed: 1,
    regions: REGIONS.map((name) => ({ name })),
    localRtt: '1ms',
    links: [
      { from: 'eastus', to: 'westeurope', rtt: '10ms' },
      { from: 'eastus', to: 'japaneast', rtt: '20ms' },
      { from: 'westeurope', to: 'japaneast', rtt: '30ms' },
    ],
    replication: { lag: { model: 'constant', lag: '100ms' } },
  },
  origin: 'eastus',
  workload: { images: 2, repository: 'mp/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 2, seed: 1 },
  replication: { interval: '10ms', timeout: '5s', watchFrom: 'worker' },
  pull: { workers: 'all', endpoints: 'all', iterations: 1, concurrency: 2, phases: ['cold', 'warm'] },
  workers: { mode, joinTimeout: '20s' },
  load: { kind: 'manifest-head', rate: '50/s', connections: 1, duration: '1500ms', endpoints: 'all' },
  thresholds: { replication_outcome: ['rate(replicated)==1'] },
  report: { dir: 'reports', formats: ['json'] },
});

const children: ChildProcess[] = [];
let dir = '';

function start(args: readonly string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['bin/replbench.js', ...args], { env: { ...process.env, REPLBENCH_FROM_SOURCE: '1', REPLBENCH_WORKER_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

function exited(child: ChildProcess, limitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve(null), limitMs);
    child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
  });
}

const sum = (hs: readonly Histogram[]): Histogram => mergeHistograms(hs);
function sameDistribution(a: Histogram, b: Histogram, what: string): void {
  assert.is(a.totalCount, b.totalCount, `${what}: count`);
  for (const p of PERCENTILES) assert.is(a.getValueAtPercentile(p), b.getValueAtPercentile(p), `${what}: p${p}`);
}

const multi = suite('e2e: coordinator and three workers as separate processes');

multi.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replbench-multi-'));
});

multi.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

multi('the merged report has the in-process shape and equals the sum of the workers’ histograms', async () => {
  const file = join(dir, 'multi-process.json');
  await writeFile(file, JSON.stringify(scenario('remote')));
  const port = await freePort();
  const coordinator = start(['run', file, '--listen', `127.0.0.1:${port}`, '--reports-dir', join(dir, 'remote'), '--json']);
  const workers = REGIONS.map((r) => start(['worker', '--region', r, '--coordinator', `http://127.0.0.1:${port}`, '--connect-timeout', '20s']));
  const code = await exited(coordinator, 45_000);
  assert.is(code, 0, coordinator.output());
  for (const w of workers) assert.is(await exited(w, 5000), 0, w.output());
  assert.ok(new Set(workers.map((w) => w.pid)).size === 3 && !workers.some((w) => w.pid === coordinator.pid), 'four distinct processes');

  const remoteDir = join(dir, 'remote', 'latest');
  const summary = JSON.parse(await readFile(join(remoteDir, 'summary.json'), 'utf8')) as Record<string, unknown> & { metrics: Record<string, Record<string, { count: number }>>; offsets: Record<string, unknown>; complete: boolean };
  assert.ok(summary.complete);
  assert.equal(Object.keys(summary.offsets), [...REGIONS].sort());
  const { events } = await readEventLog(join(remoteDir, 'events.jsonl'));
  assert.equal(new Set(events.filter((e) => e.type === 'worker-joined').map((e) => (e.type === 'worker-joined' ? e.pid : 0))), new Set(workers.map((w) => w.pid)));
  const health = summary.health as { processes: Record<string, unknown> } | undefined;
  for (const r of REGIONS) assert.ok(health?.processes[`worker:${r}`] !== undefined, `worker ${r}'s own health in the summary`);

  // The same scenario in one process: the same report shape (remote runs add offsets).
  const local = await runScenario(resolveScenario(scenario('in-process'), 'in-process'), { reportsDir: join(dir, 'local') });
  const localSummary = JSON.parse(await readFile(join(local.runDir, 'summary.json'), 'utf8')) as typeof summary;
  assert.equal(Object.keys(summary).filter((k) => k !== 'offsets'), Object.keys(localSummary));
  assert.equal(Object.keys(summary.metrics), Object.keys(localSummary.metrics));
  for (const [metric, series] of Object.entries(summary.metrics)) assert.equal(Object.keys(series), Object.keys(localSummary.metrics[metric] ?? {}), metric);

  // Merged = sum of the workers': load, from each worker process's own whole-run histograms.
  const report = foldEvents(events);
  const loadEnds = events.filter((e): e is LoadEndEvent => e.type === 'load-end');
  assert.is(loadEnds.length, REGIONS.length * REGIONS.length);
  for (const endpoint of REGIONS) {
    for (const [metric, field] of [['load_latency', 'histogram'], ['load_latency_uncorrected', 'uncorrected']] as const) {
      const merged = sum(report.series.filter((s) => s.metric === metric && s.labels.endpoint === endpoint).map((s) => s.histogram));
      const workersOwn = sum(loadEnds.filter((e) => e.labels.endpoint === endpoint).map((e) => decodeHistogram(e[field])));
      sameDistribution(merged, workersOwn, `${metric} at ${endpoint}`);
    }
    for (const e of loadEnds.filter((x) => x.labels.endpoint === endpoint)) {
      assert.is(summary.metrics.load_latency_uncorrected?.[`endpoint=${endpoint},kind=manifest-head,worker=${e.labels.worker}`]?.count, e.requests);
    }
    // Pulls: the merged series against every sample the workers reported.
    const pulls = events.filter((e): e is PullEvent => e.type === 'pull' && e.labels.endpoint === endpoint);
    const merged = sum(report.series.filter((s) => s.metric === 'pull_duration' && s.labels.endpoint === endpoint).map((s) => s.histogram));
    const perWorker = REGIONS.map((w) => {
      const h = mergeHistograms([]);
      for (const p of pulls.filter((x) => x.labels.worker === w)) h.recordValue(p.durationUs);
      return h;
    });
    sameDistribution(merged, sum(perWorker), `pull_duration at ${endpoint}`);
  }
  assert.ok(events.every((e: ReplEvent) => e.type !== 'worker-lost'));
});

multi.run();
