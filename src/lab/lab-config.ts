/**
 * The lab config: regions, client links (RTT, bandwidth), replication lag
 * models, topology, initial faults, webhooks, store and seed. The exported
 * `labConfigSchema` parses the text form (units as "80ms", "50MiB/s") into a
 * LabConfig with numbers in ms and bytes per second; a scenario with
 * `target: {kind: lab, ...}` reuses it for its target section.
 */
import { z } from 'zod';
import type { LagSpec } from './lag-model.ts';
import { bandwidthBytesPerSec, durationMs, regionMode, regionName, repoGlobs, zodIssuesToConfigError } from './config-fields.ts';
import type { RegionMode } from './config-fields.ts';
import { faultSpecSchema, type FaultSpec } from './fault-spec.ts';
import { webhookSchema, type WebhookConfig } from './webhook-config.ts';
import { checkLabConfig } from './lab-config-check.ts';
import { parseIsoDurationMs } from './sync-schedule.ts';
import { parseDurationMs } from '../units.ts';

export type { RegionMode } from './config-fields.ts';

export const lagSpecSchema = z.preprocess(
  (v) => (typeof v === 'string' || typeof v === 'number' ? { model: 'constant', lag: v } : v),
  z.discriminatedUnion('model', [
    z.strictObject({ model: z.literal('constant'), lag: durationMs }),
    z
      .strictObject({ model: z.literal('uniform'), min: durationMs, max: durationMs })
      .refine((u) => u.max >= u.min, { message: 'expected max ≥ min', path: ['max'] }),
    z
      .strictObject({ model: z.literal('lognormal'), median: durationMs, p99: durationMs })
      .refine((l) => l.median > 0, { message: 'expected a median > 0', path: ['median'] })
      .refine((l) => l.p99 >= l.median, { message: 'expected p99 ≥ median', path: ['p99'] }),
  ]),
).transform((v): LagSpec => {
  switch (v.model) {
    case 'constant':
      return { model: 'constant', lagMs: v.lag };
    case 'uniform':
      return { model: 'uniform', minMs: v.min, maxMs: v.max };
    case 'lognormal':
      return { model: 'lognormal', medianMs: v.median, p99Ms: v.p99 };
  }
});

const syncWindow = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const iso = typeof v === 'string' ? parseIsoDurationMs(v) : undefined;
  if (iso !== undefined) return iso;
  try {
    return parseDurationMs(v);
  } catch (err: unknown) {
    ctx.addIssue({ code: 'custom', message: `${String((err as Error).message)} (or ISO 8601 such as "PT3H")` });
    return z.NEVER;
  }
});

const regionSchema = z.strictObject({ name: regionName, mode: regionMode.optional(), writable: z.boolean().optional() });

const hierarchyNodeSchema = z.strictObject({
  name: regionName,
  parent: regionName.optional(),
  mode: regionMode.default('ReadWrite'),
  repositories: repoGlobs.optional(),
  syncSchedule: z.string().min(1).optional(),
  syncWindow: syncWindow.optional(),
});

const topologySchema = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('multi-master') }),
    z.strictObject({ kind: z.literal('hierarchy'), nodes: z.array(hierarchyNodeSchema).min(1) }),
  ]),
);

const linkSchema = z.strictObject({
  from: regionName,
  to: regionName,
  rtt: durationMs,
  bandwidth: bandwidthBytesPerSec.optional(),
});

const pairSchema = z.strictObject({
  from: regionName,
  to: regionName,
  lag: lagSpecSchema.optional(),
  bandwidth: bandwidthBytesPerSec.optional(),
});

const storeSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { kind: v } : v),
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('memory') }),
    z.strictObject({ kind: z.literal('directory'), dir: z.string().min(1) }),
  ]),
);

const port = z.number().int().min(0).max(65535);

export const labConfigInputSchema = z.strictObject({
  kind: z.literal('lab').optional(),
  seed: z.number().int().default(1),
  regions: z.array(regionSchema).min(1).optional(),
  localRtt: durationMs.default(1),
  defaultRtt: durationMs.optional(),
  links: z.array(linkSchema).default([]),
  replication: z
    .strictObject({
      lag: lagSpecSchema.default({ model: 'constant', lagMs: 0 }),
      bandwidth: bandwidthBytesPerSec.optional(),
      pairs: z.array(pairSchema).default([]),
    })
    .prefault({}),
  topology: topologySchema.default({ kind: 'multi-master' }),
  faults: z.array(faultSpecSchema).default([]),
  webhooks: z.array(webhookSchema).default([]),
  store: storeSchema.default({ kind: 'memory' }),
  ports: z.strictObject({ base: port.optional(), control: port.default(0) }).default({ control: 0 }),
  dataEndpoints: z.boolean().default(false).meta({
    description:
      'Serve blob downloads the way ACR does with dedicated data endpoints: a blob GET answers 307 to the region\'s own storage host (its own ports, same links); runs record the hop as pull_redirect.',
  }),
});

export type LabConfigInputParsed = z.output<typeof labConfigInputSchema>;

export interface LabRegion {
  readonly name: string;
  readonly mode: RegionMode;
  /** Hierarchy only. */
  readonly parent?: string;
  readonly repositories?: readonly string[];
  readonly syncSchedule?: string;
  readonly syncWindowMs?: number;
}

export interface LinkSpec {
  readonly from: string;
  readonly to: string;
  readonly rttMs: number;
  readonly bandwidthBytesPerSec?: number;
}

export interface ReplicationPairSpec {
  readonly from: string;
  readonly to: string;
  readonly lag?: LagSpec;
  readonly bandwidthBytesPerSec?: number;
}

export type StoreConfig = { readonly kind: 'memory' } | { readonly kind: 'directory'; readonly dir: string };

export interface LabConfig {
  readonly seed: number;
  readonly topology: 'multi-master' | 'hierarchy';
  readonly regions: readonly LabRegion[];
  readonly localRttMs: number;
  readonly defaultRttMs: number;
  readonly links: readonly LinkSpec[];
  readonly replication: {
    readonly lag: LagSpec;
    readonly bandwidthBytesPerSec?: number;
    readonly pairs: readonly ReplicationPairSpec[];
  };
  readonly faults: readonly FaultSpec[];
  readonly webhooks: readonly WebhookConfig[];
  readonly store: StoreConfig;
  /** 0 or absent = ephemeral ports; otherwise region ports are numbered from here. */
  readonly basePort?: number;
  readonly controlPort: number;
  /** Blob GETs answer 307 to a per-region storage host (data-endpoints.ts); absent = false. */
  readonly dataEndpoints?: boolean;
}

/** The full schema: text form in, checked LabConfig out. */
export const labConfigSchema = labConfigInputSchema.superRefine(checkLabConfig).transform(assemble);

/** What a lab config may be written as. */
export type LabConfigInput = z.input<typeof labConfigSchema>;

/** Parses and checks a lab config; ConfigError names `source` and the field path. */
export function parseLabConfig(input: unknown, source = 'lab config', pathPrefix: readonly string[] = []): LabConfig {
  const result = labConfigSchema.safeParse(input ?? {});
  if (!result.success) throw zodIssuesToConfigError(source, result.error.issues, pathPrefix);
  return result.data;
}

function assemble(c: LabConfigInputParsed): LabConfig {
  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
    (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
  const regions: LabRegion[] =
    c.topology.kind === 'hierarchy'
      ? c.topology.nodes.map((n) => ({
          name: n.name,
          mode: n.mode,
          ...opt('parent', n.parent),
          ...opt('repositories', n.repositories),
          ...opt('syncSchedule', n.syncSchedule),
          ...opt('syncWindowMs', n.syncWindow),
        }))
      : (c.regions ?? []).map((r) => ({ name: r.name, mode: r.mode ?? (r.writable === false ? 'ReadOnly' : 'ReadWrite') }));
  return {
    seed: c.seed,
    topology: c.topology.kind,
    regions,
    localRttMs: c.localRtt,
    defaultRttMs: c.defaultRtt ?? c.localRtt,
    links: c.links.map((l) => ({ from: l.from, to: l.to, rttMs: l.rtt, ...opt('bandwidthBytesPerSec', l.bandwidth) })),
    replication: {
      lag: c.replication.lag,
      ...opt('bandwidthBytesPerSec', c.replication.bandwidth),
      pairs: c.replication.pairs.map((p) => ({
        from: p.from,
        to: p.to,
        ...opt('lag', p.lag),
        ...opt('bandwidthBytesPerSec', p.bandwidth),
      })),
    },
    faults: c.faults,
    webhooks: c.webhooks,
    store: c.store,
    ...opt('basePort', c.ports.base || undefined),
    controlPort: c.ports.control,
    ...(c.dataEndpoints ? { dataEndpoints: true } : {}),
  };
}
