/**
 * The HEAD canary, after the round trips and before the pushes: a replica that
 * answers present for a digest never pushed is not watched (its "replicated"
 * would mean nothing); each such replica gets an E_HEAD_UNTRUSTED record.
 */
import type { RunContext } from '../context.ts';
import { canaryDigest, runHeadCanaries } from '../head-canary.ts';
import type { RunPlan } from '../plan.ts';

export async function canaryPhase(ctx: RunContext, plan: RunPlan): Promise<void> {
  const images = plan.origin.images;
  const repo = images.length > 0 ? images.nameAt(0).repository : undefined;
  if (repo === undefined || ctx.stop.aborted) return;
  ctx.untrusted = await runHeadCanaries({
    regions: plan.watchRegions,
    watcherFor: (r) => ctx.watcherFor(r),
    repo,
    digest: canaryDigest(`${ctx.scenario.name} ${ctx.now()}`),
    oneWayDelayMs: (r) => ctx.rtts.oneWayDelayMs(ctx.watcherFor(r).region, r),
    now: ctx.now,
    signal: ctx.stop,
  });
  for (const [region, why] of ctx.untrusted) ctx.recorder.record({ type: 'error', code: 'E_HEAD_UNTRUSTED', message: why, phase: 'preflight', labels: { region } });
}
