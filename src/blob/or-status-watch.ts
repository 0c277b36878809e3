/**
 * The second lag source of Blob object replication: the source blob's own
 * replication status. Azure reports it on the source as x-ms-or-POLICY_RULE:
 * complete | failed, one policy per destination account. For each pushed
 * blob this polls the source's properties until every watched policy has
 * settled (or the replication timeout passes) and reports, per replica
 * region, when its policy first said complete (answer's arrival − commit
 * point, runner's clock), or that it failed, or that it never said.
 *
 * A region is watched when the scenario names its policyId, or — one replica
 * only — when the source reports exactly one policy. Azurite reports none,
 * so in the lab this source stays silent and only the probes measure.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { AbortedError } from '../errors.ts';
import type { Sleep } from '../time/clock.ts';
import { realSleep } from '../time/real-clock.ts';
import type { PushedImage } from '../run/push-phase.ts';
import { orStatusOf, type OrStatus } from './blob-ops.ts';
import type { BlobNames } from './blob-names.ts';

export type OrOutcome =
  | { readonly outcome: 'received'; readonly lagMs: number }
  | { readonly outcome: 'failed' | 'missing'; readonly reason: string };

export interface OrStatusWatchOptions {
  readonly source: ContainerClient;
  readonly names: BlobNames;
  /** Replica region → its policy ID (null: inferred when it is the only replica and the only policy). */
  readonly policies: ReadonlyMap<string, string | null>;
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly sleep?: Sleep;
  readonly onResult: (region: string, image: PushedImage, outcome: OrOutcome) => void;
  /** A status read that failed (the watch goes on). */
  readonly onError?: (err: unknown) => void;
}

export class OrStatusWatch {
  readonly #o: OrStatusWatchOptions;
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  /** Whether the source ever reported a policy: without one, nothing is reported missing. */
  #sawPolicies = false;

  constructor(opts: OrStatusWatchOptions) {
    this.#o = opts;
  }

  start(image: PushedImage, commitOneWayDelayMs: number): void {
    if (this.#abort.signal.aborted || this.#o.policies.size === 0) return;
    const p = this.#watch(image, image.commitAtMs - Math.max(0, commitOneWayDelayMs)).finally(() => this.#running.delete(p));
    this.#running.add(p);
  }

  async settled(abort?: AbortSignal): Promise<void> {
    const onAbort = (): void => this.#abort.abort();
    abort?.addEventListener('abort', onAbort, { once: true });
    try {
      while (this.#running.size > 0) await Promise.all([...this.#running]);
    } finally {
      abort?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.settled();
  }

  async #watch(image: PushedImage, commitPointMs: number): Promise<void> {
    const signal = this.#abort.signal;
    const sleep = this.#o.sleep ?? realSleep;
    const name = this.#o.names.get(image.repo, image.digest)?.name;
    if (name === undefined) return;
    const pending = new Map(this.#o.policies);
    const deadlineMs = commitPointMs + this.#o.timeoutMs;
    while (pending.size > 0 && !signal.aborted) {
      let status: Map<string, OrStatus> | undefined;
      try {
        status = await orStatusOf(this.#o.source, name, signal);
      } catch (err: unknown) {
        if (err instanceof AbortedError || signal.aborted) return;
        this.#o.onError?.(err);
      }
      const atMs = this.#o.now();
      if (status !== undefined && status.size > 0) {
        this.#sawPolicies = true;
        for (const [region, policy] of [...pending]) {
          const id = policy ?? (pending.size === 1 && this.#o.policies.size === 1 && status.size === 1 ? ([...status.keys()][0] as string) : undefined);
          const s = id === undefined ? undefined : status.get(id);
          if (s === 'complete') this.#o.onResult(region, image, { outcome: 'received', lagMs: atMs - commitPointMs });
          else if (s === 'failed') this.#o.onResult(region, image, { outcome: 'failed', reason: `object replication policy ${id ?? '?'} reports failed` });
          if (s === 'complete' || s === 'failed') pending.delete(region);
        }
      }
      if (pending.size === 0) return;
      if (atMs >= deadlineMs) break;
      try {
        await sleep(Math.min(this.#o.pollMs, Math.max(1, deadlineMs - atMs)), signal);
      } catch {
        return;
      }
    }
    if (signal.aborted || !this.#sawPolicies) return;
    for (const region of pending.keys()) {
      this.#o.onResult(region, image, { outcome: 'missing', reason: `the source reported no complete replication status within ${Math.round(this.#o.timeoutMs)} ms` });
    }
  }
}
