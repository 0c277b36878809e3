/**
 * The lab config: regions, client links (RTT, bandwidth), replication lag
 * models, topology, initial faults, webhooks, store and seed. The exported
 * `labConfigSchema` parses the text form (units as "80ms", "50MiB/s") into a
 * LabConfig with numbers in ms and bytes per second; a scenario with
 * `target: {kind: lab, ...}` reuses it for its target section.
 */
import type { z } from 'zod';
import type { LagSpec } from './lag-model.ts';
import { configErrorMap, issuesToConfigError } from '../config/issues.ts';
import type { RegionMode } from '../config/fields.ts';
import type { FaultSpec } from './fault-spec.ts';
import type { WebhookConfig } from './webhook-config.ts';
import { checkLabConfig } from './lab-config-check.ts';
import { labConfigInputSchema, type LabConfigInputParsed } from './lab-config-schema.ts';

export type { RegionMode } from '../config/fields.ts';
export { labConfigInputSchema, lagSpecSchema, type LabConfigInputParsed } from './lab-config-schema.ts';


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
  const document = input ?? {};
  const result = labConfigSchema.safeParse(document, { error: configErrorMap });
  if (!result.success) throw issuesToConfigError(source, result.error.issues, document, pathPrefix);
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
