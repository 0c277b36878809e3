/**
 * `npm run bench -- scale`: replication-lag accuracy, probe cost, harness
 * health, memory and wall time as the run grows — images × regions × push
 * rate on the lab (each row a fresh process: bench/scale-run.child.ts), the
 * lab in its own thread (now) beside the lab on the harness's loop (before),
 * and the real replicating setup (docker-registry + skopeo,
 * scripts/real-replication/) when its tools are installed. Prints the whole
 * table; returns one figure per row (share of samples within the goal).
 *
 * Goal of record, per sample: |measured − true| ≤ 10 ms + 2 % of the lag.
 * Set REPLBENCH_SCALE_ROWS=quick for the small rows only, =memory for 1,000 and
 * 10,000 × 5 with V8's heap growth and with --low-memory's.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasDockerRegistry } from '../scripts/real-replication/registry-process.ts';
import { DEFAULT_SCENARIO, runRealReplication } from '../scripts/real-replication/main.ts';
import type { BenchResult } from './result.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  readonly images: number;
  readonly regions: number;
  readonly rate: number;
  readonly labInProcess: boolean;
  readonly interval?: string;
  /** true: V8 heap growth 1.3, as `replbench run --low-memory` sets (src/cli/heap-growth.ts); default V8's own. */
  readonly heapGrowth?: boolean;
}

interface Measured {
  readonly complete: boolean;
  readonly replicated: number;
  readonly watches: number;
  readonly errP50Ms: number;
  readonly errP99Ms: number;
  readonly errMaxMs: number;
  readonly withinGoalPct: number;
  readonly goalRatioP99: number;
  readonly uncP50Ms: number;
  readonly probes: number;
  readonly processCpuPct: number;
  readonly runnerBusyPct: number;
  readonly labBusyPct: number | null;
  readonly runnerLoopP99Ms: number;
  readonly latenessP99Ms: number;
  readonly saturation: number;
  readonly peakRssMB: number;
  readonly wallS: number;
}

const FULL: readonly Row[] = [
  { images: 100, regions: 3, rate: 8, labInProcess: true },
  { images: 100, regions: 3, rate: 8, labInProcess: false },
  { images: 1000, regions: 6, rate: 50, labInProcess: true, interval: '100ms' },
  { images: 1000, regions: 6, rate: 50, labInProcess: true },
  { images: 1000, regions: 6, rate: 50, labInProcess: false },
  { images: 1000, regions: 3, rate: 50, labInProcess: false },
  { images: 5000, regions: 6, rate: 50, labInProcess: false },
  { images: 10000, regions: 6, rate: 50, labInProcess: false },
];
const QUICK = FULL.slice(0, 2);
/** Memory and precision, V8's default heap growth beside --low-memory's 1.3: 1,000 × 5 and 10,000 × 5. */
const MEMORY: readonly Row[] = [
  { images: 1000, regions: 5, rate: 50, labInProcess: false },
  { images: 1000, regions: 5, rate: 50, labInProcess: false, heapGrowth: true },
  { images: 10000, regions: 5, rate: 50, labInProcess: false },
  { images: 10000, regions: 5, rate: 50, labInProcess: false, heapGrowth: true },
];
const ROW_SETS: Readonly<Record<string, readonly Row[]>> = { quick: QUICK, memory: MEMORY };

function runRow(row: Row, dir: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench/scale-run.child.ts'), JSON.stringify({ ...row, dir })],
      { cwd: ROOT, timeout: 900_000, maxBuffer: 16 << 20, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (err !== null && !last.startsWith('{')) return reject(new Error(`scale row ${JSON.stringify(row)} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
        resolve(JSON.parse(last) as Measured);
      },
    );
  });
}

const f = (n: number | null | undefined, d = 1): string => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));

export async function benchScale(): Promise<readonly BenchResult[]> {
  const rows = ROW_SETS[process.env['REPLBENCH_SCALE_ROWS'] ?? ''] ?? FULL;
  const dir = await mkdtemp(join(tmpdir(), 'replbench-scale-'));
  const results: BenchResult[] = [];
  const lines = [
    '| images × regions @ push rate | lab | adaptive floor | V8 heap growth | replicated | within goal | |err| p50 / p99 / max (ms) | err ÷ goal p99 | ± p50 (ms) | probes / replication | process CPU (of one core) | runner loop busy | lab loop busy | runner loop delay p99 (ms) | probe lateness p99 (ms) | saturation lines | peak RSS (MB) | wall (s) |',
    '|---|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    for (const row of rows) {
      const m = await runRow(row, dir);
      const name = `${row.images} × ${row.regions} @ ${row.rate}/s`;
      const lab = row.labInProcess ? 'on the harness loop' : 'own thread';
      lines.push(
        `| ${name} | ${lab} | ${row.interval ?? '14ms'} | ${row.heapGrowth === true ? '1.3 (--low-memory)' : 'V8 default'} | ${m.replicated}/${m.watches} | ${f(m.withinGoalPct)}% | ${f(m.errP50Ms)} / ${f(m.errP99Ms)} / ${f(m.errMaxMs)} | ${f(m.goalRatioP99, 2)} | ${f(m.uncP50Ms)} | ${f(m.probes)} | ${f(m.processCpuPct, 0)}% | ${f(m.runnerBusyPct, 0)}% | ${row.labInProcess ? '–' : `${f(m.labBusyPct, 0)}%`} | ${f(m.runnerLoopP99Ms)} | ${f(m.latenessP99Ms)} | ${m.saturation} | ${f(m.peakRssMB, 0)} | ${f(m.wallS, 0)} |`,
      );
      results.push({ name: `scale.${row.images}x${row.regions}@${row.rate}.${row.labInProcess ? 'in-process' : 'thread'}${row.interval ? `.floor-${row.interval}` : ''}${row.heapGrowth === true ? '.low-memory' : ''}`, value: m.withinGoalPct, unit: '% within goal', detail: `p99 |err| ${f(m.errP99Ms)} ms, ± p50 ${f(m.uncP50Ms)} ms, ${f(m.probes)} probes, peak RSS ${f(m.peakRssMB, 0)} MB, ${f(m.wallS, 0)} s` });
    }
    if (rows !== MEMORY && hasDockerRegistry()) results.push(...(await realRows(dir, lines)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  return results;
}

/** The real replicating setup: the ready scenario, and 2.5× its images at the same rate (skopeo copies, a process each, are what saturates first). */
async function realRows(dir: string, lines: string[]): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  lines.push('', '| real setup (docker-registry + skopeo copy) | replicated | within goal | |err| p50 / p99 / max (ms) | ± p50 (ms) | truth width p50 (ms) | probes / replication | bracket misses |', '|---|---:|---:|---|---:|---:|---:|---:|');
  for (const [images, rate] of [[40, 4], [100, 4]] as const) {
    const text = (await readFile(DEFAULT_SCENARIO, 'utf8')).replace('images: 40', `images: ${images}`).replace('pushRate: 4/s', `pushRate: ${rate}/s`);
    const scenarioPath = join(dir, `real-${images}.yaml`);
    await writeFile(scenarioPath, text);
    const sink = new (await import('node:stream')).PassThrough();
    sink.resume();
    const r = await runRealReplication({ scenarioPath, reportsDir: join(dir, `real-${images}`), stderr: sink });
    const samples = r.check.regions.reduce((n, x) => n + x.samples, 0);
    const within = r.check.regions.reduce((n, x) => n + x.withinGoal, 0);
    const worst = (pick: (x: (typeof r.check.regions)[number]) => number): number => Math.max(...r.check.regions.map(pick));
    lines.push(
      `| ${images} images × ${r.check.regions.length} replicas @ ${rate}/s | ${samples} | ${f((100 * within) / Math.max(1, samples))}% | ${f(worst((x) => x.errorP50Ms))} / ${f(worst((x) => x.errorP99Ms))} / ${f(worst((x) => x.errorMaxMs))} | ${f(worst((x) => x.uncertaintyP50Ms))} | ${f(worst((x) => x.truthWidthP50Ms))} | ${f(worst((x) => x.probesP50))} | ${r.check.misses} |`,
    );
    out.push({ name: `scale.real.${images}@${rate}`, value: (100 * within) / Math.max(1, samples), unit: '% within goal', detail: `${r.check.misses} bracket misses` });
  }
  return out;
}
