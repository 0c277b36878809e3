/**
 * The phases of one run, in order, over one run context (context.ts), each a
 * unit `(ctx, plan) => Promise<void>` in phases/, each measurement appended to
 * events.jsonl the moment it is made:
 *
 *   rtt    round trips from every worker to every endpoint it will use
 *          (then the HEAD canary: replicas that claim what was never pushed)
 *   push   open-loop pushes into the origin          ┐ overlap: each image's
 *   watch  a watch per replica region per image      ┘ watches start at its commit
 *   pull   the pull matrix over replicated images, cold then warm
 *   load   the scenario's load: every worker × endpoint at once, bounded
 *
 * A stop (SIGINT) lets work in flight finish (StopControl aborts it after the
 * grace period) and starts no further phase. A fatal error — credentials
 * refused, an origin that never answered a push, a lab that died, a bug —
 * stops the run the same way and is returned, after everything measured has
 * been recorded.
 */
import { UnreachableError } from '../errors.ts';
import type { RunContext } from './context.ts';
import { canaryPhase } from './phases/canary.ts';
import { loadPhase } from './phases/load.ts';
import { pullPhase } from './phases/pull.ts';
import { pushWatchPhase } from './phases/push-watch.ts';
import { rttPhase } from './phases/rtt.ts';
import type { RunPlan } from './plan.ts';
import type { RttTable } from './rtt-phase.ts';

export interface RunPhasesResult {
  readonly rtts: RttTable;
  /** What ended the run early, when it was an error rather than a stop. */
  readonly error?: unknown;
}

export async function runPhases(ctx: RunContext, plan: RunPlan): Promise<RunPhasesResult> {
  const { control, tracker } = ctx;
  const images = plan.origin.images;
  tracker.push.total = images.length;
  // A large layer is hashed just before its push (image-catalog.ts): the push line says how far.
  images.onHashProgress((hashedBytes, sizeBytes) => {
    tracker.hashing = hashedBytes < sizeBytes ? { hashedBytes, sizeBytes } : undefined;
    ctx.update();
  });
  const onStop = (): void => {
    tracker.stopping = control.reason;
    ctx.progress({ kind: 'stopping', reason: control.reason ?? 'stopped' });
  };
  control.stop.addEventListener('abort', onStop, { once: true });
  // A lab thread that dies takes every region's ports with it: nothing more can be measured.
  let over = false;
  ctx.target.onDied?.((reason) => {
    if (over) return;
    const err = new UnreachableError('lab', `the embedded lab stopped mid-run (${reason}): every region became unreachable`);
    ctx.logError('lab', err, {});
    ctx.fail(err, 'the lab stopped');
  });
  await rttPhase(ctx, plan);
  await canaryPhase(ctx, plan);
  try {
    await pushWatchPhase(ctx, plan);
    if (!control.stop.aborted) {
      await pullPhase(ctx, plan);
      await loadPhase(ctx, plan);
    }
  } catch (err: unknown) {
    ctx.fail(err, 'the run failed');
    await ctx.watchSettled();
  } finally {
    over = true;
    control.stop.removeEventListener('abort', onStop);
  }
  return ctx.fatal === undefined ? { rtts: ctx.rtts } : { rtts: ctx.rtts, error: ctx.fatal };
}
