/**
 * What the registry targets (lab, oci) share once their endpoints are known:
 * the origin's pusher, a worker per client region that reaches every endpoint
 * through the URL for its own region (in the lab each request pays that link's
 * RTT and bandwidth), load workers, and the preflight — GET /v2/ on the origin,
 * then its round trip, which corrects every commit point.
 */
import { describeError, UnreachableError } from '../../errors.ts';
import { InProcessWorker } from '../../measure/in-process-worker.ts';
import { InProcessLoadWorker, loadEndpointOf } from '../../measure/load-worker.ts';
import { measureRtt, pingLatencyOf, type RttEstimate } from '../../measure/rtt.ts';
import { RegistryClient } from '../../oci/client.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { OpenTarget, RegistryEndpoints } from '../driver.ts';

/** The parts of an OpenTarget every registry target has the same way. */
export type RegistryParts = Pick<OpenTarget, 'preflight' | 'pusher' | 'workerIn' | 'loaderIn' | 'registry'> & { close(): Promise<void> };

export function registryParts(scenario: ResolvedScenario, endpoints: RegistryEndpoints, now: () => number): RegistryParts {
  const origin = scenario.origin;
  const pusher = new RegistryClient({ ...endpoints.clientOptions(origin), endpoint: endpoints.urlFor(origin, origin), now });
  const probeRate = scenario.replication.maxProbesPerSecPerRegion;
  return {
    pusher,
    registry: endpoints,
    preflight: (signal) => preflight(pusher, origin, signal),
    workerIn: (clientRegion, name = clientRegion) =>
      new InProcessWorker({
        region: name,
        endpoints: Object.fromEntries(scenario.regions.map((e) => [e, endpoints.urlFor(e, clientRegion)])),
        now,
        createClient: (url, endpoint) => new RegistryClient({ ...endpoints.clientOptions(endpoint), endpoint: url, now }),
        ...(probeRate !== null ? { probeRatePerSecond: probeRate } : {}),
      }),
    loaderIn(clientRegion) {
      const urls = Object.fromEntries(scenario.regions.map((e) => [e, loadEndpointOf(endpoints.urlFor(e, clientRegion), endpoints.clientOptions(e))]));
      return new InProcessLoadWorker({ region: clientRegion, endpoints: urls, now });
    },
    close: () => pusher.close(),
  };
}

/** Why a GET /v2/ that answered `status` (not 200/401) stops the run: throttled and unavailable say so, with their Retry-After. */
export function pingRefusal(status: number, retryAfterMs: number | undefined): string {
  const after = retryAfterMs !== undefined ? `, Retry-After ${formatWait(retryAfterMs)}` : ', no Retry-After';
  if (status === 429) return `is throttling (HTTP 429 to GET /v2/${after}): try again later or lower the request rate`;
  if (status === 503) return `is unavailable (HTTP 503 to GET /v2/${after})`;
  if (status >= 500) return `failed (HTTP ${status} to GET /v2/): a server error, not an answer about the API`;
  return `answered HTTP ${status} to GET /v2/: not an OCI registry endpoint`;
}

function formatWait(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** The origin must answer GET /v2/ before anything is created; its RTT corrects every commit point. */
async function preflight(pusher: RegistryClient, origin: string, signal: AbortSignal): Promise<RttEstimate> {
  const where = `the origin ${origin} (${pusher.endpoint.origin})`;
  let status: number;
  let retryAfterMs: number | undefined;
  try {
    ({ status, retryAfterMs } = await pusher.ping({ signal }));
  } catch (err: unknown) {
    if (err instanceof UnreachableError) throw new UnreachableError(pusher.endpoint.origin, `${where} cannot be reached: ${describeError(err)}`, { cause: err });
    throw err;
  }
  if (status !== 200 && status !== 401) throw new UnreachableError(pusher.endpoint.origin, `${where} ${pingRefusal(status, retryAfterMs)}`);
  return measureRtt(pingLatencyOf(pusher), { signal });
}
