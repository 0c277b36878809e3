/**
 * RegistryClient: the OCI Distribution client of one registry endpoint. Options
 * are resolved and checked once into readonly fields; every operation
 * delegates to its own module through one Transport (keep-alive pools, auth,
 * retries). Call close() when done so the pools release their sockets.
 */
import { performance } from 'node:perf_hooks';
import { registerBasicSecret, registerSecret } from '../redact.ts';
import { UsageError } from '../errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { confirmArtifact, type ConfirmOptions, type ConfirmResult } from './confirm.ts';
import type { ExplicitCredentials, ResolvedCredentials } from './credential-types.ts';
import { resolveCredentials } from './credentials.ts';
import { deleteManifest, type DeleteResult } from './delete.ts';
import { resolveEndpoint, type Endpoint } from './endpoint.ts';
import { ping, type PingResult } from './ping.ts';
import { probeBlob, probeManifest, type ProbeResult } from './probe.ts';
import { pullBlob, type BlobToPull, type PullBlobResult } from './pull-blob.ts';
import { pullImage, type PullImageOptions, type PullImageResult } from './pull-image.ts';
import { pullManifest, type PullManifestResult } from './pull-manifest.ts';
import { pushBlob, type PushBlobOptions, type PushBlobResult } from './push-blob.ts';
import { pushImage, type ImageToPush, type PushImageOptions, type PushImageResult } from './push-image.ts';
import { pushManifest, type ManifestUpload, type PushManifestResult } from './push-manifest.ts';
import { listTags, type ListTagsOptions, type TagList } from './tags.ts';
import { TRANSFER_DEFAULTS, type TransferLimits } from './transfer-watch.ts';
import type { Sleep } from '../time/clock.ts';
import { realSleep } from '../time/real-clock.ts';
import { Transport } from './transport.ts';

export interface RegistryClientOptions {
  /** `https://host[:port]`, `host[:port]` (https), or `http://…` with insecure. */
  readonly endpoint: string;
  /** Allow plain http (the --insecure flag). Default false. */
  readonly insecure?: boolean;
  /** Highest-priority credentials; otherwise environment, then Docker's config.json. */
  readonly credentials?: ExplicitCredentials;
  /** Environment to read REPLBENCH_* and DOCKER_CONFIG from (tests). Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Docker config.json location override (tests). */
  readonly dockerConfigPath?: string;
  /** Inactivity limit per request: connect, headers, gaps between body chunks. */
  readonly timeoutMs?: number;
  /** Total time per request, first attempt to last body byte (transfer-watch.ts). */
  readonly deadlineMs?: number;
  /** Bytes per second a moving body must average over each stall window; 0 = no rate check. */
  readonly minRateBytesPerSec?: number;
  /** The window the minimum rate is measured over. */
  readonly stallWindowMs?: number;
  /** Retries of a 429/503 per request. */
  readonly maxRetries?: number;
  /** Total Retry-After/backoff wait per request. */
  readonly maxRetryWaitMs?: number;
  /** Verify TLS certificates. Default true. */
  readonly tlsRejectUnauthorized?: boolean;
  readonly userAgent?: string;
  /** Connections per origin (undefined: as many as concurrent requests). */
  readonly connections?: number;
  /** Monotonic clock in ms for every timing. Default performance.now. */
  readonly now?: () => number;
  /** Wall clock in epoch ms (Retry-After dates, token issued_at). Default Date.now. */
  readonly dateNow?: () => number;
  readonly sleep?: Sleep;
}

export const CLIENT_DEFAULTS = {
  insecure: false,
  timeoutMs: 30_000,
  deadlineMs: TRANSFER_DEFAULTS.deadlineMs,
  minRateBytesPerSec: TRANSFER_DEFAULTS.minRateBytesPerSec,
  stallWindowMs: TRANSFER_DEFAULTS.stallWindowMs,
  maxRetries: 3,
  maxRetryWaitMs: 30_000,
  tlsRejectUnauthorized: true,
  userAgent: 'replbench/0.1',
} as const;

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) throw new UsageError(`registry client option ${name} must be a number ≥ ${min}, got ${value}`);
  return value;
}

export class RegistryClient {
  readonly endpoint: Endpoint;
  /** Where the credentials came from (never the secret). */
  readonly credentials: Omit<ResolvedCredentials, 'credentials'> & { readonly kind: ResolvedCredentials['credentials']['kind'] };
  readonly insecure: boolean;
  readonly timeoutMs: number;
  /** Deadline and minimum body rate of every request. */
  readonly limits: TransferLimits;
  readonly maxRetries: number;
  readonly maxRetryWaitMs: number;
  readonly userAgent: string;
  readonly now: () => number;
  private readonly transport: Transport;

  constructor(opts: RegistryClientOptions) {
    this.insecure = opts.insecure ?? CLIENT_DEFAULTS.insecure;
    this.endpoint = resolveEndpoint(opts.endpoint, this.insecure);
    this.timeoutMs = checkCount('timeoutMs', opts.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs, 1);
    this.limits = {
      deadlineMs: checkCount('deadlineMs', opts.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs, 1),
      minRateBytesPerSec: checkCount('minRateBytesPerSec', opts.minRateBytesPerSec ?? CLIENT_DEFAULTS.minRateBytesPerSec, 0),
      stallWindowMs: checkCount('stallWindowMs', opts.stallWindowMs ?? CLIENT_DEFAULTS.stallWindowMs, 1),
    };
    this.maxRetries = Math.floor(checkCount('maxRetries', opts.maxRetries ?? CLIENT_DEFAULTS.maxRetries, 0));
    this.maxRetryWaitMs = checkCount('maxRetryWaitMs', opts.maxRetryWaitMs ?? CLIENT_DEFAULTS.maxRetryWaitMs, 0);
    this.userAgent = opts.userAgent ?? CLIENT_DEFAULTS.userAgent;
    this.now = opts.now ?? (() => performance.now());
    if (opts.connections !== undefined) checkCount('connections', opts.connections, 1);
    const resolved = resolveCredentials({
      host: this.endpoint.host,
      ...(opts.credentials ? { explicit: opts.credentials } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.dockerConfigPath ? { dockerConfigPath: opts.dockerConfigPath } : {}),
    });
    const { credentials, ...source } = resolved;
    registerCredentials(credentials);
    this.credentials = { ...source, kind: credentials.kind };
    this.transport = new Transport({
      endpoint: this.endpoint,
      credentials,
      insecure: this.insecure,
      timeoutMs: this.timeoutMs,
      limits: this.limits,
      maxRetries: this.maxRetries,
      maxRetryWaitMs: this.maxRetryWaitMs,
      tlsRejectUnauthorized: opts.tlsRejectUnauthorized ?? CLIENT_DEFAULTS.tlsRejectUnauthorized,
      userAgent: this.userAgent,
      connections: opts.connections,
      now: this.now,
      dateNow: opts.dateNow ?? Date.now,
      sleep: opts.sleep ?? realSleep,
    });
  }

  /** Bearer tokens fetched so far (token traffic is not registry traffic). */
  get tokenFetches(): number {
    return this.transport.auth.tokenFetches;
  }

  ping(opts?: { signal?: AbortSignal }): Promise<PingResult> {
    return ping(this.transport, opts);
  }

  pushBlob(repo: string, blob: BlobSource, opts: PushBlobOptions): Promise<PushBlobResult> {
    return pushBlob(this.transport, repo, blob, opts);
  }

  pushManifest(repo: string, reference: string, manifest: ManifestUpload, opts?: { signal?: AbortSignal }): Promise<PushManifestResult> {
    return pushManifest(this.transport, repo, reference, manifest, opts);
  }

  pushImage(repo: string, tag: string, image: ImageToPush, opts: PushImageOptions): Promise<PushImageResult> {
    return pushImage(this.transport, repo, tag, image, opts);
  }

  pullManifest(repo: string, ref: string, opts?: { signal?: AbortSignal }): Promise<PullManifestResult> {
    return pullManifest(this.transport, repo, ref, opts);
  }

  pullBlob(repo: string, blob: BlobToPull, opts?: { signal?: AbortSignal }): Promise<PullBlobResult> {
    return pullBlob(this.transport, repo, blob, opts);
  }

  pullImage(repo: string, ref: string, opts: PullImageOptions): Promise<PullImageResult> {
    return pullImage(this.transport, repo, ref, opts);
  }

  probeManifest(repo: string, ref: string, opts?: { signal?: AbortSignal }): Promise<ProbeResult> {
    return probeManifest(this.transport, repo, ref, opts);
  }

  probeBlob(repo: string, digest: string, opts?: { signal?: AbortSignal }): Promise<ProbeResult> {
    return probeBlob(this.transport, repo, digest, opts);
  }

  /** After probes said present: GET the manifest by digest, a one-byte Range GET per blob (confirm.ts). */
  confirmArtifact(repo: string, digest: string, opts?: ConfirmOptions): Promise<ConfirmResult> {
    return confirmArtifact(this.transport, repo, digest, opts);
  }

  deleteManifest(repo: string, digest: string, opts?: { signal?: AbortSignal }): Promise<DeleteResult> {
    return deleteManifest(this.transport, repo, digest, opts);
  }

  listTags(repo: string, opts?: ListTagsOptions): Promise<TagList> {
    return listTags(this.transport, repo, opts);
  }

  /** Closes the connection pools (waits for requests in flight). */
  close(): Promise<void> {
    return this.transport.close();
  }
}

/** Every secret a client holds is known to the redaction of everything the process writes (src/redact.ts). */
function registerCredentials(c: ResolvedCredentials['credentials']): void {
  switch (c.kind) {
    case 'basic':
      return registerBasicSecret(c.username, c.password);
    case 'bearer':
      return registerSecret(c.token);
    case 'refresh':
      registerSecret(c.refreshToken);
      if (c.username !== undefined) registerBasicSecret(c.username, c.refreshToken);
      return;
    default:
      return;
  }
}
