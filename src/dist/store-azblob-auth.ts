/**
 * How an azblob:// store authenticates: a connection string (account key or
 * SAS; its endpoint wins, so azurite and sovereign clouds work), else
 * DefaultAzureCredential (environment, workload identity, managed identity,
 * Azure CLI, …) against https://ACCOUNT.blob.core.windows.net.
 *
 * Both Azure packages are imported only when an azblob:// store is opened;
 * @azure/identity only when there is no connection string, and a missing
 * install is a ConfigError that says what to do.
 */
import type { BlobServiceClient, StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError, describeError } from '../errors.ts';
import { connectionStringSecrets, redactSecrets } from './store-redact.ts';

/** The account emulators use (azurite, UseDevelopmentStorage=true). */
export const DEV_STORE_ACCOUNT = 'devstoreaccount1';

/** Retries bounded so a dead endpoint fails in seconds, not minutes. */
export const PIPELINE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 60_000 },
};

export interface BlobService {
  readonly service: BlobServiceClient;
  /** Values to strip from every message (the connection string and its key or SAS). */
  readonly secrets: readonly string[];
  readonly auth: 'connection-string' | 'default-azure-credential';
}

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

export async function blobServiceFor(account: string, connectionString: string | undefined, source: string): Promise<BlobService> {
  const sdk = await import('@azure/storage-blob');
  if (connectionString !== undefined) {
    const secrets = connectionStringSecrets(connectionString);
    const named = accountOfConnectionString(connectionString);
    if (named !== null && named !== account) {
      throw new ConfigError(`${source}: the connection string is for storage account "${named}", the store URL names "${account}"`);
    }
    try {
      return { service: sdk.BlobServiceClient.fromConnectionString(connectionString, PIPELINE_OPTIONS), secrets, auth: 'connection-string' };
    } catch (err: unknown) {
      throw new ConfigError(`${source}: not a usable storage connection string (${redactSecrets(describeError(err), secrets)})`);
    }
  }
  let identity: typeof import('@azure/identity');
  try {
    identity = await import('@azure/identity');
  } catch {
    throw new ConfigError(
      `${source}: no connection string (AZURE_STORAGE_CONNECTION_STRING or --store-connection-string) and @azure/identity, ` +
        'needed for DefaultAzureCredential, is not installed (npm install @azure/identity)',
    );
  }
  const url = `https://${account}.blob.core.windows.net`;
  return { service: new sdk.BlobServiceClient(url, new identity.DefaultAzureCredential(), PIPELINE_OPTIONS), secrets: [], auth: 'default-azure-credential' };
}
