/**
 * Push streams besides the origin's (scenario `workload.alsoPush`, planned in
 * plan.ts; stream 0 is the origin's and the run's own push phase pushes it).
 * This module pushes the others — each origin
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
import { runPushPhase, type PushedImage, type Pusher } from './push-phase.ts';
import type { PushStreamPlan } from './plan.ts';
import { WatchPhase } from './watch-phase.ts';

export interface PushStreamsOptions {
  readonly scenario: ResolvedScenario;
  /** The other streams, by origin (RunPlan.others). */
  readonly streams: readonly PushStreamPlan[];
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
  const w = o.scenario.workload;
  await Promise.all(
    o.streams.map(async ({ origin, images: plans, ratePerSec }) => {
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
          ratePerSec,
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
