/**
 * Start-up cost of the CLI: `replbench --help` and one `replbench probe` (a
 * manifest HEAD against a loopback server) as new processes, wall time and
 * CPU time (user + system, from bash's `times` for its children), beside
 * `node -e 0` on the same machine in the same run. Rows: the compiled build
 * (bin/replbench.js → dist/), the same CLI from source through tsx
 * (REPLBENCH_FROM_SOURCE=1, the dev path), and, when STARTUP_BASELINE_BIN
 * names another checkout's bin/replbench.js, that one ("before").
 * Runs are interleaved round-robin so machine noise hits every row alike.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './result.ts';

const RUNS = 15;
const BIN = fileURLToPath(new URL('../bin/replbench.js', import.meta.url));
const DIGEST = `sha256:${'a'.repeat(64)}`;

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The exit code a correct run ends with. */
  readonly exitCode: number;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export async function benchStartup(): Promise<BenchResult[]> {
  const server = await startManifestServer();
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = ['probe', '--endpoint', endpoint, '--insecure', `bench/app@${DIGEST}`];
    const variants: Variant[] = [
      { name: 'node -e 0', args: ['-e', '0'], exitCode: 0 },
      { name: 'replbench --help', args: [BIN, '--help'], exitCode: 0 },
      { name: 'replbench probe', args: [BIN, ...probe], exitCode: 0 },
      { name: 'replbench --help, from source (tsx)', args: [BIN, '--help'], env: { REPLBENCH_FROM_SOURCE: '1' }, exitCode: 0 },
      { name: 'replbench probe, from source (tsx)', args: [BIN, ...probe], env: { REPLBENCH_FROM_SOURCE: '1' }, exitCode: 0 },
    ];
    const before = process.env.STARTUP_BASELINE_BIN;
    if (before !== undefined && before !== '') {
      variants.push({ name: 'replbench --help, before', args: [before, '--help'], exitCode: 0 });
      variants.push({ name: 'replbench probe, before', args: [before, ...probe], exitCode: 0 });
    }
    const samples = new Map<Variant, Sample[]>(variants.map((v) => [v, []]));
    for (const v of variants) await timeOnce(v); // warm the file cache
    for (let i = 0; i < RUNS; i++) for (const v of variants) samples.get(v)?.push(await timeOnce(v));

    const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const base = samples.get(variants[0] as Variant) ?? [];
    const baseWall = median(base.map((s) => s.wallMs));
    const baseCpu = median(base.map((s) => s.cpuMs));
    const results: BenchResult[] = [];
    for (const v of variants) {
      const s = samples.get(v) ?? [];
      const wall = median(s.map((x) => x.wallMs));
      const cpu = median(s.map((x) => x.cpuMs));
      const ratio = v === variants[0] ? '' : `, ${(wall / baseWall).toFixed(1)}× node -e 0 wall, ${(cpu / baseCpu).toFixed(1)}× its CPU`;
      results.push({ name: `startup.${v.name}`, value: wall, unit: 'ms wall', detail: `median of ${RUNS}; CPU ${cpu.toFixed(0)} ms${ratio}` });
    }
    return results;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** One run in a fresh process under bash, whose `times` reports the child's CPU. */
async function timeOnce(v: Variant): Promise<Sample> {
  const script = '"$@" >/dev/null 2>&1; code=$?; times; exit $code';
  const started = performance.now();
  const child = spawn('bash', ['-c', script, 'bash', process.execPath, ...v.args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...v.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - started;
  if (code !== v.exitCode) throw new Error(`${v.name}: exit ${code}, expected ${v.exitCode}`);
  // `times` prints the shell's user/sys, then its children's: "0m0.123s 0m0.010s".
  const children = out.trim().split('\n').at(-1) ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (secs.length !== 2) throw new Error(`${v.name}: cannot read CPU times from ${JSON.stringify(out)}`);
  return { wallMs, cpuMs: ((secs[0] ?? 0) + (secs[1] ?? 0)) * 1000 };
}

/** Answers every request as a registry holding the one manifest: 200 with its digest. */
function startManifestServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'docker-content-digest': DIGEST,
      'content-length': '0',
    });
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
