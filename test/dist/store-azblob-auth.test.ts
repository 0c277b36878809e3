import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blobServiceFor } from '../../src/dist/store-azblob-auth.ts';

const KEY = 'a2V5LWZvci10ZXN0cy1vbmx5LW5vdC1hLXNlY3JldA==';

const service = suite('blobServiceFor');
service('a connection string gives a client and the secrets to redact', async () => {
  const cs = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
  const s = await blobServiceFor('acct', cs, 'azblob://acct/runs');
  assert.is(s.auth, 'connection-string');
  assert.is(s.service.accountName, 'acct');
  assert.equal(s.secrets, [cs, KEY]);
});
service('a connection string for another account than the store URL names is a ConfigError', async () => {
  const cs = `DefaultEndpointsProtocol=https;AccountName=other;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
  try {
    await blobServiceFor('acct', cs, 'azblob://acct/runs');
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.is((err as Error).message, 'azblob://acct/runs: the connection string is for storage account "other", the store URL names "acct"');
  }
});
service('an unusable connection string is a ConfigError that does not repeat it', async () => {
  const cs = `AccountName=acct;Nonsense=${KEY}`;
  try {
    await blobServiceFor('acct', cs, 'azblob://acct/runs');
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.match((err as Error).message, /^azblob:\/\/acct\/runs: not a usable storage connection string/);
    assert.not.ok((err as Error).message.includes(KEY));
  }
});
service('without a connection string: DefaultAzureCredential against the account\'s public endpoint', async () => {
  const s = await blobServiceFor('acct', undefined, 'azblob://acct/runs');
  assert.is(s.auth, 'default-azure-credential');
  assert.is(s.service.url, 'https://acct.blob.core.windows.net/');
  assert.equal(s.secrets, []);
});
service.run();
