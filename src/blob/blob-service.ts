/**
 * Azure Blob service clients made one way for both their users, the blob
 * target (src/blob/blob-accounts.ts) and the azblob:// results store
 * (src/dist/store-azblob-auth.ts): a connection string (account key or SAS;
 * its endpoint wins, so azurite and sovereign clouds work) registered as a
 * secret before anything can echo it, else DefaultAzureCredential against
 * https://ACCOUNT.blob.core.windows.net; retries bounded the same way.
 *
 * @azure/storage-blob is imported by the caller only when a blob target or
 * store is opened; @azure/identity here only when there is no connection
 * string, and a missing install is a ConfigError that says what to do.
 */
import type { BlobServiceClient, StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError, describeError } from '../errors.ts';
import { connectionStringSecrets, redact } from '../redact.ts';

type StorageSdk = typeof import('@azure/storage-blob');
type Credential = InstanceType<typeof import('@azure/identity').DefaultAzureCredential>;

/** The account emulators use (azurite, UseDevelopmentStorage=true). */
export const DEV_STORE_ACCOUNT = 'devstoreaccount1';

/** Retries bounded so a dead endpoint fails in seconds, not minutes. */
export const PIPELINE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 60_000 },
};

/** The storage account a connection string is for, or null when it names none. */
export function accountOfConnectionString(connectionString: string): string | null {
  let account: string | null = null;
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (name === 'accountname') account = value;
    if (name === 'usedevelopmentstorage' && value.toLowerCase() === 'true') account ??= DEV_STORE_ACCOUNT;
  }
  return account;
}

/** The public endpoint of a storage account. */
export function accountUrl(account: string): string {
  return `https://${account}.blob.core.windows.net`;
}

export interface ConnectionStringClients {
  /** One client per pipeline options asked for, in their order. */
  readonly services: readonly BlobServiceClient[];
  /** Values to strip from every message (the connection string and its key or SAS). */
  readonly secrets: readonly string[];
}

/**
 * Clients from a connection string, one per `options`. An unusable string is a
 * ConfigError `${unusable} (reason)`, the reason redacted: it never repeats the string.
 */
export function connectionStringClients(
  sdk: StorageSdk,
  connectionString: string,
  unusable: string,
  options: readonly StoragePipelineOptions[] = [PIPELINE_OPTIONS],
): ConnectionStringClients {
  const secrets = connectionStringSecrets(connectionString);
  try {
    return { services: options.map((o) => sdk.BlobServiceClient.fromConnectionString(connectionString, o)), secrets };
  } catch (err: unknown) {
    throw new ConfigError(`${unusable} (${redact(describeError(err), secrets)})`);
  }
}

/**
 * DefaultAzureCredential (environment, workload identity, managed identity,
 * Azure CLI, …). Without @azure/identity installed, a ConfigError
 * `${without} and @azure/identity, needed for DefaultAzureCredential, is not installed (…)`.
 */
export async function defaultAzureCredential(without: string): Promise<Credential> {
  let identity: typeof import('@azure/identity');
  try {
    identity = await import('@azure/identity');
  } catch {
    throw new ConfigError(`${without} and @azure/identity, needed for DefaultAzureCredential, is not installed (npm install @azure/identity)`);
  }
  return new identity.DefaultAzureCredential();
}
