/**
 * The `target` section: what the scenario runs against.
 *
 *   kind: lab  — the embedded multi-region lab; every other field is the lab
 *                config of src/lab/lab-config.ts (regions, links, lag models,
 *                topology, faults), parsed by that schema, not a copy of it.
 *   kind: oci  — real registries: one endpoint per region, plus auth. Secrets
 *                only by environment variable name or Docker's config.json.
 *   kind: acr  — an Azure Container Registry by name and replica regions
 *                (src/scenario/acr-target.ts); resolves to the oci shape.
 */
import { z } from 'zod';
import { envVarName, inlineSecret, regionName } from '../config/fields.ts';
import { labConfigSchema } from '../lab/lab-config.ts';
import { acrTargetSchema } from './acr-target.ts';
import { blobTargetSchema } from './blob-target.ts';
import { connectedRegionFields } from './connected.ts';
import { OCI_DEFAULTS, TARGET_KINDS } from './defaults.ts';

const authSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('anonymous') }),
    z.strictObject({
      kind: z.literal('basic'),
      username: z.string().min(1),
      passwordEnv: envVarName,
      password: inlineSecret('password', 'passwordEnv'),
    }),
    z.strictObject({
      kind: z.literal('bearer'),
      tokenEnv: envVarName,
      token: inlineSecret('token', 'tokenEnv'),
    }),
    z.strictObject({
      kind: z.literal('docker-config'),
      configPath: z
        .string()
        .min(1)
        .optional()
        .meta({ description: 'Path of config.json; default $DOCKER_CONFIG/config.json, else ~/.docker/config.json.' }),
    }),
  ])
  .meta({ description: 'How to authenticate; secrets only by environment variable name or from Docker\'s config.json.' });

export const ociRegionSchema = z.strictObject({
  name: regionName,
  endpoint: z
    .string()
    .min(1)
    .meta({ description: 'The registry origin in this region: https://host[:port] (http only with insecure: true).' }),
  insecure: z.boolean().prefault(OCI_DEFAULTS.insecure).meta({ description: 'Allow plain http.' }),
  ...connectedRegionFields,
});

export const ociTargetSchema = z.strictObject({
  kind: z.literal('oci'),
  regions: z.array(ociRegionSchema).min(1),
  auth: authSchema.prefault(OCI_DEFAULTS.auth),
});

/** The lab config schema itself, kind: lab required (checked by targetSchema's preprocess). */
export const labTargetSchema = labConfigSchema;

/**
 * kind is checked first, so a missing or unknown kind gets one clear message
 * instead of one per variant.
 */
export const targetSchema = z.preprocess(
  (v, ctx) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const kind: unknown = (v as Record<string, unknown>)['kind'];
      if (!(TARGET_KINDS as readonly unknown[]).includes(kind)) {
        ctx.addIssue({ code: 'custom', path: ['kind'], message: `expected one of ${TARGET_KINDS.map((k) => `"${k}"`).join(', ')}` });
        return z.NEVER;
      }
    }
    return v;
  },
  z.discriminatedUnion('kind', [labTargetSchema, ociTargetSchema, acrTargetSchema, blobTargetSchema]),
);

export type OciTargetParsed = z.output<typeof ociTargetSchema>;
export type AuthParsed = z.output<typeof authSchema>;
