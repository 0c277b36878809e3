/**
 * The lab config as written: the zod schema of its text form (units as
 * "80ms", "50MiB/s"), before the cross-field checks (lab-config-check.ts) and
 * the assembly into a LabConfig (lab-config.ts).
 */
import { z } from 'zod';
import type { LagSpec } from './lag-model.ts';
import { bandwidthBytesPerSec, durationMs, regionMode, regionName, repoGlobs } from '../config/fields.ts';
import { faultSpecSchema } from './fault-spec.ts';
import { webhookSchema } from './webhook-config.ts';
import { parseIsoDurationMs } from './sync-schedule.ts';
import { parseDurationMs } from '../units.ts';

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
