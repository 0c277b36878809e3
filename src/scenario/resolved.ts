/**
 * ResolvedScenario: what the runner consumes. A plain, readonly, JSON-safe
 * object: every default applied, every unit converted (ms, bytes, per second;
 * the unit is in the field name), every cross-field rule checked. "No limit"
 * is `null`, never a missing field, so the object round-trips through JSON
 * (the run-start event keeps it as the run's snapshot).
 */
import type { LabConfig } from '../lab/lab-config.ts';
import type { LoggedThresholds } from '../events/index.ts';
import type { Threshold } from './thresholds.ts';
import type { SizeDistribution } from '../workload/sizes.ts';
import type { LagSpec } from '../lab/lag-model.ts';
import type { LinkSpec } from '../lab/lab-config.ts';
import type { RegionMode } from '../config/fields.ts';
import type { LoadKind } from '../measure/load-types.ts';

export type { LoadKind };

export type ProbeKind = 'manifest' | 'manifest+blobs';
export type ProbeSchedule = 'adaptive' | 'fixed';
export type UploadMode = 'monolithic' | 'chunked';
export type PullPhase = 'cold' | 'warm';
export type ReportFormat = 'json' | 'md' | 'hgrm' | 'hlog' | 'html' | 'junit' | 'prom';

export type WorkerMode = 'in-process' | 'remote';
export type WatchFrom = 'coordinator' | 'worker';

/** A connected registry's place in a hierarchy (src/scenario/connected.ts), its name aside. */
export interface HierarchyNodeFields {
  readonly mode: RegionMode;
  readonly parent: string | null;
  /** null = every repository. */
  readonly repositories: readonly string[] | null;
  readonly syncSchedule: string | null;
  readonly syncWindowMs: number | null;
}

/** Secrets are referenced, never held: the runner reads them at run time (see credentials.ts). */
export type ResolvedAuth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordEnv: string }
  | { readonly kind: 'bearer'; readonly tokenEnv: string }
  /** `configPath` null = $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
  | { readonly kind: 'docker-config'; readonly configPath: string | null }
  /** ACR sign-in with Microsoft Entra (DefaultAzureCredential); null = the credential's tenant, the default scope. */
  | { readonly kind: 'azure'; readonly tenant: string | null; readonly aadScope: string | null };

/** What an `acr` target adds to the oci shape (src/scenario/acr-target.ts). */
export interface ResolvedAcr {
  /** Lowercase registry name. */
  readonly registry: string;
  /** NAME.azurecr.io */
  readonly loginServer: string;
  readonly dataEndpoints: boolean;
  /** Region → NAME.REGION.data.azurecr.io, when dataEndpoints is on (else empty). */
  readonly dataHosts: Readonly<Record<string, string>>;
}

export interface ResolvedOciRegion {
  readonly name: string;
  /** `scheme://host[:port]`, no trailing slash: the /v2/ API lives below it. */
  readonly endpoint: string;
  /** `host[:port]`, as credentials are keyed. */
  readonly host: string;
  /** Plain http allowed. */
  readonly insecure: boolean;
  /** A connected registry's node fields (mode, parent, subset, schedule), when the scenario wrote any. */
  readonly connected?: HierarchyNodeFields;
}

/** One container of a blob target (src/scenario/blob-target.ts). */
export interface ResolvedBlobRegion {
  readonly name: string;
  readonly container: string;
  /** Storage account; null when only a connection string names it. */
  readonly account: string | null;
  /** Environment variable holding the connection string; null = DefaultAzureCredential (or azurite's own). */
  readonly connectionStringEnv: string | null;
  /** Object-replication policy ID whose rule targets this replica (x-ms-or-* on the source). */
  readonly policyId: string | null;
}

export type ResolvedTarget =
  /** The embedded lab: start it with src/lab's startLab(config). */
  | { readonly kind: 'lab'; readonly config: LabConfig }
  | {
      readonly kind: 'oci';
      readonly regions: readonly ResolvedOciRegion[];
      readonly auth: ResolvedAuth;
      /** Present when the scenario said `kind: acr`. */
      readonly acr?: ResolvedAcr;
    }
  /** Azure Blob object replication: the origin's container is the source. */
  | {
      readonly kind: 'blob';
      /** Start azurite on 127.0.0.1 for the run. */
      readonly azurite: boolean;
      /** azurite only: the lab copier's lag model. */
      readonly copier: { readonly lag: LagSpec; readonly seed: number; readonly pollMs: number } | null;
      /** Delete the run's blobs at the end. */
      readonly cleanup: boolean;
      readonly regions: readonly ResolvedBlobRegion[];
      /** azurite only: client ↔ container links (RTT, bandwidth), as in the lab. */
      readonly localRttMs: number;
      readonly links: readonly LinkSpec[];
    };

/** `replication.events` (src/scenario/events-schema.ts). */
export interface ResolvedEvents {
  readonly kind: 'webhook';
  readonly path: string;
  readonly listen: string;
  readonly port: number;
  /** Lowercase header name. */
  readonly secretHeader: string;
  /** null: lab runs generate the secret. */
  readonly secretEnv: string | null;
  readonly labFormat: 'acr' | 'distribution';
}

/** `egress` (src/scenario/egress-schema.ts): price per GB (10^9 bytes) by "from->to" or "default". */
export interface ResolvedEgress {
  readonly currency: string;
  readonly pricePerGB: Readonly<Record<string, number>>;
}

/** A push stream: images i with i % streams.length = k go to streams[k] (src/scenario/connected.ts). */
export interface ResolvedPushStream {
  readonly origin: string;
  /** Repository template ("{i}" = the image index). */
  readonly repository: string;
  readonly tag: string;
}

export interface ResolvedWorkload {
  readonly images: number;
  /** Repository template; "{i}" is the image index (0 … images − 1). */
  readonly repository: string;
  /** Tag template; "{i}" is the image index. */
  readonly tag: string;
  /** Layers per image, base layers included (planImage's layerCount). */
  readonly layers: number;
  /** Of which shared base layers (planImage's baseLayerCount), ≤ layers. */
  readonly baseLayers: number;
  /** Layer size distribution, in bytes (planImage's `sizes`). */
  readonly layerSize: SizeDistribution;
  /** Image pushes in flight at most. */
  readonly pushConcurrency: number;
  /** Open-loop arrivals of image pushes per second; null = as fast as pushConcurrency allows. */
  readonly pushRatePerSec: number | null;
  readonly uploadMode: UploadMode;
  /** Chunk size of chunked uploads (set, but unused, for monolithic). */
  readonly chunkSizeBytes: number;
  readonly seed: string | number;
}

export interface ResolvedReplication {
  readonly probe: ProbeKind;
  readonly schedule: ProbeSchedule;
  /** Fixed schedule: the interval. Adaptive: the shortest interval (the floor). */
  readonly intervalMs: number;
  /** From the commit point; a replica not pullable by then is `timed-out`. Always > intervalMs. */
  readonly timeoutMs: number;
  /** Cap on probes per second against one region; null = no cap. */
  readonly maxProbesPerSecPerRegion: number | null;
  /** The regions to watch: every region but the origin, in declaration order. */
  readonly regions: readonly string[];
  /** Remote workers: probe from the coordinator (one clock) or from each region's worker (offset-corrected). */
  readonly watchFrom: WatchFrom;
}

export interface PullPair {
  /** The region the pulling worker sits in. */
  readonly worker: string;
  /** The region whose endpoint it pulls from. */
  readonly endpoint: string;
}

export interface ResolvedPull {
  readonly workers: readonly string[];
  /** How `pairs` was chosen: `list` = the same listed endpoints for every worker. */
  readonly endpointsMode: 'local' | 'all' | 'list';
  /** The pull matrix, expanded: worker-major, both in region declaration (or list) order. */
  readonly pairs: readonly PullPair[];
  /** Pull only the images with index < this (null: every image). */
  readonly images: number | null;
  /** Full pulls of each image per pair and phase. */
  readonly iterations: number;
  /** Pulls in flight at most, per worker. */
  readonly concurrency: number;
  /** In order: cold before warm. */
  readonly phases: readonly PullPhase[];
}

export interface ResolvedThresholds {
  /** As written: the run-start event logs this form. */
  readonly input: LoggedThresholds;
  /** Parsed (src/scenario/thresholds.ts), ready for evaluateThresholds; in input order. */
  readonly parsed: readonly Threshold[];
}

/** `requests` (src/scenario/requests-schema.ts): every registry request's budget, as RegistryClient takes it. */
export interface ResolvedRequests {
  readonly deadlineMs: number;
  /** 0 = no rate check. */
  readonly minRateBytesPerSec: number;
  readonly stallWindowMs: number;
}

export interface ResolvedReport {
  readonly dir: string;
  /** Without duplicates, in the order written. */
  readonly formats: readonly ReportFormat[];
}

export interface ResolvedScenario {
  readonly name: string;
  readonly description: string | null;
  /** Where it came from: a file path, or a label such as "inline scenario". */
  readonly source: string;
  readonly target: ResolvedTarget;
  /** Every region name, in declaration order (the lab's regions or the oci target's). */
  readonly regions: readonly string[];
  /** Pushes go here; writable, one of `regions`. */
  readonly origin: string;
  readonly workload: ResolvedWorkload;
  readonly replication: ResolvedReplication;
  readonly pull: ResolvedPull;
  readonly workers: ResolvedWorkers;
  /** The load phase; null = none. */
  readonly load: ResolvedLoad | null;
  readonly thresholds: ResolvedThresholds;
  readonly report: ResolvedReport;
  /** `replication.events`; null = probes only. */
  readonly events: ResolvedEvents | null;
  /** The egress price table; null = no egress estimate. */
  readonly egress: ResolvedEgress | null;
  /** Push streams, the origin's first; one entry unless workload.alsoPush is set. */
  readonly pushStreams: readonly ResolvedPushStream[];
  /** The budget of every registry request (deadline, minimum body rate). */
  readonly requests: ResolvedRequests;
}

/** `workers:` (src/scenario/workers-schema.ts). */
export interface ResolvedWorkers {
  readonly mode: WorkerMode;
  /** Remote mode: regions whose workers must join (in-process: every region). */
  readonly expect: readonly string[];
  readonly joinTimeoutMs: number;
}

/** `load:` (src/scenario/load-schema.ts). */
export interface ResolvedLoad {
  readonly kind: LoadKind;
  /** Per worker and endpoint; null = flat out. */
  readonly ratePerSec: number | null;
  readonly connections: number;
  readonly durationMs: number;
  readonly workers: readonly string[];
  readonly endpointsMode: 'local' | 'all' | 'list';
  /** Worker-major, in region (or list) order. */
  readonly pairs: readonly PullPair[];
}

