/**
 * Accuracy and probe cost of the replication watcher, on a virtual clock
 * against a simulated replica: lognormal lags (median 2 s, σ 0.5 by default:
 * p1 ≈ 0.6 s, p99 ≈ 6.4 s), a link with exponential jitter on each direction
 * and on server time, the one-way delay estimated from five pings like a real
 * run. Every schedule sees the same lags.
 *
 *   adaptive   the default: cold for a region's first 5 replications, then
 *              with the prior learned from the region's recent lags
 *   cold       adaptive without ever learning (every watch starts blind)
 *   fixed      polling every I ms, I chosen for the same mean probe count as adaptive
 *
 * Goal of record: |error| ≤ 10 ms + 2% of the true lag for at least 99% of
 * replications, with ≤ 30 probes each on average for lags around 2 s.
 * "within goal" is the share of replications meeting their own tolerance,
 * "in bracket" the share whose truth lies within lag ± uncertainty.
 *
 * Alone: node --import tsx bench/watch.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { LagPrior } from '../src/measure/lag-prior.ts';
import { DEFAULT_SCHEDULE, withPrior, type ProbeSchedule } from '../src/measure/probe-schedule.ts';
import { measureRtt } from '../src/measure/rtt.ts';
import { oneWayDelayMs } from '../src/measure/one-way-delay.ts';
import { SimulatedReplica, type SimulatedLink } from '../src/measure/simulated-replica.ts';
import { VirtualClock } from '../src/time/virtual-clock.ts';
import { watchReplication } from '../src/measure/watcher.ts';
import { quantileOfSorted, sortedCopy } from '../src/stats/exact-quantile.ts';
import { createPrng, type Prng } from '../src/workload/prng.ts';
import type { BenchResult } from './result.ts';

export interface BenchWatchOptions {
  /** Replications per schedule and link (default 2000). */
  readonly replications?: number;
  readonly medianLagMs?: number;
  /** σ of ln(lag) (default 0.5). */
  readonly sigma?: number;
  readonly seed?: string;
}

interface LinkModel {
  readonly name: string;
  readonly oneWayMs: number;
  /** Mean of the exponential jitter added to each direction. */
  readonly jitterMs: number;
}

const LINKS: readonly LinkModel[] = [
  { name: 'local', oneWayMs: 0.5, jitterMs: 0.1 },
  { name: 'remote', oneWayMs: 40, jitterMs: 2 },
];

interface Stats {
  readonly meanProbes: number;
  readonly p99AbsErrMs: number;
  readonly withinGoalPct: number;
  readonly inBracketPct: number;
}

const DIGEST = `sha256:${'d'.repeat(64)}`;
const goalMs = (lagMs: number): number => 10 + 0.02 * lagMs;

function jitteredLink(rng: Prng, model: LinkModel): SimulatedLink {
  const expo = (mean: number): number => -Math.log(1 - rng.uniform()) * mean;
  return {
    forwardMs: () => model.oneWayMs + expo(model.jitterMs),
    serverMs: () => 0.2 + expo(0.3),
    backMs: () => model.oneWayMs + expo(model.jitterMs),
  };
}

async function simulate(lagsMs: readonly number[], link: LinkModel, seed: string, schedule: (prior: LagPrior) => ProbeSchedule): Promise<Stats> {
  const clock = new VirtualClock();
  const replica = new SimulatedReplica({ clock, link: jitteredLink(createPrng(`${seed}/link`), link) });
  const owd = oneWayDelayMs(await clock.run(measureRtt((signal) => replica.ping(signal ? { signal } : {}).then((p) => p.latencyMs))));
  const prior = new LagPrior();
  const errors: number[] = [];
  let probes = 0;
  let within = 0;
  let inBracket = 0;
  for (const [i, lagMs] of lagsMs.entries()) {
    const commitAtMs = clock.now() + 1000;
    const repo = `bench/r${i}`;
    replica.add({ repo, digest: DIGEST, manifestAtMs: commitAtMs + lagMs });
    await clock.run(clock.sleep(1000));
    const result = await clock.run(
      watchReplication({
        client: replica, repo, digest: DIGEST, commitAtMs, oneWayDelayMs: owd, schedule: schedule(prior),
        timeoutMs: 600_000, probe: 'manifest', now: clock.now, sleep: clock.sleep,
      }),
    );
    if (result.outcome !== 'replicated') throw new Error(`replication ${i} ended ${result.outcome}`);
    prior.observe(result.lagMs, result.uncertaintyMs);
    const err = Math.abs(result.lagMs - lagMs);
    errors.push(err);
    probes += result.probes;
    if (err <= goalMs(lagMs)) within++;
    if (err <= result.uncertaintyMs + 1e-9) inBracket++;
  }
  const n = lagsMs.length;
  return {
    meanProbes: probes / n,
    p99AbsErrMs: quantileOfSorted(sortedCopy(errors), 99) ?? Number.NaN,
    withinGoalPct: (100 * within) / n,
    inBracketPct: (100 * inBracket) / n,
  };
}

/** The interval at which fixed polling sends `targetProbes` probes on average (first probe ≥ lag ends the watch). */
function fixedIntervalFor(lagsMs: readonly number[], targetProbes: number): number {
  const mean = (intervalMs: number): number => lagsMs.reduce((s, l) => s + Math.floor(l / intervalMs) + 1, 0) / lagsMs.length;
  let lo = 1;
  let hi = 60_000;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (mean(mid) > targetProbes) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

export async function benchWatch(options: BenchWatchOptions = {}): Promise<BenchResult[]> {
  const n = options.replications ?? 2000;
  const median = options.medianLagMs ?? 2000;
  const sigma = options.sigma ?? 0.5;
  const seed = options.seed ?? 'watch-bench';
  const rng = createPrng(`${seed}/lags`);
  const lagsMs = Array.from({ length: n }, () => median * Math.exp(sigma * rng.normal()));
  const results: BenchResult[] = [];
  const push = (name: string, s: Stats, what: string): void => {
    const detail = `${what}; ${n} lags lognormal(median ${median} ms, σ ${sigma})`;
    results.push(
      { name: `${name}.mean-probes`, value: round(s.meanProbes), unit: 'probes', detail },
      { name: `${name}.p99-abs-error`, value: round(s.p99AbsErrMs), unit: 'ms', detail },
      { name: `${name}.within-goal`, value: round(s.withinGoalPct), unit: '%', detail: '|error| ≤ 10 ms + 2% of the true lag' },
      { name: `${name}.in-bracket`, value: round(s.inBracketPct), unit: '%', detail: 'truth within lag ± uncertainty' },
    );
  };
  for (const link of LINKS) {
    const linkWhat = `${link.name} link (one-way ${link.oneWayMs} ms + exp. jitter mean ${link.jitterMs} ms each way)`;
    const adaptive = await simulate(lagsMs, link, seed, (prior) => withPrior(DEFAULT_SCHEDULE, prior.snapshot()));
    push(`watch.${link.name}.adaptive`, adaptive, `adaptive (default), learning a prior; ${linkWhat}`);
    const cold = await simulate(lagsMs, link, seed, () => DEFAULT_SCHEDULE);
    push(`watch.${link.name}.cold`, cold, `adaptive without a prior; ${linkWhat}`);
    const intervalMs = fixedIntervalFor(lagsMs, adaptive.meanProbes);
    const fixed = await simulate(lagsMs, link, seed, () => ({ kind: 'fixed', intervalMs }));
    push(`watch.${link.name}.fixed`, fixed, `fixed interval ${intervalMs.toFixed(1)} ms (adaptive's probe budget); ${linkWhat}`);
  }
  return results;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const results = await benchWatch();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(8)} ${r.unit.padEnd(6)}  ${r.detail ?? ''}`);
  const value = (name: string): number => results.find((r) => r.name === name)?.value ?? Number.NaN;
  for (const link of LINKS.map((l) => l.name)) {
    const a = value(`watch.${link}.adaptive.within-goal`);
    const f = value(`watch.${link}.fixed.within-goal`);
    const winner = a >= f ? 'adaptive' : 'fixed';
    console.log(`${link}: at ${value(`watch.${link}.adaptive.mean-probes`)} probes, within goal ${a}% (adaptive) vs ${f}% (fixed) → ${winner}`);
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of real time)`);
}
