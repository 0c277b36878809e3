/**
 * push + watch: open-loop pushes of the origin's images into the origin, and
 * from each commit a watch per replica region (the probes' replication
 * records, the target's signal source, the features' hooks); the features run
 * beside it (other push streams, write checks). The watch phase ends when
 * every watch, every other stream and every expected signal is settled.
 *
 * The push phase ends the run on credentials the origin refuses, or on an
 * origin that never answered a single push.
 */
import { AuthError, UnreachableError } from '../../errors.ts';
import { oneWayDelayMs } from '../../measure/one-way-delay.ts';
import { msToUs, replicationEvent } from '../../measure/records.ts';
import type { RunContext } from '../context.ts';
import type { RunPlan } from '../plan.ts';
import { runPushPhase, type PushedImage } from '../push-phase.ts';
import { WatchPhase } from '../watch-phase.ts';

export async function pushWatchPhase(ctx: RunContext, plan: RunPlan): Promise<void> {
  const { scenario, recorder, tracker, control } = ctx;
  const origin = plan.origin.origin;
  const commitOwdMs = oneWayDelayMs(ctx.commitRtt);
  const truthLagMs = ctx.target.truthLagMs?.bind(ctx.target);
  const watch = new WatchPhase({
    replication: { ...scenario.replication, regions: plan.watchRegions },
    workerFor: (r) => ctx.watcherFor(r),
    oneWayDelayMs: (r) => ctx.rtts.oneWayDelayMs(ctx.watcherFor(r).region, r),
    commitOneWayDelayMs: commitOwdMs,
    abort: control.abort,
    ...(ctx.untrusted.size > 0 ? { untrusted: ctx.untrusted } : {}),
    ...(ctx.probeTrace !== undefined ? { trace: true } : {}),
    ...(truthLagMs ? { truthLagMs } : {}),
    onResult: (region, image, result, truthMs) => {
      const labels = { region, image: image.image, digest: image.digest };
      const commitPointMs = image.commitAtMs - commitOwdMs;
      const commitUs = recorder.tUs(commitPointMs);
      if (result.trace !== undefined) ctx.probeTrace?.write(region, image.image, commitPointMs, result.trace);
      if (result.latenessMs !== undefined) ctx.health?.probeLateness(region, result.latenessMs);
      ctx.replicated(origin, region, image, replicationEvent(result, { t: recorder.tUs(), labels, commitUs, ...(truthMs !== undefined ? { truthMs } : {}) }));
      const t = tracker.region(region);
      t.settled++;
      if (result.outcome === 'replicated') t.replicated++;
      ctx.update();
    },
    onFailed: (region, image, err) => {
      tracker.region(region).settled++;
      ctx.logError('watch', err, { region, image: image.image, digest: image.digest });
      ctx.update();
    },
  });
  ctx.replicatedIn = (region) => watch.replicatedIn(region);
  ctx.watchSettled = () => watch.settled();
  const onPushed = (p: PushedImage): void => {
    recorder.record({ type: 'push', labels: { image: p.image, repo: p.repo, region: origin }, valueUs: msToUs(p.durationMs), digest: p.digest, bytes: p.bytes });
    tracker.push.done++;
    ctx.pushedImages.push(p);
    if (!control.stop.aborted) {
      for (const r of plan.watchRegions) tracker.region(r).total++;
      watch.start(p);
      ctx.pushed(p, origin);
      ctx.signal?.start(p, commitOwdMs);
    }
    ctx.update();
  };
  const w = scenario.workload;
  await ctx.phase('watch', async () => {
    const beside = ctx.features?.beside(ctx);
    await ctx.phase('push', () =>
      runPushPhase({
        plans: plan.origin.images,
        pusher: ctx.target.pusher,
        concurrency: w.pushConcurrency,
        ratePerSec: plan.origin.ratePerSec,
        mode: w.uploadMode,
        chunkSizeBytes: w.chunkSizeBytes,
        stop: control.stop,
        abort: control.abort,
        now: ctx.now,
        onPushed,
        onFailed: (image, err) => {
          tracker.push.failed++;
          ctx.logError('push', err, { image: `${image.repository}:${image.tag}`, repo: image.repository });
          if (err instanceof AuthError) ctx.fail(err, 'the origin refused the credentials');
          else if (err instanceof UnreachableError && tracker.push.done === 0) ctx.fail(err, 'the origin cannot be reached');
          ctx.update();
        },
      }),
    );
    await watch.settled();
    await beside;
    await ctx.features?.settled(control.abort);
    await ctx.signal?.settled(control.abort);
  });
}
