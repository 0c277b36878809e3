/**
 * A realistic, seeded three-region run as events (not a test file): the shape of a
 * lab run of scenarios/nightly.yaml. Replication lag is lognormal per replica region
 * (median and p99 as given), each with a probe bracket of a few ms; pulls from every
 * worker region to every endpoint take 10 ms plus the link's RTT, with 10% noise.
 * Used by the compare tests (injected regression vs same configuration) and the
 * HTML/browser tests; writeRunDir lays one out as a run directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '../../src/report/files.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { EVENT_LOG_FILE, openEventLog } from '../../src/events/log.ts';
import { seededRandom, type SeededRandom } from '../../src/random.ts';
import type { ReplEvent, RunStartEvent } from '../../src/events/index.ts';

export interface SyntheticRunOptions {
  readonly seed: number;
  readonly runId?: string;
  readonly scenario?: string;
  readonly startedAt?: string;
  readonly images?: number;
  readonly lagMedianMs?: number;
  readonly lagP99Ms?: number;
  /** Pulls per (worker, endpoint) pair. */
  readonly pullsPerPair?: number;
  /** Artifacts per replica region that time out (the last ones pushed). */
  readonly timeoutsPerRegion?: number;
  readonly thresholds?: RunStartEvent['thresholds'];
  /** Median push duration (default 40 ms). */
  readonly pushMedianMs?: number;
  /** The machine's load, logged once a second over the run as machine-load records (none when absent). */
  readonly machine?: { readonly load1: number; readonly cpus: number; readonly busyPct?: number; readonly stealPct?: number };
}

export const SYNTHETIC_REGIONS = ['eastus', 'westeurope', 'japaneast'] as const;
const RTT_MS: Readonly<Record<string, number>> = {
  'eastus|westeurope': 80, 'eastus|japaneast': 150, 'japaneast|westeurope': 220,
};
const Z99 = 2.3263478740408408;

export function rttMs(a: string, b: string): number {
  if (a === b) return 1;
  return RTT_MS[[a, b].sort().join('|')] ?? 100;
}

function normal(random: SeededRandom): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function syntheticRun(o: SyntheticRunOptions): ReplEvent[] {
  const random = seededRandom(o.seed);
  const images = o.images ?? 200;
  const median = o.lagMedianMs ?? 400;
  const sigma = Math.log((o.lagP99Ms ?? 2000) / median) / Z99;
  const timeouts = o.timeoutsPerRegion ?? 0;
  const [origin, ...replicas] = SYNTHETIC_REGIONS;
  const start: RunStartEvent = {
    type: 'run-start', t: 0, logVersion: 1,
    runId: o.runId ?? `synthetic-${o.seed}`, scenario: o.scenario ?? 'nightly',
    origin, regions: [...SYNTHETIC_REGIONS], startedAt: o.startedAt ?? '2024-01-01T00:00:00.000Z',
    thresholds: o.thresholds ?? { replication_lag: ['p(99)<10s'], replication_outcome: ['rate(replicated)>=0.99'] },
    snapshot: { name: o.scenario ?? 'nightly', target: { kind: 'lab' }, workload: { images } },
    environment: { replbenchVersion: '0.1.0', node: 'v20.19.0', platform: 'linux x64', cpus: 8 },
  };
  const events: ReplEvent[] = [start, { type: 'phase', t: 1, phase: 'push', state: 'start' }];
  let lastT = 0;
  for (let i = 0; i < images; i++) {
    const image = `nightly/app-${i}:v1`;
    const digest = `sha256:${i.toString(16).padStart(64, '0')}`;
    const pushedUs = 1_000_000 + i * 100_000;
    events.push({ type: 'push', t: pushedUs, labels: { image, repo: `nightly/app-${i}` }, valueUs: Math.round((o.pushMedianMs ?? 40) * 1000 * Math.exp(0.2 * normal(random))) });
    for (const region of replicas) {
      if (i >= images - timeouts) {
        events.push({ type: 'replication', t: pushedUs + 20_000_000, outcome: 'timed-out', reason: 'not pullable within 20s',
          labels: { region, image, digest }, probes: 60 });
        continue;
      }
      const truthUs = Math.round(median * 1000 * Math.exp(sigma * normal(random)));
      const uncertaintyUs = Math.round(2_000 + 8_000 * random.next());
      const valueUs = Math.max(0, truthUs + Math.round((random.next() - 0.5) * uncertaintyUs));
      const t = pushedUs + truthUs + uncertaintyUs;
      lastT = Math.max(lastT, t);
      events.push({ type: 'replication', t, outcome: 'replicated', labels: { region, image, digest },
        valueUs, uncertaintyUs, probes: 8 + random.int(12), truthUs });
    }
  }
  let t = lastT + 1_000_000;
  for (const worker of SYNTHETIC_REGIONS) {
    for (const endpoint of SYNTHETIC_REGIONS) {
      for (let i = 0; i < (o.pullsPerPair ?? 20); i++) {
        const rtt = rttMs(worker, endpoint);
        const durationUs = Math.round((10 + 2 * rtt) * 1000 * Math.exp(0.1 * normal(random)));
        events.push({ type: 'pull', t: (t += 5_000), labels: { worker, endpoint, image: `nightly/app-${i}:v1`, phase: i === 0 ? 'cold' : 'warm' },
          durationUs, ttfbUs: Math.round(rtt * 1000 + 500), bytes: 524_288 });
      }
    }
  }
  if (o.machine !== undefined) {
    for (let s = 0; s * 1_000_000 < t; s++) events.push({ type: 'machine-load', t: s * 1_000_000, lengthUs: 1_000_000, ...o.machine });
  }
  const endMs = Date.parse(start.startedAt) + Math.round(t / 1000);
  events.push({ type: 'run-end', t, finishedAt: new Date(endMs).toISOString(), complete: true });
  return events;
}

/** A run directory as the runner leaves it (events.jsonl and every report), named `name` under root. */
export async function writeRunDir(root: string, name: string, o: SyntheticRunOptions): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const events = syntheticRun({ runId: name, ...o });
  const log = openEventLog(join(dir, EVENT_LOG_FILE));
  for (const e of events) log.append(e);
  await log.close();
  await writeReport(dir, foldEvents(events));
  return dir;
}
