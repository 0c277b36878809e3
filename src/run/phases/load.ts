/**
 * load: the scenario's load — every worker × endpoint at once, bounded
 * (measure/load-scenario.ts) — over the images each endpoint has (every one
 * pushed or replicated there, pull.images notwithstanding). Only targets with
 * load workers have it.
 */
import type { LoadCandidate } from '../../measure/load-phase.ts';
import { runScenarioLoad } from '../../measure/load-scenario.ts';
import type { RunContext } from '../context.ts';
import type { RunPlan } from '../plan.ts';
import { pullableAt } from './pull.ts';

export async function loadPhase(ctx: RunContext, plan: RunPlan): Promise<void> {
  const load = plan.load;
  const loaderFor = ctx.workers.loaderFor?.bind(ctx.workers);
  if (load === null || loaderFor === undefined || ctx.stop.aborted) return;
  const tracker = ctx.tracker;
  tracker.load.total = load.pairs.length;
  const imagesAt = (e: string): LoadCandidate[] =>
    pullableAt(ctx, plan, e, e === plan.origin.origin ? plan.pull.images : null).map((p) => ({ image: p.image, repo: p.repo, manifestDigest: p.digest, blobDigest: p.blobs[0] ?? p.digest }));
  await ctx.phase('load', () =>
    runScenarioLoad({ load, loaderFor, imagesAt, recorder: ctx.recorder, signal: ctx.abort, onSeries: (ok) => void (ok ? tracker.load.done++ : tracker.load.failed++, ctx.update()) }),
  );
}
