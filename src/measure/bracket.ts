/**
 * Brackets an arrival from monotone observations. A component of an artifact
 * (its manifest, each blob) goes from absent to present once and stays; every
 * miss proves absence after its earliest evaluation time, every hit presence
 * before its latest (see one-way-delay.ts). The artifact is pullable once all
 * its components are, so its arrival lies after the latest miss of any
 * component and no later than the latest first-hit of any component.
 *
 * A miss sent after a hit's answer came back breaks monotonicity (a flapping
 * replica, a load balancer across stale nodes): the hit is dropped and the
 * component must be found present again.
 */
import { evaluationWindow, type ProbeTimes } from './one-way-delay.ts';

interface Mark {
  /** Evaluation bound corrected by the one-way delay. */
  readonly boundMs: number;
  /** The probe's own times, for the uncorrected fallback. */
  readonly sentAtMs: number;
  readonly atMs: number;
}

export class ComponentBracket {
  #lastMiss: Mark | undefined;
  #firstHit: Mark | undefined;
  #lastObservedSentAtMs = Number.NEGATIVE_INFINITY;
  #lastObservedMiss = false;
  flaps = 0;

  /** Present, as far as we know. */
  get confirmed(): boolean {
    return this.#firstHit !== undefined;
  }

  /** The most recent observation (by send time) was a miss. */
  get lastObservedMiss(): boolean {
    return this.#lastObservedMiss;
  }

  get lastMiss(): Mark | undefined {
    return this.#lastMiss;
  }

  get firstHit(): Mark | undefined {
    return this.#firstHit;
  }

  recordMiss(probe: ProbeTimes, oneWayDelayMs: number): void {
    this.#observed(probe, true);
    if (this.#firstHit !== undefined && probe.sentAtMs > this.#firstHit.atMs) {
      this.#firstHit = undefined;
      this.flaps++;
    }
    const boundMs = evaluationWindow(probe, oneWayDelayMs).earliestMs;
    if (this.#lastMiss === undefined || boundMs > this.#lastMiss.boundMs) this.#lastMiss = { boundMs, sentAtMs: probe.sentAtMs, atMs: probe.atMs };
  }

  recordHit(probe: ProbeTimes, oneWayDelayMs: number): void {
    this.#observed(probe, false);
    if (this.#lastMiss !== undefined && this.#lastMiss.sentAtMs > probe.atMs) return; // answered before a later miss was sent: stale
    const boundMs = evaluationWindow(probe, oneWayDelayMs).latestMs;
    if (this.#firstHit === undefined || boundMs < this.#firstHit.boundMs) this.#firstHit = { boundMs, sentAtMs: probe.sentAtMs, atMs: probe.atMs };
  }

  #observed(probe: ProbeTimes, miss: boolean): void {
    if (probe.sentAtMs >= this.#lastObservedSentAtMs) {
      this.#lastObservedSentAtMs = probe.sentAtMs;
      this.#lastObservedMiss = miss;
    }
  }
}

export interface Bracket {
  /** The artifact was not yet pullable here (the commit point when nothing was missed). */
  readonly fromMs: number;
  /** It was pullable by here. */
  readonly toMs: number;
}

/**
 * The arrival bracket of an artifact whose components are all confirmed, or
 * undefined. When the one-way-delay correction makes the ends cross (the
 * estimate was too high), the uncorrected probe times are used instead; a hit
 * before the lower end (the artifact was there before the commit point)
 * collapses the bracket onto it.
 */
export function arrivalBracket(components: readonly ComponentBracket[], commitPointMs: number): Bracket | undefined {
  if (!components.every((c) => c.confirmed)) return undefined;
  const from = (pick: (m: Mark) => number): number =>
    Math.max(commitPointMs, ...components.map((c) => (c.lastMiss === undefined ? Number.NEGATIVE_INFINITY : pick(c.lastMiss))));
  const to = (pick: (m: Mark) => number): number => Math.max(...components.map((c) => pick(c.firstHit as Mark)));
  let fromMs = from((m) => m.boundMs);
  let toMs = to((m) => m.boundMs);
  if (fromMs > toMs) {
    fromMs = from((m) => m.sentAtMs);
    toMs = to((m) => m.atMs);
  }
  return { fromMs, toMs: Math.max(toMs, fromMs) };
}
