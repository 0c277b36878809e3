/**
 * The conditions a run measured under, and whether two runs' conditions differ
 * enough to explain a change between them: the machine's load (machine-load
 * records: load average, the CPU share other processes used, the share the
 * hypervisor stole) and the harness's own saturation (health records: the
 * runner's event-loop delay, the saturation sentences of health.ts).
 *
 * A slower candidate measured on a busier machine is not evidence against the
 * registry: compare marks such a change `conditions differ` instead of calling
 * it a regression (and a faster candidate on a quieter machine likewise instead
 * of an improvement). The limits below are deliberately coarse: each is a
 * difference that, on its own, moves latencies of tens of ms by more than the
 * default tolerances (a second job on a 2-core runner took push p90 from
 * 14.8 to 41.2 ms).
 */
import type { ReplEvent } from '../events/index.ts';
import { LOOP_DELAY_P99_LIMIT_MS } from './sections/health.ts';
import type { Report } from './report.ts';

/** Stolen CPU, mean over the run: a difference of this many percentage points. */
export const STEAL_DIFF_PP = 5;
/** CPU used by other processes than replbench, mean share of the machine: percentage points. */
export const OTHERS_BUSY_DIFF_PP = 20;
/** Load average per CPU: a difference of this much, and 1.5× between the runs. */
export const LOAD_PER_CPU_DIFF = 0.5;
/** The runner's event-loop delay p99: 3× between the runs and above this (ms) in one. */
export const LOOP_DELAY_FLOOR_MS = 10;

export interface RunConditions {
  /** Seconds of machine-load records (0: the run predates them, or ran elsewhere). */
  readonly intervals: number;
  readonly cpus?: number;
  readonly load1Mean?: number;
  readonly load1Max?: number;
  /** Busy share of the machine's CPU, mean %, replbench's own included. */
  readonly busyPctMean?: number;
  /** The busy share less replbench's own process (runner and lab thread), mean %. */
  readonly othersBusyPctMean?: number;
  readonly stealPctMean?: number;
  readonly stealPctMax?: number;
  /** The runner's event-loop delay p99 (ms) and process CPU (% of one core), from its health records. */
  readonly runnerLoopDelayP99Ms?: number;
  readonly runnerCpuMeanPct?: number;
  /** health.ts's saturation sentences: precision the harness lost. */
  readonly saturation: number;
}

export type Side = 'baseline' | 'candidate';

export interface ConditionDifference {
  /** The run whose conditions were worse (busier, more stolen, more saturated). */
  readonly worse: Side;
  readonly text: string;
}

export interface ConditionsComparison {
  readonly baseline: RunConditions;
  readonly candidate: RunConditions;
  readonly differences: readonly ConditionDifference[];
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const mean = (xs: readonly number[]): number | undefined => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);

export function conditionsOf(events: readonly ReplEvent[], report: Pick<Report, 'health'>): RunConditions {
  const m = events.filter((e): e is Extract<ReplEvent, { type: 'machine-load' }> => e.type === 'machine-load');
  const runner = report.health?.processes.runner;
  const saturation = report.health?.saturation.length ?? 0;
  const harness = {
    ...(runner !== undefined ? { runnerLoopDelayP99Ms: runner.loopDelayP99Ms } : {}),
    ...(runner?.cpuMeanPct !== undefined ? { runnerCpuMeanPct: runner.cpuMeanPct } : {}),
    saturation,
  };
  if (m.length === 0) return { intervals: 0, ...harness };
  const cpus = m[m.length - 1]?.cpus ?? 1;
  const load = m.map((e) => e.load1);
  const busy = mean(m.flatMap((e) => (e.busyPct === undefined ? [] : [e.busyPct])));
  const steal = m.flatMap((e) => (e.stealPct === undefined ? [] : [e.stealPct]));
  const stealMean = mean(steal);
  // The runner's process CPU (lab thread included) is % of one core; the machine's share is that ÷ CPUs.
  const own = runner?.cpuMeanPct !== undefined && cpus > 0 ? runner.cpuMeanPct / cpus : undefined;
  return {
    intervals: m.length,
    cpus,
    load1Mean: round(mean(load) ?? 0),
    load1Max: round(Math.max(...load)),
    ...(busy !== undefined ? { busyPctMean: round(busy, 1) } : {}),
    ...(busy !== undefined && own !== undefined ? { othersBusyPctMean: round(Math.max(0, busy - own), 1) } : {}),
    ...(stealMean !== undefined ? { stealPctMean: round(stealMean, 1), stealPctMax: round(Math.max(...steal), 1) } : {}),
    ...harness,
  };
}

/** Every way the two runs' conditions differ by more than the limits above; empty when comparable. */
export function compareConditions(baseline: RunConditions, candidate: RunConditions): ConditionsComparison {
  const differences: ConditionDifference[] = [];
  const worseOf = (a: number, b: number): Side => (b > a ? 'candidate' : 'baseline');
  const pair = (pick: (c: RunConditions) => number | undefined): [number, number] | undefined => {
    const a = pick(baseline);
    const b = pick(candidate);
    return a === undefined || b === undefined ? undefined : [a, b];
  };
  if (baseline.cpus !== undefined && candidate.cpus !== undefined && baseline.cpus !== candidate.cpus) {
    differences.push({ worse: worseOf(candidate.cpus, baseline.cpus), text: `the runs had ${baseline.cpus} and ${candidate.cpus} CPUs (different machines)` });
  }
  const steal = pair((c) => c.stealPctMean);
  if (steal !== undefined && Math.abs(steal[1] - steal[0]) >= STEAL_DIFF_PP) {
    differences.push({ worse: worseOf(...steal), text: `CPU stolen by the hypervisor: ${steal[0]}% (baseline) vs ${steal[1]}% (candidate) of the machine` });
  }
  const others = pair((c) => c.othersBusyPctMean);
  if (others !== undefined && Math.abs(others[1] - others[0]) >= OTHERS_BUSY_DIFF_PP) {
    differences.push({ worse: worseOf(...others), text: `CPU used by other processes: ${others[0]}% (baseline) vs ${others[1]}% (candidate) of the machine` });
  }
  const load = pair((c) => (c.load1Mean === undefined || c.cpus === undefined || c.cpus <= 0 ? undefined : c.load1Mean / c.cpus));
  if (load !== undefined) {
    const [lo, hi] = load[0] < load[1] ? [load[0], load[1]] : [load[1], load[0]];
    if (hi - lo >= LOAD_PER_CPU_DIFF && hi >= 1.5 * lo) {
      differences.push({ worse: worseOf(...load), text: `load average per CPU: ${round(load[0])} (baseline) vs ${round(load[1])} (candidate)` });
    }
  }
  const loop = pair((c) => c.runnerLoopDelayP99Ms);
  if (loop !== undefined) {
    const [lo, hi] = loop[0] < loop[1] ? [loop[0], loop[1]] : [loop[1], loop[0]];
    const crossed = (loop[0] > LOOP_DELAY_P99_LIMIT_MS) !== (loop[1] > LOOP_DELAY_P99_LIMIT_MS);
    if (hi > LOOP_DELAY_FLOOR_MS && (crossed || hi >= 3 * Math.max(lo, 1))) {
      differences.push({ worse: worseOf(...loop), text: `the harness's event-loop delay p99: ${loop[0]} ms (baseline) vs ${loop[1]} ms (candidate)` });
    }
  }
  if ((baseline.saturation === 0) !== (candidate.saturation === 0)) {
    const worse: Side = candidate.saturation > 0 ? 'candidate' : 'baseline';
    differences.push({ worse, text: `the ${worse} run's harness lost precision to saturation (see its report's Harness health), the other's did not` });
  }
  return { baseline, candidate, differences };
}

/** Do the differences explain a change in this direction (an increase: a worse candidate; a decrease: a worse baseline)? */
export function explains(c: ConditionsComparison | undefined, increase: boolean): boolean {
  if (c === undefined) return false;
  return c.differences.some((d) => d.worse === (increase ? 'candidate' : 'baseline'));
}
