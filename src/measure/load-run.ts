/**
 * One load series: autocannon drives `task.connections` keep-alive
 * connections at one endpoint with one request kind, at `task.ratePerSec`
 * (over all connections) or flat out, for `task.durationMs`.
 *
 * Latencies are ours, not autocannon's summary (whole ms): each response's
 * hrtime-measured time from its instance's `response` event goes into
 * LoadRecorder in µs, corrected for coordinated omission with the planned
 * inter-arrival time per connection (connections / rate) and uncorrected.
 * Intervals are handed to onInterval as they close.
 *
 * autocannon paces a rate per connection in one-second windows and waits for
 * each response before sending the next request on that connection (closed
 * loop): a stalled response holds back the requests planned behind it, which
 * is exactly what the correction accounts for. Two adjustments: HEAD
 * responses carry a Content-Length but no body, which autocannon's parser
 * would wait for, so their bodies are skipped; and the Authorization header is
 * re-read every second and swapped on every connection when the token changed.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { AbortedError, UsageError } from '../errors.ts';
import type { Credentials } from '../oci/credential-types.ts';
import { discoverLoadAuth } from './load-auth.ts';
import { LoadRecorder } from './load-recorder.ts';
import { loadRequestFor } from './load-request.ts';
import { expectedIntervalUs, type LoadRunOptions, type LoadTask, type LoadTotals } from './load-types.ts';

export interface RunLoadOptions extends LoadRunOptions {
  /** The endpoint's base URL as seen from here. */
  readonly baseUrl: string;
  /** Default anonymous. */
  readonly credentials?: Credentials;
  /** Plain http allowed (token realms included). */
  readonly insecure?: boolean;
  readonly tlsRejectUnauthorized?: boolean;
  /** Clock of the interval stamps (ms). Default performance.now. */
  readonly now?: () => number;
  /** How often the Authorization is re-read (default 1000 ms). */
  readonly authCheckMs?: number;
  /** A request without an answer this long counts as a timeout (default 10 s, whole seconds). */
  readonly requestTimeoutMs?: number;
}

export const LOAD_INTERVAL_MS = 1000;

/** Checks a task; UsageError naming the field otherwise. */
export function checkLoadTask(task: LoadTask): LoadTask {
  if (!Number.isSafeInteger(task.connections) || task.connections < 1) throw new UsageError(`load connections must be a whole number ≥ 1, got ${task.connections}`);
  if (!(task.durationMs > 0) || !Number.isFinite(task.durationMs)) throw new UsageError(`load duration must be > 0 ms, got ${task.durationMs}`);
  if (task.ratePerSec !== null && !(Math.round(task.ratePerSec) >= task.connections)) {
    throw new UsageError(`load rate must be at least one request per second per connection (${task.connections}), got ${task.ratePerSec}/s`);
  }
  return task;
}

export async function runLoad(task: LoadTask, opts: RunLoadOptions): Promise<LoadTotals> {
  checkLoadTask(task);
  const now = opts.now ?? ((): number => performance.now());
  if (opts.signal?.aborted) throw new AbortedError('the load was aborted');
  const auth = await discoverLoadAuth({
    baseUrl: opts.baseUrl,
    credentials: opts.credentials ?? { kind: 'anonymous' },
    insecure: opts.insecure ?? false,
    ...(opts.tlsRejectUnauthorized !== undefined ? { tlsRejectUnauthorized: opts.tlsRejectUnauthorized } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const timers: NodeJS.Timeout[] = [];
  try {
    const req = loadRequestFor(task.kind, opts.baseUrl, task.target, auth);
    let authorization = req.scopes.length > 0 ? await auth.authorization(req.scopes, opts.signal) : undefined;
    const headersWith = (a: string | undefined): Record<string, string> => ({ ...req.headers, ...(a !== undefined ? { authorization: a } : {}) });
    const rate = task.ratePerSec === null ? null : Math.round(task.ratePerSec);
    const recorder = new LoadRecorder(expectedIntervalUs(rate, task.connections), now);
    const clients: autocannon.Client[] = [];
    const startMs = now();
    let stop: (() => void) | undefined;
    const result = new Promise<void>((resolve, reject) => {
      const instance = autocannon(
        {
          url: req.url,
          method: req.method,
          headers: headersWith(authorization),
          ...(req.body !== undefined ? { body: req.body } : {}),
          connections: task.connections,
          duration: task.durationMs / 1000,
          sampleInt: 100,
          timeout: Math.max(1, Math.round((opts.requestTimeoutMs ?? 10_000) / 1000)),
          ...(rate !== null ? { overallRate: rate } : {}),
          setupClient: (client) => {
            clients.push(client);
            if (req.method === 'HEAD') process.nextTick(() => skipResponseBodies(client));
          },
        },
        (err) => (err ? reject(err) : resolve()),
      );
      instance.on('response', (_client, status, _bytes, ms) => recorder.response(status, ms));
      instance.on('reqError', (err: unknown) => recorder.failure(err instanceof Error && /timed out/.test(err.message)));
      stop = (): void => instance.stop();
      opts.signal?.addEventListener('abort', stop, { once: true });
    });
    timers.push(setInterval(() => opts.onInterval?.(recorder.cut()), task.intervalMs ?? LOAD_INTERVAL_MS));
    if (authorization !== undefined) {
      let checking = false;
      timers.push(
        setInterval(() => {
          if (checking) return;
          checking = true;
          auth
            .authorization(req.scopes, opts.signal)
            .then((next) => {
              if (next === undefined || next === authorization) return;
              authorization = next;
              for (const c of clients) c.setHeaders(headersWith(next));
            })
            .catch(() => undefined) // the old token stays; its 401s are counted
            .finally(() => (checking = false));
        }, opts.authCheckMs ?? 1000),
      );
    }
    await result.finally(() => stop && opts.signal?.removeEventListener('abort', stop));
    const durationMs = now() - startMs;
    for (const t of timers.splice(0)) clearInterval(t);
    if (recorder.pending) opts.onInterval?.(recorder.cut());
    if (opts.signal?.aborted) throw new AbortedError('the load was aborted');
    return {
      endpoint: task.endpoint,
      kind: task.kind,
      connections: task.connections,
      ratePerSec: rate,
      durationMs,
      expectedIntervalUs: recorder.expectedIntervalUs,
      ...recorder.totals(),
    };
  } finally {
    for (const t of timers) clearInterval(t);
    await auth.close();
  }
}

/** HEAD: answer "skip the body" from the parser's headers-complete hook (http-parser-js honours it). */
function skipResponseBodies(client: autocannon.Client): void {
  const parser = (client as unknown as { parser?: Record<number, unknown> & { constructor: { kOnHeadersComplete?: number } } }).parser;
  const key = parser?.constructor.kOnHeadersComplete;
  if (parser === undefined || key === undefined) return;
  const original = parser[key];
  if (typeof original !== 'function') return;
  parser[key] = (...args: unknown[]): boolean => {
    (original as (...a: unknown[]) => unknown)(...args);
    return true;
  };
}
