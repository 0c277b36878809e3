/**
 * `target.kind: blob`: Azure Blob object replication. One region per
 * container — the origin's is the source, the others are the replicas
 * (destination containers in the same or other storage accounts). Pushes
 * upload block blobs to the source; probes ask each replica for the blob's
 * properties; pulls download it (src/blob/).
 *
 *   target:
 *     kind: blob
 *     regions:
 *       - { name: eastus, account: contosoeus, container: images }          # DefaultAzureCredential
 *       - { name: westeurope, account: contosoweu, container: images, policyId: 6f0e… }
 *       - { name: japaneast, container: images, connectionStringEnv: JPE_STORAGE }   # a connection string
 *
 * On this machine: `azurite: true` starts azurite on 127.0.0.1 (killed at
 * the end) and, since azurite does not replicate, a copier that copies the
 * source's new blobs to every replica under a lab lag model:
 *
 *   target:
 *     kind: blob
 *     azurite: true
 *     copier: { lag: { model: lognormal, median: 300ms, p99: 1500ms }, seed: 1 }
 *     regions:
 *       - { name: eastus, container: source }
 *       - { name: westeurope, container: replica, account: weu }       # azurite accounts are created
 *
 * policyId (Azure only): the object-replication policy on the source account
 * whose rule targets this replica; its x-ms-or-* status on the source blob is
 * then read as a second lag source (replication_lag_or_status).
 */
import { z } from 'zod';
import { envVarName, inlineSecret, positiveDurationMs, regionName } from '../config/fields.ts';
import { labConfigInputSchema, lagSpecSchema } from '../lab/lab-config.ts';
import { checkUnique, type Fail } from './fail.ts';
import type { ResolvedBlobRegion, ResolvedTarget } from './resolved.ts';

export const BLOB_DEFAULTS = {
  azurite: false,
  /** The account azurite (and UseDevelopmentStorage=true) always has. */
  azuriteAccount: 'devstoreaccount1',
  copierSeed: 1,
  copierPoll: '20ms',
  cleanup: false,
  localRttMs: 1,
} as const;

const containerName = z
  .string()
  .regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a container name of 3 to 63 lowercase letters, digits and single hyphens');

const accountName = z.string().regex(/^[a-z0-9]{3,24}$/, 'expected a storage account name of 3 to 24 lowercase letters and digits');

const blobRegionSchema = z.strictObject({
  name: regionName,
  container: containerName.meta({ description: 'The container: the source at the origin, a destination elsewhere.' }),
  account: accountName.optional().meta({ description: 'Storage account (https://ACCOUNT.blob.core.windows.net, DefaultAzureCredential); azurite: created, default devstoreaccount1.' }),
  connectionStringEnv: envVarName.optional().meta({ description: 'Environment variable holding the account\'s connection string (key or SAS); its endpoint wins.' }),
  connectionString: inlineSecret('connectionString', 'connectionStringEnv'),
  policyId: z.string().min(1).optional().meta({ description: 'Object-replication policy ID whose rule targets this replica (reads x-ms-or-* status on the source).' }),
});

const copierSchema = z.strictObject({
  lag: lagSpecSchema.meta({ description: 'Lag model of each copy (constant, uniform, lognormal), as in the lab.' }),
  seed: z.number().int().prefault(BLOB_DEFAULTS.copierSeed),
  poll: positiveDurationMs.prefault(BLOB_DEFAULTS.copierPoll).meta({ description: 'How often the copier lists the source for new blobs.' }),
});

export const blobTargetSchema = z.strictObject({
  kind: z.literal('blob'),
  azurite: z
    .boolean()
    .prefault(BLOB_DEFAULTS.azurite)
    .meta({ description: 'Start azurite on 127.0.0.1 for the run (and stop it after); needs copier.' }),
  copier: copierSchema.optional().meta({ description: 'azurite only: copies new source blobs to each replica under a lag model.' }),
  regions: z.array(blobRegionSchema).min(2),
  localRtt: positiveDurationMs.optional().meta({ description: 'azurite only: RTT of a client to its own region\'s container (default 1ms).' }),
  links: labConfigInputSchema.shape.links
    .optional()
    .meta({ description: 'azurite only: RTT (and bandwidth) between a client region and a container\'s region, as in the lab.' }),
  cleanup: z.boolean().prefault(BLOB_DEFAULTS.cleanup).meta({ description: 'Delete the run\'s blobs from the source at the end.' }),
});

export type BlobTargetParsed = z.output<typeof blobTargetSchema>;

export function resolveBlobTarget(t: BlobTargetParsed, fail: Fail): Extract<ResolvedTarget, { kind: 'blob' }> {
  checkUnique(t.regions.map((r) => r.name), (i) => ['target', 'regions', i, 'name'], 'region name', fail);
  if (t.azurite && t.copier === undefined) {
    fail(['target', 'copier'], 'expected a copier with azurite: true (azurite does not replicate; the copier does, under its lag model)');
  }
  if (!t.azurite && t.copier !== undefined) {
    fail(['target', 'copier'], 'expected no copier without azurite: Azure replicates by its object-replication policies');
  }
  const hasLinks = (t.links?.length ?? 0) > 0;
  if (!t.azurite && (hasLinks || t.localRtt !== undefined)) {
    fail(['target', hasLinks ? 'links' : 'localRtt'], 'expected links and localRtt only with azurite: true (real accounts have real links)');
  }
  const names = t.regions.map((r) => r.name);
  (t.links ?? []).forEach((l, i) => {
    for (const [field, name] of [['from', l.from], ['to', l.to]] as const) {
      if (!names.includes(name)) fail(['target', 'links', i, field], `expected one of the regions (${names.join(', ')}), found ${JSON.stringify(name)}`);
    }
  });
  const seen = new Set<string>();
  const regions = t.regions.map((r, i): ResolvedBlobRegion => {
    if (t.azurite && r.connectionStringEnv !== undefined) {
      fail(['target', 'regions', i, 'connectionStringEnv'], 'expected no connection string with azurite: true (the run makes its own)');
    }
    if (!t.azurite && r.account === undefined && r.connectionStringEnv === undefined) {
      fail(['target', 'regions', i], 'expected an account (DefaultAzureCredential) or a connectionStringEnv');
    }
    const account = r.account ?? (t.azurite ? BLOB_DEFAULTS.azuriteAccount : null);
    const where = `${account ?? r.connectionStringEnv}/${r.container}`;
    if (seen.has(where)) fail(['target', 'regions', i, 'container'], `expected each region to have its own container, found ${where} again`);
    seen.add(where);
    return {
      name: r.name,
      container: r.container,
      account,
      connectionStringEnv: r.connectionStringEnv ?? null,
      policyId: r.policyId ?? null,
    };
  });
  return {
    kind: 'blob',
    azurite: t.azurite,
    copier: t.copier === undefined ? null : { lag: t.copier.lag, seed: t.copier.seed, pollMs: t.copier.poll },
    cleanup: t.cleanup,
    regions,
    localRttMs: t.localRtt ?? BLOB_DEFAULTS.localRttMs,
    links: (t.links ?? []).map((l) => ({ from: l.from, to: l.to, rttMs: l.rtt, ...(l.bandwidth !== undefined ? { bandwidthBytesPerSec: l.bandwidth } : {}) })),
  };
}
