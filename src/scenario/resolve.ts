/**
 * resolveScenario: a scenario as written (already parsed from YAML/JSON) →
 * ResolvedScenario. Steps: the zod schema (shapes, defaults, simple units),
 * then values owned by other layers (layer sizes, thresholds, oci endpoints),
 * then the cross-field rules of checks.ts. Pure: reads no file and no
 * environment. Every problem is a ConfigError of one line naming `source`
 * and the field path.
 */
import { ConfigError, ReplbenchError } from '../errors.ts';
import { resolveAcrTarget, type AcrTargetParsed } from './acr-target.ts';
import { resolveEndpoint } from '../oci/endpoint.ts';
import { parseThresholds, type Threshold } from './thresholds.ts';
import type { LoggedThresholds } from '../events/index.ts';
import { parseBytes } from '../units.ts';
import { resolveSizeDistribution, type SizeSpec } from '../workload/sizes.ts';
import { WORKLOAD_DEFAULTS } from './defaults.ts';
import { checkOrigin, checkPullLists, checkReplication, replicationIntervalMs, checkReportFormats, checkThresholdLabels, checkWorkload } from './checks.ts';
import { checkUnique, type Fail } from './fail.ts';
import { configError, configErrorMap, issuesToConfigError } from '../config/issues.ts';
import { resolveLoad } from './load-schema.ts';
import { checkRemoteCoverage, resolveWorkers } from './workers-schema.ts';
import { resolveBlobTarget, type BlobTargetParsed } from './blob-target.ts';
import { checkOciHierarchy, resolveConnectedRegion, resolvePushStreams } from './connected.ts';
import { resolveEgress } from './egress-schema.ts';
import { resolveRequests } from './requests-schema.ts';
import { resolveEvents } from './events-schema.ts';
import type { ResolvedAuth, ResolvedOciRegion, ResolvedPull, ResolvedScenario, ResolvedTarget } from './resolved.ts';
import { scenarioSchema, type ScenarioParsed } from './schema.ts';
import type { AuthParsed, OciTargetParsed } from './target-schema.ts';

/** The label used in messages when a scenario does not come from a file. */
export const INLINE_SOURCE = 'inline scenario';

export function resolveScenario(input: unknown, source: string = INLINE_SOURCE): ResolvedScenario {
  const parsed = scenarioSchema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) throw issuesToConfigError(source, parsed.error.issues, input);
  const s = parsed.data;
  const fail: Fail = (path, message) => {
    if (typeof path === 'string') throw new ConfigError(`${source}: ${path}: ${message}`);
    throw configError(source, path, message);
  };
  const owned = <T>(run: () => T): T => {
    try {
      return run();
    } catch (err: unknown) {
      // Their messages already start with the field path.
      if (err instanceof ConfigError) throw new ConfigError(`${source}: ${err.message}`, { cause: err });
      throw err;
    }
  };

  const target = resolveTarget(s.target, fail);
  const regions = target.kind === 'lab' ? target.config.regions.map((r) => r.name) : target.regions.map((r) => r.name);
  checkOrigin(s.origin, regions, target.kind === 'lab' ? target.config.regions : undefined, fail);
  checkWorkload(s.workload, fail);
  checkReplication(s.replication, fail);
  checkPullLists(s.pull, regions, fail);
  checkReportFormats(s.report.formats, fail);
  const layerSize = owned(() => resolveSizeDistribution(s.workload.layerSize as SizeSpec, 'workload.layerSize'));
  const pull = resolvePull(s.pull, regions);
  const workers = resolveWorkers(s.workers, regions, fail);
  const load = resolveLoad(s.load, regions, fail);
  const watchRegions = s.replication.watchFrom === 'worker' ? regions.filter((r) => r !== s.origin) : [];
  checkRemoteCoverage(workers, { pullWorkers: pull.workers, loadWorkers: load?.workers ?? [], watchRegions }, fail);
  const events = resolveEvents(s.replication.events, target, fail);
  const egress = resolveEgress(s.egress, regions, fail);
  const pushStreams = resolvePushStreams(s.origin, s.workload, s.workload.alsoPush, { regions, target }, fail);

  const thresholdsInput = s.thresholds as LoggedThresholds;
  const parsedThresholds: Threshold[] = [];
  for (const [key, value] of Object.entries(thresholdsInput)) {
    const ths = owned(() => parseThresholds({ [key]: value }, 'thresholds'));
    // With push streams at other origins (workload.alsoPush) the origin is watched too.
    const unwatched = pushStreams.some((p) => p.origin !== s.origin) ? '' : s.origin;
    checkThresholdLabels(key, ths, { regions, origin: unwatched, pull, load }, fail);
    parsedThresholds.push(...ths);
  }

  return deepFreeze({
    name: s.name,
    description: s.description ?? null,
    source,
    target,
    regions,
    origin: s.origin,
    workload: {
      images: s.workload.images,
      repository: s.workload.repository,
      tag: s.workload.tag,
      layers: s.workload.layers,
      baseLayers: s.workload.baseLayers,
      layerSize,
      pushConcurrency: s.workload.pushConcurrency,
      pushRatePerSec: s.workload.pushRate ?? null,
      uploadMode: s.workload.uploadMode,
      chunkSizeBytes: s.workload.chunkSize ?? parseBytes(WORKLOAD_DEFAULTS.chunkSize),
      seed: s.workload.seed,
    },
    replication: {
      probe: s.replication.probe,
      schedule: s.replication.schedule,
      intervalMs: replicationIntervalMs(s.replication),
      timeoutMs: s.replication.timeout,
      maxProbesPerSecPerRegion: s.replication.maxProbeRatePerRegion ?? null,
      regions: regions.filter((r) => r !== s.origin),
      watchFrom: s.replication.watchFrom,
    },
    pull,
    workers,
    load,
    thresholds: { input: thresholdsInput, parsed: parsedThresholds },
    report: { dir: s.report.dir, formats: s.report.formats },
    events,
    egress,
    pushStreams,
    requests: resolveRequests(s.requests),
  });
}

function resolveTarget(t: ScenarioParsed['target'], fail: Fail): ResolvedTarget {
  if ('kind' in t && t.kind === 'acr') return resolveAcrTarget(t, fail);
  if ('kind' in t && t.kind === 'blob') return resolveBlobTarget(t, fail);
  if (!('kind' in t) || t.kind !== 'oci') {
    return { kind: 'lab', config: t as Exclude<ScenarioParsed['target'], OciTargetParsed | AcrTargetParsed | BlobTargetParsed> };
  }
  checkUnique(t.regions.map((r) => r.name), (i) => ['target', 'regions', i, 'name'], 'region name', fail);
  const regions = t.regions.map((r, i): ResolvedOciRegion => {
    try {
      const e = resolveEndpoint(r.endpoint, r.insecure);
      const connected = resolveConnectedRegion(r);
      return { name: r.name, endpoint: e.origin, host: e.host, insecure: r.insecure, ...(connected !== undefined ? { connected } : {}) };
    } catch (err: unknown) {
      if (!(err instanceof ReplbenchError)) throw err;
      const shown = JSON.stringify(r.endpoint.replace(/\/\/[^@/]*@/, '//***@').replace(/\?.*$/, '?…'));
      const why = /plain http/.test(err.message)
        ? `expected an https:// endpoint (set insecure: true to allow plain http), found ${shown}`
        : `expected https://host[:port] with no path, query or credentials, found ${shown}`;
      return fail(['target', 'regions', i, 'endpoint'], why);
    }
  });
  checkOciHierarchy(regions, fail);
  return { kind: 'oci', regions, auth: resolveAuth(t.auth) };
}

function resolveAuth(a: AuthParsed): ResolvedAuth {
  switch (a.kind) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'basic':
      return { kind: 'basic', username: a.username, passwordEnv: a.passwordEnv };
    case 'bearer':
      return { kind: 'bearer', tokenEnv: a.tokenEnv };
    case 'docker-config':
      return { kind: 'docker-config', configPath: a.configPath ?? null };
  }
}

function resolvePull(p: ScenarioParsed['pull'], regions: readonly string[]): ResolvedPull {
  const workers = p.workers === 'all' ? [...regions] : p.workers;
  const endpointsMode = p.endpoints === 'local' || p.endpoints === 'all' ? p.endpoints : 'list';
  const endpointsOf = (w: string): readonly string[] =>
    p.endpoints === 'local' ? [w] : p.endpoints === 'all' ? regions : p.endpoints;
  const pairs = workers.flatMap((worker) => endpointsOf(worker).map((endpoint) => ({ worker, endpoint })));
  return { workers, endpointsMode, pairs, images: p.images ?? null, iterations: p.iterations, concurrency: p.concurrency, phases: p.phases };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
