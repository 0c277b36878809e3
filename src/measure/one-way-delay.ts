/**
 * When did the registry look? A probe is sent at `sentAtMs` and its answer
 * arrives at `atMs` (both on our clock); the registry evaluated the state
 * somewhere in between. The request needs at least one one-way delay to get
 * there and the answer at least one to come back, so the evaluation happened
 * within
 *
 *     [sentAtMs + oneWayDelayMs, atMs − oneWayDelayMs]
 *
 * whenever oneWayDelayMs is not more than the true one-way delay. That is why
 * the one-way delay is half the *minimum* RTT (a lower bound, for a symmetric
 * path) rather than the mean: the window stays a guarantee, and its width is
 * exactly the probe's jitter above the quickest round trip.
 *
 * In practice the minimum RTT also holds the ping's own server time, so the
 * window can be too narrow by a fraction of that: the benchmark's truth falls
 * outside lag ± uncertainty for 0.1–0.3% of replications, by under 1 ms.
 *
 * The watcher bounds the arrival with these ends: a miss proves absence after
 * its earliest evaluation time, a hit proves presence before its latest one.
 * Once there is a miss, the bracket's midpoint does not depend on the delay
 * estimate at all ((miss.sentAtMs + hit.atMs) / 2); only the uncertainty does.
 */

export interface ProbeTimes {
  readonly sentAtMs: number;
  readonly atMs: number;
}

export interface EvaluationWindow {
  readonly earliestMs: number;
  readonly latestMs: number;
}

/** Half the minimum round trip: a lower bound of the one-way delay. */
export function oneWayDelayMs(rtt: { readonly minMs: number }): number {
  return Math.max(0, rtt.minMs / 2);
}

/**
 * The interval in which the registry evaluated a probe. A probe quicker than
 * 2 × oneWayDelayMs (the estimate was too high) collapses to its midpoint.
 */
export function evaluationWindow(probe: ProbeTimes, oneWayDelayMs: number): EvaluationWindow {
  const owd = Math.max(0, oneWayDelayMs);
  const earliestMs = probe.sentAtMs + owd;
  const latestMs = probe.atMs - owd;
  if (earliestMs <= latestMs) return { earliestMs, latestMs };
  const midMs = (probe.sentAtMs + probe.atMs) / 2;
  return { earliestMs: midMs, latestMs: midMs };
}
