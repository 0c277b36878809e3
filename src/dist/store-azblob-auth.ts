/**
 * How an azblob:// store authenticates: a connection string (account key or
 * SAS; its endpoint wins, so azurite and sovereign clouds work), else
 * DefaultAzureCredential (environment, workload identity, managed identity,
 * Azure CLI, …) against https://ACCOUNT.blob.core.windows.net. The clients
 * are made as the blob target makes its own (src/blob/blob-service.ts); what
 * is the store's own is that the connection string must be for the account
 * the store URL names.
 *
 * The Azure packages are imported only when an azblob:// store is opened.
 */
import type { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '../errors.ts';
import { accountOfConnectionString, accountUrl, connectionStringClients, defaultAzureCredential, PIPELINE_OPTIONS } from '../blob/blob-service.ts';

export interface BlobService {
  readonly service: BlobServiceClient;
  /** Values to strip from every message (the connection string and its key or SAS). */
  readonly secrets: readonly string[];
  readonly auth: 'connection-string' | 'default-azure-credential';
}

export async function blobServiceFor(account: string, connectionString: string | undefined, source: string): Promise<BlobService> {
  const sdk = await import('@azure/storage-blob');
  if (connectionString !== undefined) {
    const named = accountOfConnectionString(connectionString);
    if (named !== null && named !== account) {
      throw new ConfigError(`${source}: the connection string is for storage account "${named}", the store URL names "${account}"`);
    }
    const { services, secrets } = connectionStringClients(sdk, connectionString, `${source}: not a usable storage connection string`);
    return { service: services[0] as BlobServiceClient, secrets, auth: 'connection-string' };
  }
  const credential = await defaultAzureCredential(`${source}: no connection string (AZURE_STORAGE_CONNECTION_STRING or --store-connection-string)`);
  return { service: new sdk.BlobServiceClient(accountUrl(account), credential, PIPELINE_OPTIONS), secrets: [], auth: 'default-azure-credential' };
}
