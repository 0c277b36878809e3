/**
 * GET /v2/ (distribution spec "determining support"), anonymously and without
 * retries. 200 means the API is there; 401 means it is there behind
 * authentication, and its challenge is remembered so the next requests
 * authenticate without a 401 round trip.
 */
import { discard, header, headerJoined } from './response.ts';
import type { Transport } from './transport.ts';
import { parseWwwAuthenticate } from './www-authenticate.ts';

export interface PingResult {
  readonly status: number;
  /** 200, or 401 (up, but wants authentication). */
  readonly ok: boolean;
  readonly latencyMs: number;
  /** Docker-Distribution-API-Version, e.g. "registry/2.0". */
  readonly apiVersionHeader: string | undefined;
  /** Lowercased scheme of the first challenge of a 401 ('bearer', 'basic'). */
  readonly authScheme: string | undefined;
  /** Retry-After of a 429/503 answer, in ms, when the registry sent one. */
  readonly retryAfterMs?: number;
}

export async function ping(transport: Transport, opts: { signal?: AbortSignal } = {}): Promise<PingResult> {
  const ex = await transport.request({ method: 'GET', url: '/v2/', anonymous: true, retries: 0, signal: opts.signal });
  await discard(ex);
  let authScheme: string | undefined;
  if (ex.status === 401) {
    const challenge = headerJoined(ex, 'www-authenticate');
    transport.auth.observe(challenge);
    authScheme = parseWwwAuthenticate(challenge)[0]?.scheme;
  }
  return {
    status: ex.status,
    ok: ex.status === 200 || ex.status === 401,
    latencyMs: ex.headersAtMs - ex.sentAtMs,
    apiVersionHeader: header(ex, 'docker-distribution-api-version'),
    authScheme,
    ...(ex.retryAfterMs !== undefined ? { retryAfterMs: ex.retryAfterMs } : {}),
  };
}
