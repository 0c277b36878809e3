/**
 * TLS against a server that speaks plain HTTP fails with a reset or an SSL
 * "wrong version number", which says nothing about the cause. When an https
 * endpoint fails that way, ask the same host and port one plain `GET /v2/`
 * (loopback or not, it is the host the user named): if an HTTP answer comes
 * back, the error says "this endpoint speaks plain HTTP: pass --insecure".
 */
import { request } from 'node:http';
import { UnreachableError } from '../errors.ts';

/** Failures of a TLS handshake that met something other than TLS. */
const HANDSHAKE_CODES = /^(ECONNRESET|EPROTO|UND_ERR_SOCKET|UND_ERR_CLOSED|ERR_SSL_.*)$/;
export const PLAIN_HTTP_HINT = 'this endpoint speaks plain HTTP: pass --insecure';

function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('E_')) return code;
  }
  return undefined;
}

/** Does `origin` (http://host:port) answer a plain HTTP request within timeoutMs? */
export function speaksPlainHttp(origin: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${origin}/v2/`, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
      req.destroy();
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * `err` with the hint when it is an https endpoint's failed handshake and the
 * same host:port answers plain HTTP; `err` unchanged otherwise.
 */
export async function withPlainHttpHint(err: unknown, probe: (origin: string) => Promise<boolean> = speaksPlainHttp): Promise<unknown> {
  if (!(err instanceof UnreachableError) || !err.endpoint.startsWith('https://')) return err;
  const code = causeCode(err.cause);
  if (code === undefined || !HANDSHAKE_CODES.test(code)) return err;
  const url = new URL(err.endpoint);
  const origin = `http://${url.hostname}:${url.port === '' ? '443' : url.port}`;
  if (!(await probe(origin))) return err;
  // The original message stays first: it names the request (a redirect's target, say) and what failed.
  return new UnreachableError(err.endpoint, `${err.message} (${code}); ${PLAIN_HTTP_HINT} with ${url.host}, or give http://${url.host} (not https://)`, { cause: err });
}
