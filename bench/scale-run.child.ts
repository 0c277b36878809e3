/**
 * One scale run in its own process (bench/scale.bench.ts): a generated lab
 * scenario through runScenario, then what the row needs on stdout as JSON —
 * accuracy against the lab's truth, ± median, probes per replication, the
 * harness's health, peak RSS (this process: runner and lab thread) and wall time.
 *   node --import tsx bench/scale-run.child.ts '{"images":1000,"regions":6,"rate":50,"labInProcess":false,"dir":"…"}'
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/run/runner.ts';
import { resolveScenario } from '../src/scenario/resolve.ts';
import { applyRunHeapGrowth } from '../src/cli/heap-growth.ts';

interface Row {
  readonly images: number;
  readonly regions: number;
  readonly rate: number;
  readonly labInProcess: boolean;
  readonly dir: string;
  /** Default 16KiB. */
  readonly layerSize?: string;
  /** The adaptive floor; default the scenario default (14 ms). The old default was 100 ms. */
  readonly interval?: string;
  /** The lab's blob store: a directory (blobs on disk, not in the harness's RSS) or memory (default). */
  readonly storeDir?: string;
  /** true: the heap growth factor `replbench run --low-memory` sets; default V8's own. */
  readonly heapGrowth?: boolean;
}

const REGIONS = ['eastus', 'westeurope', 'japaneast', 'australiaeast', 'brazilsouth', 'southeastasia', 'uksouth', 'centralindia'];
const row = JSON.parse(process.argv[2] ?? '{}') as Row;
const names = REGIONS.slice(0, row.regions);
const scenario = resolveScenario({
  name: `scale-${row.images}x${row.regions}`,
  target: {
    kind: 'lab',
    seed: 1,
    regions: names.map((name) => ({ name })),
    localRtt: '1ms',
    defaultRtt: '120ms',
    links: names.slice(1).map((to, i) => ({ from: 'eastus', to, rtt: `${60 + 30 * i}ms` })),
    replication: { lag: { model: 'lognormal', median: '400ms', p99: '2s' }, bandwidth: '100MiB/s' },
    topology: { kind: 'multi-master' },
    ...(row.storeDir !== undefined ? { store: { kind: 'directory', dir: row.storeDir } } : {}),
  },
  origin: 'eastus',
  workload: { images: row.images, repository: 'scale/app-{i}', tag: 'v1', layers: 2, layerSize: row.layerSize ?? '16KiB', pushConcurrency: 8, pushRate: `${row.rate}/s`, seed: 1 },
  replication: { probe: 'manifest+blobs', schedule: 'adaptive', timeout: '30s', ...(row.interval !== undefined ? { interval: row.interval } : {}) },
  pull: { workers: ['eastus'], endpoints: ['eastus'], images: 1, phases: ['cold'] },
  report: { dir: row.dir, formats: ['json'] },
});
if (row.heapGrowth === true) applyRunHeapGrowth();
const started = performance.now();
const result = await runScenario(scenario, { reportsDir: row.dir, labInProcess: row.labInProcess });
const wallMs = performance.now() - started;
const r = result.report;
const acc = Object.values(r.accuracy ?? {});
const unc = Object.values(r.lagUncertainty);
const worst = (xs: number[]): number => (xs.length === 0 ? Number.NaN : Math.max(...xs));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number);
};
const health = r.health;
// The goal of record, per sample: |measured − true| ≤ 10 ms + 2 % of the true lag.
const goal = (await readFile(join(result.runDir, 'events.jsonl'), 'utf8'))
  .split('\n')
  .filter((l) => l.includes('"truthUs"'))
  .map((l) => JSON.parse(l) as { valueUs: number; truthUs: number })
  .map((e) => Math.abs(e.valueUs - e.truthUs) / 1000 / (10 + (0.02 * e.truthUs) / 1000))
  .sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    complete: result.complete,
    replicated: Object.values(r.outcomes).reduce((n, c) => n + c.replicated, 0),
    watches: Object.values(r.outcomes).reduce((n, c) => n + c.replicated + c.timedOut + c.errored + c.inconsistent, 0),
    errP50Ms: median(acc.map((a) => a.absErrMsP50)),
    errP99Ms: worst(acc.map((a) => a.absErrMsP99)),
    errMaxMs: worst(acc.map((a) => a.absErrMsMax)),
    withinGoalPct: (100 * goal.filter((g) => g <= 1).length) / Math.max(1, goal.length),
    goalRatioP99: goal[Math.min(goal.length - 1, Math.ceil(0.99 * goal.length) - 1)] ?? Number.NaN,
    uncP50Ms: median(unc.map((u) => u.p50)),
    probes: median(acc.map((a) => a.meanProbes)),
    processCpuPct: health?.processes['runner']?.cpuMeanPct ?? Number.NaN,
    runnerBusyPct: health?.processes['runner']?.busyMeanPct ?? Number.NaN,
    labBusyPct: health?.processes['lab']?.busyMeanPct ?? Number.NaN,
    runnerLoopP99Ms: health?.processes['runner']?.loopDelayP99Ms ?? Number.NaN,
    latenessP99Ms: worst(Object.values(health?.probeLateness ?? {}).map((l) => l.p99Ms)),
    saturation: health?.saturation.length ?? 0,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    wallS: wallMs / 1000,
  })}\n`,
);
process.exit(0);
