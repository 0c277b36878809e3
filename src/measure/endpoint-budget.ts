/**
 * What a worker keeps per endpoint for its watches, whatever the target: the
 * RTT it measured (half its minimum is a watch's one-way delay unless the task
 * gives one) and the probe budget every watch of that endpoint shares (a
 * rate limiter, when the scenario sets a probe rate).
 */
import { throwIfAborted, type Sleep } from '../time/clock.ts';
import { oneWayDelayMs } from './one-way-delay.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import type { RttEstimate } from './rtt.ts';

export interface EndpointBudgetOptions {
  /** Measures the RTT to an endpoint (the worker's own way). */
  readonly measure: (endpoint: string, signal?: AbortSignal) => Promise<RttEstimate>;
  readonly now: () => number;
  readonly sleep?: Sleep;
  /** Shared probe budget per endpoint (default: unlimited). */
  readonly probeRatePerSecond?: number;
}

export class EndpointBudget {
  readonly #o: EndpointBudgetOptions;
  readonly #rtts = new Map<string, RttEstimate>();
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(opts: EndpointBudgetOptions) {
    this.#o = opts;
  }

  /** Measures and keeps the endpoint's RTT. */
  async measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
    const rtt = await this.#o.measure(endpoint, signal);
    this.#rtts.set(endpoint, rtt);
    return rtt;
  }

  /** The one-way delay a watch of the endpoint corrects for: `given`, else from the kept RTT (measured first if none); then a check for abort. */
  async oneWayDelay(endpoint: string, given: number | undefined, signal?: AbortSignal): Promise<number> {
    let owd = given;
    if (owd === undefined) owd = oneWayDelayMs(this.#rtts.get(endpoint) ?? (await this.measureRtt(endpoint, signal)));
    throwIfAborted(signal, 'the replication watch');
    return owd;
  }

  /** The endpoint's shared probe limiter; undefined without a probe rate. */
  limiter(endpoint: string): RateLimiter | undefined {
    const rate = this.#o.probeRatePerSecond;
    if (rate === undefined) return undefined;
    let limiter = this.#limiters.get(endpoint);
    if (limiter === undefined) {
      limiter = createRateLimiter({ ratePerSecond: rate, now: this.#o.now, ...(this.#o.sleep ? { sleep: this.#o.sleep } : {}) });
      this.#limiters.set(endpoint, limiter);
    }
    return limiter;
  }
}
