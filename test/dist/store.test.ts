import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunRef } from '../../src/dist/store-run-files.ts';
import { openStore, parseStoreUrl, selectRun } from '../../src/dist/store.ts';
import { LocalDirStore } from '../../src/dist/store-local.ts';
import { withTmpDir } from './k6-fixtures.ts';

const parse = suite('parseStoreUrl');
parse('azblob://ACCOUNT/CONTAINER[/PREFIX], the prefix normalised', () => {
  assert.equal(parseStoreUrl('azblob://acct/runs'), { kind: 'azblob', account: 'acct', container: 'runs', prefix: '' });
  assert.equal(parseStoreUrl('azblob://acct/runs/nightly//eu/'), { kind: 'azblob', account: 'acct', container: 'runs', prefix: 'nightly/eu' });
});
parse('file:// URLs and plain directories are local stores', () => {
  assert.equal(parseStoreUrl('file:///var/replbench'), { kind: 'local', dir: '/var/replbench' });
  assert.equal(parseStoreUrl('runs'), { kind: 'local', dir: resolve('runs') });
});
parse('refuses bad account and container names, dot segments, other schemes, and says what was expected', () => {
  assert.throws(() => parseStoreUrl('azblob://Acct/runs'), /storage account name of 3–24 lowercase letters and digits/);
  assert.throws(() => parseStoreUrl('azblob://acct'), /azblob:\/\/ACCOUNT\/CONTAINER/);
  assert.throws(() => parseStoreUrl('azblob://acct/Runs_1'), /container name of 3–63 lowercase letters/);
  assert.throws(() => parseStoreUrl('azblob://acct/runs/../x'), /"\." or "\.\." segments/);
  assert.throws(() => parseStoreUrl('s3://bucket/x?X-Amz-Signature=abc'), (e: unknown) => /expected azblob:/.test(String(e)) && !String(e).includes('abc'));
  assert.throws(() => parseStoreUrl(''), /empty string/);
});
parse.run();

const open = suite('openStore');
open('a directory or file:// URL opens a LocalDirStore', async () => {
  await withTmpDir(async (dir) => {
    const store = await openStore(dir, {});
    assert.ok(store instanceof LocalDirStore);
    assert.is(store.url, pathToFileURL(dir).href);
    assert.is((await openStore(pathToFileURL(join(dir, 'x')).href, {})).url, pathToFileURL(join(dir, 'x')).href);
  });
});
open('azblob:// with a connection string for another account is a ConfigError naming both accounts', async () => {
  const cs = 'DefaultEndpointsProtocol=https;AccountName=other;AccountKey=a2V5;EndpointSuffix=core.windows.net';
  try {
    await openStore('azblob://acct/runs', { AZURE_STORAGE_CONNECTION_STRING: cs });
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.match((err as Error).message, /connection string is for storage account "other", the store URL names "acct"/);
    assert.not.ok((err as Error).message.includes('a2V5'));
  }
});
open('azblob:// without a connection string uses DefaultAzureCredential (no request is made on opening)', async () => {
  const store = await openStore('azblob://acct/runs/p', {});
  assert.is(store.url, 'azblob://acct/runs/p');
});
open.run();

const select = suite('selectRun');
const ref = (runId: string, scenario: string, pass: boolean | null, complete: boolean | null = true): RunRef => ({ runId, url: '', scenario, startedAt: null, complete, thresholdsPass: pass, thresholds: 1 });
select('latest, latest-pass (complete runs only), or a run id; optionally per scenario', () => {
  const runs = [ref('4', 'a', true, false), ref('3', 'b', false), ref('2', 'a', true), ref('1', 'b', true)];
  assert.is(selectRun(runs, 'latest')?.runId, '4');
  assert.is(selectRun(runs, 'latest-pass')?.runId, '2');
  assert.is(selectRun(runs, 'latest-pass', 'b')?.runId, '1');
  assert.is(selectRun(runs, '3')?.runId, '3');
  assert.is(selectRun(runs, 'nope'), undefined);
  assert.is(selectRun([], 'latest'), undefined);
});
select.run();
