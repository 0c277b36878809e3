/**
 * The `load:` section of a scenario (the request-rate load phase), with its
 * defaults, cross-field rules and resolution. schema.ts and resolve.ts only
 * plug it in.
 *
 *   load: { kind: manifest-head, rate: 200/s, connections: 4, duration: 10s, endpoints: local }
 *
 * `load.rate` is per worker and endpoint: every (worker, endpoint) series is
 * driven at that rate, so local and remote figures compare like for like.
 * Omitted, the load runs flat out (closed loop: nothing to correct for
 * coordinated omission).
 */
import { z } from 'zod';
import { count, positiveDurationMs, positiveRatePerSec, regionName } from '../config/fields.ts';
import { LOAD_KINDS } from '../measure/load-types.ts';
import { formatDurationMs } from '../units.ts';
import { checkRegion, checkUnique, type Fail } from './fail.ts';
import type { ResolvedLoad } from './resolved.ts';

export const LOAD_DEFAULTS = { kind: 'manifest-head', connections: 4, duration: '10s', endpoints: 'local', workers: 'all' } as const;
/** A load phase is bounded: at most this long per run. */
export const MAX_LOAD_DURATION_MS = 600_000;

const regionList = z.array(regionName).min(1);

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

export type LoadParsed = z.output<typeof loadSchema>;

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

/** Labels of a load_latency threshold must name a series the load phase will have. */
export function checkLoadThresholdLabels(selector: Readonly<Record<string, string>>, load: ResolvedLoad | null, fail: (message: string) => never): void {
  if (load === null) fail('expected a load: section (load_latency thresholds need a load phase), found none');
  for (const [label, value] of Object.entries(selector)) {
    if (label === 'kind' && value !== load.kind) fail(`kind: expected the load kind (${load.kind}), found "${value}"`);
    if (label === 'worker' && !load.workers.includes(value)) fail(`worker: expected one of the load workers (${load.workers.join(', ')}), found "${value}"`);
    if (label === 'endpoint' && !load.pairs.some((p) => p.endpoint === value)) fail(`endpoint: expected an endpoint of the load phase, found "${value}"`);
  }
}
