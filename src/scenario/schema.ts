/**
 * The zod schema of a scenario file (YAML or JSON). It checks the shape of
 * every section, applies the defaults of defaults.ts and converts simple units
 * (durations to ms, sizes to bytes, rates to per second). Values owned by
 * other layers stay in their written form here and are converted by their
 * owners in resolve.ts: layer sizes (src/workload/sizes.ts) and thresholds
 * (src/scenario/thresholds.ts). The lab target is src/lab/lab-config.ts's schema.
 *
 * The same source generates scenario.schema.json (json-schema.ts), from the
 * input side: what a user may write.
 */
import { z } from 'zod';
import { count, positiveBytes, positiveDurationMs, positiveRatePerSec, regionName, repositoryTemplate, scenarioName, tagTemplate } from '../config/fields.ts';
import { THRESHOLD_EXPR_PATTERN, THRESHOLD_KEY_PATTERN } from './thresholds.ts';
import { SIZE_PATTERN } from '../units.ts';
import {
  PROBE_KINDS,
  PROBE_SCHEDULES,
  PULL_DEFAULTS,
  PULL_PHASES,
  REPLICATION_DEFAULTS,
  REPORT_DEFAULTS,
  REPORT_FORMATS,
  THRESHOLD_DEFAULTS,
  UPLOAD_MODES,
  WORKLOAD_DEFAULTS,
} from './defaults.ts';
import { loadSchema } from './load-schema.ts';
import { watchFromSchema, workersSchema } from './workers-schema.ts';
import { targetSchema } from './target-schema.ts';
import { alsoPushSchema } from './connected.ts';
import { egressSchema } from './egress-schema.ts';
import { replicationEventsSchema } from './events-schema.ts';
import { requestsSchema } from './requests-schema.ts';

const sizeText = z.union([z.number(), z.string().meta({ pattern: SIZE_PATTERN })], { error: () => 'expected a size such as "64MiB"' });

/** Written form of src/workload/sizes.ts's SizeSpec; converted there. */
export const sizeSpecSchema = z
  .union([
    z.number(),
    z.string().meta({ pattern: SIZE_PATTERN }),
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('fixed'), size: sizeText }),
      z.strictObject({ kind: z.literal('uniform'), min: sizeText, max: sizeText }),
      z.strictObject({ kind: z.literal('lognormal'), median: sizeText, p99: sizeText, max: sizeText.optional() }),
    ]),
  ])
  .meta({
    description:
      'Layer size: "1MiB" (fixed), {kind: uniform, min, max}, or {kind: lognormal, median, p99, max?}. Sizes as "256KiB" or bytes.',
  });

const workloadSchema = z.strictObject({
  images: count(1, 'How many images to push.', 'images').prefault(WORKLOAD_DEFAULTS.images),
  repository: repositoryTemplate.prefault(WORKLOAD_DEFAULTS.repository),
  tag: tagTemplate.prefault(WORKLOAD_DEFAULTS.tag),
  layers: count(1, 'Layers per image, base layers included.', 'layers').prefault(WORKLOAD_DEFAULTS.layers),
  layerSize: sizeSpecSchema.prefault(WORKLOAD_DEFAULTS.layerSize),
  baseLayers: count(0, 'How many of the layers are base layers shared by every image.', 'layers').prefault(WORKLOAD_DEFAULTS.baseLayers),
  pushConcurrency: count(1, 'Images pushed at once.', 'concurrency').prefault(WORKLOAD_DEFAULTS.pushConcurrency),
  pushRate: positiveRatePerSec
    .optional()
    .meta({ description: 'Open-loop arrival rate of image pushes ("5/s"); omitted = as fast as pushConcurrency allows.' }),
  uploadMode: z.enum(UPLOAD_MODES).prefault(WORKLOAD_DEFAULTS.uploadMode),
  chunkSize: positiveBytes.optional().meta({ description: `Chunk size for uploadMode: chunked (default ${WORKLOAD_DEFAULTS.chunkSize}).` }),
  alsoPush: alsoPushSchema.optional(),
  seed: z
    .union([z.number().int(), z.string().min(1)])
    .prefault(WORKLOAD_DEFAULTS.seed)
    .meta({ description: 'Seed of the generated layer contents and sizes.' }),
});

const replicationSchema = z.strictObject({
  probe: z
    .enum(PROBE_KINDS)
    .prefault(REPLICATION_DEFAULTS.probe)
    .meta({ description: 'manifest: HEAD of the manifest; manifest+blobs: and every blob (pullable).' }),
  schedule: z.enum(PROBE_SCHEDULES).prefault(REPLICATION_DEFAULTS.schedule),
  interval: positiveDurationMs.optional().meta({
    description: `The fixed probe interval, or the adaptive schedule's shortest interval (default ${REPLICATION_DEFAULTS.interval.fixed} for fixed, ${REPLICATION_DEFAULTS.interval.adaptive} for adaptive: the floor its accuracy goal was derived for).`,
  }),
  timeout: positiveDurationMs
    .prefault(REPLICATION_DEFAULTS.timeout)
    .meta({ description: 'How long after the commit point a replica may take before it counts as timed out.' }),
  maxProbeRatePerRegion: positiveRatePerSec
    .optional()
    .meta({ description: 'Cap on probes per second against one region ("100/s"); omitted = no cap.' }),
  watchFrom: watchFromSchema,
  events: replicationEventsSchema.optional(),
});

const regionList = z.array(regionName).min(1);

const pullSchema = z.strictObject({
  workers: z
    .union([z.literal('all'), regionList], { error: () => 'expected "all" or a list of region names' })
    .prefault(PULL_DEFAULTS.workers)
    .meta({ description: 'Regions that pull ("all" = every region).' }),
  endpoints: z
    .union([z.enum(['local', 'all']), regionList], { error: () => 'expected "local", "all" or a list of region names' })
    .prefault(PULL_DEFAULTS.endpoints)
    .meta({ description: 'Which endpoints each worker pulls from: its own region, every region, or a list.' }),
  images: count(1, 'Pull only the first N images of the run (default: every image).', 'images').optional(),
  iterations: count(1, 'Full pulls of each image per worker × endpoint × phase.').prefault(PULL_DEFAULTS.iterations),
  concurrency: count(1, 'Pulls at once per worker.', 'concurrency').prefault(PULL_DEFAULTS.concurrency),
  phases: z
    .array(z.enum(PULL_PHASES))
    .min(1)
    .prefault([...PULL_DEFAULTS.phases])
    .meta({ description: 'cold (first pull of each image), then warm (pulled again).' }),
});

const thresholdExpr = z.string().meta({ pattern: THRESHOLD_EXPR_PATTERN });
const thresholdsSchema = z
  .record(
    z.string().meta({ pattern: THRESHOLD_KEY_PATTERN }),
    z.union([thresholdExpr, z.array(z.union([thresholdExpr, z.strictObject({ threshold: thresholdExpr })]))]),
  )
  .prefault(THRESHOLD_DEFAULTS)
  .meta({
    description:
      'k6-like: `metric{label:value}: ["p(99)<30s", "max<2m"]` on push_duration, replication_lag, pull_duration, pull_ttfb, ' +
      'pull_redirect, replication_lag_webhook, replication_lag_or_status, load_latency, load_latency_uncorrected; ' +
      '`replication_outcome{region:x}: ["rate(replicated)>=0.99"]`, `pull_outcome{worker:x,endpoint:y}: ["rate(ok)==1"]` ' +
      '(ok, digest-mismatch, error, timeout, stalled, throttled) and `load_outcome: ["rate(ok)>=0.999"]` on outcomes. An outcome metric ' +
      'without a key here gets the default rate(<success>)==1; an empty list tolerates anything.',
  });

const reportSchema = z.strictObject({
  dir: z.string().min(1).prefault(REPORT_DEFAULTS.dir).meta({ description: 'Runs go to <dir>/<run-id>/.' }),
  formats: z.array(z.enum(REPORT_FORMATS)).min(1).prefault([...REPORT_DEFAULTS.formats]).meta({
    description: 'The report files a run writes (default: all). summary.json and events.jsonl are always written: re-render and compare read them.',
  }),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Path or URL of this JSON Schema (for editors).' }),
    name: scenarioName,
    description: z.string().optional(),
    target: targetSchema,
    origin: regionName.meta({ description: 'The region pushes go to; its 201 to the manifest PUT is the commit point.' }),
    workload: workloadSchema.prefault({}),
    replication: replicationSchema.prefault({}),
    pull: pullSchema.prefault({}),
    workers: workersSchema.prefault({}),
    load: loadSchema.optional().meta({ description: 'The load phase (after the pulls): omitted = no load phase.' }),
    thresholds: thresholdsSchema,
    report: reportSchema.prefault({}),
    egress: egressSchema.optional(),
    requests: requestsSchema.prefault({}),
  })
  .meta({ title: 'replbench scenario', description: 'A replbench scenario: target, origin, workload, replication, pull, workers, load, thresholds, report.' });

/** What a scenario may be written as (units as text or numbers). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** After shape checks, defaults and simple units; before resolve.ts. */
export type ScenarioParsed = z.output<typeof scenarioSchema>;
