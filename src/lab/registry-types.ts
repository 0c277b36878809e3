/**
 * The types the registry handler shares with the rest of the lab (the
 * replicator, faults, ground truth): see .tmp/LAB-CONTRACT.md. Re-exported by
 * registry-server.ts, which is where callers import them from.
 */

/** Which port the client came in on, decided by whoever owns the sockets. */
export interface RequestContext {
  readonly clientRegion: string;
}

export type LabRequestKind = 'ping' | 'manifest' | 'blob' | 'upload' | 'tags' | 'catalog' | 'other';

export interface LabRequestInfo {
  readonly method: string;
  readonly path: string;
  readonly clientRegion: string;
  readonly kind: LabRequestKind;
  readonly repo?: string;
  /** Tag or digest for manifests, digest for blobs, session id for uploads. */
  readonly reference?: string;
  readonly isWrite: boolean;
}

export type InterceptResult =
  | { kind: 'respond'; status: number; headers?: Record<string, string>; ociCode?: string; message?: string }
  | { kind: 'destroy' };

export type WriteEvent =
  | { kind: 'blob'; repo: string; digest: string; sizeBytes: number }
  | { kind: 'manifest'; repo: string; digest: string; mediaType: string; sizeBytes: number; tag?: string }
  | { kind: 'delete-manifest'; repo: string; digest: string }
  | { kind: 'delete-tag'; repo: string; tag: string };

export interface RegistryHooks {
  /** Faults: answer or drop a request before the registry sees it (5xx, 429 + Retry-After, region down). */
  intercept?(info: LabRequestInfo): InterceptResult | undefined;
  /** False refuses every write to the repository with 403 DENIED (ReadOnly nodes). */
  canWrite?(repo: string): boolean;
  /** Called once the client's write is committed to the store, just before the client is answered. */
  onWrite?(event: WriteEvent): void;
  /** Data endpoints: where a blob GET is redirected (307) for a client in `clientRegion`; undefined = served here. */
  blobLocation?(repo: string, digest: string, clientRegion: string): string | undefined;
}
