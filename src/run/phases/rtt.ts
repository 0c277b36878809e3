/**
 * rtt: round trips from every watcher to its replica and across every pull
 * pair (the plan's rtt list), before anything is pushed; the origin's is the
 * preflight's. A stop cancels it outright (no push will follow).
 */
import type { RunContext } from '../context.ts';
import type { RunPlan } from '../plan.ts';
import { measureRttPhase, type RttPair } from '../rtt-phase.ts';

export async function rttPhase(ctx: RunContext, plan: RunPlan): Promise<void> {
  const pairs: RttPair[] = plan.rtt.map((p) => (p.kind === 'watch' ? { worker: ctx.watcherFor(p.region), endpoint: p.region } : { worker: ctx.workerFor(p.worker), endpoint: p.endpoint }));
  const tracker = ctx.tracker;
  tracker.rtt.total = new Set(pairs.map((p) => `${p.worker.region}\u0000${p.endpoint}`)).size;
  ctx.rtts = await ctx.phase('rtt', () =>
    measureRttPhase(pairs, {
      signal: ctx.stop,
      onMeasured: () => {
        tracker.rtt.done++;
        ctx.update();
      },
      onFailed: (worker, endpoint, err) => {
        tracker.rtt.failed++;
        ctx.logError('rtt', err, { worker, endpoint });
        ctx.update();
      },
    }),
  );
  ctx.rtts.set(ctx.scenario.origin, ctx.scenario.origin, ctx.commitRtt);
}
