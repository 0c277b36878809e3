/**
 * Test helpers for src/dist/k6-*: scenarios, and k6 JSON output lines written
 * by hand in k6's documented format (docs "Results output → JSON"):
 *   {"type":"Metric","data":{"type":"trend","contains":"time",…},"metric":NAME}
 *   {"type":"Point","data":{"time":RFC3339,"value":ms,"tags":{…}|null},"metric":NAME}
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText } from '../../src/scenario/load.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';

export const OCI_SCENARIO = `
name: acr-geo
target:
  kind: oci
  regions:
    - { name: eastus, endpoint: "https://myreg.azurecr.io" }
    - { name: westeurope, endpoint: "https://myreg.westeurope.data.azurecr.io" }
    - { name: japaneast, endpoint: "https://myreg.japaneast.data.azurecr.io" }
  auth: { kind: basic, username: puller, passwordEnv: ACR_PASSWORD }
origin: eastus
workload: { images: 3, repository: "app/img-{i}", tag: "v{i}" }
pull: { endpoints: all, concurrency: 3 }
thresholds:
  "pull_duration{worker:eastus}": ["p(99)<2s", "avg<500ms"]
  "pull_ttfb{worker:japaneast,endpoint:japaneast}": ["p(95)<150ms"]
  "replication_lag": ["p(99)<30s"]
  "pull_duration": ["count>5"]
`;

export function ociScenario(text: string = OCI_SCENARIO): ResolvedScenario {
  return parseScenarioText(text, 'acr-geo.yaml');
}

/** A two-region lab scenario; basePort fixes its ports. */
export function labScenario(basePort?: number): ResolvedScenario {
  return parseScenarioText(
    `
name: lab-two
target:
  kind: lab
  regions: [{ name: eastus }, { name: westeurope }]
  links: [{ from: eastus, to: westeurope, rtt: 80ms }]
${basePort === undefined ? '' : `  ports: { base: ${basePort} }\n`}origin: eastus
workload: { images: 2, repository: "lab/app-{i}" }
pull: { endpoints: all }
`,
    'lab-two.yaml',
  );
}

export type Tags = Record<string, string> | null;

export function k6Metric(name: string, type = 'trend', contains = 'time'): string {
  return JSON.stringify({ type: 'Metric', data: { name, type, contains, thresholds: [], submetrics: null }, metric: name });
}

export function k6Point(metric: string, time: string, value: number, tags: Tags): string {
  return JSON.stringify({ type: 'Point', data: { time, value, tags }, metric });
}

export interface FixturePull {
  readonly time: string;
  readonly worker: string;
  readonly endpoint: string;
  readonly image?: string;
  readonly durationMs: number;
  readonly ttfbMs: number;
  readonly bytes?: number;
}

/** The lines the exported script writes for one pull: bytes, ttfb, duration (scenario tag too). */
export function k6Pull(p: FixturePull): string[] {
  const tags = { endpoint: p.endpoint, image: p.image ?? 'app/img-0:v0', scenario: `pull_${p.worker}_from_${p.endpoint}`, worker: p.worker };
  return [
    k6Point('replbench_pull_bytes', p.time, p.bytes ?? 1000, tags),
    k6Point('replbench_pull_ttfb', p.time, p.ttfbMs, tags),
    k6Point('replbench_pull_duration', p.time, p.durationMs, tags),
  ];
}

/** The samples k6 itself writes for one HTTP request (abridged to what the ingest reads plus noise). */
export function k6HttpRequest(time: string, tags: Record<string, string>, durationMs: number, waitingMs: number): string[] {
  const t = { expected_response: 'true', method: 'GET', name: 'https://example.test/v2/', proto: 'HTTP/1.1', status: '200', url: 'https://example.test/v2/', ...tags };
  return [
    k6Point('http_reqs', time, 1, t),
    k6Point('http_req_duration', time, durationMs, t),
    k6Point('http_req_blocked', time, 0.01, t),
    k6Point('http_req_waiting', time, waitingMs, t),
    k6Point('http_req_receiving', time, durationMs - waitingMs, t),
    k6Point('http_req_failed', time, t.expected_response === 'true' ? 0 : 1, t),
  ];
}

export async function withTmpDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-k6-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
