/**
 * The harness's own health, folded from `health` records: per thread
 * (the runner, the lab thread), event-loop delay percentiles and how busy
 * its loop was (mean and the busiest interval), and the process's CPU; per region, the send lateness of its probes. Then the
 * verdict a reader needs: which series lost precision to a saturated
 * harness, and by how much.
 *
 * Stated limits: an event-loop delay p99 above LOOP_DELAY_P99_LIMIT_MS means
 * the process read 201s and probe answers late (commit points and bracket
 * ends shift by up to that); a region whose probes left more than
 * PROBE_LATENESS_P99_LIMIT_MS late at p99 had brackets up to that much wider
 * than its probe schedule's design; a lab thread whose own timers ran more
 * than TIMER_LATENESS_P99_LIMIT_MS late at p99 emulated RTTs and answered
 * probes late by as much.
 *
 * In report.md before the thresholds, in summary.json as health.
 */
import type { HealthEvent, ReplEvent, RunStartEvent } from '../../events/index.ts';
import { addEncoded, createHistogram, mergeEncoded, type Histogram } from '../../stats/histogram-factory.ts';
import { compareText } from '../../stats/labels.ts';
import { maxUs, percentileUs, usToMs } from '../../stats/percentiles.ts';
import { table } from '../format.ts';
import { defineSection } from './section.ts';

export const LOOP_DELAY_P99_LIMIT_MS = 20;
export const PROBE_LATENESS_P99_LIMIT_MS = 5;
export const TIMER_LATENESS_P99_LIMIT_MS = 5;

export interface ProcessHealth {
  readonly intervals: number;
  readonly loopDelayP50Ms: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** Event-loop utilization of the thread, %: over the run, and the busiest interval. */
  readonly busyMeanPct: number;
  readonly busyMaxPct: number;
  /** CPU time of the whole process ÷ wall time, in % of one core (every thread; absent for a thread's own records). */
  readonly cpuMeanPct?: number;
  readonly cpuMaxPct?: number;
  /** How late the thread's own timed callbacks ran (the lab thread: link delays, copies), ms. */
  readonly timerLatenessP99Ms?: number;
  readonly timerLatenessMaxMs?: number;
}

export interface ProbeLateness {
  readonly probes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** What the probe budget (maxProbeRatePerRegion) held back in a region. */
export interface BudgetUse {
  readonly probes: number;
  readonly heldProbes: number;
  /** Mean wait of a held probe. */
  readonly meanWaitMs: number;
}

export interface Health {
  readonly processes: Readonly<Record<string, ProcessHealth>>;
  readonly probeLateness: Readonly<Record<string, ProbeLateness>>;
  /** Regions whose probe budget held probes back (absent when none did). */
  readonly budget?: Readonly<Record<string, BudgetUse>>;
  /** The lab thread's clock against the run clock at start (µs): how well ground truth is aligned. */
  readonly labClock?: { readonly offsetUs: number; readonly uncertaintyUs: number };
  /** One sentence per lost precision; empty when the harness kept up. */
  readonly saturation: readonly string[];
}

const round = (ms: number, digits = 2): number => Number(ms.toFixed(digits));

/** A held probe waiting this long on average means the budget, not the schedule, set the resolution (ms). */
export const BUDGET_WAIT_LIMIT_MS = 5;

/** undefined when the log has no health record (older runs, a blob run) and no probe was held by a budget. */
export function healthOf(events: readonly ReplEvent[]): Health | undefined {
  const records = events.filter((e): e is HealthEvent => e.type === 'health');
  const budget = budgetOf(events);
  if (records.length === 0 && budget === undefined) return undefined;
  const bySource = new Map<string, HealthEvent[]>();
  // One accumulating histogram per region: a long run has a record per second.
  const lateness = new Map<string, Histogram>();
  for (const r of records) {
    const list = bySource.get(r.source);
    if (list === undefined) bySource.set(r.source, [r]);
    else list.push(r);
    for (const [region, encoded] of Object.entries(r.probeLateness)) {
      let h = lateness.get(region);
      if (h === undefined) lateness.set(region, (h = createHistogram()));
      addEncoded(h, encoded);
    }
  }
  const processes: Record<string, ProcessHealth> = {};
  const saturation: string[] = [];
  for (const source of [...bySource.keys()].sort(compareText)) {
    const rs = bySource.get(source) as HealthEvent[];
    const loop = mergeEncoded(rs.map((r) => r.loopDelay));
    const p = (q: number): number => round(usToMs(percentileUs(loop, q)));
    const share = (pick: (r: HealthEvent) => number | undefined): { mean: number; max: number } | undefined => {
      const known = rs.filter((r) => pick(r) !== undefined && r.lengthUs > 0);
      if (known.length === 0) return undefined;
      const wallUs = known.reduce((n, r) => n + r.lengthUs, 0);
      const usedUs = known.reduce((n, r) => n + (pick(r) as number), 0);
      return { mean: round((100 * usedUs) / wallUs, 1), max: round(Math.max(...known.map((r) => (100 * (pick(r) as number)) / r.lengthUs)), 1) };
    };
    const timerRecords = rs.filter((r) => r.timerLateness !== undefined);
    const timers = timerRecords.length === 0 ? undefined : mergeEncoded(timerRecords.map((r) => r.timerLateness as string));
    const busy = share((r) => r.busyUs);
    const cpu = share((r) => r.cpuUs);
    const h: ProcessHealth = {
      intervals: rs.length,
      loopDelayP50Ms: p(50),
      loopDelayP99Ms: p(99),
      loopDelayMaxMs: round(usToMs(Math.max(maxUs(loop), ...rs.map((r) => r.loopDelayMaxUs)))),
      busyMeanPct: busy?.mean ?? 0,
      busyMaxPct: busy?.max ?? 0,
      ...(cpu !== undefined ? { cpuMeanPct: cpu.mean, cpuMaxPct: cpu.max } : {}),
      ...(timers !== undefined ? { timerLatenessP99Ms: round(usToMs(percentileUs(timers, 99))), timerLatenessMaxMs: round(usToMs(maxUs(timers))) } : {}),
    };
    processes[source] = h;
    if (h.timerLatenessP99Ms !== undefined && h.timerLatenessP99Ms > TIMER_LATENESS_P99_LIMIT_MS) {
      saturation.push(
        `${source}: its timers ran p99 ${h.timerLatenessP99Ms} ms late (max ${h.timerLatenessMaxMs ?? 0} ms; limit ${TIMER_LATENESS_P99_LIMIT_MS} ms): ` +
          `emulated round trips and probe answers were late by up to that, widening every bracket (its loop was busy ${h.busyMeanPct}% of the time).`,
      );
    }
    if (h.loopDelayP99Ms > LOOP_DELAY_P99_LIMIT_MS) {
      saturation.push(
        `${source}: event-loop delay p99 ${h.loopDelayP99Ms} ms (max ${h.loopDelayMaxMs} ms) is above the ${LOOP_DELAY_P99_LIMIT_MS} ms limit: ` +
          `it read 201s and probe answers up to that late (its loop was busy ${h.busyMeanPct}% of the time, ${h.busyMaxPct}% in the busiest second).`,
      );
    }
  }
  const probeLateness: Record<string, ProbeLateness> = {};
  for (const region of [...lateness.keys()].sort(compareText)) {
    const h = lateness.get(region) as Histogram;
    const l: ProbeLateness = {
      probes: h.totalCount,
      p50Ms: round(usToMs(percentileUs(h, 50))),
      p99Ms: round(usToMs(percentileUs(h, 99))),
      maxMs: round(usToMs(maxUs(h))),
    };
    probeLateness[region] = l;
    if (l.p99Ms > PROBE_LATENESS_P99_LIMIT_MS) {
      saturation.push(
        `replication_lag{region:${region}}: probes left p99 ${l.p99Ms} ms late (max ${l.maxMs} ms; limit ${PROBE_LATENESS_P99_LIMIT_MS} ms): ` +
          `its brackets are up to that much wider than the probe schedule's design.`,
      );
    }
  }
  for (const [region, b] of Object.entries(budget ?? {})) {
    if (b.meanWaitMs > BUDGET_WAIT_LIMIT_MS) {
      saturation.push(
        `replication_lag{region:${region}}: the probe budget held ${b.heldProbes} of ${b.probes} probes back, ${b.meanWaitMs} ms each on average: ` +
          `the budget (replication.maxProbeRatePerRegion), not the schedule, set the resolution there.`,
      );
    }
  }
  const labClock = events.find((e): e is RunStartEvent => e.type === 'run-start')?.labClock;
  return { processes, probeLateness, ...(budget !== undefined ? { budget } : {}), ...(labClock !== undefined ? { labClock } : {}), saturation };
}

function budgetOf(events: readonly ReplEvent[]): Record<string, BudgetUse> | undefined {
  const by = new Map<string, { probes: number; held: number; waitUs: number }>();
  for (const e of events) {
    if (e.type !== 'replication') continue;
    const b = by.get(e.labels.region) ?? { probes: 0, held: 0, waitUs: 0 };
    b.probes += e.probes;
    b.held += e.budgetHeld?.probes ?? 0;
    b.waitUs += e.budgetHeld?.waitUs ?? 0;
    by.set(e.labels.region, b);
  }
  const out: Record<string, BudgetUse> = {};
  for (const region of [...by.keys()].sort(compareText)) {
    const b = by.get(region) as { probes: number; held: number; waitUs: number };
    if (b.held > 0) out[region] = { probes: b.probes, heldProbes: b.held, meanWaitMs: round(usToMs(b.waitUs) / b.held) };
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** report.md's "Harness health" section. */
export function healthMarkdown(h: Health): string {
  const procRows = Object.entries(h.processes).map(([source, p]) => [
    source,
    String(p.intervals),
    `${p.loopDelayP50Ms}`,
    `${p.loopDelayP99Ms}`,
    `${p.loopDelayMaxMs}`,
    `${p.busyMeanPct}% / ${p.busyMaxPct}%`,
    p.cpuMeanPct === undefined ? '–' : `${p.cpuMeanPct}% / ${p.cpuMaxPct ?? 0}%`,
    p.timerLatenessP99Ms === undefined ? '–' : `${p.timerLatenessP99Ms} / ${p.timerLatenessMaxMs ?? 0}`,
  ]);
  const lateRows = Object.entries(h.probeLateness).map(([region, l]) => [region, String(l.probes), `${l.p50Ms}`, `${l.p99Ms}`, `${l.maxMs}`]);
  const parts = ['## Harness health'];
  if (procRows.length > 0) {
    parts.push('', table(['thread', 'seconds', 'loop delay p50 (ms)', 'p99', 'max', 'loop busy: mean / busiest second', 'process CPU (of one core): mean / busiest second', 'own timers late p99 / max (ms)'], procRows));
  }
  if (lateRows.length > 0) parts.push('', table(['region', 'probes', 'send lateness p50 (ms)', 'p99', 'max'], lateRows));
  const budgetRows = Object.entries(h.budget ?? {}).map(([region, b]) => [region, String(b.probes), String(b.heldProbes), `${b.meanWaitMs}`]);
  if (budgetRows.length > 0) parts.push('', table(['region', 'probes', 'held by the probe budget', 'mean wait (ms)'], budgetRows));
  if (h.labClock !== undefined) {
    parts.push('', `Lab thread clock against the run clock at start: ${h.labClock.offsetUs} µs ± ${h.labClock.uncertaintyUs} µs (ground truth is read on the same monotonic clock).`);
  }
  parts.push(
    '',
    h.saturation.length === 0
      ? `The harness kept up: event-loop delay p99 within ${LOOP_DELAY_P99_LIMIT_MS} ms and probe send lateness p99 within ${PROBE_LATENESS_P99_LIMIT_MS} ms everywhere.`
      : `**Precision lost to a saturated harness:**\n\n${h.saturation.map((line) => `- ${line}`).join('\n')}`,
  );
  return parts.join('\n');
}

export const healthSection = defineSection({
  key: 'health',
  fold: ({ events }) => healthOf(events),
  parts: {
    md: { rank: 85, render: healthMarkdown },
    json: { rank: 80, render: (health) => ({ health: { ...health, saturation: [...health.saturation] } }) },
  },
});
