/**
 * The plan of a run as data, computed once before anything runs (k6's
 * execution requirements): every push stream with its images and rate, the
 * replicas watched, the round trips to measure, the pull matrix, the load,
 * and what a connected-registry hierarchy lets through. The phases read it;
 * nothing in it changes while the run goes.
 *
 * Every image of the run is in one catalog (nothing is hashed until an image
 * is pushed): image i belongs to push stream i % streams (stream 0 is the
 * origin's, the others come from workload.alsoPush), named from its stream's
 * templates, so no image is planned or hashed twice.
 */
import { hierarchyOf } from '../scenario/connected.ts';
import type { ResolvedLoad, ResolvedPull, ResolvedScenario } from '../scenario/resolved.ts';
import { imageCatalog, type ImageCatalog } from '../workload/image-catalog.ts';
import { SyncScope } from './sync-scope.ts';

export interface PushStreamPlan {
  /** The region it pushes into. */
  readonly origin: string;
  /** Its images, in index order. */
  readonly images: ImageCatalog;
  /** Open-loop arrivals per second; null: all due at once. */
  readonly ratePerSec: number | null;
}

/** A round trip measured before the pushes: a replica's watcher to its endpoint, or a pull pair. */
export type RttPlan = { readonly kind: 'watch'; readonly region: string } | { readonly kind: 'pull'; readonly worker: string; readonly endpoint: string };

export interface RunPlan {
  /** Every image of the run, every stream's. */
  readonly images: ImageCatalog;
  /** Stream 0: the origin's images, pushed by the push phase. */
  readonly origin: PushStreamPlan;
  /** The other streams (workload.alsoPush) grouped by origin, pushed beside it (the connected feature). */
  readonly others: readonly PushStreamPlan[];
  /** The replicas watched for the origin's images. */
  readonly watchRegions: readonly string[];
  readonly rtt: readonly RttPlan[];
  readonly pull: ResolvedPull;
  readonly load: ResolvedLoad | null;
  /** What a connected-registry hierarchy lets through; undefined: every region gets every image. */
  readonly scope?: SyncScope;
}

/** Which stream image `index` belongs to. */
export function streamIndexOf(index: number, streamCount: number): number {
  return streamCount <= 1 ? 0 : index % streamCount;
}

/** The plan of `scenario`; `now` is the run clock when the target starts (sync schedules count from there). */
export function planRun(scenario: ResolvedScenario, now: () => number): RunPlan {
  const w = scenario.workload;
  const streams = scenario.pushStreams;
  const n = streams.length;
  const streamOf = (i: number): (typeof streams)[number] | undefined => streams[streamIndexOf(i, n)] ?? streams[0];
  const fill = (template: string, i: number): string => template.replaceAll('{i}', String(i));
  const images = imageCatalog({
    seed: w.seed,
    count: w.images,
    layerCount: w.layers,
    baseLayerCount: w.baseLayers,
    sizes: w.layerSize,
    repository: (i) => fill(streamOf(i)?.repository ?? w.repository, i),
    tag: (i) => fill(streamOf(i)?.tag ?? w.tag, i),
  });
  const originOf = (i: number): string => streams[streamIndexOf(i, n)]?.origin ?? scenario.origin;
  const others: PushStreamPlan[] = [];
  if (n > 1) {
    const rest = images.filter((i) => streamIndexOf(i, n) !== 0);
    const origins: string[] = [];
    for (let p = 0; p < rest.length; p++) {
      const origin = originOf(rest.nameAt(p).imageIndex);
      if (!origins.includes(origin)) origins.push(origin);
    }
    for (const origin of origins) {
      const mine = rest.filter((i) => originOf(i) === origin);
      // The streams share the workload's rate: each gets its share.
      others.push({ origin, images: mine, ratePerSec: w.pushRatePerSec === null ? null : w.pushRatePerSec * (mine.length / Math.max(1, w.images)) });
    }
  }
  const nodes = hierarchyOf(scenario.target);
  const epochOffsetMs = Date.now() - now();
  const replicas = scenario.replication.regions;
  return {
    images,
    origin: { origin: scenario.origin, images: n <= 1 ? images : images.filter((i) => streamIndexOf(i, n) === 0), ratePerSec: w.pushRatePerSec },
    others,
    watchRegions: replicas,
    rtt: [...replicas.map((region) => ({ kind: 'watch' as const, region })), ...scenario.pull.pairs.map((p) => ({ kind: 'pull' as const, worker: p.worker, endpoint: p.endpoint }))],
    pull: scenario.pull,
    load: scenario.load,
    ...(nodes !== null ? { scope: new SyncScope(nodes, { startMs: now(), toEpochMs: (t) => t + epochOffsetMs }) } : {}),
  };
}
