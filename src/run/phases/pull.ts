/**
 * pull: the pull matrix over the images each endpoint has (the origin every
 * pushed one, a replica those replicated there), cold then warm, each pull a
 * record, redirected blob downloads named by where they came from (the lab's
 * storage hosts, an acr target's data endpoints, host names).
 */
import { pullErrorEvent, pullEvent, pullRedirectEvents } from '../../measure/records.ts';
import type { RunContext } from '../context.ts';
import type { RunPlan } from '../plan.ts';
import { plannedPulls, runPullPhase } from '../pull-phase.ts';
import type { PushedImage } from '../push-phase.ts';

/** The images pulled from an endpoint: pushed or replicated there, within pull.images, in index order. */
export function pullableAt(ctx: RunContext, plan: RunPlan, endpoint: string, limit: number | null): PushedImage[] {
  const within = (p: PushedImage): boolean => limit === null || p.index < limit;
  const images = endpoint === plan.origin.origin ? ctx.pushedImages : ctx.replicatedIn(endpoint);
  return [...images].filter(within).sort((a, b) => a.index - b.index);
}

export async function pullPhase(ctx: RunContext, plan: RunPlan): Promise<void> {
  const { scenario, recorder, tracker, control, target } = ctx;
  const pull = plan.pull;
  const imagesAt = (endpoint: string): { image: string; repo: string; reference: string }[] =>
    pullableAt(ctx, plan, endpoint, pull.images).map((p) => ({ image: p.image, repo: p.repo, reference: p.digest }));
  const acr = scenario.target.kind === 'oci' ? scenario.target.acr : undefined;
  const redirectContext = {
    regions: scenario.regions,
    ...(acr !== undefined ? { dataHosts: acr.dataHosts } : {}),
    ...(target.storageHosts !== undefined ? { storageHosts: target.storageHosts } : {}),
  };
  tracker.pull.total = plannedPulls({ pairs: pull.pairs, imagesAt, phases: pull.phases, iterations: pull.iterations });
  await ctx.phase('pull', () =>
    runPullPhase({
      pairs: pull.pairs,
      workerFor: (r) => ctx.workerFor(r),
      imagesAt,
      iterations: pull.iterations,
      concurrency: pull.concurrency,
      phases: pull.phases,
      stop: control.stop,
      abort: control.abort,
      onResult: (r) => {
        if (r.outcome === 'pulled') {
          tracker.pull.done++;
          const t = recorder.tUs();
          recorder.append(pullEvent(r, t));
          for (const e of pullRedirectEvents(r, t, redirectContext)) recorder.append(e);
        } else {
          tracker.pull.failed++;
          recorder.append(pullErrorEvent(r, recorder.tUs()));
        }
        ctx.update();
      },
    }),
  );
}
