/**
 * What an ingested k6 run is called and judged by (name, origin, regions,
 * thresholds): from the export's replbench-k6.json (`--plan`) or from the
 * scenario file itself (`--scenario`). Without either the run is named "k6",
 * its regions are those seen in the output and it has no thresholds.
 *
 * Only thresholds on what a k6 run measures are kept (pull_duration,
 * pull_ttfb): one on replication lag or pushes would find no data and fail,
 * though the k6 test never tried to measure it. The others are listed in
 * `droppedThresholds`.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, describeReadFailure } from '../errors.ts';
import type { LoggedThresholds } from '../events/index.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { K6RunMeta } from './k6-ingest.ts';
import { K6_PLAN_VERSION } from './k6-plan.ts';

const thresholdValue = z.union([z.string(), z.array(z.union([z.string(), z.object({ threshold: z.string() })]))]);

const planMetaSchema = z.object({
  // Version 1 plans (before per-worker scenarios) name the run the same way.
  version: z.union([z.literal(1), z.literal(K6_PLAN_VERSION)]),
  scenario: z.object({
    name: z.string().min(1),
    origin: z.string(),
    regions: z.array(z.string()),
    thresholds: z.record(z.string(), thresholdValue),
  }),
});

/** replbench metrics a k6 run records. */
export const K6_MEASURED_METRICS: readonly string[] = ['pull_duration', 'pull_ttfb'];

export function metaFromScenario(s: ResolvedScenario): K6RunMeta {
  return { scenario: s.name, origin: s.origin, regions: [...s.regions], ...measurable(s.thresholds.input) };
}

/** Splits thresholds into those a k6 run can be judged by and the keys of the rest. */
export function measurable(input: LoggedThresholds): { thresholds: LoggedThresholds; droppedThresholds: string[] } {
  const thresholds: Record<string, LoggedThresholds[string]> = {};
  const droppedThresholds: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const metric = /^\s*([a-z_][a-z0-9_]*)/.exec(key)?.[1] ?? '';
    if (K6_MEASURED_METRICS.includes(metric)) thresholds[key] = value;
    else droppedThresholds.push(key);
  }
  return { thresholds, droppedThresholds };
}

/** Reads replbench-k6.json as `replbench k6 export` wrote it. */
export async function readK6PlanMeta(path: string): Promise<K6RunMeta> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err: unknown) {
    throw new ConfigError(`${path}: cannot read the k6 plan: ${describeReadFailure(err)}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`${path}: expected the replbench-k6.json written by "replbench k6 export", found text that is not JSON`);
  }
  const parsed = planMetaSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : '(file)';
    throw new ConfigError(`${path}: ${at}: expected the replbench-k6.json written by "replbench k6 export" (${issue?.message ?? 'invalid'})`);
  }
  const s = parsed.data.scenario;
  return { scenario: s.name, origin: s.origin, regions: s.regions, ...measurable(s.thresholds as LoggedThresholds) };
}
