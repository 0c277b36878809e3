/**
 * Where the Microsoft Entra access token for ACR sign-in comes from: any
 * object with `getToken(scope)` (the TokenCredential shape of the Azure SDK),
 * by default DefaultAzureCredential from @azure/identity (environment, workload
 * identity, managed identity, Azure CLI, …). @azure/identity is imported on
 * first use only, so nothing else pays for loading it.
 */
import { AbortedError, AuthError, ConfigError, describeError } from '../errors.ts';

/** The Azure SDK's TokenCredential, reduced to what sign-in uses. */
export interface TokenCredentialLike {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal; tenantId?: string },
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** The audience ACR accepts Entra tokens for, in Azure's public cloud. */
export const ACR_AAD_SCOPE = 'https://containerregistry.azure.net/.default';

/** DefaultAzureCredential, created on first use (the import costs ~100 ms, so it is paid only by azure sign-in). */
export function lazyDefaultAzureCredential(tenantId?: string): TokenCredentialLike {
  let loading: Promise<TokenCredentialLike> | undefined;
  const load = async (): Promise<TokenCredentialLike> => {
    let mod: typeof import('@azure/identity');
    try {
      mod = await import('@azure/identity');
    } catch (err: unknown) {
      throw new ConfigError(`auth kind azure needs the npm package @azure/identity, which could not be loaded (${describeError(err)})`, { cause: err });
    }
    return new mod.DefaultAzureCredential(tenantId !== undefined ? { tenantId } : {});
  };
  return {
    async getToken(scopes, options) {
      loading ??= load();
      return (await loading).getToken(scopes, options);
    },
  };
}

/**
 * Asks the credential for an access token. Its failures become AuthErrors
 * whose message is the credential's first line (they say which sources were
 * tried), never a token.
 */
export async function entraAccessToken(
  credential: TokenCredentialLike,
  scope: string,
  opts: { tenantId?: string | undefined; signal?: AbortSignal | undefined },
): Promise<string> {
  let got: { token: string } | null;
  try {
    got = await credential.getToken(scope, {
      ...(opts.signal ? { abortSignal: opts.signal } : {}),
      ...(opts.tenantId !== undefined ? { tenantId: opts.tenantId } : {}),
    });
  } catch (err: unknown) {
    if (err instanceof ConfigError) throw err;
    if (opts.signal?.aborted) throw new AbortedError('aborted while getting a Microsoft Entra access token', { cause: err });
    const line = describeError(err).slice(0, 300);
    throw new AuthError(`could not get a Microsoft Entra access token for ${scope}: ${line}`, { cause: err });
  }
  if (got === null || typeof got.token !== 'string' || got.token === '') {
    throw new AuthError(`Microsoft Entra ID returned no access token for ${scope}`);
  }
  return got.token;
}
