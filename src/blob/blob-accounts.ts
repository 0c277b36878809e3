/**
 * The containers of a blob target, as each client region reaches them.
 *
 * - azurite: azurite is started here (loopback, killed by PID at close) with
 *   every account the scenario names; each (client region, container region)
 *   pair gets its own link proxy (the lab's RTT and bandwidth), and the
 *   containers are created.
 * - Azure: one client per region — from the connection string in the named
 *   environment variable (its endpoint wins), else DefaultAzureCredential
 *   against https://ACCOUNT.blob.core.windows.net. The containers must exist
 *   (object replication is configured on them); a missing one is a
 *   ConfigError.
 *
 * Two clients per pair: one that retries (uploads, downloads) and one that
 * does not (probes: the watcher owns the schedule).
 */
import type { BlobServiceClient, ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError, describeError } from '../errors.ts';
import { createRealClock, type RealClock } from '../time/real-clock.ts';
import { LinkTable } from '../lab/link.ts';
import { redact } from '../redact.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedTarget } from '../scenario/resolved.ts';
import { startAzurite, type AzuriteProcess } from './azurite-process.ts';
import { accountUrl, connectionStringClients, DEV_STORE_ACCOUNT, defaultAzureCredential, PIPELINE_OPTIONS } from './blob-service.ts';
import { startLinkProxy, type LinkProxy } from './link-proxy.ts';

export type BlobTarget = Extract<ResolvedTarget, { kind: 'blob' }>;

export interface BlobAccounts {
  readonly regions: readonly string[];
  /** The container of `server` as a client in `client` reaches it (retrying client). */
  container(server: string, client: string): ContainerClient;
  /** The same without retries, for probes. */
  probeContainer(server: string, client: string): ContainerClient;
  /** Strings to strip from any message (connection strings, keys). */
  readonly secrets: readonly string[];
  /** Where each region's container lives, for the banner: account/container. */
  describe(region: string): string;
  readonly azurite?: AzuriteProcess;
  close(): Promise<void>;
}

const PROBE_OPTIONS: StoragePipelineOptions = { retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 } };

export async function openBlobAccounts(t: BlobTarget, opts: { readonly env?: Env; readonly now: () => number }): Promise<BlobAccounts> {
  return t.azurite ? openAzurite(t, opts.now) : openAzure(t, opts.env ?? process.env);
}

async function openAzurite(t: BlobTarget, now: () => number): Promise<BlobAccounts> {
  const sdk = await import('@azure/storage-blob');
  const accountOf = (region: string): string => t.regions.find((r) => r.name === region)?.account ?? DEV_STORE_ACCOUNT;
  const azurite = await startAzurite({ accounts: [...new Set(t.regions.map((r) => accountOf(r.name)))] });
  const clock: RealClock = createRealClock({ now });
  const proxies: LinkProxy[] = [];
  const links = new LinkTable({ links: t.links, localRttMs: t.localRttMs, defaultRttMs: t.localRttMs });
  const clients = new Map<string, { retrying: ContainerClient; probing: ContainerClient }>();
  try {
    for (const server of t.regions) {
      const account = accountOf(server.name);
      const credential = credentialOf(sdk, azurite.connectionStringOf(account));
      for (const client of t.regions) {
        const proxy = await startLinkProxy({ upstreamPort: azurite.port, link: links.get(client.name, server.name), clock });
        proxies.push(proxy);
        const url = `http://127.0.0.1:${proxy.port}/${account}`;
        clients.set(key(server.name, client.name), {
          retrying: new sdk.BlobServiceClient(url, credential, PIPELINE_OPTIONS).getContainerClient(server.container),
          probing: new sdk.BlobServiceClient(url, credential, PROBE_OPTIONS).getContainerClient(server.container),
        });
      }
      await (clients.get(key(server.name, server.name)) as { retrying: ContainerClient }).retrying.createIfNotExists();
    }
  } catch (err: unknown) {
    await Promise.allSettled(proxies.map((p) => p.close()));
    clock.close();
    await azurite.stop();
    throw new ConfigError(`target: could not prepare the azurite containers: ${describeError(err)}`, { cause: err });
  }
  return {
    ...accessors(t, clients, (r) => `azurite ${accountOf(r)}/${t.regions.find((x) => x.name === r)?.container ?? '?'}`),
    secrets: [],
    azurite,
    async close() {
      await Promise.allSettled(proxies.map((p) => p.close()));
      clock.close();
      await azurite.stop();
    },
  };
}

async function openAzure(t: BlobTarget, env: Env): Promise<BlobAccounts> {
  const sdk = await import('@azure/storage-blob');
  const secrets: string[] = [];
  const clients = new Map<string, { retrying: ContainerClient; probing: ContainerClient }>();
  let credential: Awaited<ReturnType<typeof defaultAzureCredential>> | undefined;
  for (const r of t.regions) {
    let services: { retrying: BlobServiceClient; probing: BlobServiceClient };
    if (r.connectionStringEnv !== null) {
      const cs = env[r.connectionStringEnv];
      if (cs === undefined || cs === '') {
        throw new ConfigError(`target.regions (${r.name}).connectionStringEnv: expected the environment variable ${r.connectionStringEnv} to hold a storage connection string, found it ${cs === undefined ? 'unset' : 'empty'}`);
      }
      const made = connectionStringClients(sdk, cs, `target.regions (${r.name}): ${r.connectionStringEnv} is not a usable storage connection string`, [PIPELINE_OPTIONS, PROBE_OPTIONS]);
      secrets.push(...made.secrets);
      services = { retrying: made.services[0] as BlobServiceClient, probing: made.services[1] as BlobServiceClient };
    } else {
      credential ??= await defaultAzureCredential('target: no connectionStringEnv');
      const url = accountUrl(r.account as string);
      services = {
        retrying: new sdk.BlobServiceClient(url, credential, PIPELINE_OPTIONS),
        probing: new sdk.BlobServiceClient(url, credential, PROBE_OPTIONS),
      };
    }
    const retrying = services.retrying.getContainerClient(r.container);
    let exists: boolean;
    try {
      exists = await retrying.exists();
    } catch (err: unknown) {
      throw new ConfigError(`target.regions (${r.name}): could not reach container ${r.container}: ${redact(describeError(err), secrets)}`);
    }
    if (!exists) throw new ConfigError(`target.regions (${r.name}): the container ${r.container} does not exist (create it and its object-replication policy first)`);
    const entry = { retrying, probing: services.probing.getContainerClient(r.container) };
    // Workers all run here: every client region reaches a container the same way.
    for (const c of t.regions) clients.set(key(r.name, c.name), entry);
  }
  return {
    ...accessors(t, clients, (r) => {
      const x = t.regions.find((y) => y.name === r);
      return `${x?.account ?? x?.connectionStringEnv ?? '?'}/${x?.container ?? '?'}`;
    }),
    secrets,
    close: async () => undefined,
  };
}

function accessors(t: BlobTarget, clients: ReadonlyMap<string, { retrying: ContainerClient; probing: ContainerClient }>, describe: (r: string) => string) {
  const get = (server: string, client: string): { retrying: ContainerClient; probing: ContainerClient } => {
    const c = clients.get(key(server, client));
    if (c === undefined) throw new ConfigError(`no container for region "${server}" seen from "${client}"`);
    return c;
  };
  return {
    regions: t.regions.map((r) => r.name),
    container: (server: string, client: string) => get(server, client).retrying,
    probeContainer: (server: string, client: string) => get(server, client).probing,
    describe,
  };
}

function credentialOf(sdk: typeof import('@azure/storage-blob'), connectionString: string): InstanceType<typeof sdk.StorageSharedKeyCredential> {
  const field = (name: string): string => {
    const part = connectionString.split(';').find((p) => p.toLowerCase().startsWith(`${name.toLowerCase()}=`));
    return part === undefined ? '' : part.slice(name.length + 1);
  };
  return new sdk.StorageSharedKeyCredential(field('AccountName'), field('AccountKey'));
}

const key = (server: string, client: string): string => `${server}\u0000${client}`;
