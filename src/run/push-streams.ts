/**
 * Push streams besides the origin's (scenario `workload.alsoPush`): image i
 * belongs to stream i % streams.length; stream 0 is the origin's and the run's
 * own push phase pushes it. This module pushes the others — each origin
 * through its own client, open-loop at the workload's rate — and watches each
 * image in every region but the one it was pushed to, exactly as the run's
 * watch phase does (same WatchPhase, same probes), so edge → cloud lag is
 * measured like cloud → edge lag.
 */
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { WatchResult } from '../measure/watch-types.ts';
import type { Worker } from '../measure/worker.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { imageCatalog, type ImageCatalog } from '../workload/image-catalog.ts';
import { runPushPhase, type PushedImage, type Pusher } from './push-phase.ts';
import { WatchPhase } from './watch-phase.ts';

/** Which stream image `index` belongs to. */
export function streamIndexOf(index: number, streamCount: number): number {
  return streamCount <= 1 ? 0 : index % streamCount;
}

/** The images of streams 1…n−1 (stream 0's come from the runner's own catalog), planned as they are pushed. */
export function planOtherStreams(scenario: ResolvedScenario): ImageCatalog {
  const n = scenario.pushStreams.length;
  const w = scenario.workload;
  const fill = (template: string, i: number): string => template.replaceAll('{i}', String(i));
  const all = imageCatalog({
    seed: w.seed,
    count: w.images,
    layerCount: w.layers,
    baseLayerCount: w.baseLayers,
    sizes: w.layerSize,
    repository: (i) => fill((scenario.pushStreams[streamIndexOf(i, n)] ?? scenario.pushStreams[0])?.repository ?? w.repository, i),
    tag: (i) => fill((scenario.pushStreams[streamIndexOf(i, n)] ?? scenario.pushStreams[0])?.tag ?? w.tag, i),
  });
  return all.filter((i) => n > 1 && streamIndexOf(i, n) !== 0);
}

export interface PushStreamsOptions {
  readonly scenario: ResolvedScenario;
  /** From planOtherStreams. */
  readonly plans: ImageCatalog;
  /** A client in `origin` talking to `origin`, and its measured round trip (for the commit point). */
  readonly pusherFor: (origin: string) => { readonly pusher: Pusher; readonly rtt: RttEstimate };
  readonly workerFor: (region: string) => Worker;
  /** One-way delay from the worker in a region to that region's endpoint (ms). */
  readonly oneWayDelayMs: (region: string) => number;
  readonly truthLagMs?: (repo: string, digest: string, region: string) => number | undefined | Promise<number | undefined>;
  readonly stop?: AbortSignal;
  readonly abort?: AbortSignal;
  readonly now: () => number;
  readonly onPushed: (image: PushedImage, origin: string) => void;
  readonly onResult: (origin: string, region: string, image: PushedImage, result: WatchResult, truthMs: number | undefined) => void;
  readonly onFailed: (phase: 'push' | 'watch', err: unknown, labels: Record<string, string>) => void;
}

/** Pushes and watches every other stream's images; resolves when every watch is over. */
export async function runPushStreams(o: PushStreamsOptions): Promise<void> {
  const n = o.scenario.pushStreams.length;
  const originOf = (imageIndex: number): string => o.scenario.pushStreams[streamIndexOf(imageIndex, n)]?.origin ?? o.scenario.origin;
  const byOrigin = new Map<string, ImageCatalog>();
  for (let p = 0; p < o.plans.length; p++) {
    const origin = originOf(o.plans.nameAt(p).imageIndex);
    if (!byOrigin.has(origin)) byOrigin.set(origin, o.plans.filter((i) => originOf(i) === origin));
  }
  const w = o.scenario.workload;
  await Promise.all(
    [...byOrigin].map(async ([origin, plans]) => {
      const { pusher, rtt } = o.pusherFor(origin);
      const watch = new WatchPhase({
        replication: { ...o.scenario.replication, regions: o.scenario.regions.filter((r) => r !== origin) },
        workerFor: o.workerFor,
        oneWayDelayMs: o.oneWayDelayMs,
        commitOneWayDelayMs: oneWayDelayMs(rtt),
        ...(o.abort ? { abort: o.abort } : {}),
        ...(o.truthLagMs ? { truthLagMs: o.truthLagMs } : {}),
        onResult: (region, image, result, truthMs) => o.onResult(origin, region, image, result, truthMs),
        onFailed: (region, image, err) => o.onFailed('watch', err, { region, image: image.image, digest: image.digest }),
      });
      try {
        await runPushPhase({
          plans,
          pusher,
          concurrency: w.pushConcurrency,
          // The streams share the workload's rate: each gets its share.
          ratePerSec: w.pushRatePerSec === null ? null : w.pushRatePerSec * (plans.length / Math.max(1, w.images)),
          mode: w.uploadMode,
          chunkSizeBytes: w.chunkSizeBytes,
          now: o.now,
          ...(o.stop ? { stop: o.stop } : {}),
          ...(o.abort ? { abort: o.abort } : {}),
          onPushed: (p) => {
            o.onPushed(p, origin);
            if (!o.stop?.aborted) watch.start(p);
          },
          onFailed: (plan, err) => o.onFailed('push', err, { image: `${plan.repository}:${plan.tag}`, repo: plan.repository, region: origin }),
        });
      } finally {
        await watch.settled();
      }
    }),
  );
}
