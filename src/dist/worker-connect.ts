/**
 * The worker's half of the handshake (protocol.ts): one HTTP/1.1 upgrade
 * request to the coordinator with the shared token, retried while the
 * coordinator is not listening yet (workers and coordinator start in any
 * order, as Kubernetes Jobs do). A 401 is final: the token is wrong.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { AbortedError, AuthError, ConfigError, describeError, ProtocolError, UnreachableError } from '../errors.ts';
import { realSleep } from '../time/real-clock.ts';
import { UPGRADE_PROTOCOL, WORKER_PATH } from './protocol.ts';

export interface Upgraded {
  readonly socket: Duplex;
  readonly head: Buffer;
}

export interface ConnectOptions {
  /** `http://host:port` or `https://host:port`. */
  readonly coordinator: string;
  readonly token: string;
  /** Keep retrying a coordinator that does not answer for this long (default 60 s). */
  readonly connectTimeoutMs?: number;
  /** Between attempts (default 1 s). */
  readonly retryMs?: number;
  readonly signal?: AbortSignal;
  /** Each failed attempt, before the next (one line, no secrets). */
  readonly onRetry?: (reason: string) => void;
}

/** The coordinator URL, checked: http(s), a host, no credentials. */
export function coordinatorUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ConfigError(`--coordinator: expected a URL such as "http://10.0.0.4:7341", found "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--coordinator: expected http:// or https://, found ${url.protocol}//`);
  if (url.username !== '' || url.password !== '') throw new ConfigError('--coordinator: put the token in --token or REPLBENCH_WORKER_TOKEN, not in the URL');
  return url;
}

/** One upgrade attempt. */
export function upgradeOnce(url: URL, token: string, signal?: AbortSignal): Promise<Upgraded> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Upgraded>((resolve, reject) => {
    const req = request(new URL(WORKER_PATH, url), {
      method: 'GET',
      headers: { connection: 'Upgrade', upgrade: UPGRADE_PROTOCOL, authorization: `Bearer ${token}` },
      ...(signal ? { signal } : {}),
    });
    req.on('upgrade', (res, socket, head) => {
      if (res.headers.upgrade?.toLowerCase() !== UPGRADE_PROTOCOL) {
        socket.destroy();
        reject(new ProtocolError(`${url.origin} upgraded to ${String(res.headers.upgrade)}, not ${UPGRADE_PROTOCOL}`));
      } else {
        resolve({ socket, head });
      }
    });
    req.on('response', (res) => {
      res.resume();
      if (res.statusCode === 401) reject(new AuthError(`the coordinator ${url.origin} refused the worker token (401)`, { status: 401 }));
      else reject(new ProtocolError(`${url.origin} answered HTTP ${res.statusCode ?? 0} instead of switching to ${UPGRADE_PROTOCOL}: is it a replbench coordinator?`));
    });
    req.on('error', (err) => {
      if (signal?.aborted) reject(new AbortedError('stopped while connecting to the coordinator'));
      else reject(new UnreachableError(url.origin, `cannot reach the coordinator ${url.origin}: ${describeError(err)}`, { cause: err }));
    });
    req.end();
  });
}

/** Upgrade attempts until one succeeds, a final error, or connectTimeoutMs (then UnreachableError). */
export async function connectToCoordinator(opts: ConnectOptions): Promise<Upgraded> {
  const url = coordinatorUrl(opts.coordinator);
  const deadline = Date.now() + (opts.connectTimeoutMs ?? 60_000);
  for (;;) {
    try {
      return await upgradeOnce(url, opts.token, opts.signal);
    } catch (err: unknown) {
      if (!(err instanceof UnreachableError)) throw err;
      if (Date.now() + (opts.retryMs ?? 1000) > deadline) {
        throw new UnreachableError(url.origin, `${err.message} (gave up after ${((opts.connectTimeoutMs ?? 60_000) / 1000).toFixed(1)} s)`, { cause: err });
      }
      opts.onRetry?.(err.message);
      try {
        await realSleep(opts.retryMs ?? 1000, opts.signal);
      } catch {
        throw new AbortedError('stopped while connecting to the coordinator');
      }
    }
  }
}
