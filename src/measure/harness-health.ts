/**
 * The harness measures its own health, once a second: event-loop delay
 * (perf_hooks.monitorEventLoopDelay, 10 ms resolution), how busy the
 * thread's loop was (event-loop utilization), the process's CPU time, and the send lateness of every probe of every
 * watch that ended in the interval (watcher.ts latenessMs: how much later
 * than planned a probe left through this process's fault, per region). Each
 * interval is handed to `onInterval` as compressed HDR histograms in µs, so
 * intervals and processes merge exactly.
 *
 * A saturated harness shows here first: probes that leave late widen their
 * brackets by as much, and a busy loop reads 201s and answers late.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, recordUs, type Histogram } from '../stats/histogram-factory.ts';

export interface HealthInterval {
  /** Start of the interval on the monitor's clock (ms). */
  readonly startMs: number;
  readonly lengthMs: number;
  /** Event-loop delay samples (µs), compressed base64. */
  readonly loopDelay: string;
  readonly loopDelayMaxUs: number;
  /**
   * CPU time of the whole process over the interval (µs, user + system: every
   * thread of it). Node 20 has no per-thread CPU clock; busyUs is per thread.
   */
  readonly cpuUs: number;
  /** Time this thread's event loop was busy (not waiting for I/O or timers), µs: its utilization × the interval. */
  readonly busyUs: number;
  /** Probe send lateness (µs) per region, for watches that ended in the interval. */
  readonly probeLateness: Readonly<Record<string, string>>;
  /** How late this thread's own timed callbacks ran (µs; the lab's link delays and copies), when it reports them. */
  readonly timerLateness?: string;
}

export interface HealthMonitorOptions {
  readonly now: () => number;
  /** Default 1000 ms. */
  readonly intervalMs?: number;
  readonly onInterval: (interval: HealthInterval) => void;
}

/** Loop-delay samples finer than this are not kept by Node's monitor (ms). */
export const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * Node's monitor keeps its own HDR histogram in ns and exposes percentiles,
 * not the histogram: rebuild it from the percentile iteration (each step's
 * share of the count at that step's value), in µs. Its samples are the time
 * between two timer turns, resolution included: the delay is that less the
 * resolution.
 */
export function loopDelayHistogram(monitor: Pick<IntervalHistogram, 'count' | 'percentiles'>): Histogram {
  const h = createHistogram();
  const total = monitor.count;
  if (!(total > 0)) return h;
  let recorded = 0;
  for (const [percentile, ns] of [...monitor.percentiles.entries()].sort((a, b) => a[0] - b[0])) {
    const upTo = Math.round((percentile / 100) * total);
    const n = upTo - recorded;
    if (n > 0) {
      h.recordValueWithCount(Math.max(0, Math.round(ns / 1000) - LOOP_DELAY_RESOLUTION_MS * 1000), n);
      recorded = upTo;
    }
  }
  return h;
}

export class HealthMonitor {
  readonly #o: HealthMonitorOptions;
  readonly #loop: IntervalHistogram;
  readonly #lateness = new Map<string, Histogram>();
  #timers: Histogram | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #startMs = 0;
  #cpu = process.cpuUsage();
  #elu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(opts: HealthMonitorOptions) {
    this.#o = opts;
    this.#loop = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#startMs = this.#o.now();
    this.#cpu = process.cpuUsage();
    this.#elu = performance.eventLoopUtilization();
    this.#loop.enable();
    this.#timer = setInterval(() => this.#flush(), this.#o.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** The lateness of a watch's probes (ms each), counted in the interval it ended in. */
  probeLateness(region: string, latenessMs: readonly number[]): void {
    if (this.#timer === undefined || latenessMs.length === 0) return;
    let h = this.#lateness.get(region);
    if (h === undefined) this.#lateness.set(region, (h = createHistogram()));
    for (const ms of latenessMs) recordUs(h, ms * 1000);
  }

  /** How late one of this thread's timed callbacks ran (ms). */
  timerLateness(lateMs: number): void {
    if (this.#timer === undefined) return;
    this.#timers ??= createHistogram();
    recordUs(this.#timers, lateMs * 1000);
  }

  /** Ends the current interval now (emitted when it holds anything) and starts the next. */
  flush(): void {
    if (this.#timer !== undefined) this.#flush();
  }

  /** Ends the current interval (emitted when it holds anything) and stops. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#flush();
    this.#loop.disable();
  }

  #flush(): void {
    const nowMs = this.#o.now();
    const lengthMs = nowMs - this.#startMs;
    const cpu = process.cpuUsage(this.#cpu);
    const elu = performance.eventLoopUtilization(this.#elu);
    const loop = loopDelayHistogram(this.#loop);
    const probeLateness: Record<string, string> = {};
    for (const region of [...this.#lateness.keys()].sort()) probeLateness[region] = encodeHistogram(this.#lateness.get(region) as Histogram);
    const interval: HealthInterval = {
      startMs: this.#startMs,
      lengthMs,
      loopDelay: encodeHistogram(loop),
      loopDelayMaxUs: this.#loop.count > 0 ? Math.max(0, Math.round(this.#loop.max / 1000) - LOOP_DELAY_RESOLUTION_MS * 1000) : 0,
      cpuUs: cpu.user + cpu.system,
      busyUs: Math.round(elu.active * 1000),
      probeLateness,
      ...(this.#timers !== undefined ? { timerLateness: encodeHistogram(this.#timers) } : {}),
    };
    this.#timers = undefined;
    this.#loop.reset();
    this.#lateness.clear();
    this.#cpu = process.cpuUsage();
    this.#elu = performance.eventLoopUtilization();
    this.#startMs = nowMs;
    if (lengthMs > 0) this.#o.onInterval(interval);
  }
}
