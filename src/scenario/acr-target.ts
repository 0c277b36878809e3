/**
 * `target.kind: acr`: an Azure Container Registry with geo-replicas, named by
 * the registry and its replica regions instead of endpoint URLs:
 *
 *   target:
 *     kind: acr
 *     registry: contoso            # NAME of NAME.azurecr.io
 *     regions: [eastus, westeurope]
 *     dataEndpoints: true          # dedicated data endpoints are enabled (optional)
 *     auth: { kind: azure }        # or token / admin, secrets by env var name
 *
 * It resolves to the same shape as an `oci` target (the runner needs nothing
 * new): one region per replica, its endpoint https://NAME.REGION.geo.azurecr.io,
 * plus an `acr` block with the login server and, when dataEndpoints is on,
 * each region's NAME.REGION.data.azurecr.io (where pulls should be redirected;
 * see src/measure/pull-redirect.ts).
 *
 * Auth:
 *   azure  Microsoft Entra sign-in (DefaultAzureCredential, optional tenant)
 *   token  a repository-scoped token: username = the token's name, passwordEnv;
 *          username 00000000-0000-0000-0000-000000000000 with passwordEnv holding
 *          the output of `az acr login --expose-token` uses that ACR refresh token
 *   admin  the admin user: username (default: the registry name), passwordEnv
 */
import { z } from 'zod';
import { envVarName, inlineSecret } from '../config/fields.ts';
import { acrDataHost, acrLoginServer, acrRegionalHost, ACR_REGISTRY_NAME_RE, AZURE_REGION_RE } from '../oci/acr-endpoints.ts';
import { checkUnique, type Fail } from './fail.ts';
import type { ResolvedAcr, ResolvedAuth, ResolvedOciRegion, ResolvedTarget } from './resolved.ts';

export const ACR_DEFAULTS = {
  dataEndpoints: false,
  auth: { kind: 'azure' },
} as const;

export const ACR_AUTH_KINDS = ['azure', 'token', 'admin'] as const;

const acrAuthSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('azure'),
      tenant: z.string().min(1).optional().meta({ description: 'Microsoft Entra tenant ID (default: the credential\'s own).' }),
      aadScope: z
        .string()
        .min(1)
        .optional()
        .meta({ description: 'Scope of the Entra token exchanged at /oauth2/exchange (default https://containerregistry.azure.net/.default).' }),
    }),
    z.strictObject({
      kind: z.literal('token'),
      username: z.string().min(1).meta({ description: 'The token name, or 00000000-0000-0000-0000-000000000000 for an ACR refresh token.' }),
      passwordEnv: envVarName,
      password: inlineSecret('password', 'passwordEnv'),
    }),
    z.strictObject({
      kind: z.literal('admin'),
      username: z.string().min(1).optional().meta({ description: 'Admin user name (default: the registry name).' }),
      passwordEnv: envVarName,
      password: inlineSecret('password', 'passwordEnv'),
    }),
  ])
  .meta({ description: 'azure: Microsoft Entra sign-in; token: a repository-scoped token (or an ACR refresh token); admin: the admin user.' });

export const acrTargetSchema = z.strictObject({
  kind: z.literal('acr'),
  registry: z
    .string()
    .regex(ACR_REGISTRY_NAME_RE, 'expected a registry name of 5 to 50 letters and digits (NAME of NAME.azurecr.io)')
    .meta({ description: 'The registry name: NAME of NAME.azurecr.io.', examples: ['contoso'] }),
  regions: z
    .array(z.string().regex(AZURE_REGION_RE, 'expected an Azure region name such as "eastus" or "westeurope"'))
    .min(1)
    .meta({ description: 'Replica regions, each served at NAME.REGION.geo.azurecr.io (regional endpoints must be enabled).' }),
  dataEndpoints: z
    .boolean()
    .prefault(ACR_DEFAULTS.dataEndpoints)
    .meta({ description: 'Dedicated data endpoints are enabled: pulls should be redirected to NAME.REGION.data.azurecr.io.' }),
  auth: acrAuthSchema.prefault(ACR_DEFAULTS.auth),
});

export type AcrTargetParsed = z.output<typeof acrTargetSchema>;
export type AcrAuthParsed = z.output<typeof acrAuthSchema>;

/** The acr target, expanded into the oci target's shape. */
export function resolveAcrTarget(t: AcrTargetParsed, fail: Fail): Extract<ResolvedTarget, { kind: 'oci' }> {
  checkUnique(t.regions, (i) => ['target', 'regions', i], 'region', fail);
  const regions = t.regions.map((name): ResolvedOciRegion => {
    const host = acrRegionalHost(t.registry, name);
    return { name, endpoint: `https://${host}`, host, insecure: false };
  });
  const acr: ResolvedAcr = {
    registry: t.registry.toLowerCase(),
    loginServer: acrLoginServer(t.registry),
    dataEndpoints: t.dataEndpoints,
    dataHosts: t.dataEndpoints ? Object.fromEntries(t.regions.map((r) => [r, acrDataHost(t.registry, r)])) : {},
  };
  return { kind: 'oci', regions, auth: resolveAcrAuth(t.auth, t.registry), acr };
}

export function resolveAcrAuth(a: AcrAuthParsed, registry: string): ResolvedAuth {
  switch (a.kind) {
    case 'azure':
      return { kind: 'azure', tenant: a.tenant ?? null, aadScope: a.aadScope ?? null };
    case 'token':
      return { kind: 'basic', username: a.username, passwordEnv: a.passwordEnv };
    case 'admin':
      return { kind: 'basic', username: a.username ?? registry, passwordEnv: a.passwordEnv };
  }
}
