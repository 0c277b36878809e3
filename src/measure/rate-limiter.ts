/**
 * A shared probe budget: at most `ratePerSecond` acquisitions per second on
 * average, `burst` at once. Registries meter reads per replica (ACR: about
 * 10,000 per minute), so every watcher probing one replica should share one
 * limiter. Generic cell rate algorithm: each acquisition reserves the next
 * slot, so waiters are served in order and no timer is needed but their own.
 */
import { UsageError } from '../errors.ts';
import { throwIfAborted, type Sleep } from '../time/clock.ts';
import { realClock } from '../time/real-clock.ts';
import type { ProbeLimiter } from './watch-types.ts';

export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  /** Acquisitions allowed back to back after an idle period (default 1). */
  readonly burst?: number;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

export interface RateLimiter extends ProbeLimiter {
  readonly ratePerSecond: number;
  /** Acquisitions granted so far. */
  readonly granted: number;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const { ratePerSecond } = opts;
  const burst = opts.burst ?? 1;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new UsageError(`probe rate must be a number > 0 per second, got ${ratePerSecond}`);
  if (!Number.isSafeInteger(burst) || burst < 1) throw new UsageError(`probe burst must be an integer ≥ 1, got ${burst}`);
  const now = opts.now ?? realClock.now;
  const sleep = opts.sleep ?? realClock.sleep;
  const intervalMs = 1000 / ratePerSecond;
  let theoreticalMs = Number.NEGATIVE_INFINITY;
  let granted = 0;
  return {
    ratePerSecond,
    get granted() {
      return granted;
    },
    async acquire(signal?: AbortSignal): Promise<void> {
      throwIfAborted(signal, 'waiting for the probe budget');
      const t = now();
      theoreticalMs = Math.max(theoreticalMs, t);
      const allowedAtMs = theoreticalMs - (burst - 1) * intervalMs;
      theoreticalMs += intervalMs;
      if (allowedAtMs > t) await sleep(allowedAtMs - t, signal);
      granted++;
    },
  };
}
