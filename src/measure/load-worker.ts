/**
 * A LoadWorker in this process: drives load from one region at the endpoints
 * it has URLs for (for the lab, each endpoint's port for this client region,
 * so the link's RTT applies). A remote worker runs one of these on its own
 * machine (src/dist/worker-agent.ts).
 */
import { UsageError } from '../errors.ts';
import type { Credentials, ExplicitCredentials } from '../oci/credential-types.ts';
import { resolveCredentials } from '../oci/credentials.ts';
import { runLoad } from './load-run.ts';
import type { LoadRunOptions, LoadTask, LoadTotals, LoadWorker } from './load-types.ts';

export interface LoadEndpoint {
  /** Base URL as seen from this worker's region. */
  readonly url: string;
  readonly credentials: Credentials;
  readonly insecure: boolean;
}

/** A LoadEndpoint from a registry client's options (credentials given explicitly, or none: anonymous). */
export function loadEndpointOf(url: string, client: { readonly credentials?: ExplicitCredentials; readonly insecure?: boolean }): LoadEndpoint {
  const credentials = client.credentials === undefined ? { kind: 'anonymous' as const } : resolveCredentials({ host: new URL(url).host, explicit: client.credentials, env: {} }).credentials;
  return { url, credentials, insecure: client.insecure ?? false };
}

export interface InProcessLoadWorkerOptions {
  readonly region: string;
  readonly endpoints: Readonly<Record<string, LoadEndpoint>>;
  /** Clock of the interval stamps (ms). */
  readonly now?: () => number;
}

export class InProcessLoadWorker implements LoadWorker {
  readonly region: string;
  readonly #opts: InProcessLoadWorkerOptions;

  constructor(opts: InProcessLoadWorkerOptions) {
    this.region = opts.region;
    this.#opts = opts;
  }

  load(task: LoadTask, opts: LoadRunOptions = {}): Promise<LoadTotals> {
    const endpoint = this.#opts.endpoints[task.endpoint];
    if (endpoint === undefined) {
      return Promise.reject(
        new UsageError(`worker ${this.region} has no URL for endpoint "${task.endpoint}" (known: ${Object.keys(this.#opts.endpoints).join(', ')})`),
      );
    }
    return runLoad(task, {
      ...opts,
      baseUrl: endpoint.url,
      credentials: endpoint.credentials,
      insecure: endpoint.insecure,
      ...(this.#opts.now ? { now: this.#opts.now } : {}),
    });
  }
}
