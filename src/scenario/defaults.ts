/**
 * Every default of a scenario file, in one place, written the way a user would
 * write them (units as text). The schema applies them with `.prefault()`, so a
 * default goes through the same parsing as a written value, and the generated
 * JSON Schema shows them to editors as they are written here.
 *
 * Defaults that depend on other fields (pull workers = every region) are the
 * words "all"; resolve.ts expands them.
 */

export const PROBE_KINDS = ['manifest', 'manifest+blobs'] as const;
export const PROBE_SCHEDULES = ['adaptive', 'fixed'] as const;
export const UPLOAD_MODES = ['monolithic', 'chunked'] as const;
export const PULL_PHASES = ['cold', 'warm'] as const;
/**
 * json = summary.json (always written: re-render and compare read it, as they read events.jsonl),
 * md = report.md, hgrm = one .hgrm per series, hlog = one .hlog per metric, html = report.html,
 * junit = junit.xml, prom = metrics.prom (OpenMetrics text).
 */
export const REPORT_FORMATS = ['json', 'md', 'hgrm', 'hlog', 'html', 'junit', 'prom'] as const;
export const AUTH_KINDS = ['anonymous', 'basic', 'bearer', 'docker-config'] as const;
export const TARGET_KINDS = ['lab', 'oci', 'acr', 'blob'] as const;

export const WORKLOAD_DEFAULTS = {
  images: 10,
  /** "{i}" is replaced by the image index (0, 1, …). */
  repository: 'replbench/img-{i}',
  tag: 'v1',
  /** Total layers per image, base layers included. */
  layers: 3,
  layerSize: '1MiB',
  baseLayers: 0,
  pushConcurrency: 4,
  uploadMode: 'monolithic',
  /** Used only with uploadMode: chunked. */
  chunkSize: '8MiB',
  seed: 1,
} as const;

export const REPLICATION_DEFAULTS = {
  /** A replica counts as replicated once the manifest and every blob answer 200. */
  probe: 'manifest+blobs',
  schedule: 'adaptive',
  /**
   * The fixed interval, or the adaptive schedule's floor, by schedule. The
   * adaptive floor is the one its accuracy goal was derived for
   * (src/measure/probe-schedule.ts ADAPTIVE_DEFAULTS.floorMs): a larger floor
   * widens every bracket by half the difference.
   */
  interval: { adaptive: '14ms', fixed: '100ms' },
  timeout: '5m',
} as const;

export const PULL_DEFAULTS = {
  workers: 'all',
  endpoints: 'all',
  iterations: 1,
  concurrency: 4,
  phases: ['cold', 'warm'],
} as const;

export const REPORT_DEFAULTS = {
  dir: 'reports',
  /** Every format: a run directory holds what its scenario asked for, and all of it when it asked nothing. */
  formats: REPORT_FORMATS,
} as const;

export const OCI_DEFAULTS = {
  insecure: false,
  auth: { kind: 'anonymous' },
} as const;

export const THRESHOLD_DEFAULTS = {} as const;
