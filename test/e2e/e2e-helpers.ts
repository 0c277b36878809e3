/** Shared by the end-to-end tests (not a test file itself): a temp reports dir and reading a run back. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { SUMMARY_SCHEMA_FILE } from '../../src/report/summary-schema.ts';
import { readEventLog } from '../../src/events/log.ts';
import type { ReplEvent, ReplicatedEvent } from '../../src/events/index.ts';

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
}

export interface Summary {
  readonly complete: boolean;
  readonly metrics: Record<string, Record<string, LatencySummary>>;
  readonly outcomes: { readonly replication: Record<string, { replicated: number; timedOut: number; errored: number; inconsistent: number }> };
  readonly gains: Record<string, number>;
  readonly accuracy?: Record<string, { absErrMsP50: number; absErrMsP99: number; absErrMsMax: number; meanProbes: number }>;
  readonly thresholds: { expr: string; series: string; actual: number | null; ok: boolean }[];
}

export async function withReportsDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-e2e-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let summaryCheck: ValidateFunction | undefined;

/** The run's summary.json (checked against the committed summary.schema.json under strict ajv) and its event log. */
export async function readRun(reports: string): Promise<{ summary: Summary; events: ReplEvent[] }> {
  const dir = join(reports, 'latest');
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
  summaryCheck ??= new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(await readFile(SUMMARY_SCHEMA_FILE, 'utf8')));
  if (!summaryCheck(summary)) throw new Error(`summary.json does not match ${SUMMARY_SCHEMA_FILE}: ${JSON.stringify(summaryCheck.errors)}`);
  const { events } = await readEventLog(join(dir, 'events.jsonl'));
  return { summary, events };
}

export function replicated(events: readonly ReplEvent[], region?: string): ReplicatedEvent[] {
  return events.filter((e): e is ReplicatedEvent => e.type === 'replication' && e.outcome === 'replicated' && (region === undefined || e.labels.region === region));
}

/** Nearest-rank median. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length / 2) - 1)] ?? Number.NaN;
}
