/**
 * Settings of `replbench compare`, resolved once: defaults, then a small config file
 * (YAML or JSON), then flags. A change is a regression only when it is significant
 * (the bootstrap interval excludes 0) and beyond the metric's tolerance: larger than
 * both `relative` × baseline and `minDeltaMs`.
 *
 * Config file (every key optional):
 *   confidence: 0.99          # two-sided bootstrap interval
 *   resamples: 2000
 *   seed: 1
 *   percentiles: [50, 90, 99]
 *   minTail: 5                # samples needed above a percentile to test it
 *   outcomeTolerance: 1%      # allowed drop of the replicated share per region
 *   tolerances:
 *     replication_lag: { relative: 25%, minDelta: 10ms }
 *     pull_duration: 15%      # relative only
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { parseDurationMs } from '../units.ts';

/** The metrics compared. */
export const COMPARE_METRICS = ['replication_lag', 'push_duration', 'pull_duration', 'pull_ttfb'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

export interface Tolerance {
  /** Fraction of the baseline value (0.2 = 20%). */
  readonly relative: number;
  /** Absolute floor in ms: smaller changes are never regressions. */
  readonly minDeltaMs: number;
}

export interface CompareOptions {
  readonly percentiles: readonly number[];
  readonly tolerances: Readonly<Record<CompareMetric, Tolerance>>;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minTail: number;
  /** Allowed drop of the replicated share per region (a fraction). */
  readonly outcomeTolerance: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = {
  percentiles: [50, 90, 99],
  tolerances: {
    replication_lag: { relative: 0.25, minDeltaMs: 10 },
    push_duration: { relative: 0.25, minDeltaMs: 10 },
    pull_duration: { relative: 0.2, minDeltaMs: 10 },
    pull_ttfb: { relative: 0.2, minDeltaMs: 5 },
  },
  confidence: 0.99,
  resamples: 2000,
  seed: 1,
  minTail: 5,
  outcomeTolerance: 0.01,
};

// The absolute floors keep a few milliseconds of CPU jitter on a local (same-region)
// pull from failing a nightly job: such changes are real but not actionable.

/** What flags may override; tolerance and minDelta are `[METRIC=]VALUE` items. */
export interface CompareFlags {
  readonly config?: string;
  readonly tolerance?: readonly string[];
  readonly minDelta?: readonly string[];
  readonly confidence?: number;
  readonly resamples?: number;
  readonly seed?: number;
  readonly percentiles?: readonly number[];
}

/** "25%" → 0.25, "0.25" → 0.25. */
export function parseFraction(text: string | number, where: string): number {
  const s = String(text).trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
  const value = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
  if (!(value >= 0 && value <= 10)) throw new ConfigError(`${where}: expected a fraction such as "20%" or 0.2, found "${s}"`);
  return value;
}

const fraction = z.union([z.string(), z.number()]);
const toleranceSchema = z.union([fraction, z.object({ relative: fraction.optional(), minDelta: z.union([z.string(), z.number()]).optional() }).strict()]);
const configSchema = z.object({
  confidence: z.number().gt(0).lt(1).optional(),
  resamples: z.number().int().min(100).max(100_000).optional(),
  seed: z.number().int().optional(),
  percentiles: z.array(z.number().gt(0).lt(100)).min(1).optional(),
  minTail: z.number().min(0).optional(),
  outcomeTolerance: fraction.optional(),
  tolerances: z.partialRecord(z.enum(COMPARE_METRICS), toleranceSchema).optional(),
}).strict();

/** Defaults ← config object (already parsed) ← flags. */
export function resolveCompareOptions(config: unknown, flags: CompareFlags, source = 'compare config'): CompareOptions {
  const parsed = configSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${source}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const c = parsed.data;
  const tolerances: Record<CompareMetric, Tolerance> = { ...DEFAULT_COMPARE_OPTIONS.tolerances };
  for (const [metric, t] of Object.entries(c.tolerances ?? {}) as [CompareMetric, z.infer<typeof toleranceSchema>][]) {
    const where = `${source}: tolerances.${metric}`;
    const before = tolerances[metric];
    tolerances[metric] = typeof t === 'object'
      ? { relative: t.relative === undefined ? before.relative : parseFraction(t.relative, where),
          minDeltaMs: t.minDelta === undefined ? before.minDeltaMs : duration(t.minDelta, where) }
      : { ...before, relative: parseFraction(t, where) };
  }
  for (const item of flags.tolerance ?? []) {
    for (const [metric, value] of metricItems(item, '--tolerance')) tolerances[metric] = { ...tolerances[metric], relative: parseFraction(value, `--tolerance ${item}`) };
  }
  for (const item of flags.minDelta ?? []) {
    for (const [metric, value] of metricItems(item, '--min-delta')) tolerances[metric] = { ...tolerances[metric], minDeltaMs: duration(value, `--min-delta ${item}`) };
  }
  const confidence = flags.confidence ?? c.confidence ?? DEFAULT_COMPARE_OPTIONS.confidence;
  if (!(confidence > 0 && confidence < 1)) throw new ConfigError(`--confidence: expected a level between 0 and 1 such as 0.99, found ${confidence}`);
  const resamples = flags.resamples ?? c.resamples ?? DEFAULT_COMPARE_OPTIONS.resamples;
  if (!Number.isInteger(resamples) || resamples < 100) throw new ConfigError(`--resamples: expected a whole number ≥ 100, found ${resamples}`);
  const percentiles = [...(flags.percentiles ?? c.percentiles ?? DEFAULT_COMPARE_OPTIONS.percentiles)];
  if (percentiles.some((p) => !(p > 0 && p < 100))) throw new ConfigError(`--percentiles: expected percentiles between 0 and 100 such as 50,90,99, found ${percentiles.join(',')}`);
  return {
    percentiles: [...new Set(percentiles)].sort((a, b) => a - b),
    tolerances,
    confidence,
    resamples,
    seed: flags.seed ?? c.seed ?? DEFAULT_COMPARE_OPTIONS.seed,
    minTail: c.minTail ?? DEFAULT_COMPARE_OPTIONS.minTail,
    outcomeTolerance: c.outcomeTolerance === undefined ? DEFAULT_COMPARE_OPTIONS.outcomeTolerance : parseFraction(c.outcomeTolerance, `${source}: outcomeTolerance`),
  };
}

/** Reads the config file (if any) and resolves the options. */
export async function loadCompareOptions(flags: CompareFlags): Promise<CompareOptions> {
  if (flags.config === undefined) return resolveCompareOptions({}, flags);
  let text: string;
  try {
    text = await readFile(flags.config, 'utf8');
  } catch (err: unknown) {
    throw new ConfigError(`${flags.config}: cannot read the compare config (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err: unknown) {
    throw new ConfigError(`${flags.config}: expected YAML or JSON, found a syntax error`, { cause: err });
  }
  return resolveCompareOptions(value, flags, flags.config);
}

/** `25%` → every metric; `replication_lag=25%` → that one. */
function metricItems(item: string, flag: string): [CompareMetric, string][] {
  const eq = item.indexOf('=');
  if (eq < 0) return COMPARE_METRICS.map((m) => [m, item]);
  const metric = item.slice(0, eq).trim();
  if (!(COMPARE_METRICS as readonly string[]).includes(metric)) {
    throw new ConfigError(`${flag} ${item}: expected a metric (${COMPARE_METRICS.join(', ')}) before "=", found "${metric}"`);
  }
  return [[metric as CompareMetric, item.slice(eq + 1)]];
}

function duration(value: string | number, where: string): number {
  try {
    return parseDurationMs(value);
  } catch {
    throw new ConfigError(`${where}: expected a duration such as "5ms" or "1s", found "${value}"`);
  }
}
