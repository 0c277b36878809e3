/**
 * The `--store URL` option every command that saves or reads runs shares
 * (`replbench run`, `report`, `compare`, `k6 ingest`):
 *
 *   builder: (y) => withStoreOptions(y.option(…)),
 *   handler: async (args) => { const store = await storeFromArgs(args, args.io.env); … }
 *
 * The connection string flag exists for CI systems that cannot set the
 * environment; AZURE_STORAGE_CONNECTION_STRING is the better place (a flag
 * shows in the process list). Neither is ever printed.
 */
import type { Argv } from 'yargs';
import { CONNECTION_STRING_ENV, openStore } from './store.ts';
import type { Env, ResultsStore } from './store-types.ts';

export interface StoreArgs {
  readonly store?: string;
  readonly 'store-connection-string'?: string;
}

export function withStoreOptions<T>(y: Argv<T>): Argv<T & StoreArgs> {
  return y
    .option('store', {
      type: 'string',
      describe: 'results store: azblob://ACCOUNT/CONTAINER[/PREFIX] or a directory',
    })
    .option('store-connection-string', {
      type: 'string',
      describe: `Azure Storage connection string for --store (default $${CONNECTION_STRING_ENV}, else DefaultAzureCredential)`,
    }) as unknown as Argv<T & StoreArgs>;
}

/** The store --store names, or undefined when the flag is absent. */
export async function storeFromArgs(args: StoreArgs, env: Env): Promise<ResultsStore | undefined> {
  if (args.store === undefined) return undefined;
  const cs = args['store-connection-string'];
  return openStore(args.store, env, cs === undefined || cs === '' ? {} : { connectionString: cs });
}
