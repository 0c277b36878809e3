/**
 * How faithful the lab's links are, and what the lab costs in memory:
 *
 * - RTT accuracy: configured vs measured round trips on real loopback sockets
 *   for 1, 80 and 150 ms links, both as a raw TCP echo through ShapedSocket
 *   (the shaping alone) and as HTTP GET /v2/ through a lab region on a
 *   keep-alive connection (what a client sees: shaping + HTTP handling).
 *   Median, mean, p95 and max of (measured − configured); these figures
 *   degrade on a loaded machine (other processes delay the event loop).
 * - Bandwidth accuracy: a 20 MiB/s link, blob download (GET) and upload
 *   (monolithic POST) of 40 MiB through a lab region.
 * - Memory: peak RSS of a fresh process while 1 GiB of layers (16 × 64 MiB,
 *   streamed, never whole in memory) is pushed into one region of a
 *   two-region lab with the directory store and replicated to the other
 *   (the pushing client runs in the same process and is counted too).
 *
 * Alone: node --import tsx bench/lab.bench.ts
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { createRealClock } from '../src/time/real-clock.ts';
import { startLab } from '../src/lab/lab.ts';
import { ShapedSocket } from '../src/lab/shaped-socket.ts';
import { MediaType } from '../src/oci-spec/media-types.ts';
import { resolveLayer } from '../src/workload/index.ts';
import type { BenchResult } from './result.ts';

const MiB = 1024 * 1024;
const now = (): number => performance.now();

export async function benchLab(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [rttMs, rounds] of [[1, 200], [80, 25], [150, 15]] as const) {
    results.push(...summarize(`lab.rtt.tcp-echo.${rttMs}ms`, rttMs, await tcpEchoRtts(rttMs, rounds), 'raw TCP echo through ShapedSocket'));
    results.push(...summarize(`lab.rtt.http.${rttMs}ms`, rttMs, await httpRtts(rttMs, rounds), 'HTTP GET /v2/ through a lab region, keep-alive'));
  }
  results.push(...(await bandwidth(20 * MiB, 40 * MiB)));
  results.push(...(await inChildProcess()));
  return results;
}

function summarize(name: string, rttMs: number, samples: number[], how: string): BenchResult[] {
  const errors = samples.map((s) => s - rttMs);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  const p95 = abs[Math.min(abs.length - 1, Math.ceil(0.95 * abs.length) - 1)] ?? NaN;
  const sorted = [...errors].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const detail = `${how}; configured ${rttMs} ms, ${samples.length} round trips after warm-up`;
  return [
    { name: `${name}.median-error`, value: median, unit: 'ms', detail },
    { name: `${name}.mean-error`, value: mean, unit: 'ms', detail },
    { name: `${name}.p95-abs-error`, value: p95, unit: 'ms', detail },
    { name: `${name}.max-abs-error`, value: abs.at(-1) ?? NaN, unit: 'ms', detail },
  ];
}

/** The memory figure runs in a fresh process, so earlier benchmarks do not inflate its RSS. */
function inChildProcess(): Promise<BenchResult[]> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', self, '--memory-child'],
      { cwd: join(dirname(self), '..'), maxBuffer: 1024 * 1024, timeout: 900_000 },
      (err, stdout) => {
        if (err) return reject(err);
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as BenchResult[]);
        } catch (parseErr: unknown) {
          reject(parseErr);
        }
      },
    );
  });
}

async function tcpEchoRtts(rttMs: number, rounds: number): Promise<number[]> {
  const clock = createRealClock();
  const server = createServer({ allowHalfOpen: true }, (raw) => {
    const s = new ShapedSocket(raw, { clock, link: () => ({ rttMs }) });
    s.on('error', () => undefined);
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sock: Socket = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  await new Promise((r) => sock.once('connect', r));
  sock.setNoDelay(true);
  const out: number[] = [];
  try {
    for (let i = -3; i < rounds; i++) {
      const t0 = now();
      const echoed = new Promise<void>((r) => sock.once('data', () => r()));
      sock.write('ping');
      await echoed;
      if (i >= 0) out.push(now() - t0);
    }
  } finally {
    sock.destroy();
    await new Promise((r) => server.close(r));
    clock.close();
  }
  return out;
}

async function httpRtts(rttMs: number, rounds: number): Promise<number[]> {
  const lab = await startLab({ regions: [{ name: 'a' }, { name: 'b' }], links: [{ from: 'a', to: 'b', rtt: rttMs }] });
  const agent = new Agent({ connections: 1 });
  const out: number[] = [];
  try {
    const url = `${lab.endpointFor('b', 'a')}/v2/`;
    for (let i = -3; i < rounds; i++) {
      const t0 = now();
      const res = await request(url, { dispatcher: agent });
      await res.body.dump();
      if (i >= 0) out.push(now() - t0);
    }
  } finally {
    await agent.close();
    await lab.close();
  }
  return out;
}

async function bandwidth(capBytesPerSec: number, sizeBytes: number): Promise<BenchResult[]> {
  const lab = await startLab({
    regions: [{ name: 'a' }, { name: 'b' }],
    links: [{ from: 'a', to: 'b', rtt: '1ms', bandwidth: capBytesPerSec }],
  });
  const agent = new Agent({ connections: 1 });
  try {
    const blob = new Uint8Array(sizeBytes);
    for (let i = 0; i < blob.length; i += 4096) blob[i] = i & 0xff;
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    const url = lab.endpointFor('b', 'a');
    const t0 = now();
    const up = await request(`${url}/v2/bw/blobs/uploads/?digest=${digest}`, { method: 'POST', body: blob, dispatcher: agent });
    await up.body.dump();
    const upMs = now() - t0;
    if (up.statusCode !== 201) throw new Error(`upload answered ${up.statusCode}`);
    const t1 = now();
    const down = await request(`${url}/v2/bw/blobs/${digest}`, { dispatcher: agent });
    let got = 0;
    for await (const chunk of down.body) got += (chunk as Buffer).length;
    const downMs = now() - t1;
    if (got !== sizeBytes) throw new Error(`downloaded ${got} of ${sizeBytes} bytes`);
    const capMiBs = capBytesPerSec / MiB;
    const detail = (dir: string) => `${dir} ${sizeBytes / MiB} MiB through a lab region over a ${capMiBs} MiB/s, 1 ms link`;
    const rate = (ms: number) => sizeBytes / MiB / (ms / 1000);
    return [
      { name: 'lab.bandwidth.download', value: rate(downMs), unit: 'MiB/s', detail: `${detail('GET')} (configured ${capMiBs})` },
      { name: 'lab.bandwidth.download.error', value: (rate(downMs) / capMiBs - 1) * 100, unit: '%', detail: detail('GET') },
      { name: 'lab.bandwidth.upload', value: rate(upMs), unit: 'MiB/s', detail: `${detail('POST')} (configured ${capMiBs})` },
      { name: 'lab.bandwidth.upload.error', value: (rate(upMs) / capMiBs - 1) * 100, unit: '%', detail: detail('POST') },
    ];
  } finally {
    await agent.close();
    await lab.close();
  }
}

async function replicationMemory(layers: number, layerBytes: number): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-lab-bench-'));
  global.gc?.();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const lab = await startLab({
    regions: [{ name: 'a' }, { name: 'b' }],
    replication: { lag: '0ms' },
    store: { kind: 'directory', dir },
  });
  const t0 = now();
  try {
    const base = lab.endpointFor('a');
    const descriptors = [];
    for (let i = 0; i < layers; i++) {
      const layer = await resolveLayer({ seed: 'lab-bench', imageIndex: 0, layerIndex: i }, layerBytes);
      const res = await request(`${base}/v2/big/blobs/uploads/?digest=${layer.digest}`, {
        method: 'POST',
        headers: { 'content-length': String(layerBytes), 'content-type': 'application/octet-stream' },
        body: Readable.from(layer.stream()),
      });
      await res.body.dump();
      if (res.statusCode !== 201) throw new Error(`layer upload answered ${res.statusCode}`);
      descriptors.push({ mediaType: MediaType.ociLayer, digest: layer.digest, size: layerBytes });
    }
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
    await (await request(`${base}/v2/big/blobs/uploads/?digest=${configDigest}`, { method: 'POST', body: config })).body.dump();
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: configDigest, size: config.length },
        layers: descriptors,
      }),
    );
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    const put = await request(`${base}/v2/big/manifests/v1`, { method: 'PUT', headers: { 'content-type': MediaType.ociManifest }, body: manifest });
    await put.body.dump();
    if (put.statusCode !== 201) throw new Error(`manifest put answered ${put.statusCode}`);
    const entry = await lab.groundTruth.settled('big', digest, 'b', AbortSignal.timeout(600_000));
    if (entry.state.status !== 'pullable') throw new Error(`replication ended ${entry.state.status}`);
    const totalMs = now() - t0;
    const gib = (layers * layerBytes) / 1024 ** 3;
    const detail = `${gib} GiB in ${layers} layers pushed to region a and replicated to b, directory store, ${(totalMs / 1000).toFixed(1)} s`;
    return [
      { name: 'lab.memory.peak-rss', value: peakRss / MiB, unit: 'MB', detail: `${detail}; process RSS incl. the pushing client` },
      { name: 'lab.memory.rss-growth', value: (peakRss - baselineRss) / MiB, unit: 'MB', detail: `peak − RSS before the lab started` },
    ];
  } finally {
    clearInterval(sampler);
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--memory-child')) {
    console.log(JSON.stringify(await replicationMemory(16, 64 * MiB)));
  } else {
    for (const r of await benchLab()) console.log(`${r.name}\t${r.value.toFixed(3)} ${r.unit}\t${r.detail ?? ''}`);
  }
}
