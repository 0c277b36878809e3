/**
 * The HEAD canary, before the first push: every replica is asked, through
 * its watcher (the same worker, endpoint and client the watches will use),
 * for a manifest digest that was never pushed anywhere. The answer must be
 * 404. A replica that says present — or whose confirm step finds the content
 * missing — answers HEADs without looking: its watches would only measure
 * its lies, so the run does not spend its probe budget on it (watch-phase.ts
 * records each of its artifacts as inconsistent, head-lies).
 *
 * A canary that gets no answer, or a refusal, says nothing about honesty:
 * the watches will find out (and run-exit.ts maps a replica that never
 * answers to exit 3).
 */
import { createHash } from 'node:crypto';
import type { Worker } from '../measure/worker.ts';

/** The canary's watch timeout: one probe, evaluated at once. */
export const CANARY_TIMEOUT_MS = 1;

/** A digest no registry holds: the hash of a run-specific text. */
export function canaryDigest(seedText: string): string {
  return `sha256:${createHash('sha256').update(`replbench HEAD canary ${seedText}`).digest('hex')}`;
}

export interface CanaryOptions {
  readonly regions: readonly string[];
  readonly watcherFor: (region: string) => Worker;
  /** A repository the run pushes to (the canary digest is asked for in it). */
  readonly repo: string;
  readonly digest: string;
  readonly oneWayDelayMs: (region: string) => number;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

/** Region → why its HEADs cannot be trusted; regions that answered 404 (or could not be asked) are absent. */
export async function runHeadCanaries(o: CanaryOptions): Promise<Map<string, string>> {
  const untrusted = new Map<string, string>();
  await Promise.all(
    o.regions.map(async (region) => {
      try {
        const r = await o.watcherFor(region).watch(
          { endpoint: region, repo: o.repo, digest: o.digest, blobs: [], commitAtMs: o.now(), oneWayDelayMs: o.oneWayDelayMs(region), timeoutMs: CANARY_TIMEOUT_MS, probe: 'manifest' },
          o.signal,
        );
        if (r.outcome === 'replicated' || (r.outcome === 'inconsistent' && r.reason !== 'tag-mismatch')) {
          untrusted.set(region, `the replica ${region} answered present to a HEAD of ${o.repo}@${o.digest}, a manifest never pushed (preflight canary): its HEADs cannot be trusted`);
        }
      } catch {
        // no verdict: the watches will meet the same failure and record it
      }
    }),
  );
  return untrusted;
}
