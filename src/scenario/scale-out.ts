/**
 * The scale-out sections of a scenario: `workers:` (where the per-region
 * workers run) and `load:` (the request-rate load phase), with their defaults,
 * cross-field rules and resolution. schema.ts and resolve.ts only plug them in.
 *
 *   workers: { mode: remote, expect: [eastus, westeurope], joinTimeout: 30s }
 *   load:    { kind: manifest-head, rate: 200/s, connections: 4, duration: 10s, endpoints: local }
 *
 * `load.rate` is per worker and endpoint: every (worker, endpoint) series is
 * driven at that rate, so local and remote figures compare like for like.
 * Omitted, the load runs flat out (closed loop: nothing to correct for
 * coordinated omission).
 */
import { z } from 'zod';
import { regionName } from '../config/fields.ts';
import { LOAD_KINDS, type LoadKind } from '../measure/load-types.ts';
import type { Fail } from './checks.ts';
import { checkRegion, checkUnique } from './checks.ts';
import { count, positiveDurationMs, positiveRatePerSec } from './fields.ts';
import type { PullPair } from './resolved.ts';
import { formatDurationMs } from '../units.ts';

export const WORKER_MODES = ['in-process', 'remote'] as const;
export type WorkerMode = (typeof WORKER_MODES)[number];
export const WATCH_FROM = ['coordinator', 'worker'] as const;
export type WatchFrom = (typeof WATCH_FROM)[number];
export { LOAD_KINDS, type LoadKind };

export const WORKERS_DEFAULTS = { mode: 'in-process', expect: 'all', joinTimeout: '30s' } as const;
export const WATCH_FROM_DEFAULT: WatchFrom = 'coordinator';
export const LOAD_DEFAULTS = { kind: 'manifest-head', connections: 4, duration: '10s', endpoints: 'local', workers: 'all' } as const;
/** A load phase is bounded: at most this long per run. */
export const MAX_LOAD_DURATION_MS = 600_000;

const regionList = z.array(regionName).min(1);

export const workersSchema = z.strictObject({
  mode: z
    .enum(WORKER_MODES)
    .prefault(WORKERS_DEFAULTS.mode)
    .meta({ description: 'in-process: every region measured from this process; remote: one `replbench worker` per region connects to `replbench run --listen`.' }),
  expect: z
    .union([z.literal('all'), regionList], { error: () => 'expected "all" or a list of region names' })
    .prefault(WORKERS_DEFAULTS.expect)
    .meta({ description: 'Remote mode: the regions whose workers must join before the run starts ("all" = every region).' }),
  joinTimeout: positiveDurationMs
    .prefault(WORKERS_DEFAULTS.joinTimeout)
    .meta({ description: 'Remote mode: how long to wait for the expected workers.' }),
});

export const watchFromSchema = z
  .enum(WATCH_FROM)
  .prefault(WATCH_FROM_DEFAULT)
  .meta({
    description:
      'Remote mode: coordinator = probe every replica from the coordinator (one clock, RTT/2 correction); ' +
      'worker = probe from the worker in each region (its clock offset corrected, the offset uncertainty added to the lag\'s).',
  });

export const loadSchema = z.strictObject({
  kind: z
    .enum(LOAD_KINDS)
    .prefault(LOAD_DEFAULTS.kind)
    .meta({ description: 'The request each connection repeats: manifest HEAD or GET, a token GET, or a small-blob (image config) GET.' }),
  rate: positiveRatePerSec
    .optional()
    .meta({ description: 'Requests per second from each worker to each endpoint ("200/s"); omitted = flat out.' }),
  connections: count(1, 'Connections per worker and endpoint.', 'concurrency').prefault(LOAD_DEFAULTS.connections),
  duration: positiveDurationMs.prefault(LOAD_DEFAULTS.duration).meta({ description: 'How long the load runs (at most 10m).' }),
  endpoints: z
    .union([z.enum(['local', 'all']), regionList], { error: () => 'expected "local", "all" or a list of region names' })
    .prefault(LOAD_DEFAULTS.endpoints)
    .meta({ description: 'Which endpoints each worker loads: its own region, every region, or a list.' }),
  workers: z
    .union([z.literal('all'), regionList], { error: () => 'expected "all" or a list of region names' })
    .prefault(LOAD_DEFAULTS.workers)
    .meta({ description: 'Regions that drive load ("all" = every region).' }),
});

export type WorkersParsed = z.output<typeof workersSchema>;
export type LoadParsed = z.output<typeof loadSchema>;

export interface ResolvedWorkers {
  readonly mode: WorkerMode;
  /** Remote mode: regions whose workers must join (in-process: every region). */
  readonly expect: readonly string[];
  readonly joinTimeoutMs: number;
}

export interface ResolvedLoad {
  readonly kind: LoadKind;
  /** Per worker and endpoint; null = flat out. */
  readonly ratePerSec: number | null;
  readonly connections: number;
  readonly durationMs: number;
  readonly workers: readonly string[];
  readonly endpointsMode: 'local' | 'all' | 'list';
  /** Worker-major, in region (or list) order. */
  readonly pairs: readonly PullPair[];
}

export function resolveWorkers(w: WorkersParsed, regions: readonly string[], fail: Fail): ResolvedWorkers {
  if (Array.isArray(w.expect)) {
    w.expect.forEach((r, i) => checkRegion(r, regions, ['workers', 'expect', i], fail));
    checkUnique(w.expect, (i) => ['workers', 'expect', i], 'region', fail);
  }
  return { mode: w.mode, expect: w.expect === 'all' ? [...regions] : [...w.expect], joinTimeoutMs: w.joinTimeout };
}

export function resolveLoad(l: LoadParsed | undefined, regions: readonly string[], fail: Fail): ResolvedLoad | null {
  if (l === undefined) return null;
  for (const key of ['workers', 'endpoints'] as const) {
    const names = l[key];
    if (!Array.isArray(names)) continue;
    names.forEach((r, i) => checkRegion(r, regions, ['load', key, i], fail));
    checkUnique(names, (i) => ['load', key, i], 'region', fail);
  }
  if (l.duration > MAX_LOAD_DURATION_MS) {
    fail(['load', 'duration'], `expected at most ${formatDurationMs(MAX_LOAD_DURATION_MS)} (the load phase is bounded), found ${formatDurationMs(l.duration)}`);
  }
  if (l.rate !== undefined && l.rate < l.connections) {
    fail(['load', 'rate'], `expected at least one request per second per connection (connections: ${l.connections}), found ${l.rate}/s`);
  }
  const workers = l.workers === 'all' ? [...regions] : [...l.workers];
  const endpointsMode = l.endpoints === 'local' || l.endpoints === 'all' ? l.endpoints : 'list';
  const endpointsOf = (w: string): readonly string[] => (l.endpoints === 'local' ? [w] : l.endpoints === 'all' ? regions : l.endpoints);
  const pairs = workers.flatMap((worker) => endpointsOf(worker).map((endpoint) => ({ worker, endpoint })));
  return { kind: l.kind, ratePerSec: l.rate ?? null, connections: l.connections, durationMs: l.duration, workers, endpointsMode, pairs };
}

/** Remote mode: every region that must measure something has a worker to do it. */
export function checkRemoteCoverage(
  workers: ResolvedWorkers,
  needs: { readonly pullWorkers: readonly string[]; readonly loadWorkers: readonly string[]; readonly watchRegions: readonly string[] },
  fail: Fail,
): void {
  if (workers.mode !== 'remote') return;
  const missing = (names: readonly string[]): string | undefined => names.find((n) => !workers.expect.includes(n));
  const check = (names: readonly string[], path: (string | number)[], what: string): void => {
    const m = missing(names);
    if (m !== undefined) fail(path, `expected every ${what} among workers.expect (${workers.expect.join(', ')}), found "${m}" missing there`);
  };
  check(needs.pullWorkers, ['pull', 'workers'], 'pull worker region');
  check(needs.loadWorkers, ['load', 'workers'], 'load worker region');
  check(needs.watchRegions, ['replication', 'watchFrom'], 'replica region watched from its worker');
}

/** Labels of a load_latency threshold must name a series the load phase will have. */
export function checkLoadThresholdLabels(selector: Readonly<Record<string, string>>, load: ResolvedLoad | null, fail: (message: string) => never): void {
  if (load === null) fail('expected a load: section (load_latency thresholds need a load phase), found none');
  for (const [label, value] of Object.entries(selector)) {
    if (label === 'kind' && value !== load.kind) fail(`kind: expected the load kind (${load.kind}), found "${value}"`);
    if (label === 'worker' && !load.workers.includes(value)) fail(`worker: expected one of the load workers (${load.workers.join(', ')}), found "${value}"`);
    if (label === 'endpoint' && !load.pairs.some((p) => p.endpoint === value)) fail(`endpoint: expected an endpoint of the load phase, found "${value}"`);
  }
}
