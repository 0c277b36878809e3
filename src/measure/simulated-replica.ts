/**
 * A replica that exists only on a Clock (usually a VirtualClock): artifacts
 * arrive at known times, each probe takes a forward delay, a server time and
 * a return delay, and faults answer 429 or errors on demand. The watcher's
 * tests and bench/watch.bench.ts measure it against its known arrival times.
 * Implements the watcher's Prober and a ping for RTT estimation.
 */
import { UnreachableError, type ReplbenchError } from '../errors.ts';
import { RegistryError } from '../oci/errors.ts';
import type { ProbeResult } from '../oci/probe.ts';
import type { Clock } from '../time/clock.ts';
import type { Prober } from './watch-types.ts';

/** Per-probe delays in ms; called once per probe, so they may be random. */
export interface SimulatedLink {
  forwardMs(): number;
  serverMs(): number;
  backMs(): number;
}

export function fixedLink(oneWayDelayMs: number, serverMs = 0): SimulatedLink {
  return { forwardMs: () => oneWayDelayMs, serverMs: () => serverMs, backMs: () => oneWayDelayMs };
}

export interface SimulatedArtifact {
  readonly repo: string;
  readonly digest: string;
  /** When the manifest becomes present here (clock ms); Infinity: never. */
  readonly manifestAtMs: number;
  readonly tag?: string;
  /** When the tag moves to `digest` (default manifestAtMs). */
  readonly tagAtMs?: number;
  /** What the tag points at before tagAtMs (undefined: the tag is unknown). */
  readonly previousTagDigest?: string;
  /** Blob digest → when it becomes present (default: with the manifest). */
  readonly blobsAtMs?: Readonly<Record<string, number>>;
}

export type SimulatedFault = { readonly kind: 'throttle'; readonly retryAfterMs?: number } | { readonly kind: 'error'; readonly status: number };

export interface SimulatedRequest {
  readonly kind: 'manifest' | 'blob' | 'ping';
  readonly ref: string;
  readonly sentAtMs: number;
  /** When the simulated registry looked. */
  readonly evaluatedAtMs: number;
  readonly answer: ProbeResult['kind'] | 'pong';
}

export interface SimulatedReplicaOptions {
  readonly clock: Clock;
  readonly link?: SimulatedLink;
  readonly artifacts?: readonly SimulatedArtifact[];
  /** Decides a fault per request (n counts requests from 0), evaluated when the request arrives. */
  readonly fault?: (req: { kind: SimulatedRequest['kind']; ref: string; n: number; atMs: number }) => SimulatedFault | undefined;
}

export class SimulatedReplica implements Prober {
  readonly requests: SimulatedRequest[] = [];
  readonly #clock: Clock;
  readonly #link: SimulatedLink;
  /** repo → its artifacts. */
  readonly #artifacts = new Map<string, SimulatedArtifact[]>();
  readonly #fault: SimulatedReplicaOptions['fault'];

  constructor(opts: SimulatedReplicaOptions) {
    this.#clock = opts.clock;
    this.#link = opts.link ?? fixedLink(0);
    for (const a of opts.artifacts ?? []) this.add(a);
    this.#fault = opts.fault;
  }

  add(artifact: SimulatedArtifact): void {
    const list = this.#artifacts.get(artifact.repo);
    if (list === undefined) this.#artifacts.set(artifact.repo, [artifact]);
    else list.push(artifact);
  }

  probeManifest(repo: string, ref: string, opts: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
    return this.#exchange('manifest', ref, `/v2/${repo}/manifests/${ref}`, opts.signal, (t) => {
      const inRepo = this.#artifacts.get(repo) ?? [];
      const byDigest = inRepo.find((a) => a.digest === ref);
      if (byDigest !== undefined) return t >= byDigest.manifestAtMs ? ref : undefined;
      const byTag = inRepo.filter((a) => a.tag === ref);
      let digest: string | undefined;
      for (const a of byTag) {
        if (t >= (a.tagAtMs ?? a.manifestAtMs)) digest = a.digest;
        else digest ??= a.previousTagDigest;
      }
      return digest;
    });
  }

  probeBlob(repo: string, digest: string, opts: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
    return this.#exchange('blob', digest, `/v2/${repo}/blobs/${digest}`, opts.signal, (t) => {
      const owner = (this.#artifacts.get(repo) ?? []).find((a) => a.blobsAtMs?.[digest] !== undefined || a.digest === digest);
      const atMs = owner?.blobsAtMs?.[digest] ?? owner?.manifestAtMs ?? Number.POSITIVE_INFINITY;
      return t >= atMs ? digest : undefined;
    });
  }

  /** One round trip; resolves with its latency like RegistryClient.ping(). */
  async ping(opts: { signal?: AbortSignal } = {}): Promise<{ latencyMs: number }> {
    const r = await this.#exchange('ping', '/v2/', '/v2/', opts.signal, () => 'pong');
    return { latencyMs: r.latencyMs };
  }

  async #exchange(kind: SimulatedRequest['kind'], ref: string, path: string, signal: AbortSignal | undefined, look: (atMs: number) => string | undefined): Promise<ProbeResult> {
    const n = this.requests.length;
    const sentAtMs = this.#clock.now();
    await this.#clock.sleep(this.#link.forwardMs(), signal);
    const evaluatedAtMs = this.#clock.now();
    const fault = this.#fault?.({ kind, ref, n, atMs: evaluatedAtMs });
    const found = fault === undefined ? look(evaluatedAtMs) : undefined;
    const record: { -readonly [K in keyof SimulatedRequest]: SimulatedRequest[K] } = { kind, ref, sentAtMs, evaluatedAtMs, answer: 'absent' };
    this.requests.push(record);
    await this.#clock.sleep(this.#link.serverMs() + this.#link.backMs(), signal);
    const atMs = this.#clock.now();
    const times = { sentAtMs, atMs, latencyMs: atMs - sentAtMs };
    let result: ProbeResult;
    if (fault?.kind === 'throttle') result = { kind: 'throttled', status: 429, retryAfterMs: fault.retryAfterMs, ...times };
    else if (fault?.kind === 'error') result = { kind: 'error', status: fault.status, error: faultError(fault.status, path), ...times };
    else if (found !== undefined) result = { kind: 'present', status: 200, digest: kind === 'ping' ? undefined : found, sizeBytes: undefined, ...times };
    else result = { kind: 'absent', status: 404, ...times };
    record.answer = kind === 'ping' && result.kind === 'present' ? 'pong' : result.kind;
    return result;
  }
}

function faultError(status: number, path: string): ReplbenchError {
  if (status === 0) return new UnreachableError('simulated-replica', `HEAD ${path}: cannot reach simulated-replica (ECONNREFUSED)`);
  return new RegistryError({ status, method: 'HEAD', url: path });
}
