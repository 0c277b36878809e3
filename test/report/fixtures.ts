/** A small, fully known run: shared by the report tests (not a test file itself). */
import type { PullEvent, ReplEvent, ReplicationEvent, RunStartEvent } from '../../src/events/index.ts';

export const START: RunStartEvent = {
  type: 'run-start',
  t: 0,
  logVersion: 1,
  runId: '20240101T000000Z-smoke',
  scenario: 'smoke',
  origin: 'eastus',
  regions: ['eastus', 'westeurope', 'japaneast'],
  startedAt: '2024-01-01T00:00:00.000Z',
  thresholds: {
    'replication_lag{region:westeurope}': ['p(99)<30s', 'max<2m'],
    'replication_lag': ['med<1ms'],
    'replication_outcome{region:japaneast}': ['rate(replicated)>=0.99'],
    'pull_duration{worker:eastus}': ['avg<1s'],
  },
  snapshot: { name: 'smoke' },
  environment: { replbenchVersion: '0.1.0', node: 'v20.0.0', platform: 'linux', cpus: 4 },
};

/** Lags 1..100 ms in westeurope (uncertainty 2 ms each, truth 1 ms below), 2× in japaneast. */
export function replications(): ReplicationEvent[] {
  const out: ReplicationEvent[] = [];
  for (let i = 1; i <= 100; i++) {
    out.push({
      type: 'replication', t: 1_000_000 + i * 100_000, outcome: 'replicated',
      labels: { region: 'westeurope', image: `img-${i}`, digest: `sha256:${i}` },
      valueUs: i * 1000, uncertaintyUs: 2000, probes: 10, truthUs: i * 1000 - 1000,
    });
    if (i <= 98) {
      out.push({
        type: 'replication', t: 2_000_000 + i * 100_000, outcome: 'replicated',
        labels: { region: 'japaneast', image: `img-${i}`, digest: `sha256:${i}` },
        valueUs: i * 2000, uncertaintyUs: 1000, probes: 20,
      });
    }
  }
  out.push({
    type: 'replication', t: 30_000_000, outcome: 'timed-out', reason: 'no hit within 10s',
    labels: { region: 'japaneast', image: 'img-99', digest: 'sha256:99' }, probes: 40,
  });
  out.push({
    type: 'replication', t: 30_000_001, outcome: 'inconsistent', reason: 'manifest-without-blobs: missing blobs: sha256:b',
    labels: { region: 'japaneast', image: 'img-100', digest: 'sha256:100' }, probes: 30,
  });
  return out;
}

/** Each worker pulls 10× from each endpoint; local pulls take 10 ms, remote 10 ms + RTT. */
export const RTT_MS: Readonly<Record<string, number>> = {
  'eastus>westeurope': 80, 'westeurope>eastus': 80,
  'eastus>japaneast': 150, 'japaneast>eastus': 150,
  'westeurope>japaneast': 230, 'japaneast>westeurope': 230,
};

export function pulls(): PullEvent[] {
  const out: PullEvent[] = [];
  let t = 40_000_000;
  for (const worker of START.regions) {
    for (const endpoint of START.regions) {
      for (let i = 0; i < 10; i++) {
        const extraMs = worker === endpoint ? 0 : (RTT_MS[`${worker}>${endpoint}`] ?? 0);
        out.push({
          type: 'pull', t: (t += 1000),
          labels: { worker, endpoint, image: `img-${i}`, phase: i === 0 ? 'cold' : 'warm' },
          durationUs: (10 + extraMs) * 1000 + i, ttfbUs: 1000 + extraMs * 500, bytes: 1024,
        });
      }
    }
  }
  return out;
}

export function runEvents(): ReplEvent[] {
  const pushes: ReplEvent[] = Array.from({ length: 100 }, (_, i) => ({
    type: 'push', t: 500_000 + i * 1000, labels: { image: `img-${i + 1}`, repo: 'bench' }, valueUs: 50_000 + i * 100,
  }));
  return [
    START,
    { type: 'phase', t: 1, phase: 'push', state: 'start' },
    ...pushes,
    ...replications(),
    ...pulls(),
    { type: 'error', t: 50_000_000, code: 'E_TIMEOUT', message: 'pull timed out', phase: 'pull', labels: { worker: 'eastus', endpoint: 'japaneast' } },
    { type: 'run-end', t: 60_000_000, finishedAt: '2024-01-01T00:01:00.000Z', complete: true },
  ];
}
