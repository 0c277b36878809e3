/** A tiny lab scenario for runner and CLI tests (not a test file itself): two regions, a constant lag, small layers. */
import { resolveScenario } from '../../src/scenario/resolve.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';

export type Doc = Record<string, unknown>;

export const TINY_LAG_MS = 150;

/** The written form; `extra` replaces whole top-level sections. */
export function tinyScenarioDoc(extra: Doc = {}): Doc {
  return {
    name: 'tiny',
    target: {
      kind: 'lab',
      seed: 1,
      regions: [{ name: 'a' }, { name: 'b' }],
      localRtt: '1ms',
      links: [{ from: 'a', to: 'b', rtt: '8ms' }],
      replication: { lag: { model: 'constant', lag: `${TINY_LAG_MS}ms` } },
    },
    origin: 'a',
    workload: { images: 3, repository: 'tiny/app-{i}', tag: 'v1', layers: 1, layerSize: '16KiB', pushConcurrency: 2, pushRate: '20/s', seed: 1 },
    replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '5s' },
    pull: { workers: 'all', endpoints: 'all', iterations: 1, concurrency: 2, phases: ['cold', 'warm'] },
    thresholds: { replication_outcome: ['rate(replicated)==1'], replication_lag: ['max<4s'] },
    report: { dir: 'reports', formats: ['json', 'md'] },
    ...extra,
  };
}

export function tinyScenario(extra: Doc = {}): ResolvedScenario {
  return resolveScenario(tinyScenarioDoc(extra));
}
