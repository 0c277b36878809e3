import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import yargs from 'yargs';
import { storeFromArgs, withStoreOptions } from '../../src/dist/store-option.ts';
import { LocalDirStore } from '../../src/dist/store-local.ts';
import { withTmpDir } from './k6-fixtures.ts';

const options = suite('withStoreOptions');
options('adds --store and --store-connection-string', async () => {
  const args = await withStoreOptions(yargs([])).strict().parseAsync(['--store', 'azblob://acct/runs', '--store-connection-string', 'x']);
  assert.is(args.store, 'azblob://acct/runs');
  assert.is(args['store-connection-string'], 'x');
});
options.run();

const fromArgs = suite('storeFromArgs');
fromArgs('no --store, no store; a directory opens a local store', async () => {
  assert.is(await storeFromArgs({}, {}), undefined);
  await withTmpDir(async (dir) => {
    assert.ok((await storeFromArgs({ store: dir }, {})) instanceof LocalDirStore);
  });
});
fromArgs('the flag\'s connection string wins over the environment', async () => {
  const cs = (account: string): string => `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=a2V5;EndpointSuffix=core.windows.net`;
  try {
    await storeFromArgs({ store: 'azblob://acct/runs', 'store-connection-string': cs('other') }, { AZURE_STORAGE_CONNECTION_STRING: cs('acct') });
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.match((err as Error).message, /for storage account "other"/);
  }
});
fromArgs.run();
