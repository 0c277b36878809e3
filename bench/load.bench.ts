/**
 * The load phase's request rate against a lab region (manifest HEAD by
 * digest, flat out, the same connections and duration), next to plain
 * autocannon and wrk on the same endpoint in the same run:
 *
 * - replbench: measure/load-run.ts — autocannon plus our per-response µs
 *   histograms (corrected and uncorrected), interval cuts and status counts;
 * - autocannon: the same library, programmatic, with nothing attached;
 * - wrk (Debian's package), one thread, a Lua script for HEAD; skipped with a
 *   note when `wrk` is not installed.
 *
 * wrk 4.1 cannot finish a HEAD whose response announces a Content-Length (it
 * waits for that body), so wrk is compared on manifest GET, where all three
 * run; HEAD is compared between replbench and plain autocannon.
 *
 * The lab runs in a child process (bench/load-lab.child.ts), so the CPU time
 * of this process (or of wrk) is the load generator's alone: "per core" is
 * requests per CPU-second of the generator. The registry is usually the
 * bottleneck for requests per second; requests per core is the generators'
 * own cost. Each generator runs ROUNDS times, interleaved; medians reported.
 *
 * Alone: node --import tsx bench/load.bench.ts
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { runLoad } from '../src/measure/load-run.ts';
import { decodeHistogram } from '../src/stats/histogram-factory.ts';
import type { BenchResult } from './result.ts';

const CONNECTIONS = 10;
const DURATION_S = 3;
const ROUNDS = 3;

interface LabInfo {
  readonly url: string;
  readonly repo: string;
  readonly digest: string;
  readonly configDigest: string;
}

interface Sample {
  readonly requests: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly p99Ms?: number;
}

type Method = 'HEAD' | 'GET';

export async function benchLoad(): Promise<BenchResult[]> {
  const { child, info } = await startLabChild();
  const dir = await mkdtemp(join(tmpdir(), 'replbench-load-bench-'));
  try {
    const url = `${info.url}/v2/${info.repo}/manifests/${info.digest}`;
    const scripts: Record<Method, string> = { HEAD: join(dir, 'head.lua'), GET: join(dir, 'get.lua') };
    for (const method of ['HEAD', 'GET'] as const) {
      await writeFile(scripts[method], `wrk.method = "${method}"\nwrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json"\n`);
    }
    const wrk = await hasWrk();
    await replbench(info, 'HEAD', 1); // warm-up: JIT, connections, the lab's caches
    const runs = new Map<string, Sample[]>();
    const add = (name: string, s: Sample): void => void (runs.get(name) ?? runs.set(name, []).get(name))?.push(s);
    for (let i = 0; i < ROUNDS; i++) {
      for (const method of ['HEAD', 'GET'] as const) {
        const m = method.toLowerCase();
        add(`replbench.manifest-${m}`, await replbench(info, method, DURATION_S));
        add(`autocannon.manifest-${m}`, await plainAutocannon(url, method, DURATION_S));
        // wrk 4.1 waits for the body a HEAD response's Content-Length announces (the registry must send it): no HEAD figures from wrk.
        if (wrk && method === 'GET') add(`wrk.manifest-${m}`, await wrkRun(url, scripts[method], DURATION_S));
      }
    }
    const how = `on a lab region (no link delay, lab in a child process), ${CONNECTIONS} connections, flat out, ${DURATION_S} s, median of ${ROUNDS} interleaved rounds`;
    const results: BenchResult[] = [];
    if (!wrk) results.push({ name: 'load.wrk', value: Number.NaN, unit: 'req/s', detail: 'skipped: `wrk` is not installed (apt-get install -y wrk)' });
    for (const [name, samples] of runs) {
      const rps = median(samples.map((s) => s.requests / s.seconds));
      const perCore = median(samples.map((s) => s.requests / Math.max(1e-9, s.cpuSeconds)));
      const cpu = median(samples.map((s) => s.cpuSeconds / s.seconds));
      results.push({ name: `load.${name}.rps`, value: rps, unit: 'req/s', detail: `${how}; rounds ${samples.map((s) => Math.round(s.requests / s.seconds)).join(', ')}` });
      results.push({ name: `load.${name}.rps-per-core`, value: perCore, unit: 'req/CPU-s', detail: `requests per CPU-second of the generator (it used ${(cpu * 100).toFixed(0)} % of a core)` });
      const p99 = samples.map((s) => s.p99Ms).filter((v): v is number => v !== undefined);
      if (p99.length > 0) results.push({ name: `load.${name}.p99`, value: median(p99), unit: 'ms', detail: 'uncorrected p99 of the same runs, from our µs histogram' });
    }
    return results;
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

async function replbench(info: LabInfo, method: Method, seconds: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const totals = await runLoad(
    { endpoint: 'eastus', kind: method === 'HEAD' ? 'manifest-head' : 'manifest-get', target: { repo: info.repo, manifestDigest: info.digest, blobDigest: info.configDigest }, ratePerSec: null, connections: CONNECTIONS, durationMs: seconds * 1000 },
    { baseUrl: info.url, insecure: true },
  );
  return { requests: totals.requests, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSecondsSince(cpu), p99Ms: decodeHistogram(totals.uncorrected).getValueAtPercentile(99) / 1000 };
}

async function plainAutocannon(url: string, method: Method, seconds: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let responses = 0;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
        ...(method === 'HEAD' ? { setupClient: (c: autocannon.Client) => void process.nextTick(() => skipBodies(c)) } : {}),
      },
      (err) => (err ? reject(err) : resolve()),
    );
    instance.on('response', () => responses++);
  });
  return { requests: responses, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
}

/** The same HEAD fix load-run.ts applies (autocannon would wait for the Content-Length body). */
function skipBodies(client: autocannon.Client): void {
  const parser = (client as unknown as { parser: Record<number, (...a: unknown[]) => unknown> & { constructor: { kOnHeadersComplete: number } } }).parser;
  const key = parser.constructor.kOnHeadersComplete;
  const original = parser[key] as (...a: unknown[]) => unknown;
  parser[key] = (...args: unknown[]): boolean => (original(...args), true);
}

function wrkRun(url: string, script: string, seconds: number): Promise<Sample> {
  // `times` prints the shell's and then its children's user/system CPU time: wrk's own.
  const cmd = `wrk -t1 -c${CONNECTIONS} -d${seconds}s -s '${script}' '${url}'; times`;
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', cmd], (err, stdout) => {
      if (err) return reject(err);
      const m = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(stdout);
      const times = stdout.trim().split('\n').at(-1) ?? '';
      const cpu = [...times.matchAll(/(\d+)m([\d.]+)s/g)].reduce((s, t) => s + Number(t[1]) * 60 + Number(t[2]), 0);
      if (!m) return reject(new Error(`unexpected wrk output: ${stdout}`));
      const unit = m[3] === 'ms' ? 0.001 : m[3] === 'm' ? 60 : 1;
      resolve({ requests: Number(m[1]), seconds: Number(m[2]) * unit, cpuSeconds: cpu });
    });
  });
}

function hasWrk(): Promise<boolean> {
  return new Promise((resolve) => execFile('wrk', ['--version'], (err) => resolve(err === null || (err as { code?: unknown }).code !== 'ENOENT')));
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function startLabChild(): Promise<{ child: ChildProcess; info: LabInfo }> {
  const file = fileURLToPath(new URL('./load-lab.child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'ignore'] });
  const info = await new Promise<LabInfo>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(JSON.parse(line) as LabInfo);
    });
    child.once('exit', (code) => reject(new Error(`the lab child exited (${code}) before it was ready`)));
  });
  return { child, info };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchLoad()) process.stdout.write(`| ${r.name} | ${Number.isNaN(r.value) ? '—' : r.value.toFixed(r.value >= 100 ? 0 : 2)} | ${r.unit} | ${r.detail ?? ''} |\n`);
}
