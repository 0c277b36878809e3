/**
 * Cross-field rules of a scenario that no single field can check: names that
 * must refer to declared regions, contradictions between options. Each rule
 * fails with the field path and an "expected …, found …" message.
 */
import type { LabRegion } from '../lab/lab-config.ts';
import { OUTCOME_METRIC } from '../metrics.ts';
import type { Threshold } from './thresholds.ts';
import type { PullPhase, ResolvedLoad, ResolvedPull } from './resolved.ts';
import { checkLoadThresholdLabels } from './load-schema.ts';
import { checkRegion, checkUnique, type Fail } from './fail.ts';
import type { ScenarioParsed } from './schema.ts';
import { REPLICATION_DEFAULTS } from './defaults.ts';
import { formatDurationMs, parseDurationMs } from '../units.ts';
import { LIMITS, limitText } from '../limits.ts';

const quote = (s: string): string => JSON.stringify(s);
const list = (names: readonly string[]): string => names.join(', ');

/** The origin is a declared, writable region. */
export function checkOrigin(origin: string, regions: readonly string[], labRegions: readonly LabRegion[] | undefined, fail: Fail): void {
  checkRegion(origin, regions, ['origin'], fail);
  const mode = labRegions?.find((r) => r.name === origin)?.mode;
  if (mode === 'ReadOnly') {
    fail(['origin'], `expected a writable (ReadWrite) region to push to, found ${quote(origin)}, which is ReadOnly`);
  }
}

export function checkWorkload(w: ScenarioParsed['workload'], fail: Fail): void {
  if (w.baseLayers > w.layers) {
    fail(['workload', 'baseLayers'], `expected at most workload.layers (${w.layers}) base layers, found ${w.baseLayers}`);
  }
  const distinctLayers = w.images * (w.layers - w.baseLayers) + w.baseLayers;
  if (distinctLayers > LIMITS.layersPerRun) {
    fail(
      ['workload', 'images'],
      `expected at most ${limitText('layersPerRun')} distinct layers per run (replbench's limit; images × own layers + base layers), found ${w.images} × ${w.layers - w.baseLayers} + ${w.baseLayers} = ${distinctLayers}`,
    );
  }
  if (w.chunkSize !== undefined && w.uploadMode !== 'chunked') {
    fail(['workload', 'chunkSize'], `expected no chunkSize with uploadMode: ${w.uploadMode} (it applies to chunked uploads only), found ${w.chunkSize} bytes`);
  }
  if (w.images > 1 && !w.repository.includes('{i}') && !w.tag.includes('{i}')) {
    fail(
      ['workload', 'repository'],
      `expected "{i}" in the repository or the tag when images > 1 (else every image overwrites one tag), found ${quote(`${w.repository}:${w.tag}`)}`,
    );
  }
}

/** The probe interval in ms: as written, else the schedule's default. */
export function replicationIntervalMs(r: Pick<ScenarioParsed['replication'], 'interval' | 'schedule'>): number {
  return r.interval ?? parseDurationMs(REPLICATION_DEFAULTS.interval[r.schedule]);
}

export function checkReplication(parsed: ScenarioParsed['replication'], fail: Fail): void {
  const r = { ...parsed, interval: replicationIntervalMs(parsed) };
  if (r.timeout <= r.interval) {
    fail(
      ['replication', 'timeout'],
      `expected a timeout longer than the probe interval (${formatDurationMs(r.interval)}), found ${formatDurationMs(r.timeout)}`,
    );
  }
  const perSec = 1000 / r.interval;
  if (r.schedule === 'fixed' && r.maxProbeRatePerRegion !== undefined && r.maxProbeRatePerRegion < perSec) {
    fail(
      ['replication', 'maxProbeRatePerRegion'],
      `expected at least one probe per interval (${formatDurationMs(r.interval)} = ${trim(perSec)}/s) for schedule: fixed, found ${trim(r.maxProbeRatePerRegion)}/s`,
    );
  }
}

export function checkPullLists(p: ScenarioParsed['pull'], regions: readonly string[], fail: Fail): void {
  if (Array.isArray(p.workers)) {
    p.workers.forEach((w, i) => checkRegion(w, regions, ['pull', 'workers', i], fail));
    checkUnique(p.workers, (i) => ['pull', 'workers', i], 'worker region', fail);
  }
  if (Array.isArray(p.endpoints)) {
    p.endpoints.forEach((e, i) => checkRegion(e, regions, ['pull', 'endpoints', i], fail));
    checkUnique(p.endpoints, (i) => ['pull', 'endpoints', i], 'endpoint region', fail);
  }
  checkUnique(p.phases, (i) => ['pull', 'phases', i], 'phase', fail);
  const order: readonly PullPhase[] = ['cold', 'warm'];
  p.phases.forEach((ph, i) => {
    const prev = p.phases[i - 1];
    if (prev !== undefined && order.indexOf(prev) > order.indexOf(ph)) {
      fail(['pull', 'phases', i], `expected cold before warm, found ${quote(ph)} after ${quote(prev)}`);
    }
  });
}

/**
 * A threshold whose selector names a region with no data could never pass:
 * regions must exist, replication_lag not at the origin (it is not watched),
 * pull labels inside the pull matrix.
 */
export function checkThresholdLabels(
  key: string,
  thresholds: readonly Threshold[],
  ctx: { readonly regions: readonly string[]; readonly origin: string; readonly pull: ResolvedPull; readonly load?: ResolvedLoad | null },
  fail: Fail,
): void {
  const path = `thresholds[${quote(key)}]`;
  for (const th of thresholds) {
    if (th.metric.startsWith('load_')) {
      checkLoadThresholdLabels(th.selector, ctx.load ?? null, (m) => fail(path, m));
      continue;
    }
    for (const [label, value] of Object.entries(th.selector)) {
      if (th.metric === 'pull_redirect' && label === 'storage' && value === 'unknown') continue; // a storage host placed nowhere
      checkRegion(value, ctx.regions, [], (_p, m) => fail(path, `${label}: ${m}`));
      if ((th.metric === 'replication_lag' || th.metric === OUTCOME_METRIC) && label === 'region' && value === ctx.origin) {
        fail(path, `region: expected a replica region (the origin is not watched), found ${quote(value)}`);
      }
      if (label === 'worker' && !ctx.pull.workers.includes(value)) {
        fail(path, `worker: expected one of the pull workers (${list(ctx.pull.workers)}), found ${quote(value)}`);
      }
      if (label === 'endpoint' && !ctx.pull.pairs.some((pair) => pair.endpoint === value)) {
        fail(path, `endpoint: expected an endpoint of the pull matrix, found ${quote(value)}`);
      }
    }
  }
}

export function checkReportFormats(formats: readonly string[], fail: Fail): void {
  checkUnique(formats, (i) => ['report', 'formats', i], 'format', fail);
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}
