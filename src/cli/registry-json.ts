/**
 * What `push --json`, `pull --json` and `probe --json` print: one JSON object
 * each, with `command` and `version` first so a script can check what it
 * reads. Fields are only ever added within a version; README "Output for
 * scripts" documents them. Durations in ms (3 decimals), sizes in bytes.
 */
import type { ProbeResult, PullImageResult, PushImageResult } from '../oci/index.ts';
import { formatTarget, type RegistryTarget } from './image-ref.ts';

export const REGISTRY_JSON_VERSION = 1;

const ms = (x: number): number => Math.round(x * 1000) / 1000;

export interface PushJson {
  readonly command: 'push';
  readonly version: number;
  /** host/repo:tag@digest: what to pull back. */
  readonly reference: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly durationMs: number;
  readonly uploadedBytes: number;
  readonly blobs: readonly { digest: string; sizeBytes: number; outcome: 'uploaded' | 'mounted' | 'skipped'; durationMs: number; requests: number }[];
}

export function pushJson(t: RegistryTarget, r: PushImageResult): PushJson {
  return {
    command: 'push',
    version: REGISTRY_JSON_VERSION,
    reference: formatTarget({ ...t, tag: r.tag }, r.manifest.digest),
    registry: t.host,
    repository: r.repo,
    tag: r.tag,
    digest: r.manifest.digest,
    durationMs: ms(r.durationMs),
    uploadedBytes: uploadedBytes(r),
    blobs: r.blobs.map((b) => ({ digest: b.digest, sizeBytes: b.sizeBytes, outcome: b.outcome, durationMs: ms(b.durationMs), requests: b.requests })),
  };
}

export function uploadedBytes(r: PushImageResult): number {
  return r.blobs.reduce((s, b) => s + (b.outcome === 'uploaded' ? b.sizeBytes : 0), 0);
}

export interface PullJson {
  readonly command: 'pull';
  readonly version: number;
  /** host/repo@digest of the image manifest pulled. */
  readonly reference: string;
  readonly registry: string;
  readonly repository: string;
  readonly digest: string;
  readonly totalBytes: number;
  readonly durationMs: number;
  readonly manifests: readonly { digest: string; mediaType: string; bytes: number; ttfbMs: number; totalMs: number }[];
  readonly blobs: readonly { digest: string; sizeBytes: number; ttfbMs: number; totalMs: number; redirects: number }[];
}

export function pullJson(t: RegistryTarget, r: PullImageResult): PullJson {
  const manifests = [r.index, r.manifest].flatMap((m) => (m ? [m] : []));
  return {
    command: 'pull',
    version: REGISTRY_JSON_VERSION,
    reference: formatTarget({ ...t, tag: undefined }, r.manifest.digest),
    registry: t.host,
    repository: t.repo,
    digest: r.manifest.digest,
    totalBytes: r.totalBytes,
    durationMs: ms(r.durationMs),
    manifests: manifests.map((m) => ({ digest: m.digest, mediaType: m.mediaType, bytes: m.timing.bytes, ttfbMs: ms(m.timing.ttfbMs), totalMs: ms(m.timing.totalMs) })),
    blobs: r.blobs.map((b) => ({ digest: b.digest, sizeBytes: b.sizeBytes, ttfbMs: ms(b.timing.ttfbMs), totalMs: ms(b.timing.totalMs), redirects: b.hops.length - 1 })),
  };
}

export interface ProbedObject {
  readonly object: 'manifest' | 'blob';
  /** The tag or digest asked for. */
  readonly reference: string;
  readonly result: ProbeResult['kind'];
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly latencyMs: number;
  /** The digest the registry answered with (Docker-Content-Digest), when present. */
  readonly digest?: string;
  readonly retryAfterMs?: number;
  readonly error?: string;
}

export interface ProbeJson {
  readonly command: 'probe';
  readonly version: number;
  readonly reference: string;
  readonly registry: string;
  readonly repository: string;
  /** Every object probed answered present. */
  readonly present: boolean;
  readonly objects: readonly ProbedObject[];
}

export function probedObject(object: 'manifest' | 'blob', reference: string, r: ProbeResult): ProbedObject {
  const base = { object, reference, result: r.kind, status: r.status, latencyMs: ms(r.latencyMs) };
  switch (r.kind) {
    case 'present':
      return r.digest === undefined ? base : { ...base, digest: r.digest };
    case 'absent':
      return base;
    case 'throttled':
      return r.retryAfterMs === undefined ? base : { ...base, retryAfterMs: ms(r.retryAfterMs) };
    case 'error':
      return { ...base, error: r.error.message };
  }
}

export function probeJson(t: RegistryTarget, objects: readonly ProbedObject[]): ProbeJson {
  return {
    command: 'probe',
    version: REGISTRY_JSON_VERSION,
    reference: formatTarget(t, t.digest),
    registry: t.host,
    repository: t.repo,
    present: objects.every((o) => o.result === 'present'),
    objects,
  };
}
