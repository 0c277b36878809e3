/**
 * ReadOnly nodes must refuse pushes (ACR connected registries in ReadOnly
 * mode, lab regions with mode: ReadOnly). A write check pushes one tiny image
 * to such a node and records what happened: `denied` — the registry refused
 * with 403 DENIED (or 405 / UNSUPPORTED), as it should; `accepted` — the push
 * went through, a violation; `errored` — anything else (unreachable, 5xx).
 * A refusal is a result, never a crash of the run.
 */
import { describeError, AuthError } from '../errors.ts';
import { RegistryError } from '../oci/errors.ts';
import { planImage } from '../workload/image-plan.ts';
import type { Pusher } from './push-phase.ts';

export type WriteCheckOutcome =
  | { readonly outcome: 'denied'; readonly status: number; readonly message: string }
  | { readonly outcome: 'accepted'; readonly status: number; readonly message: string }
  | { readonly outcome: 'errored'; readonly status: number; readonly message: string };

/** The repository and tag a write check pushes (a node's subset may not hold it: ReadOnly refuses every repository). */
export const WRITE_CHECK_REPOSITORY = 'replbench/write-check';

/** How a failed push reads: refused (denied) or broken (errored). */
export function classifyPushFailure(err: unknown): WriteCheckOutcome {
  const message = describeError(err);
  if (err instanceof RegistryError) {
    const refused = err.status === 403 || err.status === 405 || err.ociCode === 'DENIED' || err.ociCode === 'UNSUPPORTED';
    return { outcome: refused ? 'denied' : 'errored', status: err.status, message };
  }
  if (err instanceof AuthError && err.status === 403) return { outcome: 'denied', status: 403, message };
  return { outcome: 'errored', status: err instanceof AuthError ? (err.status ?? 401) : 0, message };
}

/** Pushes one small image (one 1 KiB layer) through `pusher` and classifies the outcome. */
export async function checkWrite(pusher: Pusher, region: string, opts: { readonly seed: string | number; readonly signal?: AbortSignal }): Promise<WriteCheckOutcome> {
  const plan = await planImage({
    seed: `${opts.seed}/write-check`,
    imageIndex: 0,
    layerCount: 1,
    sizes: { kind: 'fixed', sizeBytes: 1024 },
    repository: WRITE_CHECK_REPOSITORY,
    tag: region,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  try {
    const r = await pusher.pushImage(plan.repository, plan.tag, plan, { mode: 'monolithic', concurrency: 2, ...(opts.signal ? { signal: opts.signal } : {}) });
    return { outcome: 'accepted', status: r.manifest.status, message: `pushed ${plan.repository}:${plan.tag} (${r.manifest.digest})` };
  } catch (err: unknown) {
    if (opts.signal?.aborted) throw err;
    return classifyPushFailure(err);
  }
}
